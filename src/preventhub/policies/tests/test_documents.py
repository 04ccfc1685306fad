"""Reading policy documents for Prevent terms: PDF, Word and text; explicit references versus
the everyday verb; unreadable files are "not detected", never an error."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from preventhub.policies.documents import check_document, detect_in_text, extract_text
from preventhub.policies.tests.helpers import docx_with, pdf_with


@pytest.mark.parametrize(
    ("text", "explicit"),
    [
        ("Staff complete Prevent training every two years.", ("Prevent training", "Prevent")),
        ("Under the Prevent duty, and prevent duty guidance.", ("Prevent duty", "Prevent")),
        (
            "See the Counter-Terrorism and Security Act 2015.",
            ("Counter-Terrorism and Security Act",),
        ),
        ("The DSL refers to Channel panels when needed.", ("Channel panels",)),
        ("We follow ‘Prevent’ as part of safeguarding.", ("Prevent",)),
        ("Filters prevent access to harmful sites.", ()),
        ("Prevent harm by locking screens.", ()),
        ("Users must not view extremist material.", ()),
    ],
)
def test_explicit_references_to_the_duty(text: str, explicit: tuple[str, ...]) -> None:
    assert detect_in_text(text).explicit == explicit


def test_related_words_are_reported_but_are_not_a_reference() -> None:
    found = detect_in_text("Users must not access extremist or terrorist material, radicalisation.")
    assert found.explicit == ()
    assert found.related == ("radicalisation", "extremist", "terrorist")
    assert not found.refers_to_prevent


def test_text_is_read_from_pdf_and_word_files() -> None:
    pdf = extract_text("policy.pdf", pdf_with("Staff complete Prevent training."))
    assert pdf is not None
    assert "Prevent training" in pdf
    docx = extract_text("policy.docx", docx_with("Section 4", "The Prevent duty &amp; you"))
    assert docx == "Section 4\nThe Prevent duty & you"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("broken.pdf", b"%PDF-1.4\nthis is not really a pdf"),
        ("broken.docx", b"PK\x03\x04 not a zip at all"),
        ("empty.pdf", pdf_with("")),
    ],
)
def test_unreadable_documents_are_not_detected_and_do_not_fail(name: str, content: bytes) -> None:
    assert extract_text(name, content) is None


def test_uploads_are_checked_by_type_and_size(settings: object) -> None:
    with pytest.raises(ValidationError, match="cannot be uploaded: choose a PDF"):
        check_document(SimpleUploadedFile("policy.xlsx", b"PK\x03\x04"))
    with pytest.raises(ValidationError, match="is not really a .pdf file"):
        check_document(SimpleUploadedFile("policy.pdf", b"MZ\x90\x00" + b"\x00" * 100))
    with pytest.raises(ValidationError, match="larger than 20 MB"):
        check_document(SimpleUploadedFile("big.txt", b"a" * (20 * 1024 * 1024 + 1)))
    word = check_document(SimpleUploadedFile("policy.docx", docx_with("Hello")))
    assert word.content_type.endswith("wordprocessingml.document")
