"""The evidence pack and the termly governor report: rendered as PDFs, their text extracted
with pypdf, and searched for the names of the people concerns are about (never there)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from preventhub.compliance.governor_report import MESSAGE
from preventhub.compliance.models import GovernorReport
from preventhub.compliance.pack import SECTIONS, pack_context
from preventhub.compliance.render import pack_html, to_pdf
from preventhub.concerns.services import concern_decide, concern_raise
from preventhub.notifications.models import Notification
from preventhub.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db

SUBJECTS = [("Zebedee", "Quartermaine"), ("Ottoline", "Fairweather"), ("Barnaby", "Thistlewood")]
VISITOR = "Lysander Pemberton-Vane"
NARRATIVE = "Xylophonic pamphlets about the Brotherhood of Nine"


def raise_concerns(provider, dsl):
    for n, (first, last) in enumerate(SUBJECTS * 2):
        person = PersonFactory(provider=provider, first_name=first, last_name=last)
        raised = concern_raise(
            actor=dsl,
            provider=provider,
            subject_type="learner",
            subject_person=person,
            description=f"{NARRATIVE}, seen with {first} {last}.",
            category="prevent",
            ideology="extreme_right_wing",
            occurred_at=timezone.now() - timedelta(hours=n + 1),
            location="Library",
        ).concern
        if n % 2:
            concern_decide(
                actor=dsl,
                concern=raised,
                decision="channel",
                rationale=f"{first} {last} needs Channel support.",
            )
    concern_raise(
        actor=dsl,
        provider=provider,
        subject_type="visitor",
        subject_name=VISITOR,
        description=NARRATIVE,
        category="prevent",
        occurred_at=timezone.now(),
    )


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def assert_no_subject(text: str) -> None:
    for first, last in SUBJECTS:
        assert first not in text
        assert last not in text
    assert "Pemberton" not in text
    assert "Xylophonic" not in text
    assert "Brotherhood" not in text


def test_the_evidence_pack_names_no_concern_subject_and_has_every_section(provider, dsl):
    raise_concerns(provider, dsl)
    pdf = to_pdf(pack_html(pack_context(provider)))
    text = text_of(pdf.content)
    assert_no_subject(text)
    assert "Contents" in text
    for _, title in SECTIONS:
        assert title in text
    assert "Concerns raised" in text
    assert "7" in text  # seven concerns: at least five, so the exact count is shown
    assert pdf.pages > len(SECTIONS)  # a contents page, then each section on its own page


def test_the_governor_report_is_made_once_names_nobody_and_the_email_holds_only_a_link(
    provider, dsl, governor, django_capture_on_commit_callbacks
):
    raise_concerns(provider, dsl)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_governor_report", "--now", stdout=io.StringIO())
        call_command("send_governor_report", "--now", stdout=io.StringIO())
    report = GovernorReport.objects.for_provider(provider).get()
    assert report.sent_at is not None
    assert report.recipients == 1
    assert_no_subject(text_of(bytes(report.pdf)))
    note = Notification.objects.for_provider(provider).get(user=governor)
    assert note.message == MESSAGE
    assert note.url == f"/compliance/governor-reports/{report.pk}/"
    sent = [m for m in mail.outbox if governor.email in m.to]
    assert len(sent) == 1
    assert "Quartermaine" not in sent[0].body
    assert "Prevent concerns" not in sent[0].body
    assert f"/compliance/governor-reports/{report.pk}/" in sent[0].body


def test_the_scheduled_report_waits_for_the_last_weeks_of_term(provider):
    out = io.StringIO()
    call_command("send_governor_report", "--date", "2025-10-01", stdout=out)
    assert "No report is due" in out.getvalue()
    assert not GovernorReport.objects.for_provider(provider).exists()


def test_a_bad_date_is_a_clear_error(provider):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_governor_report", "--date", "31/12/2025")
    with pytest.raises(CommandError, match="No provider"):
        call_command("send_governor_report", "--now", "--provider", "nope")
