"""Malformed files: each gets a clear, specific message and nothing is written."""

from __future__ import annotations

import io

import pytest

from preventhub.people.models import Person
from preventhub.people.tests.helpers import LEARNER_HEADER, learner_rows, make_csv

pytestmark = pytest.mark.django_db

GOOD_TEXT = "Learner Ref,Forename,Surname\nL1,Zoë,Brontë\n"


def _only_file_error(report, provider) -> str:
    assert not report.imported
    assert not report.errors
    assert len(report.file_errors) >= 1
    assert not Person.objects.for_provider(provider).exists()
    return " ".join(report.file_errors)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(GOOD_TEXT.encode("utf-16"), "UTF-16", id="utf-16 with BOM"),
        pytest.param(GOOD_TEXT.encode("utf-16-le"), "UTF-16", id="utf-16 without BOM"),
        pytest.param(GOOD_TEXT.encode("latin-1"), "not UTF-8 encoded text: line 2", id="latin-1"),
        pytest.param(GOOD_TEXT.encode("cp1252"), "CSV UTF-8", id="windows-1252"),
        pytest.param(b"", "The file is empty", id="zero bytes"),
        pytest.param(b"\n\n  \n", "The file is empty", id="whitespace only"),
        pytest.param(b"Learner Ref,Forename,Surname\n", "no data rows (0 rows)", id="header only"),
        pytest.param(b"Learner Ref,Forename,Surname\n,,\n\n", "(0 rows)", id="blank rows only"),
        pytest.param(b"PK\x03\x04\x14\x00\x06\x00rest", "Excel workbook", id="xlsx"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3", "PDF", id="pdf"),
        pytest.param(b"mis_id,first\x00name\nL1,x\x00y\n", "binary data", id="NUL bytes"),
        pytest.param(
            b"\n\nmis_id,first_name,last_name\n", "must be the header row", id="blank first"
        ),
    ],
)
def test_malformed_file_gets_a_specific_message(run_import, provider, data, expected):
    message = _only_file_error(run_import(data), provider)
    assert expected in message


def test_encoding_errors_suggest_saving_as_csv_utf8(run_import, provider):
    for encoding in ("utf-16", "latin-1"):
        message = _only_file_error(run_import(GOOD_TEXT.encode(encoding)), provider)
        assert '"CSV UTF-8 (Comma delimited)"' in message


def test_utf8_with_and_without_bom_is_accepted(run_import, provider):
    assert run_import(GOOD_TEXT.encode("utf-8-sig")).ok
    assert run_import(GOOD_TEXT.encode("utf-8")).unchanged == 1
    person = Person.objects.for_provider(provider).get()
    assert (person.mis_id, person.first_name, person.last_name) == ("L1", "Zoë", "Brontë")


def test_missing_required_columns_are_named(run_import, provider):
    data = make_csv(["Forename", "Course"], [["A", "B"]])
    message = _only_file_error(run_import(data), provider)
    assert "Required column(s) missing: mis_id (MIS id), last_name (Last name)" in message
    assert "'Forename', 'Course'" in message


def test_mapping_to_a_header_not_in_the_file_is_refused(run_import, provider):
    data = make_csv(LEARNER_HEADER, learner_rows(1))
    report = run_import(data, mapping={"mis_id": "Student Number", "course": "Programme"})
    message = _only_file_error(report, provider)
    assert "'Student Number' for mis_id" in message
    assert "'Programme' for course" in message
    assert "Columns in the file: 'Learner Ref'" in message


def test_mapping_with_unknown_or_wrong_kind_fields_is_refused(run_import, provider):
    data = make_csv(LEARNER_HEADER, learner_rows(1))
    report = run_import(data, mapping={"shoe_size": "Course", "job_title": "Course"})
    message = _only_file_error(report, provider)
    assert "unknown field(s): shoe_size" in message
    assert "job_title applies to staff only" in message


def test_a_mapped_header_that_appears_twice_is_refused(run_import, provider):
    data = b"mis_id,first_name,last_name,last_name\nL1,A,B,C\n"
    assert "appears more than once" in _only_file_error(run_import(data), provider)


def test_a_broken_csv_structure_is_refused(run_import, provider):
    data = b'mis_id,first_name,last_name\nL1,"' + b"x" * 200_000 + b'",B\n'
    assert "not a valid CSV file" in _only_file_error(run_import(data), provider)


class _SparseFile(io.RawIOBase):
    """A seekable file of ``size`` bytes that records whether anyone read it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.position = 0
        self.reads = 0

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        self.position = {0: offset, 1: self.position + offset, 2: self.size + offset}[whence]
        return self.position

    def tell(self) -> int:
        return self.position

    def read(self, size: int = -1) -> bytes:
        self.reads += 1
        return b"a" * min(size if size >= 0 else self.size, 1024)


def test_50_mb_file_is_refused_before_it_is_read(run_import, provider):
    upload = _SparseFile(50 * 1024 * 1024)
    message = _only_file_error(run_import(upload), provider)
    assert "file is too large (50.0 MB); the limit is 20 MB" in message
    assert upload.reads == 0


def test_50_mb_file_on_disk_is_refused(run_import, provider, tmp_path):
    path = tmp_path / "big.csv"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: costs no disk space or time
    with path.open("rb") as handle:
        message = _only_file_error(run_import(handle), provider)
    assert "(50.0 MB); the limit is 20 MB" in message


def test_size_limit_follows_the_setting(run_import, provider, settings):
    settings.PEOPLE_IMPORT_MAX_BYTES = 1024
    message = _only_file_error(run_import(make_csv(LEARNER_HEADER, learner_rows(40))), provider)
    assert "file is too large (2.3 KB); the limit is 1 KB" in message
