"""Writes to the catalogue, the requirements matrix, the settings and the knowledge questions.

Each validates, saves and writes its audit row (field names only) in one transaction; bad input
raises ValidationError naming the field and changes nothing. Records, sessions, evidence and
imports are in records.py and importing.py; questionnaires in questionnaires.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from preventhub.accounts.roles import Role
from preventhub.audit.services import audit_record
from preventhub.core.errors import ConflictError
from preventhub.core.models import Provider
from preventhub.people.choices import JobCategory
from preventhub.training.choices import AudienceType, Mode, parse_frequency
from preventhub.training.defaults import load_defaults
from preventhub.training.models import Course, KnowledgeQuestion, Requirement, TrainingSettings

MAX_TEXT = 5_000
MAX_MONTHS = 120
MAX_MINUTES = 60 * 24 * 10  # ten days of training is a course, not a session
# Staff roles a requirement may name (learners and the external inspector are not trained here).
TRAINED_ROLES = tuple(r for r in Role.values if r not in (Role.LEARNER, Role.INSPECTOR))


def settings_for(provider: Provider) -> TrainingSettings:
    """The provider's training settings; made on first use, with the suggested defaults."""
    found = TrainingSettings.objects.filter(provider=provider).first()
    if found is not None:
        return found
    with transaction.atomic():
        found, created = TrainingSettings.objects.get_or_create(provider=provider)
        if created:
            load_defaults(provider)
    return found


def text(value: Any, field: str, *, required: bool = False, limit: int = 200) -> str:
    cleaned = str(value or "").strip()
    if required and not cleaned:
        raise ValidationError({field: "This cannot be empty."})
    if len(cleaned) > limit:
        raise ValidationError({field: f"Keep this under {limit:,} characters."})
    return cleaned


def whole_number(value: Any, field: str, *, low: int, high: int, what: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: f"Enter {what} as a whole number."}) from None
    if not low <= number <= high:
        raise ValidationError({field: f"Enter {what} from {low} to {high}."})
    return number


# --- courses -------------------------------------------------------------------------------


def _course_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    mode = str(data.get("mode") or "")
    if mode not in Mode.values:
        raise ValidationError({"mode": "Choose online, face to face or blended."})
    return {
        "title": text(data.get("title"), "title", required=True),
        "delivered_by": text(data.get("delivered_by"), "delivered_by"),
        "mode": mode,
        "duration_minutes": whole_number(
            data.get("duration_minutes"),
            "duration_minutes",
            low=1,
            high=MAX_MINUTES,
            what="the length in minutes",
        ),  # fmt: skip
        "validity_months": whole_number(
            data.get("validity_months"),
            "validity_months",
            low=1,
            high=MAX_MONTHS,
            what="how many months it is valid for",
        ),  # fmt: skip
        "audience": text(data.get("audience"), "audience", limit=300),
        "learning_outcomes": text(
            data.get("learning_outcomes"), "learning_outcomes", limit=MAX_TEXT
        ),
    }


def _counts_as(provider: Provider, course: Course | None, others: Iterable[Course]) -> list[Course]:
    chosen = list({c.pk: c for c in others}.values())
    for other in chosen:
        if other.provider_id != provider.pk:
            raise ValidationError({"counts_as": "Choose courses from your own catalogue."})
        if course is not None and other.pk == course.pk:
            raise ValidationError({"counts_as": "A course cannot count as itself."})
    return chosen


def course_create(
    *, actor: Any, provider: Provider, data: Mapping[str, Any], counts_as: Sequence[Course] = ()
) -> Course:
    """Add a course to the catalogue; a title already in it is a conflict (409)."""
    settings_for(provider)
    fields = _course_fields(data)
    chosen = _counts_as(provider, None, counts_as)
    if Course.objects.for_provider(provider).filter(title__iexact=fields["title"]).exists():
        raise ConflictError(f"The catalogue already has a course called {fields['title']!r}.")
    try:
        with transaction.atomic():
            course: Course = Course.objects.for_provider(provider).create(
                provider=provider, **fields
            )
            course.counts_as.set(chosen)
            audit_record(
                actor=actor, action="create", obj=course,
                changed_fields=[*fields, *(["counts_as"] if chosen else [])],
            )  # fmt: skip
    except IntegrityError as exc:
        raise ConflictError(
            f"The catalogue already has a course called {fields['title']!r}."
        ) from exc
    return course


