"""The suggested catalogue, requirements matrix and knowledge questions every provider starts
with (issue 6, items 1, 2 and 4). They are ordinary, editable records: loaded once, when the
provider first uses the training module, so a course a provider retires or a cell it clears
never comes back. ``default_key`` marks what came from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from preventhub.audit.services import audit_record
from preventhub.core.models import Provider
from preventhub.training.choices import AudienceType, Mode
from preventhub.training.models import Course, KnowledgeQuestion, Requirement


@dataclass(frozen=True)
class DefaultCourse:
    key: str
    title: str
    delivered_by: str
    mode: str
    duration_minutes: int
    validity_months: int | None
    audience: str
    learning_outcomes: str
    counts_as: tuple[str, ...] = ()


COURSES = (
    DefaultCourse(
        "prevent_awareness",
        "Prevent awareness e-learning",
        "Home Office",
        Mode.ONLINE,
        60,
        36,
        "Every member of staff, volunteer and subcontractor",
        "What the Prevent duty is and why it sits inside safeguarding; how people are drawn "
        "into terrorism; the signs to notice; how to raise a concern with the designated "
        "safeguarding lead.",
    ),
    DefaultCourse(
        "channel_awareness",
        "Channel awareness e-learning",
        "Home Office",
        Mode.ONLINE,
        45,
        36,
        "Safeguarding team, senior leaders, pastoral staff",
        "What Channel is: voluntary, multi-agency early support; how a referral reaches a "
        "panel; consent; what support can look like.",
    ),
    DefaultCourse(
        "wrap",
        "Prevent awareness workshop (WRAP-style, face to face)",
        "Accredited in-house trainer or the local Prevent coordinator",
        Mode.FACE_TO_FACE,
        90,
        36,
        "Teachers, tutors, managers and support staff in daily contact with learners",
        "Discuss local risks and case studies with a trainer; practise what to say and do when "
        "worried; know the referral pathway here and who the designated safeguarding lead is.",
        ("prevent_awareness",),
    ),
    DefaultCourse(
        "dsl_prevent",
        "Designated safeguarding lead Prevent training",
        "Local authority or DfE regional Prevent coordinator",
        Mode.FACE_TO_FACE,
        360,
        24,
        "Designated safeguarding lead and deputies",
        "Assess and triage Prevent concerns; make a police Prevent referral; work with Channel "
        "panels; advise colleagues; keep records; lead the provider's training.",
        ("wrap", "prevent_awareness", "channel_awareness"),
    ),
    DefaultCourse(
        "governor",
        "Governor and board Prevent training",
        "Clerk to the governors with the local Prevent coordinator",
        Mode.BLENDED,
        90,
        36,
        "Governors and board members",
        "The board's duty and how to hold leaders to account for it: the risk assessment, "
        "training coverage and impact, speakers, IT filtering and referrals.",
        ("prevent_awareness",),
    ),
    DefaultCourse(
        "refresher",
        "Prevent refresher",
        "Designated safeguarding lead",
        Mode.BLENDED,
        45,
        36,
        "Every member of staff, every three years",
        "What has changed locally and nationally; recent local themes; the referral pathway "
        "again; questions to the designated safeguarding lead.",
        ("prevent_awareness",),
    ),
)

# (audience type, audience, course key, on induction, refresher months)
REQUIREMENTS: tuple[tuple[str, str, str, bool, int | None], ...] = (
    (AudienceType.ALL_STAFF, "", "prevent_awareness", True, 36),
    (AudienceType.JOB_CATEGORY, "teaching", "wrap", False, 36),
    (AudienceType.JOB_CATEGORY, "leadership", "wrap", False, 36),
    (AudienceType.JOB_CATEGORY, "governor", "governor", True, 36),
    (AudienceType.JOB_CATEGORY, "subcontractor", "prevent_awareness", True, 36),
    (AudienceType.ROLE, "dsl", "dsl_prevent", False, 24),
    (AudienceType.ROLE, "deputy_dsl", "dsl_prevent", False, 24),
    (AudienceType.ROLE, "senior_leader", "channel_awareness", False, 36),
)

# (key, question, options, index of the right option)
QUESTIONS: tuple[tuple[str, str, tuple[str, ...], int], ...] = (
    (
        "who_to_tell",
        "You are worried a learner is being drawn into extremism. Who do you tell first?",
        (
            "The police, directly",
            "The designated safeguarding lead",
            "The learner's parents or carers",
            "Nobody, until you are sure",
        ),
        1,
    ),
    (
        "channel",
        "What is Channel?",
        (
            "A criminal investigation by counter-terrorism police",
            "A disciplinary procedure for learners",
            "Voluntary, multi-agency early support for people at risk of being drawn into "
            "terrorism",
            "A list of banned organisations",
        ),
        2,
    ),
    (
        "safeguarding",
        "How does the Prevent duty relate to safeguarding?",
        (
            "It is part of safeguarding: a Prevent worry is reported like any other",
            "It is separate: Prevent worries go to the police, not the safeguarding team",
            "It applies only to learners over 18",
        ),
        0,
    ),
    (
        "danger",
        "Someone is in immediate danger. What do you do first?",
        (
            "Email the designated safeguarding lead",
            "Raise it at the next team meeting",
            "Call 999",
        ),
        2,
    ),
    (
        "signs",
        "Which of these could be a sign that someone is being drawn into extremism?",
        (
            "Asking challenging questions about politics in class",
            "Withdrawing from friends and family, with a new group of contacts online",
            "Joining a faith society",
            "Taking part in a peaceful protest",
        ),
        1,
    ),
)


def load_defaults(provider: Provider) -> dict[str, int]:
    """Create the suggested courses, matrix cells and questions that are missing (audited)."""
    with transaction.atomic():
        courses = _courses(provider)
        cells = _requirements(provider, courses)
        questions = _questions(provider)
        made = {"courses": len(courses), "requirements": cells, "questions": questions}
        audit_record(
            actor=None,
            action="create",
            object_type="training.defaults",
            provider_id=provider.pk,
            detail=made,
        )
    return made


def _courses(provider: Provider) -> dict[str, Course]:
    existing = {
        c.default_key: c for c in Course.objects.for_provider(provider).exclude(default_key="")
    }
    titles = set(Course.objects.for_provider(provider).values_list("title", flat=True))
    made: dict[str, Course] = {}
    for spec in COURSES:
        if spec.key in existing or spec.title in titles:
            continue
        made[spec.key] = Course.objects.for_provider(provider).create(
            provider=provider,
            default_key=spec.key,
            title=spec.title,
            delivered_by=spec.delivered_by,
            mode=spec.mode,
            duration_minutes=spec.duration_minutes,
            validity_months=spec.validity_months,
            audience=spec.audience,
            learning_outcomes=spec.learning_outcomes,
        )
    every = existing | made
    for spec in COURSES:
        if spec.key in made:
            made[spec.key].counts_as.set([every[k] for k in spec.counts_as if k in every])
    return made


def _requirements(provider: Provider, made: dict[str, Course]) -> int:
    rows: list[Any] = [
        Requirement(
            provider=provider,
            audience_type=kind,
            audience=audience,
            course=made[key],
            on_induction=induction,
            renew_months=months,
        )
        for kind, audience, key, induction, months in REQUIREMENTS
        if key in made
    ]
    Requirement.objects.for_provider(provider).bulk_create(rows)
    return len(rows)


def _questions(provider: Provider) -> int:
    have = set(
        KnowledgeQuestion.objects.for_provider(provider).values_list("default_key", flat=True)
    )
    rows = [
        KnowledgeQuestion(
            provider=provider, default_key=key, text=text, options=list(options), correct=right
        )
        for key, text, options, right in QUESTIONS
        if key not in have
    ]
    KnowledgeQuestion.objects.for_provider(provider).bulk_create(rows)
    return len(rows)
