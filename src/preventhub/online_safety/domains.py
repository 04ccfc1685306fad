"""One normal form for the domains in category lists, so that a list entry and a log's host
compare as plain strings: lower-case, no trailing dot, port or leading wildcard, and non-ASCII
names in IDNA (punycode) form. A domain matches itself and its subdomains at label boundaries,
so ``*.example.test`` and ``.example.test`` both mean ``example.test``.

``normalise_domain`` raises ``ValueError`` with a reason a person can act on; importers and the
API report that reason against the line or item.
"""

from __future__ import annotations

import ipaddress
import re

import idna

MAX_DOMAIN = 253
MAX_LABEL = 63
# Letters, digits, hyphens; underscores too, because real block lists carry service names
# such as "_dmarc.example.test" or "cdn_1.example.test" and refusing them fails whole files.
_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")
_PORT = re.compile(r":(\d{1,5})$")
# Full-width and ideographic dots that IDNA treats as label separators.
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


def normalise_domain(text: str) -> str:
    """The list form of ``text`` (e.g. ``"*.Bücher.Example.TEST:443."`` → ``"xn--bcher-kva.
    example.test"``), or ``ValueError`` saying why it is not a domain."""
    value = str(text).strip().translate(_DOTS)
    if not value:
        raise ValueError("empty: enter a domain such as example.test")
    _refuse_shapes(value)
    value = _strip_port(value.lower().removesuffix("."))
    if value.startswith("*."):
        value = value[2:]
    elif value.startswith("."):
        value = value[1:]
    if "*" in value:
        raise ValueError("a wildcard is only allowed at the start, as in *.example.test")
    if value.endswith("."):
        value = value[:-1]
    if _is_ipv4(value):
        return value
    domain = ".".join(_label(part) for part in value.split("."))
    if len(domain) > MAX_DOMAIN:
        raise ValueError(f"too long: {len(domain)} characters, the limit is {MAX_DOMAIN}")
    if "." not in domain:
        raise ValueError("a single name, not a domain: add its suffix, as in example.test")
    if domain.rsplit(".", 1)[1].isdigit():
        raise ValueError("the last label is all digits: not a domain or an IPv4 address")
    return domain


def _refuse_shapes(value: str) -> None:
    """Things people paste that are not a bare host, each with its own reason."""
    if "://" in value or "/" in value:
        raise ValueError("a URL or path, not a domain: enter the host alone, as in example.test")
    if any(ch.isspace() for ch in value):
        raise ValueError("contains a space: one domain per line")
    if "@" in value:
        raise ValueError("an e-mail address or user name, not a domain")
    if value.startswith("["):
        raise ValueError("an IPv6 address: the lists hold domains and IPv4 addresses only")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise ValueError("contains a control character")


def _strip_port(value: str) -> str:
    match = _PORT.search(value)
    if match is None:
        if value.count(":") > 1 and _is_ipv6(value):
            raise ValueError("an IPv6 address: the lists hold domains and IPv4 addresses only")
        if ":" in value:
            raise ValueError("a colon that is not a port number (:8080)")
        return value
    if value.count(":") > 1:
        raise ValueError("an IPv6 address: the lists hold domains and IPv4 addresses only")
    if not 0 < int(match.group(1)) <= 65535:
        raise ValueError(f"port {match.group(1)} is out of range")
    return value[: match.start()]


def _label(part: str) -> str:
    if not part:
        raise ValueError("an empty label (two dots together, or a leading dot)")
    if not part.isascii():
        part = _to_punycode(part)
    elif part.startswith("xn--"):
        _check_punycode(part)
    if len(part) > MAX_LABEL:
        raise ValueError(f"a label is {len(part)} characters long; the limit is {MAX_LABEL}")
    if _LABEL.fullmatch(part) is None:
        if part.startswith("-") or part.endswith("-"):
            raise ValueError(f"the label {part!r} starts or ends with a hyphen")
        raise ValueError(f"the label {part!r} has characters a domain cannot have")
    return part


def _to_punycode(part: str) -> str:
    try:
        return idna.encode(part, uts46=True).decode("ascii")
    except idna.IDNAError as exc:
        raise ValueError(f"not a valid international name ({exc})") from exc


def _check_punycode(part: str) -> None:
    try:
        idna.decode(part)
    except idna.IDNAError as exc:
        raise ValueError(f"the label {part!r} is not valid punycode") from exc


def _is_ipv4(value: str) -> bool:
    if not value.replace(".", "").isdigit():
        return False
    try:
        ipaddress.IPv4Address(value)
    except ValueError as exc:
        raise ValueError("looks like an IPv4 address but is not a valid one") from exc
    return True


def _is_ipv6(value: str) -> bool:
    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        return False
    return True


def display_domain(domain: str) -> str:
    """A stored domain as a person reads it (punycode labels shown in Unicode)."""
    if "xn--" not in domain:
        return domain
    try:
        return idna.decode(domain)
    except idna.IDNAError:
        return domain
