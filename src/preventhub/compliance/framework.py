"""The self-assessment framework: the seven areas of the DfE Prevent self-assessment tool,
each with its items. Every item says what good looks like (drawing on the tool, Ofsted's 2016
survey's six questions and the FE good-practice notes), which risk-assessment area its actions
belong to, and how its live evidence is computed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from preventhub.compliance.evidence import (
    leadership,
    online_safety,
    partnership,
    premises,
    resilience,
    risk_assessment,
    training,
)
from preventhub.compliance.evidence.base import EvidenceContext, Line
from preventhub.core.findings import ComplianceArea as A
from preventhub.risk.choices import Area as RiskArea


@dataclass(frozen=True)
class Item:
    key: str
    area: str
    title: str
    good: str  # what good looks like
    risk_area: str  # where an action planned from this item goes in the risk action plan
    evidence: Callable[[EvidenceContext], list[Line]]


@dataclass(frozen=True)
class AreaInfo:
    key: str
    label: str
    question: str  # the survey's question for the area, or the tool's heading
    short: str = ""  # a column heading where seven areas sit side by side


AREAS: dict[str, AreaInfo] = {
    a.key: a
    for a in (
        AreaInfo(
            A.LEADERSHIP,
            A.LEADERSHIP.label,
            short="Leadership",
            question="Do leaders and governors own the duty, with a named lead, clear policies "
            "and a referral route everyone knows, and do they evaluate its impact?",
        ),
        AreaInfo(
            A.RISK_ASSESSMENT,
            A.RISK_ASSESSMENT.label,
            short="Risk",
            question="Is there an assessment of this provider's own risks, informed by partners "
            "and learners, with an action plan that is carried out?",
        ),
        AreaInfo(
            A.PARTNERSHIP,
            A.PARTNERSHIP.label,
            short="Partners",
            question="Do you work with the police, the local authority and the DfE coordinator, "
            "and share information lawfully?",
        ),
        AreaInfo(
            A.TRAINING,
            A.TRAINING.label,
            short="Training",
            question="Do staff know the signs and what to do, for their own role, and does the "
            "training change practice?",
        ),
        AreaInfo(
            A.ONLINE_SAFETY,
            A.ONLINE_SAFETY.label,
            short="Online",
            question="Are learners protected online, is what they search for monitored, and does "
            "anyone act on it?",
        ),
        AreaInfo(
            A.PREMISES,
            A.PREMISES.label,
            short="Premises",
            question="Are external speakers, events, lettings and faith rooms checked and "
            "monitored, and can leaders say who came, when, on what, with what benefit?",
        ),
        AreaInfo(
            A.RESILIENCE,
            A.RESILIENCE.label,
            short="Resilience",
            question="Do learners build resilience to radicalisation through the curriculum and "
            "British values, and do they feel safe and know who to tell?",
        ),
    )
}

ITEMS: tuple[Item, ...] = (
    # Leadership and management
    Item(
        "named_lead",
        A.LEADERSHIP,
        "A named Prevent lead, with cover",
        "A designated safeguarding lead is the single point of contact for Prevent, with a "
        "deputy, and everyone knows who they are.",
        RiskArea.LEADERSHIP,
        leadership.named_lead,
    ),
    Item(
        "policies",
        A.LEADERSHIP,
        "Policies that name the duty",
        "The policies the duty touches are published, reviewed on time and refer to Prevent; "
        "the IT policy names it explicitly.",
        RiskArea.LEADERSHIP,
        leadership.policies,
    ),
    Item(
        "oversight",
        A.LEADERSHIP,
        "Oversight by leaders and governors",
        "Senior leaders and governors understand the duty, are trained, sign off the risk "
        "assessment and hold it to account.",
        RiskArea.LEADERSHIP,
        leadership.oversight,
    ),
    Item(
        "referral_pathway",
        A.LEADERSHIP,
        "One referral pathway that works",
        "Staff and learners raise concerns, the lead acts on them at once, and decisions are "
        "recorded with their reasons.",
        RiskArea.LEADERSHIP,
        leadership.referral_pathway,
    ),
    Item(
        "self_evaluation",
        A.LEADERSHIP,
        "Evaluating impact, not compliance",
        "Leaders evaluate every year what the arrangements change for learners, and act on it.",
        RiskArea.LEADERSHIP,
        leadership.self_evaluation,
    ),
    # Risk assessment
    Item(
        "risk_coverage",
        A.RISK_ASSESSMENT,
        "Every area of the duty assessed",
        "The assessment covers every area of the duty with risks described in local terms.",
        RiskArea.LOCAL_CONTEXT,
        risk_assessment.coverage,
    ),
    Item(
        "local_context",
        A.RISK_ASSESSMENT,
        "Informed by local context, partners and learners",
        "The local context is written from partner intelligence and learner consultation, "
        "both recent.",
        RiskArea.LOCAL_CONTEXT,
        risk_assessment.local_context,
    ),
    Item(
        "action_plan",
        A.RISK_ASSESSMENT,
        "An action plan that is carried out",
        "Every action has an owner, a deadline and an impact measure, and actions are done on "
        "time.",
        RiskArea.LOCAL_CONTEXT,
        risk_assessment.action_plan,
    ),
    # Working in partnership
    Item(
        "prevent_partners",
        A.PARTNERSHIP,
        "Working with the Prevent partners",
        "Regular engagement with the police Prevent team, the local authority and the DfE "
        "regional coordinator.",
        RiskArea.PARTNERSHIP,
        partnership.prevent_partners,
    ),
    Item(
        "information_sharing",
        A.PARTNERSHIP,
        "Sharing information lawfully",
        "Information is shared under written agreements that are signed and in force.",
        RiskArea.PARTNERSHIP,
        partnership.information_sharing,
    ),
    Item(
        "referrals",
        A.PARTNERSHIP,
        "Referrals made and followed up",
        "Referrals to police Prevent and Channel are made when needed and their outcomes "
        "followed up.",
        RiskArea.PARTNERSHIP,
        partnership.referrals,
    ),
    Item(
        "subcontractors",
        A.PARTNERSHIP,
        "Subcontractors and employers meet the duty",
        "Every subcontractor's Prevent arrangements are assured each year.",
        RiskArea.SUBCONTRACTORS,
        partnership.subcontractors,
    ),
    # Training
    Item(
        "dsl_trained",
        A.TRAINING,
        "The lead trained face to face",
        "The designated safeguarding lead has in-date face-to-face Prevent training.",
        RiskArea.TRAINING,
        training.dsl_trained,
    ),
    Item(
        "staff_coverage",
        A.TRAINING,
        "Every member of staff trained for their role",
        "Staff in daily contact with learners, not only leaders, have in-date training that "
        "fits their role.",
        RiskArea.TRAINING,
        training.staff_coverage,
    ),
    Item(
        "training_impact",
        A.TRAINING,
        "Training that changes practice",
        "Staff confidence and knowledge are measured before and after, and followed up.",
        RiskArea.TRAINING,
        training.impact,
    ),
    # IT and online safety
    Item(
        "monitoring",
        A.ONLINE_SAFETY,
        "Filtering and monitoring in place",
        "Web-filter logs from every network are read every school day.",
        RiskArea.ONLINE,
        online_safety.monitoring,
    ),
    Item(
        "report_reading",
        A.ONLINE_SAFETY,
        "Leaders read the daily report",
        "Someone opens the daily IT report every school day.",
        RiskArea.ONLINE,
        online_safety.report_reading,
    ),
    Item(
        "alert_triage",
        A.ONLINE_SAFETY,
        "Alerts acted on",
        "Alerts are triaged within two days and filter failures put right.",
        RiskArea.ONLINE,
        online_safety.alert_triage,
    ),
    Item(
        "filtering_governance",
        A.ONLINE_SAFETY,
        "Filtering governed and tested",
        "A named senior leader and governor are responsible, the provision is reviewed each "
        "year and tested on every device type.",
        RiskArea.ONLINE,
        online_safety.governance,
    ),
    # Premises, speakers and events
    Item(
        "speaker_checks",
        A.PREMISES,
        "Speakers and events checked before they happen",
        "Every external speaker and event is checked and approved in time; none goes ahead "
        "without approval.",
        RiskArea.SPEAKERS_EVENTS,
        premises.speaker_checks,
    ),
    Item(
        "speaker_impact",
        A.PREMISES,
        "The benefit of each event known",
        "After each event its benefit to learners and the British values it addressed are "
        "recorded.",
        RiskArea.SPEAKERS_EVENTS,
        premises.speaker_impact,
    ),
    Item(
        "faith_rooms",
        A.PREMISES,
        "Faith and reflection rooms monitored",
        "Each room has a usage policy, is visited on a rota, and concerns are followed up.",
        RiskArea.PREMISES,
        premises.faith_rooms,
    ),
    Item(
        "lettings",
        A.PREMISES,
        "Lettings checked",
        "Lettings of the premises to external organisations are checked and decided like events.",
        RiskArea.PREMISES,
        premises.lettings,
    ),
    # Building resilience
    Item(
        "british_values",
        A.RESILIENCE,
        "British values taught to every group",
        "Every group of learners meets each British value this term, through lessons, "
        "tutorials or enrichment.",
        RiskArea.CURRICULUM_WELFARE,
        resilience.british_values,
    ),
    Item(
        "learner_voice",
        A.RESILIENCE,
        "Learners feel safe and know who to tell",
        "Learners are asked at least yearly, and most say they feel safe and know who to tell.",
        RiskArea.CURRICULUM_WELFARE,
        resilience.learner_voice,
    ),
    Item(
        "employers",
        A.RESILIENCE,
        "Apprentices' employers informed",
        "Every employer of an apprentice is told about the duty and who to contact.",
        RiskArea.LEARNER_COHORT,
        resilience.employers,
    ),
)

BY_KEY: dict[str, Item] = {item.key: item for item in ITEMS}


def items_of(area: str) -> list[Item]:
    return [item for item in ITEMS if item.area == area]
