"""Prepared statements for hot queries (PostgreSQL), plain cursors elsewhere or when turned off."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from preventhub.core.db import fetch_prepared

SQL = "SELECT %s + 1, %s"


def _prepared_here() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
def test_rows_come_back_and_the_query_is_counted():
    with CaptureQueriesContext(connection) as queries:
        assert fetch_prepared(SQL, [41, "x"]) == [(42, "x")]
    assert len(queries) == 1


@pytest.mark.django_db
def test_postgresql_prepares_the_statement_once_per_connection():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are a PostgreSQL feature here")
    for n in range(3):
        assert fetch_prepared(SQL, [n, "y"]) == [(n + 1, "y")]
    assert sum("$1 + 1" in statement for statement in _prepared_here()) == 1


@pytest.mark.django_db
def test_turned_off_it_prepares_nothing(settings):
    settings.DATABASE_PREPARED_STATEMENTS = False
    assert fetch_prepared("SELECT %s * 2", [21]) == [(42,)]
    if connection.vendor == "postgresql":
        assert not any("* 2" in statement for statement in _prepared_here())


@pytest.mark.django_db
def test_database_errors_are_django_errors():
    with pytest.raises(DatabaseError):
        fetch_prepared("SELECT * FROM no_such_table_here WHERE 1 = %s", [1])
