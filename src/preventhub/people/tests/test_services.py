"""person_create / person_update: validation, provider scoping, audit of field names only."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from preventhub.audit.models import AuditEvent
from preventhub.people.models import Person
from preventhub.people.services import person_create, person_update
from preventhub.people.staging import staging_dir, sweep_stale
from preventhub.testing.factories import PersonFactory, SiteFactory

pytestmark = pytest.mark.django_db


def test_person_create_audits_the_fields_given(admin_user, provider, site):
    person = person_create(
        actor=admin_user,
        provider=provider,
        kind="staff",
        mis_id="S1",
        first_name="Ada",
        last_name="Lovelace",
        job_title="Head of maths",
        site=site,
        email="",
    )
    assert Person.objects.for_provider(provider).get() == person
    event = AuditEvent.objects.get(action="create", object_id=str(person.pk))
    assert event.changed_fields == ["first_name", "job_title", "last_name", "mis_id", "site"]
    assert "Lovelace" not in str(event.detail)


def test_person_create_refuses_a_duplicate_mis_id(admin_user, provider):
    PersonFactory(provider=provider, mis_id="L1")
    with pytest.raises(ValidationError) as error:
        person_create(
            actor=admin_user,
            provider=provider,
            kind="learner",
            mis_id="L1",
            first_name="A",
            last_name="B",
        )
    assert "mis_id" in error.value.message_dict


def test_person_create_refuses_learner_fields_on_staff(admin_user, provider):
    with pytest.raises(ValidationError) as error:
        person_create(
            actor=admin_user,
            provider=provider,
            kind="staff",
            mis_id="S1",
            first_name="A",
            last_name="B",
            course="Maths",
        )
    assert "course" in error.value.message_dict


def test_person_create_refuses_another_providers_site(admin_user, provider, other_provider):
    with pytest.raises(ValidationError) as error:
        person_create(
            actor=admin_user,
            provider=provider,
            kind="learner",
            mis_id="L1",
            first_name="A",
            last_name="B",
            site=SiteFactory(provider=other_provider),
        )
    assert "site" in error.value.message_dict


def test_person_create_refuses_unknown_fields(admin_user, provider):
    with pytest.raises(TypeError):
        person_create(
            actor=admin_user,
            provider=provider,
            kind="learner",
            mis_id="L1",
            first_name="A",
            last_name="B",
            user_id=1,
        )


def test_person_update_audits_changed_field_names_only(admin_user, learner):
    person_update(
        actor=admin_user,
        person=learner,
        last_name="New",
        first_name=learner.first_name,
        end_date=dt.date(2026, 7, 1),
    )
    event = AuditEvent.objects.get(action="update")
    assert event.changed_fields == ["end_date", "last_name"]
    assert event.detail == {}


def test_person_update_without_changes_writes_nothing(admin_user, learner):
    before = Person.unscoped.get(pk=learner.pk).updated_at
    person_update(actor=admin_user, person=learner, last_name=learner.last_name)
    assert not AuditEvent.objects.filter(action="update").exists()
    assert Person.unscoped.get(pk=learner.pk).updated_at == before


def test_person_update_refuses_end_before_start(admin_user, learner):
    with pytest.raises(ValidationError) as error:
        person_update(
            actor=admin_user,
            person=learner,
            start_date=dt.date(2025, 9, 1),
            end_date=dt.date(2025, 1, 1),
        )
    assert "end_date" in error.value.message_dict


def test_support_needs_update_is_encrypted_and_audited_by_name(dsl, learner):
    person_update(actor=dsl, person=learner, support_needs="Uses a wheelchair")
    assert Person.unscoped.get(pk=learner.pk).support_needs == "Uses a wheelchair"
    event = AuditEvent.objects.get(action="update")
    assert event.changed_fields == ["support_needs"]


def test_stale_staged_files_are_swept(settings):
    old = staging_dir() / "old-file-token-abcdefghijkl.csv"
    new = staging_dir() / "new-file-token-abcdefghijkl.csv"
    for path in (old, new):
        path.write_bytes(b"x")
    a_day_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (a_day_ago, a_day_ago))
    assert sweep_stale() == 1
    assert not old.exists()
    assert new.exists()
    assert Path(settings.MEDIA_ROOT) in new.parents
