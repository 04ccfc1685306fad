"""MIS CSV import: read and check the file, map its columns, clean each row, plan the writes.

Plain functions, no writes: ``preventhub.people.services.people_import`` runs them and writes
the plan (or nothing) in one transaction.
"""

from preventhub.people.importing.fields import IMPORT_FIELDS, ImportField, fields_for_kind
from preventhub.people.importing.mapping import default_mapping, resolve_mapping
from preventhub.people.importing.plan import ImportPlan, plan_import
from preventhub.people.importing.reading import CsvTable, load_table
from preventhub.people.importing.report import ImportFileError, ImportReport, RowError
from preventhub.people.importing.rows import CleanRow, clean_rows

__all__ = [
    "IMPORT_FIELDS",
    "CleanRow",
    "CsvTable",
    "ImportField",
    "ImportFileError",
    "ImportPlan",
    "ImportReport",
    "RowError",
    "clean_rows",
    "default_mapping",
    "fields_for_kind",
    "load_table",
    "plan_import",
    "resolve_mapping",
]