def course_update(
    *,
    actor: Any,
    course: Course,
    data: Mapping[str, Any],
    counts_as: Sequence[Course] = (),
    active: bool = True,
) -> Course:
    fields = _course_fields(data)
    chosen = _counts_as(course.provider, course, counts_as)
    clash = Course.objects.for_provider(course.provider_id).filter(title__iexact=fields["title"])
    if clash.exclude(pk=course.pk).exists():
        raise ValidationError({"title": "Another course in the catalogue has this title."})
    changed = [name for name, value in fields.items() if getattr(course, name) != value]
    if course.active != active:
        changed.append("active")
    before = set(course.counts_as.values_list("pk", flat=True))
    if before != {c.pk for c in chosen}:
        changed.append("counts_as")
    if not changed:
        return course
    with transaction.atomic():
        for name, value in fields.items():
            setattr(course, name, value)
        course.active = active
        course.save()
        course.counts_as.set(chosen)
        audit_record(actor=actor, action="update", obj=course, changed_fields=changed)
    return course


# --- the requirements matrix ---------------------------------------------------------------


GROUP_LABELS: dict[str, str] = {
    JobCategory.TEACHING: "Teaching staff",
    JobCategory.SUPPORT: "Support staff",
    JobCategory.LEADERSHIP: "Leaders and managers",
    JobCategory.ESTATES: "Estates staff",
    JobCategory.GOVERNOR: "Governors and board members",
    JobCategory.VOLUNTEER: "Volunteers",
    JobCategory.SUBCONTRACTOR: "Subcontractors' staff",
}


def audience_label(audience_type: str, audience: str) -> str:
    if audience_type == AudienceType.ALL_STAFF:
        return "Every member of staff"
    if audience_type == AudienceType.JOB_CATEGORY:
        return GROUP_LABELS.get(audience, str(JobCategory(audience).label))
    return Role(audience).label


def check_audience(audience_type: str, audience: str) -> None:
    valid: dict[str, tuple[str, ...]] = {
        AudienceType.ALL_STAFF: ("",),
        AudienceType.JOB_CATEGORY: tuple(JobCategory.values),
        AudienceType.ROLE: TRAINED_ROLES,
    }
    if audience not in valid.get(audience_type, ()):
        raise ValidationError(
            {"audience": "Choose every member of staff, a staff group or a role."}
        )


def requirements_set(
    *,
    actor: Any,
    provider: Provider,
    audience_type: str,
    audience: str,
    cells: Mapping[Course, str],
) -> int:
    """Set one row of the matrix: for each course, its frequency ("" = not required).
    Returns how many cells changed."""
    check_audience(audience_type, audience)
    rows = Requirement.objects.for_provider(provider).filter(
        audience_type=audience_type, audience=audience
    )
    current = {r.course_id: r for r in rows}
    changes = 0
    with transaction.atomic():
        for course, frequency in cells.items():
            if course.provider_id != provider.pk:
                raise ValidationError({"course": "Choose courses from your own catalogue."})
            try:
                wanted = parse_frequency(frequency)
            except ValueError:
                raise ValidationError({course.title: "Choose how often it is required."}) from None
            changes += _set_cell(
                actor, provider, audience_type, audience, course, current.get(course.pk), wanted
            )
    return changes


def _set_cell(
    actor: Any,
    provider: Provider,
    audience_type: str,
    audience: str,
    course: Course,
    cell: Requirement | None,
    wanted: tuple[bool, int | None] | None,
) -> int:
    if wanted is not None and wanted[1] is not None and not 1 <= wanted[1] <= MAX_MONTHS:
        raise ValidationError({course.title: "Choose how often it is required."})
    if wanted is None:
        if cell is None:
            return 0
        audit_record(actor=actor, action="delete", obj=cell, detail={"audience": audience_type})
        cell.delete()
        return 1
    on_induction, months = wanted
    if cell is None:
        cell = Requirement.objects.for_provider(provider).create(
            provider=provider, audience_type=audience_type, audience=audience, course=course,
            on_induction=on_induction, renew_months=months,
        )  # fmt: skip
        audit_record(
            actor=actor, action="create", obj=cell,
            changed_fields=["audience_type", "audience", "course", "on_induction", "renew_months"],
        )  # fmt: skip
        return 1
    if (cell.on_induction, cell.renew_months) == (on_induction, months):
        return 0
    changed = [
        name
        for name, old, new in (
            ("on_induction", cell.on_induction, on_induction),
            ("renew_months", cell.renew_months, months),
        )
        if old != new
    ]
    cell.on_induction, cell.renew_months = on_induction, months
    cell.save(update_fields=["on_induction", "renew_months", "updated_at"])
    audit_record(actor=actor, action="update", obj=cell, changed_fields=changed)
    return 1


