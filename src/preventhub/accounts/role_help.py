"""Plain-English help for each role, shown where roles are granted (from PRODUCT.md's table)."""

from __future__ import annotations

from preventhub.accounts.roles import Role

ROLE_HELP: dict[str, str] = {
    Role.STAFF: "Raise concerns, see their own training and acknowledge policies.",
    Role.LEARNER: "Raise a concern, answer learner-voice surveys, ask for a website to be "
    "unblocked.",
    Role.DSL: "Everything safeguarding: triage, cases, referrals, IT alerts about people. "
    "Can grant roles (except administrator).",
    Role.DEPUTY_DSL: "As the designated safeguarding lead, but cannot change anyone's roles.",
    Role.SENIOR_LEADER: "Dashboards and reports, approve high-risk speakers, sign off the risk "
    "assessment. No case details unless also a safeguarding lead.",
    Role.GOVERNOR: "Read anonymised reports and the compliance status.",
    Role.IT_MANAGER: "Configure web-filter log sources and lists; see pseudonymised IT alerts.",
    Role.HR: "Concerns about members of staff, with the designated safeguarding lead.",
    Role.TRAINING_LEAD: "Training catalogue, requirements and records.",
    Role.SPEAKER_COORDINATOR: "Speaker and event requests, checks and the speaker register.",
    Role.ESTATES: "Faith and reflection rooms, lettings and premises checks.",
    Role.CURRICULUM_LEAD: "British values and tutorial coverage.",
    Role.INSPECTOR: "Read-only evidence pack and registers, no personal case data. "
    "Access is time-limited: you must give an end date.",
    Role.ADMIN: "Users, roles and settings. Cannot read case narratives.",
}


def role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role
