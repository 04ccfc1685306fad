"""The compliance module's own findings: what no other module reports, so that no area can be
green by default. Registered with ``core.findings`` as the source "compliance".

Each area needs live evidence before it can be green: a provider with no data is red in every
area, with a finding that says what is missing. The rules (docs/compliance.md lists them):

leadership
  ``no_dsl`` (red) no designated safeguarding lead is named; ``no_deputy`` (amber) none covers
  the lead; ``concerns_waiting`` (red) concerns waiting more than 2 days for a first decision;
  ``no_self_assessment`` (amber) no self-assessment completed this academic year or last.
partnership
  ``no_partners`` (red) no partner is recorded.
training
  ``no_training_recorded`` (red) no training is recorded for anyone in the last three years.
online_safety (only while the online-safety and filtering modules register no findings
of their own: they do once installed, and then theirs are used)
  ``no_log_source`` (red) no active web-filter log source; ``logs_stale`` (red) no log line
  read for the last 5 school days; ``report_unread`` (amber; red over a quarter) the daily IT
  report not opened on some of the last 20 school days; ``alerts_waiting`` (red) alerts
  waiting more than 2 days for triage; ``filter_failures`` (red) a blocked category let
  through in the last 30 days; ``filtering_unowned`` and ``filtering_unreviewed`` (amber) no
  named senior leader and governor, no signed-off review in a year.
premises (speakers and events)
  ``speaker_register_empty`` (red) nothing ever recorded; ``held_without_approval`` (red) an
  event held without a current approval; ``event_awaiting_decision`` an event starting within
  14 days with no decision (red within 2 days or once started, else amber);
  ``outcome_missing`` (amber) events ended with no outcome; ``approved_by_wrong_role`` (amber).
resilience
  ``no_resilience_activity`` (red) no British-values or Prevent activity in 12 months.

Messages hold counts, references and dates, never a name; concern counts from 1 to 4 read
"fewer than 5".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from preventhub.accounts.selectors import safeguarding_contacts
from preventhub.compliance.choices import Step
from preventhub.compliance.evidence.base import capital, day, plural, protected
from preventhub.compliance.optional import guarded, last_school_days, model
from preventhub.concerns.choices import Status as ConcernStatus
from preventhub.concerns.models import Concern
from preventhub.concerns.statistics import academic_year_start
from preventhub.core.findings import ComplianceArea as A
from preventhub.core.findings import Finding, Severity, sources
from preventhub.curriculum.models import Activity
from preventhub.online_safety.choices import AlertStatus
from preventhub.online_safety.models import (
    Alert,
    DailyCount,
    DailyReportRead,
    Ingestion,
    LogSource,
)
from preventhub.partners.models import Partner
from preventhub.speakers.models import EventRequest
from preventhub.speakers.selectors import (
    approved_by_wrong_role,
    held_without_approval,
    outcome_missing,
)
from preventhub.training.models import TrainingRecord

SOURCE = "compliance"
WAITING_DAYS = 2
DECISION_SOON_DAYS = 14
DECISION_URGENT_DAYS = 2
STALE_SCHOOL_DAYS = 5
REPORT_DAYS = 20
TRIAGE_DAYS = 2

WHY = {
    "no_dsl": "The duty needs a single point of contact: without a named lead, concerns have "
    "nowhere to go and nobody makes referrals.",
    "no_deputy": "Concerns arrive when the lead is away too: a deputy makes sure one is never "
    "left waiting.",
    "concerns_waiting": "A concern not acted on is the failure the referral pathway exists to "
    "prevent; the lead should decide within a day or two.",
    "no_self_assessment": "Ofsted found leaders 'focused on compliance rather than evaluating "
    "the impact': the yearly self-assessment is where the impact is judged.",
    "no_partners": "Without the police Prevent team, the local authority and the DfE "
    "coordinator, the provider has no local intelligence and nobody to refer to.",
    "no_training_recorded": "Without training records nobody can show staff know the signs or "
    "what to do.",
    "no_log_source": "Ofsted found learners unprotected online in nearly half the providers: "
    "filtering that nobody monitors protects nobody.",
    "logs_stale": "Monitoring that silently stopped is not monitoring: the logs have not "
    "arrived for a week of school days.",
    "report_unread": "Reports nobody reads change nothing: Ofsted found IT reports 'so generic "
    "that they were of little use'.",
    "alerts_waiting": "An alert is a learner searching for something harmful: it needs a "
    "person's judgement within days, not weeks.",
    "filter_failures": "A request in a blocked category that was let through means the filter "
    "is not doing what leaders believe it does.",
    "filtering_unowned": "The DfE standards ask for a named senior leader and governor "
    "responsible for filtering and monitoring.",
    "filtering_unreviewed": "The DfE standards ask for the filtering and monitoring provision "
    "to be reviewed at least once a year.",
    "speaker_register_empty": "Leaders in weak providers 'were unable to identify the range of "
    "external speakers, the dates visited, the topics discussed or the benefits to learners'.",
    "held_without_approval": "An event held without approval is the unchecked speaker the "
    "duty exists to prevent.",
    "event_awaiting_decision": "Checks take time: an event that starts soon with no decision "
    "will either go ahead unchecked or be cancelled at the last minute.",
    "outcome_missing": "Without the outcome nobody can say what learners gained, or whether "
    "the conditions were kept.",
    "approved_by_wrong_role": "Higher-risk events need a more senior approver: the wrong "
    "approver is an unchecked decision.",
    "no_resilience_activity": "Learners build resilience through British values and Prevent "
    "topics taught to them: none is recorded in a year.",
}


def _f(code: str, message: str, area: str, severity: str, url: str) -> Finding:
    return Finding(code, message, WHY[code], area, "", severity, url)


def compliance_findings(provider: Any, now: datetime) -> list[Finding]:
    """The registered source (see the module's docstring for the rules)."""
    return [
        *_leadership(provider, now),
        *_partnership(provider),
        *_training(provider, now),
        *_online_safety(provider, now),
        *_filtering(provider, now),
        *_speakers(provider, now),
        *_resilience(provider, now),
    ]


def _leadership(provider: Any, now: datetime) -> Iterable[Finding]:
    from preventhub.compliance.models import SelfAssessment

    leads, deputies = safeguarding_contacts(provider)
    users = reverse("accounts:user_list")
    if not leads:
        yield _f(
            "no_dsl", "No designated safeguarding lead is named.", A.LEADERSHIP, Severity.RED, users
        )
    elif not deputies:
        yield _f(
            "no_deputy",
            "No deputy designated safeguarding lead is named.",
            A.LEADERSHIP,
            Severity.AMBER,
            users,
        )
    waiting = (
        Concern.objects.for_provider(provider)
        .filter(status__in=[ConcernStatus.NEW, ConcernStatus.IN_TRIAGE])
        .filter(created_at__lt=now - timedelta(days=WAITING_DAYS))
        .count()
    )
    if waiting:
        yield _f(
            "concerns_waiting",
            f"{capital(protected(waiting, 'concern'))} waiting more than {WAITING_DAYS} days "
            "for a first decision.",
            A.LEADERSHIP,
            Severity.RED,
            reverse("concerns:inbox"),
        )
    year = academic_year_start(timezone.localdate(now))
    recent = SelfAssessment.objects.for_provider(provider).filter(
        step=Step.COMPLETE, year_start__gte=year.replace(year=year.year - 1)
    )
    if not recent.exists():
        yield _f(
            "no_self_assessment",
            "No self-assessment has been completed this academic year or last.",
            A.LEADERSHIP,
            Severity.AMBER,
            reverse("compliance:assessments"),
        )


def _partnership(provider: Any) -> Iterable[Finding]:
    if not Partner.objects.for_provider(provider).exists():
        yield _f(
            "no_partners",
            "No partner is recorded: not the police Prevent team, the local "
            "authority nor the DfE coordinator.",
            A.PARTNERSHIP,
            Severity.RED,
            reverse("partners:list"),
        )


def _training(provider: Any, now: datetime) -> Iterable[Finding]:
    since = timezone.localdate(now) - timedelta(days=3 * 365)
    if not TrainingRecord.objects.for_provider(provider).filter(completed_on__gte=since).exists():
        yield _f(
            "no_training_recorded",
            "No Prevent training is recorded for anyone in the last three years.",
            A.TRAINING,
            Severity.RED,
            reverse("training:compliance"),
        )


def _online_safety(provider: Any, now: datetime) -> Iterable[Finding]:
    """Only when the online-safety module does not report on its own monitoring."""
    if "online_safety" in sources():
        return
    today = timezone.localdate(now)
    url = _safe_url("online_safety:daily_report")
    if not LogSource.objects.for_provider(provider).filter(is_active=True).exists():
        yield _f(
            "no_log_source",
            "No web-filter log source is set up, so nothing searched for or blocked is monitored.",
            A.ONLINE_SAFETY,
            Severity.RED,
            url,
        )
        return
    last = Ingestion.objects.for_provider(provider).aggregate(last=Max("last_at"))["last"]
    oldest_ok = last_school_days(today, STALE_SCHOOL_DAYS)[0]
    if last is None or timezone.localdate(last) < oldest_ok:
        since = f"since {day(last)}" if last else "ever"
        yield _f(
            "logs_stale",
            f"No web-filter log line has been read {since}.",
            A.ONLINE_SAFETY,
            Severity.RED,
            url,
        )
    yield from _report_unread(provider, today, url)
    yield from _alerts(provider, now, today)


def _report_unread(provider: Any, today: Any, url: str) -> Iterable[Finding]:
    days = last_school_days(today, REPORT_DAYS)
    with_logs = set(
        DailyCount.objects.filter(provider=provider, day__in=days, metric="requests").values_list(
            "day", flat=True
        )
    )
    read = set(
        DailyReportRead.objects.filter(provider=provider, day__in=days).values_list(
            "day", flat=True
        )
    )
    unread = sum(1 for d in days if d in with_logs and d not in read)
    if unread:
        yield _f(
            "report_unread",
            f"The daily IT report was not opened on {unread} of the last {REPORT_DAYS} "
            "school days.",
            A.ONLINE_SAFETY,
            Severity.RED if unread > REPORT_DAYS // 4 else Severity.AMBER,
            url,
        )


def _alerts(provider: Any, now: datetime, today: Any) -> Iterable[Finding]:
    url = _safe_url("online_safety:alert_list")
    waiting = (
        Alert.objects.for_provider(provider)
        .filter(status=AlertStatus.OPEN, first_seen__lt=now - timedelta(days=TRIAGE_DAYS))
        .count()
    )
    if waiting:
        yield _f(
            "alerts_waiting",
            f"{plural(waiting, 'alert')} waiting more than {TRIAGE_DAYS} days for triage.",
            A.ONLINE_SAFETY,
            Severity.RED,
            url,
        )
    failures = sum(
        DailyCount.objects.filter(
            provider=provider, metric="filter_failures", day__gte=today - timedelta(days=30)
        ).values_list("value", flat=True)
    )
    if failures:
        yield _f(
            "filter_failures",
            f"{plural(failures, 'request')} in a blocked category "
            "allowed through in the last 30 days.",
            A.ONLINE_SAFETY,
            Severity.RED,
            url,
        )


def _filtering(provider: Any, now: datetime) -> list[Finding]:
    """Only when the filtering module does not report on its own governance."""
    if "filtering" in sources():
        return []
    return guarded(lambda: list(_filtering_rules(provider, now)), [])


def _filtering_rules(provider: Any, now: datetime) -> Iterable[Finding]:
    responsibility = model("filtering", "Responsibility")
    review = model("filtering", "Review")
    if responsibility is None or review is None:
        return
    url = _safe_url("filtering:overview")
    current = set(
        responsibility.objects.for_provider(provider)
        .filter(to_date__isnull=True)
        .values_list("kind", flat=True)
    )
    if not {"senior_leader", "governor"} <= current:
        yield _f(
            "filtering_unowned",
            "No senior leader and governor are both named as "
            "responsible for filtering and monitoring.",
            A.ONLINE_SAFETY,
            Severity.AMBER,
            url,
        )
    year_ago = timezone.localdate(now) - timedelta(days=365)
    if (
        not review.objects.for_provider(provider)
        .filter(status="signed_off", reviewed_on__gte=year_ago)
        .exists()
    ):
        yield _f(
            "filtering_unreviewed",
            "Filtering and monitoring have not had a signed-off review in the last 12 months.",
            A.ONLINE_SAFETY,
            Severity.AMBER,
            url,
        )


def _speakers(provider: Any, now: datetime) -> Iterable[Finding]:
    register = reverse("speakers:register")
    if not EventRequest.objects.for_provider(provider).exists():
        yield _f(
            "speaker_register_empty",
            "The speaker and events register is empty: no external "
            "speaker, event or letting has ever been recorded.",
            A.PREMISES,
            Severity.RED,
            register,
        )
        return
    for event in held_without_approval(provider).order_by("starts_at"):
        yield _f(
            "held_without_approval",
            f"{event.reference} was held on {day(event.starts_at)} without approval.",
            A.PREMISES,
            Severity.RED,
            _detail(event),
        )
    yield from _awaiting_decision(provider, now)
    missing = outcome_missing(provider, now).count()
    if missing:
        yield _f(
            "outcome_missing",
            f"{plural(missing, 'event')} ended with no outcome recorded.",
            A.PREMISES,
            Severity.AMBER,
            reverse("speakers:queue") + "?view=outcome_due",
        )
    for event in approved_by_wrong_role(provider):
        yield _f(
            "approved_by_wrong_role",
            f"{event.reference} was approved by a role not allowed "
            "to approve it at its risk level.",
            A.PREMISES,
            Severity.AMBER,
            _detail(event),
        )


def _awaiting_decision(provider: Any, now: datetime) -> Iterable[Finding]:
    soon = (
        EventRequest.objects.for_provider(provider)
        .filter(status="submitted", starts_at__lt=now + timedelta(days=DECISION_SOON_DAYS))
        .filter(ends_at__gte=now)
        .order_by("starts_at")
    )
    for event in soon:
        urgent = event.starts_at < now + timedelta(days=DECISION_URGENT_DAYS)
        started = event.starts_at <= now
        when = "started" if started else "starts"
        yield _f(
            "event_awaiting_decision",
            f"{event.reference} {when} on {day(event.starts_at)} and has no decision yet.",
            A.PREMISES,
            Severity.RED if urgent else Severity.AMBER,
            _detail(event),
        )


def _resilience(provider: Any, now: datetime) -> Iterable[Finding]:
    since = timezone.localdate(now) - timedelta(days=365)
    if not Activity.objects.for_provider(provider).filter(held_on__gte=since).exists():
        yield _f(
            "no_resilience_activity",
            "No British-values or Prevent activity is recorded "
            "for any group in the last 12 months.",
            A.RESILIENCE,
            Severity.RED,
            reverse("curriculum:activities"),
        )


def _detail(event: EventRequest) -> str:
    return reverse("speakers:detail", kwargs={"pk": event.pk})


def _safe_url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""