# --- settings ------------------------------------------------------------------------------


def settings_update(
    *,
    actor: Any,
    provider: Provider,
    induction_days: Any,
    due_soon_days: Any,
    coverage_threshold: Any,
) -> TrainingSettings:
    found = settings_for(provider)
    values = {
        "induction_days": whole_number(
            induction_days, "induction_days", low=1, high=365, what="the number of days"
        ),
        "due_soon_days": whole_number(
            due_soon_days, "due_soon_days", low=1, high=365, what="the number of days"
        ),
        "coverage_threshold": whole_number(
            coverage_threshold, "coverage_threshold", low=1, high=100, what="a percentage"
        ),
    }
    missing = [name for name, value in values.items() if value is None]
    if missing:
        raise ValidationError(dict.fromkeys(missing, "Enter a number."))
    changed = [name for name, value in values.items() if getattr(found, name) != value]
    if changed:
        with transaction.atomic():
            for name in changed:
                setattr(found, name, values[name])
            found.save()
            audit_record(
                actor=actor, action="update", object_type="training.trainingsettings",
                object_id=str(found.pk), provider_id=provider.pk, changed_fields=changed,
            )  # fmt: skip
    return found


# --- knowledge questions -------------------------------------------------------------------


def _question_fields(text_value: Any, options: Sequence[Any], correct: Any) -> dict[str, Any]:
    question = text(text_value, "text", required=True, limit=300)
    cleaned = [str(o or "").strip() for o in options]
    cleaned = [o for o in cleaned if o]
    if not 2 <= len(cleaned) <= 5:
        raise ValidationError({"options": "Give from 2 to 5 answers to choose from."})
    if any(len(o) > 200 for o in cleaned):
        raise ValidationError({"options": "Keep each answer under 200 characters."})
    if len({o.casefold() for o in cleaned}) != len(cleaned):
        raise ValidationError({"options": "Give each answer only once."})
    right = whole_number(correct, "correct", low=1, high=len(cleaned), what="the right answer")
    if right is None:
        raise ValidationError({"correct": "Say which answer is right."})
    return {"text": question, "options": cleaned, "correct": right - 1}


def question_create(
    *, actor: Any, provider: Provider, text_value: Any, options: Sequence[Any], correct: Any
) -> KnowledgeQuestion:
    """``correct`` is the number (from 1) of the right answer among the non-empty options."""
    fields = _question_fields(text_value, options, correct)
    if (
        KnowledgeQuestion.objects.for_provider(provider)
        .filter(text__iexact=fields["text"])
        .exists()
    ):
        raise ValidationError({"text": "There is already a question with this wording."})
    with transaction.atomic():
        question: KnowledgeQuestion = KnowledgeQuestion.objects.for_provider(provider).create(
            provider=provider, **fields
        )
        audit_record(actor=actor, action="create", obj=question, changed_fields=list(fields))
    return question


def question_is_answered(question: KnowledgeQuestion) -> bool:
    from preventhub.training.models import TrainingSession

    return (
        TrainingSession.objects.for_provider(question.provider_id)
        .filter(questions=question, responses__isnull=False)
        .exists()
    )


def question_update(
    *,
    actor: Any,
    question: KnowledgeQuestion,
    text_value: Any,
    options: Sequence[Any],
    correct: Any,
    active: bool,
) -> KnowledgeQuestion:
    """Change a question not yet answered; one that has been can only be retired or restored."""
    fields = _question_fields(text_value, options, correct)
    changed = [name for name, value in fields.items() if getattr(question, name) != value]
    if changed and question_is_answered(question):
        raise ValidationError(
            {"text": "People have answered this question, so its wording and answers cannot "
             "change (their scores would lose their meaning). Retire it and add a new one."}
        )  # fmt: skip
    clash = KnowledgeQuestion.objects.for_provider(question.provider_id).filter(
        text__iexact=fields["text"]
    )
    if clash.exclude(pk=question.pk).exists():
        raise ValidationError({"text": "There is already a question with this wording."})
    if question.active != active:
        changed.append("active")
    if not changed:
        return question
    with transaction.atomic():
        for name, value in fields.items():
            setattr(question, name, value)
        question.active = active
        question.save()
        audit_record(actor=actor, action="update", obj=question, changed_fields=changed)
    return question
