"""The quality check: the tick-box weaknesses Ofsted's 2016 survey found, named from live data.

``quality_findings(provider)`` reads the assessment and returns one ``Finding`` per weakness,
each with a stable code, the area it belongs to (empty for the whole assessment), a specific
message and one sentence on why it matters. The same list is shown on the assessment page, is
``GET /api/v1/risk-assessment/quality``, and is registered with the compliance view
(``core.findings``, compliance area ``risk_assessment``). Messages hold no personal data: risk
and action titles, areas, dates — never owners' names or case details.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from preventhub.concerns.choices import Decision
from preventhub.concerns.models import Concern
from preventhub.core.findings import ComplianceArea, Finding, Severity
from preventhub.core.models import Department, Provider, Site
from preventhub.risk.choices import OPEN_ACTION_STATUSES, Area, InputKind
from preventhub.risk.local_context import LocalTerms, local_terms, missing_local_context
from preventhub.risk.models import Risk, RiskAction
from preventhub.risk.selectors import assessment_for, latest_approved, latest_input_dates

YEAR = timedelta(days=365)
SERIOUS_DECISIONS = (Decision.POLICE_PREVENT, Decision.CHANNEL)


@dataclass(frozen=True)
class Check:
    code: str
    why: str
    severity: str = Severity.AMBER


CHECKS = {
    c.code: c
    for c in (
        Check(
            "area_without_risk",
            "An area with no risk reads as never assessed: Ofsted found assessments that did not "
            "cover every aspect of the duty.",
        ),
        Check(
            "risk_without_action",
            "A risk with no action is recorded but not reduced: the survey found practical "
            "actions to reduce risks were often not taken.",
        ),
        Check(
            "risk_without_local_context",
            "A generic description is the tick-box assessment Ofsted criticised, with very "
            "little context relating to the provider.",
        ),
        Check(
            "action_without_owner",
            "An action nobody owns is not done: robust plans identified key staff "
            "responsibilities.",
        ),
        Check(
            "action_without_due_date",
            "Without a deadline nobody can tell whether the action is late.",
        ),
        Check(
            "action_without_impact_measure",
            "Without an impact measure you cannot show it worked: a third of plans focused on "
            "systems rather than evaluating impact.",
        ),
        Check(
            "action_overdue",
            "An overdue action leaves the risk as high as before, and inspectors look for "
            "plans that are put into practice.",
        ),
        Check(
            "risk_review_overdue",
            "A risk not reviewed on time may no longer describe what is happening.",
        ),
        Check(
            "no_local_context_statement",
            "The DfE template starts from the local context; without it the risks have nothing "
            "to stand on.",
        ),
        Check(
            "no_learner_consultation",
            "22 of the 37 providers Ofsted visited never consulted learners to identify risks; "
            "learners see risks staff miss.",
        ),
        Check(
            "no_partner_input",
            "The best providers reviewed threats with partners; without their intelligence "
            "local threats go unseen.",
        ),
        Check(
            "assessment_not_reviewed",
            "The assessment must be reviewed at least yearly and signed off by leaders and "
            "governors, who are accountable for the duty.",
            Severity.RED,
        ),
        Check(
            "incident_since_review",
            "A serious incident is the clearest sign the assessment may be wrong: review it "
            "after every one.",
            Severity.RED,
        ),
    )
}


def _finding(code: str, message: str, *, area: str = "", url: str = "") -> Finding:
    check = CHECKS[code]
    return Finding(
        code=code,
        message=message,
        why=check.why,
        compliance_area=ComplianceArea.RISK_ASSESSMENT,
        area=area,
        severity=check.severity,
        url=url,
    )


def provider_terms(provider: Provider) -> LocalTerms:
    names = [provider.name, provider.local_authority, provider.region]
    names += list(Site.objects.for_provider(provider).values_list("name", flat=True))
    names += list(Department.objects.for_provider(provider).values_list("name", flat=True))
    return local_terms(names)


def _risk_url(risk: Risk) -> str:
    return reverse("risk:risk", kwargs={"pk": risk.pk})


def _area_findings(risks: list[Risk]) -> list[Finding]:
    covered = {r.area for r in risks}
    return [
        _finding(
            "area_without_risk",
            f"{area.label}: no risk is recorded in this area.",
            area=area.value,
            url=f"{reverse('risk:risk_add')}?area={area.value}",
        )
        for area in Area
        if area.value not in covered
    ]


def risk_findings(risk: Risk, terms: LocalTerms, today: date) -> list[Finding]:
    found = []
    label = Area(risk.area).label if risk.area in Area.values else risk.area
    where = f"{label}: \u201c{risk.title}\u201d"
    if not risk.actions.all():
        found.append(
            _finding(
                "risk_without_action",
                f"{where} has no action to reduce it.",
                area=risk.area,
                url=reverse("risk:action_add", kwargs={"pk": risk.pk}),
            )
        )
    missing = missing_local_context(risk.description, terms)
    if missing:
        found.append(
            _finding(
                "risk_without_local_context",
                f"{where} has no local context: {missing}.",
                area=risk.area,
                url=reverse("risk:risk_edit", kwargs={"pk": risk.pk}),
            )
        )
    if risk.review_on and risk.review_on < today:
        found.append(
            _finding(
                "risk_review_overdue",
                f"{where} was due for review on {risk.review_on:%-d %B %Y}.",
                area=risk.area,
                url=reverse("risk:risk_edit", kwargs={"pk": risk.pk}),
            )
        )
    for action in risk.actions.all():
        found.extend(_action_findings(risk, action, today))
    return found


def _action_findings(risk: Risk, action: RiskAction, today: date) -> list[Finding]:
    if action.status not in OPEN_ACTION_STATUSES:
        return []
    where = f"Action \u201c{action.title}\u201d (risk \u201c{risk.title}\u201d)"
    url = reverse("risk:action_edit", kwargs={"pk": action.pk})
    found = []
    if action.owner_id is None:
        found.append(
            _finding("action_without_owner", f"{where} has no owner.", area=risk.area, url=url)
        )
    if action.due_on is None:
        found.append(
            _finding(
                "action_without_due_date", f"{where} has no due date.", area=risk.area, url=url
            )
        )
    elif action.due_on < today:
        found.append(
            _finding(
                "action_overdue",
                f"{where} was due on {action.due_on:%-d %B %Y} and is not done.",
                area=risk.area,
                url=url,
            )
        )
    if not action.impact_measure.strip():
        found.append(
            _finding(
                "action_without_impact_measure",
                f"{where} has no impact measure: how will you know it worked?",
                area=risk.area,
                url=url,
            )
        )
    return found


def _input_findings(provider: Provider, today: date) -> list[Finding]:
    latest = latest_input_dates(provider)
    url = reverse("risk:inputs")
    found = []
    for kind, code, what in (
        (InputKind.LEARNER_CONSULTATION, "no_learner_consultation", "learner consultation"),
        (InputKind.PARTNER_INPUT, "no_partner_input", "partner input"),
    ):
        last = latest.get(kind)
        if last is None:
            found.append(_finding(code, f"No {what} is recorded.", url=url))
        elif last < today - YEAR:
            found.append(
                _finding(
                    code,
                    f"No {what} is recorded in the last 12 months (the latest was on "
                    f"{last:%-d %B %Y}).",
                    url=url,
                )
            )
    return found


def _review_findings(provider: Provider, now: datetime) -> list[Finding]:
    approved = latest_approved(provider)
    url = reverse("risk:sign_off")
    if approved is None or approved.approved_at is None:
        return [
            _finding(
                "assessment_not_reviewed",
                "The assessment has never been signed off by a senior leader and a governor.",
                url=url,
            )
        ]
    when = timezone.localdate(approved.approved_at)
    found = []
    if approved.approved_at < now - YEAR:
        found.append(
            _finding(
                "assessment_not_reviewed",
                f"The assessment was last signed off on {when:%-d %B %Y}, more than 12 months ago.",
                url=url,
            )
        )
    # Counted in the database: no concern is read, and no number is shown (small numbers
    # could point at a person for readers outside the safeguarding team).
    serious = Concern.objects.for_provider(provider).aggregate(
        n=Count(
            "pk",
            filter=Q(latest_decision__in=SERIOUS_DECISIONS, created_at__gt=approved.approved_at),
        )
    )["n"]
    if serious:
        found.append(
            _finding(
                "incident_since_review",
                "A concern has been referred to police Prevent or Channel since the assessment "
                f"was last signed off on {when:%-d %B %Y}: review the assessment in its light.",
                url=url,
            )
        )
    return found


def quality_findings(provider: Provider, now: datetime | None = None) -> list[Finding]:
    """Every weakness of the provider's assessment: the whole assessment first, then by area."""
    from preventhub.risk.selectors import risks_with_actions

    now = now or timezone.now()
    today = timezone.localdate(now)
    risks = list(risks_with_actions(provider))
    terms = provider_terms(provider)
    found: list[Finding] = [*_review_findings(provider, now)]
    assessment = assessment_for(provider)
    if not assessment.local_context.strip():
        found.append(
            _finding(
                "no_local_context_statement",
                "The local context is empty: say what is happening around you and where you "
                "heard it.",
                url=reverse("risk:context"),
            )
        )
    found += _input_findings(provider, today)
    found += _area_findings(risks)
    for risk in risks:
        found += risk_findings(risk, terms, today)
    order = {a: i for i, a in enumerate(["", *Area.values])}
    codes = list(CHECKS)
    return sorted(found, key=lambda f: (order.get(f.area, 99), codes.index(f.code)))


def compliance_findings(provider: Any, now: datetime) -> list[Finding]:
    """The ``core.findings`` source (registered as "risk" in RiskConfig.ready)."""
    return quality_findings(provider, now)
