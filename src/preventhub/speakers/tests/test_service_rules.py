"""Service rules added with the pages: the first on-time day, material checks, settings."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from preventhub.speakers.services import (
    check_material,
    first_on_time_date,
    settings_update,
    working_days_between,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("today", [date(2025, 12, 19), date(2026, 3, 30), date(2026, 6, 6)])
def test_the_first_on_time_day_is_the_notice_period_in_working_days(
    provider: Any, today: date
) -> None:
    on_time = first_on_time_date(provider, today)
    assert working_days_between(today, on_time) == 10
    assert working_days_between(today, date.fromordinal(on_time.toordinal() - 1)) < 10


def test_no_notice_means_today_is_on_time(provider: Any, coordinator: Any) -> None:
    settings_update(actor=coordinator, provider=provider, minimum_notice_working_days=0)
    assert first_on_time_date(provider, date(2026, 5, 5)) == date(2026, 5, 5)


def test_materials_are_checked_by_size_then_content(settings: Any) -> None:
    settings.SPEAKER_MATERIAL_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        check_material(SimpleUploadedFile("a.pdf", b"%PDF-1.4\n" + bytes(1024 * 1024)))
    with pytest.raises(ValidationError, match="attach a PDF"):
        check_material(SimpleUploadedFile("a.exe", b"MZ" + bytes(10)))
    assert check_material(SimpleUploadedFile("a.txt", b"hello")).content_type == "text/plain"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"required_checks": []}, "required_checks"),
        ({"required_checks": ["palm_reading"]}, "required_checks"),
        ({"minimum_notice_working_days": 61}, "minimum_notice_working_days"),
        ({"outcome_overdue_days": 0}, "outcome_overdue_days"),
        ({"approvers": {"low": [], "medium": ["dsl"], "high": ["dsl"]}}, "approvers"),
        ({"approvers": {"low": ["wizard"]}}, "approvers"),
    ],
)
def test_bad_settings_are_refused(
    provider: Any, coordinator: Any, values: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        settings_update(actor=coordinator, provider=provider, **values)
    assert field in exc.value.message_dict
