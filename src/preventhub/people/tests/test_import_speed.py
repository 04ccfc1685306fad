"""The import bulk-writes: 30,000 rows go through in seconds, with a handful of queries."""

from __future__ import annotations

import time

import pytest

from preventhub.people.models import Person
from preventhub.people.tests.helpers import LEARNER_HEADER, learner_rows, make_csv

pytestmark = pytest.mark.django_db(transaction=True)


def test_30000_rows_import_and_reimport_quickly(run_import, provider, site):
    rows = learner_rows(30_000, site="NTH")
    started = time.perf_counter()
    report = run_import(make_csv(LEARNER_HEADER, rows))
    created_in = time.perf_counter() - started
    assert report.created == 30_000
    for row in rows[::2]:
        row[4] = "Changed course"
    started = time.perf_counter()
    report = run_import(make_csv(LEARNER_HEADER, rows))
    updated_in = time.perf_counter() - started
    assert (report.updated, report.unchanged) == (15_000, 15_000)
    assert Person.objects.for_provider(provider).count() == 30_000
    print(f"create {created_in:.2f}s update {updated_in:.2f}s")
    assert created_in < 30
    assert updated_in < 30
