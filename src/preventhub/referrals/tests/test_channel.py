"""Channel tracking: every legal move, every illegal one refused, and bad input."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from preventhub.audit.models import AuditEvent
from preventhub.concerns.errors import IllegalTransitionError
from preventhub.concerns.selectors import chronology
from preventhub.referrals.channel import (
    channel_add_review,
    channel_exit,
    channel_record_consent,
    channel_record_panel,
    channel_record_screening,
    channel_start,
    channel_update_support_plan,
)
from preventhub.referrals.choices import CHANNEL_TRANSITIONS, ChannelStatus
from preventhub.referrals.models import ChannelCase, ChannelReview
from preventhub.referrals.selectors import age_on
from preventhub.referrals.tests.helpers import channel_in, concern_for
from preventhub.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _status(channel: ChannelCase) -> str:
    channel.refresh_from_db()
    return channel.status


def test_a_case_goes_from_screening_to_panel_to_reviews_to_exit(provider: Any, dsl: Any) -> None:
    concern = concern_for(provider)
    channel = channel_start(actor=dsl, concern=concern).record
    assert channel.status == "awaiting_screening"
    assert channel.consent == "not_yet_sought"
    day = TODAY() - timedelta(days=20)
    channel_record_screening(actor=dsl, channel=channel, screened_on=day, outcome="to_panel")
    assert _status(channel) == "awaiting_panel"
    channel_record_panel(
        actor=dsl,
        channel=channel,
        panel_on=day + timedelta(days=5),
        outcome="adopted",
        next_review_on=TODAY() + timedelta(days=10),
    )
    assert _status(channel) == "adopted"
    assert channel.panel_outcome == "adopted"
    channel_record_consent(actor=dsl, channel=channel, consent="given")
    channel_update_support_plan(actor=dsl, channel=channel, support_plan="Mentoring weekly.")
    review = channel_add_review(
        actor=dsl,
        channel=channel,
        held_on=TODAY(),
        notes="Engaging well with the mentor.",
        next_review_on=TODAY() + timedelta(days=28),
    )
    channel.refresh_from_db()
    assert channel.next_review_on == review.next_review_on
    channel_exit(actor=dsl, channel=channel, exited_on=TODAY(), reason="Risk reduced.")
    channel.refresh_from_db()
    assert (channel.status, channel.panel_outcome) == ("exited", "exited")
    assert channel.next_review_on is None
    assert channel.exit_reason == "Risk reduced."
    kinds = [e.kind for e in chronology(concern)]
    assert kinds.count("referral") == 7
    audits = AuditEvent.objects.filter(object_id=str(channel.pk))
    assert {a.action for a in audits} == {"create", "update"}
    assert all("Mentoring" not in str(a.detail) for a in audits)


def test_starting_twice_returns_the_same_record(provider: Any, dsl: Any) -> None:
    concern = concern_for(provider)
    first = channel_start(actor=dsl, concern=concern)
    again = channel_start(actor=dsl, concern=concern)
    assert (first.created, again.created) == (True, False)
    assert again.record.pk == first.record.pk


def test_screening_can_end_the_channel_route(provider: Any, dsl: Any) -> None:
    channel = channel_in(provider, "not_progressed", dsl)
    assert channel.panel_outcome == ""
    with pytest.raises(IllegalTransitionError, match="panel cannot decide now"):
        channel_record_panel(actor=dsl, channel=channel, panel_on=TODAY(), outcome="adopted")


# Every state against every step: only the moves in CHANNEL_TRANSITIONS are accepted.
STEPS = {
    "screening": lambda a, c: channel_record_screening(
        actor=a, channel=c, screened_on=TODAY(), outcome="to_panel"
    ),
    "panel": lambda a, c: channel_record_panel(
        actor=a, channel=c, panel_on=TODAY(), outcome="adopted"
    ),
    "review": lambda a, c: channel_add_review(actor=a, channel=c, held_on=TODAY(), notes="n"),
    "support_plan": lambda a, c: channel_update_support_plan(
        actor=a, channel=c, support_plan="plan"
    ),
    "exit": lambda a, c: channel_exit(actor=a, channel=c, exited_on=TODAY(), reason="done"),
}
ALLOWED = {
    ("awaiting_screening", "screening"),
    ("awaiting_panel", "panel"),
    ("adopted", "review"),
    ("adopted", "support_plan"),
    ("adopted", "exit"),
}
STATES = ["awaiting_screening", "not_progressed", "awaiting_panel", "not_adopted", "adopted"]


@pytest.mark.parametrize("state", [*STATES, "exited"])
@pytest.mark.parametrize("step", sorted(STEPS))
def test_only_legal_moves_are_accepted(provider: Any, dsl: Any, state: str, step: str) -> None:
    if state == "exited":
        channel = channel_in(provider, "adopted", dsl)
        channel_exit(actor=dsl, channel=channel, exited_on=TODAY(), reason="Done.")
    else:
        channel = channel_in(provider, state, dsl)
    before = AuditEvent.objects.count()
    if (state, step) in ALLOWED:
        STEPS[step](dsl, channel)
        assert AuditEvent.objects.count() > before
        return
    with pytest.raises(IllegalTransitionError):
        STEPS[step](dsl, channel)
    assert _status(channel) == state
    assert AuditEvent.objects.count() == before
    assert ChannelReview.objects.for_provider(provider).count() == 0


def test_the_transition_table_ends_in_terminal_states() -> None:
    terminal = {ChannelStatus.NOT_PROGRESSED, ChannelStatus.NOT_ADOPTED, ChannelStatus.EXITED}
    assert terminal.isdisjoint(CHANNEL_TRANSITIONS)


def test_exit_before_adoption_is_refused_with_a_clear_reason(provider: Any, dsl: Any) -> None:
    channel = channel_in(provider, "awaiting_panel", dsl)
    with pytest.raises(IllegalTransitionError) as caught:
        channel_exit(actor=dsl, channel=channel, exited_on=TODAY(), reason="Done.")
    assert "Only a case the panel adopted can exit Channel" in caught.value.messages[0]
    assert "awaiting a channel panel" in caught.value.messages[0]


def test_a_review_on_a_not_adopted_case_is_refused(provider: Any, dsl: Any) -> None:
    channel = channel_in(provider, "not_adopted", dsl)
    with pytest.raises(IllegalTransitionError, match="Reviews are recorded only"):
        channel_add_review(actor=dsl, channel=channel, held_on=TODAY(), notes="Checked in.")


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda a, c: channel_record_screening(
            actor=a, channel=c, screened_on=TODAY(), outcome="maybe"), "outcome"),
        (lambda a, c: channel_record_screening(
            actor=a, channel=c, screened_on=None, outcome="to_panel"), "screened_on"),
        (lambda a, c: channel_record_screening(
            actor=a, channel=c, screened_on=TODAY() + timedelta(days=1), outcome="to_panel"),
            "screened_on"),
        (lambda a, c: channel_record_screening(
            actor=a, channel=c, screened_on=date(2000, 1, 1), outcome="to_panel"),
            "screened_on"),
    ],
)  # fmt: skip
def test_bad_screening_is_refused_and_changes_nothing(
    provider: Any, dsl: Any, call: Any, field: str
) -> None:
    channel = channel_in(provider, "awaiting_screening", dsl)
    with pytest.raises(ValidationError) as caught:
        call(dsl, channel)
    assert field in caught.value.message_dict
    channel.refresh_from_db()
    assert (channel.status, channel.screened_on) == ("awaiting_screening", None)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"outcome": "exited"}, "outcome"),
        ({"outcome": ""}, "outcome"),
        ({"panel_on": "before screening"}, "panel_on"),
        ({"outcome": "not_adopted", "next_review_on": "next week"}, "next_review_on"),
        ({"next_review_on": "panel day"}, "next_review_on"),
    ],
)
def test_bad_panel_decisions_are_refused(
    provider: Any, dsl: Any, values: dict[str, Any], field: str
) -> None:
    channel = channel_in(provider, "awaiting_panel", dsl)
    assert channel.screened_on is not None
    days = {
        "before screening": channel.screened_on - timedelta(days=1),
        "next week": TODAY() + timedelta(days=7),
        "panel day": TODAY(),
    }
    kwargs: dict[str, Any] = {"panel_on": TODAY(), "outcome": "adopted", **values}
    kwargs = {k: days.get(v, v) if isinstance(v, str) else v for k, v in kwargs.items()}
    with pytest.raises(ValidationError) as caught:
        channel_record_panel(actor=dsl, channel=channel, **kwargs)
    assert field in caught.value.message_dict
    assert _status(channel) == "awaiting_panel"


def test_reviews_and_exit_need_text_and_sensible_dates(provider: Any, dsl: Any) -> None:
    channel = channel_in(provider, "adopted", dsl)
    assert channel.panel_on is not None
    with pytest.raises(ValidationError, match="Enter what the review found"):
        channel_add_review(actor=dsl, channel=channel, held_on=TODAY(), notes=" ")
    with pytest.raises(ValidationError, match="cannot be before the panel"):
        channel_add_review(
            actor=dsl, channel=channel, held_on=channel.panel_on - timedelta(days=1), notes="n"
        )
    with pytest.raises(ValidationError, match="next review must come after"):
        channel_add_review(
            actor=dsl, channel=channel, held_on=TODAY(), notes="n", next_review_on=TODAY()
        )
    with pytest.raises(ValidationError, match="Say why"):
        channel_exit(actor=dsl, channel=channel, exited_on=TODAY(), reason="")
    with pytest.raises(ValidationError, match="Enter the support plan"):
        channel_update_support_plan(actor=dsl, channel=channel, support_plan="")
    assert _status(channel) == "adopted"
    assert ChannelReview.objects.for_provider(provider).count() == 0


# --- consent --------------------------------------------------------------------------------


def _born_years_ago(years: int) -> date:
    return date(TODAY().year - years, 1, 1)


def test_consent_for_a_child_in_the_register_is_parental_whatever_the_form_says(
    provider: Any, dsl: Any
) -> None:
    child = PersonFactory(provider=provider, date_of_birth=_born_years_ago(15))
    channel = channel_start(actor=dsl, concern=concern_for(provider, subject_person=child)).record
    assert channel.consent_parental
    channel_record_consent(actor=dsl, channel=channel, consent="given", parental=False)
    channel.refresh_from_db()
    assert channel.consent_parental
    assert channel.consent_recorded_on == TODAY()


def test_consent_for_an_adult_in_the_register_is_their_own(provider: Any, dsl: Any) -> None:
    adult = PersonFactory(provider=provider, date_of_birth=_born_years_ago(19))
    channel = channel_start(actor=dsl, concern=concern_for(provider, subject_person=adult)).record
    channel_record_consent(actor=dsl, channel=channel, consent="refused", parental=True)
    channel.refresh_from_db()
    assert (channel.consent, channel.consent_parental) == ("refused", False)


def test_without_a_date_of_birth_the_team_says_whether_consent_is_parental(
    provider: Any, dsl: Any
) -> None:
    channel = channel_in(provider, "awaiting_panel", dsl)
    channel_record_consent(actor=dsl, channel=channel, consent="given", parental=True)
    channel.refresh_from_db()
    assert channel.consent_parental
    texts = [e.text for e in chronology(channel.concern)]
    assert "Channel parental consent: given." in texts


def test_consent_is_refused_once_the_case_is_over(provider: Any, dsl: Any) -> None:
    channel = channel_in(provider, "not_adopted", dsl)
    with pytest.raises(IllegalTransitionError, match="Consent cannot be recorded"):
        channel_record_consent(actor=dsl, channel=channel, consent="given")
    with pytest.raises(ValidationError, match="Unknown consent answer"):
        channel_record_consent(actor=dsl, channel=channel_in(provider), consent="yes")


def test_age_is_counted_from_the_birthday() -> None:
    assert age_on(date(2008, 6, 15), date(2026, 6, 14)) == 17
    assert age_on(date(2008, 6, 15), date(2026, 6, 15)) == 18
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
