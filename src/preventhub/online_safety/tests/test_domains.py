"""Domain normalisation: the one form list entries and log hosts share."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from preventhub.online_safety.domains import display_domain, normalise_domain


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("example.test", "example.test"),
        ("  Example.TEST  ", "example.test"),
        ("example.test.", "example.test"),
        ("*.example.test", "example.test"),
        (".example.test", "example.test"),
        ("example.test:8080", "example.test"),
        ("*.Bücher.Example.TEST:443.", "xn--bcher-kva.example.test"),
        ("bücher\u3002test", "xn--bcher-kva.test"),
        ("xn--bcher-kva.test", "xn--bcher-kva.test"),
        ("ПРИМЕР.испытание", "xn--e1afmkfd.xn--80akhbyknj4f"),
        ("cdn_1.example.test", "cdn_1.example.test"),
        ("192.0.2.10", "192.0.2.10"),
    ],
)
def test_domains_are_normalised_to_one_form(text, expected):
    assert normalise_domain(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("localhost", "a single name"),
        ("https://example.test/page", "a URL or path"),
        ("example.test/page", "a URL or path"),
        ("exa mple.test", "contains a space"),
        ("user@example.test", "e-mail"),
        ("a..example.test", "empty label"),
        ("-bad.example.test", "hyphen"),
        ("bad-.example.test", "hyphen"),
        ("ex!ample.test", "characters a domain cannot have"),
        ("ex*ample.test", "wildcard"),
        ("example.*.test", "wildcard"),
        ("example.test:99999", "out of range"),
        ("example.test:http", "colon"),
        ("[2001:db8::1]", "IPv6"),
        ("2001:db8::1", "IPv6"),
        ("300.1.1.1", "IPv4"),
        ("example.123", "all digits"),
        ("xn--zz.test", "not valid punycode"),
        ("a" * 64 + ".test", "limit is 63"),
        (".".join(["abcdefghi"] * 26) + ".test", "too long"),
        ("exa\x00mple.test", "control character"),
        ("\u0378bad.test", "international name"),
    ],
)
def test_bad_domains_are_refused_with_a_reason(text, reason):
    with pytest.raises(ValueError, match=reason):
        normalise_domain(text)


def test_display_shows_punycode_in_unicode():
    assert display_domain("xn--bcher-kva.test") == "bücher.test"
    assert display_domain("example.test") == "example.test"


LABEL = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True)


@settings(max_examples=50, deadline=None)
@given(
    labels=st.lists(LABEL, min_size=1, max_size=4), tld=st.from_regex(r"[a-z]{2,6}", fullmatch=True)
)
def test_normalising_is_idempotent_and_case_blind(labels, tld):
    domain = ".".join([*labels, tld])
    once = normalise_domain(domain.upper())
    assert once == domain
    assert normalise_domain(once) == once
    assert normalise_domain(f"*.{once}.") == once


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=80))
def test_any_text_is_either_normalised_or_refused_with_a_value_error(text):
    try:
        result = normalise_domain(text)
    except ValueError as exc:
        reason = str(exc)
        assert reason
    else:
        assert result == result.lower()
        assert result.isascii()
        assert len(result) <= 253
