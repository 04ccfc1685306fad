"""Reading the list formats web filters already use, into domains or keywords, with every line
that cannot be used reported — never silently dropped.

- ``plain``: one domain per line; ``#`` comments.
- ``hosts``: ``0.0.0.0 domain`` / ``127.0.0.1 domain`` (several names per line allowed);
  the file's own entries (localhost, broadcasthost) and redirects elsewhere are skipped.
- ``ut1``: a UT1/squidGuard category folder: ``domains`` (one per line), ``urls`` (``host/path``:
  a bare host becomes a domain, a path cannot be matched by a domain list and is skipped) and
  ``expressions`` (regular expressions: reported, not used).
- ``e2guardian``: E2Guardian/DansGuardian phrase lists, ``< phrase ><weight>`` (weighted) or
  ``<phrase>`` (banned); ``<a>,<b>`` combinations are skipped as unsupported;
  ``.Include</path>`` is followed relative to the including file, and loops are refused.

Two kinds of report: an *error* is a line that is wrong (an invalid domain, bad encoding, a
missing include) and stops the import of the file — nothing is written; a *skip* is a line the
format allows but the lists cannot use (a URL path, a regular expression, a combination), listed
so the IT manager sees what was left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models

from preventhub.online_safety.choices import Severity
from preventhub.online_safety.domains import normalise_domain
from preventhub.online_safety.lists_services import TermEntry, clean_term

MAX_LINE = 4_096
MAX_INCLUDE_DEPTH = 10
KEPT_PER_KIND = 500  # a report lists this many lines of each kind and counts the rest
# The common case, already in list form: skips the full normalisation (10x faster on 1M lines).
_SIMPLE = re.compile(r"(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]")
# The addresses hosts-file block lists point names at (not a bind address).
_SINKS = frozenset({"0.0.0.0", "127.0.0.1", "::", "::1", "::0", "0"})  # noqa: S104
_HOSTS_OWN = frozenset(
    {"localhost", "localhost.localdomain", "local", "broadcasthost", "ip6-localhost",
     "ip6-loopback", "ip6-localnet", "ip6-mcastprefix", "ip6-allnodes", "ip6-allrouters",
     "ip6-allhosts"}
)  # fmt: skip
_PHRASE = re.compile(r"<([^<>]*)>")
_INCLUDE = re.compile(r"^\.include\s*<([^<>]+)>\s*$", re.IGNORECASE)
UT1_FILES = ("domains", "urls", "expressions")


class ListFormat(models.TextChoices):
    PLAIN = "plain", "Plain list of domains"
    HOSTS = "hosts", "Hosts file (0.0.0.0 domain)"
    UT1 = "ut1", "UT1 / squidGuard category folder"
    E2GUARDIAN = "e2guardian", "E2Guardian / DansGuardian phrase list"


@dataclass(frozen=True)
class Issue:
    file: str
    line: int
    text: str
    reason: str


@dataclass
class Issues:
    """Lines of one kind (errors or skips): the first ``KEPT_PER_KIND`` kept, all counted."""

    kept: list[Issue] = field(default_factory=list)
    count: int = 0

    def add(self, file: str, line: int, text: str, reason: str) -> None:
        self.count += 1
        if len(self.kept) < KEPT_PER_KIND:
            self.kept.append(Issue(file, line, text.strip()[:200], reason))


@dataclass
class ParsedList:
    """What a list file (or folder) holds: unique domains or terms, and the report."""

    format: str
    files: list[str] = field(default_factory=list)
    lines: int = 0
    domains: dict[str, None] = field(default_factory=dict)  # ordered set
    terms: dict[str, TermEntry] = field(default_factory=dict)
    repeats: int = 0
    errors: Issues = field(default_factory=Issues)
    skipped: Issues = field(default_factory=Issues)

    @property
    def entries(self) -> int:
        return len(self.domains) + len(self.terms)

    def add_domain(self, domain: str) -> None:
        if domain in self.domains:
            self.repeats += 1
        else:
            self.domains[domain] = None


class ListFileError(ValueError):
    """The file as a whole cannot be read (binary, empty, not found, not a UT1 folder)."""


# --- reading lines ------------------------------------------------------------------------------


def read_lines(path: Path, encoding: str, parsed: ParsedList) -> Iterator[tuple[int, str]]:
    """Each line of ``path`` decoded (numbered from 1). A line that is not valid in
    ``encoding`` or is too long is an error; a binary file is refused whole."""
    data = path.read_bytes()
    name = _name(path, parsed)
    parsed.files.append(name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data.decode("utf-16").encode("utf-8")
        encoding = "utf-8"
    elif data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:65_536]:
        raise ListFileError(f"{name} is a binary file, not a text list.")
    pieces = data.split(b"\n")
    if pieces and not pieces[-1]:
        pieces.pop()  # the newline that ends the last line
    for number, raw in enumerate(pieces, start=1):
        parsed.lines += 1
        raw = raw.rstrip(b"\r")
        if len(raw) > MAX_LINE:
            parsed.errors.add(name, number, raw[:80].decode(encoding, "replace"), _too_long(raw))
            continue
        try:
            yield number, raw.decode(encoding)
        except UnicodeDecodeError:
            text = raw.decode(encoding, "replace")
            reason = f"not {encoding} text: choose the file's encoding (e.g. windows-1252)"
            parsed.errors.add(name, number, text, reason)
    if not data.strip():
        raise ListFileError(f"{name} is empty.")


def _too_long(raw: bytes) -> str:
    return f"a line of {len(raw):,} bytes: the limit is {MAX_LINE:,}"


def _name(path: Path, parsed: ParsedList) -> str:
    return path.name if not parsed.files else f"{path.parent.name}/{path.name}"


def _content(text: str) -> str:
    """The line without its comment and surrounding space."""
    return text.split("#", 1)[0].strip()


def _domain(text: str) -> str:
    if len(text) <= 253 and _SIMPLE.fullmatch(text):
        return text
    return normalise_domain(text)


# --- formats ------------------------------------------------------------------------------------


def parse_plain(
    path: Path, encoding: str = "utf-8", parsed: ParsedList | None = None
) -> ParsedList:
    parsed = parsed or ParsedList(format=ListFormat.PLAIN)
    for number, text in read_lines(path, encoding, parsed):
        content = _content(text)
        if not content:
            continue
        try:
            parsed.add_domain(_domain(content))
        except ValueError as exc:
            parsed.errors.add(parsed.files[-1], number, text, str(exc))
    return parsed


def parse_hosts(path: Path, encoding: str = "utf-8") -> ParsedList:
    parsed = ParsedList(format=ListFormat.HOSTS)
    for number, text in read_lines(path, encoding, parsed):
        content = _content(text)
        if not content:
            continue
        _hosts_line(parsed, number, text, content.split())
    return parsed


def _hosts_line(parsed: ParsedList, number: int, text: str, fields: list[str]) -> None:
    name = parsed.files[-1]
    if len(fields) < 2:
        parsed.errors.add(name, number, text, "not a hosts line: expected an address, a domain")
        return
    address, names = fields[0], fields[1:]
    if address not in _SINKS:
        parsed.skipped.add(name, number, text, f"points to {address}, not a blocking address")
        return
    for host in names:
        if host.lower() in _HOSTS_OWN:
            parsed.skipped.add(name, number, text, f"{host}: the hosts file's own entry")
            continue
        try:
            parsed.add_domain(_domain(host))
        except ValueError as exc:
            parsed.errors.add(name, number, text, f"{host}: {exc}")


def parse_ut1(folder: Path, encoding: str = "utf-8") -> ParsedList:
    """A UT1/squidGuard category folder holding ``domains`` and optionally ``urls`` and
    ``expressions``."""
    if not (folder / "domains").is_file() and not (folder / "urls").is_file():
        raise ListFileError(
            f"{folder.name} has no domains or urls file: choose a UT1 category folder."
        )
    parsed = ParsedList(format=ListFormat.UT1)
    if (folder / "domains").is_file():
        parse_plain(folder / "domains", encoding, parsed)
    if (folder / "urls").is_file():
        _ut1_urls(folder / "urls", encoding, parsed)
    if (folder / "expressions").is_file():
        for number, text in read_lines(folder / "expressions", encoding, parsed):
            if _content(text):
                reason = "a regular expression: not used (add its words to the keyword library)"
                parsed.skipped.add(parsed.files[-1], number, text, reason)
    return parsed


def _ut1_urls(path: Path, encoding: str, parsed: ParsedList) -> None:
    for number, text in read_lines(path, encoding, parsed):
        content = _content(text)
        if not content:
            continue
        host, _, rest = content.removeprefix("http://").removeprefix("https://").partition("/")
        if rest.strip("/"):
            reason = "a URL with a path: the lists match whole domains, so it is not used"
            parsed.skipped.add(parsed.files[-1], number, text, reason)
            continue
        try:
            parsed.add_domain(_domain(host))
        except ValueError as exc:
            parsed.errors.add(parsed.files[-1], number, text, str(exc))


# --- E2Guardian phrase lists --------------------------------------------------------------------


def weight_severity(weight: int | None, default: str) -> str:
    """E2Guardian weights to severities: a banned phrase (no weight) takes ``default``."""
    if weight is None:
        return default
    if weight >= 100:
        return Severity.CRITICAL
    if weight >= 50:
        return Severity.HIGH
    if weight >= 20:
        return Severity.MEDIUM
    return Severity.LOW


def parse_e2guardian(
    path: Path,
    encoding: str = "utf-8",
    *,
    theme: str = "keywords",
    severity: str | None = None,
    root: Path | None = None,
) -> ParsedList:
    """A phrase list and the lists it includes. ``severity`` overrides the weights; ``root``
    (an unpacked upload) confines includes to it."""
    parsed = ParsedList(format=ListFormat.E2GUARDIAN)
    _phrase_file(path.resolve(), encoding, parsed, _Context(theme, severity, root, []))
    return parsed


@dataclass
class _Context:
    theme: str
    severity: str | None
    root: Path | None
    stack: list[Path]
    seen: set[Path] = field(default_factory=set)


def _phrase_file(path: Path, encoding: str, parsed: ParsedList, ctx: _Context) -> None:
    ctx.stack.append(path)
    ctx.seen.add(path)
    for number, text in read_lines(path, encoding, parsed):
        content = text.strip()
        if not content or content.startswith("#"):
            continue
        include = _INCLUDE.match(content)
        if include:
            _include(path, number, text, include.group(1).strip(), encoding, parsed, ctx)
        else:
            _phrase_line(parsed, parsed.files[-1] if parsed.files else path.name, number, text, ctx)
    ctx.stack.pop()


def _include(
    path: Path,
    number: int,
    text: str,
    target: str,
    encoding: str,
    parsed: ParsedList,
    ctx: _Context,
) -> None:
    name = path.name
    included = Path(target)
    if not included.is_absolute():
        included = path.parent / included
    elif ctx.root is not None:
        parsed.errors.add(name, number, text, "an absolute path outside the uploaded files")
        return
    included = included.resolve()
    if ctx.root is not None and not included.is_relative_to(ctx.root.resolve()):
        parsed.errors.add(name, number, text, "a path outside the uploaded files")
        return
    if included in ctx.stack:
        chain = " → ".join(p.name for p in [*ctx.stack[ctx.stack.index(included) :], included])
        parsed.errors.add(name, number, text, f"an include loop: {chain}")
        return
    if len(ctx.stack) >= MAX_INCLUDE_DEPTH:
        parsed.errors.add(name, number, text, f"includes nested over {MAX_INCLUDE_DEPTH} deep")
        return
    if included in ctx.seen:
        return  # already read through another include: its phrases are in
    if not included.is_file():
        parsed.errors.add(name, number, text, f"the included file {target} was not found")
        return
    try:
        _phrase_file(included, encoding, parsed, ctx)
    except ListFileError as exc:
        parsed.errors.add(name, number, text, str(exc))


def _phrase_line(parsed: ParsedList, name: str, number: int, text: str, ctx: _Context) -> None:
    try:
        phrases, weight = split_phrase_line(text)
    except ValueError as exc:
        parsed.errors.add(name, number, text, str(exc))
        return
    if len(phrases) > 1:
        reason = "a combination of phrases (all must appear): not supported, add each phrase"
        parsed.skipped.add(name, number, text, reason)
        return
    if weight is not None and weight <= 0:
        reason = f"weight {weight}: a good phrase that lowers the score, not a keyword"
        parsed.skipped.add(name, number, text, reason)
        return
    try:
        term = clean_term(phrases[0])
    except ValueError as exc:
        parsed.errors.add(name, number, text, f"the phrase is {exc}")
        return
    if term in parsed.terms:
        parsed.repeats += 1
        return
    severity = ctx.severity or weight_severity(weight, Severity.HIGH)
    parsed.terms[term] = TermEntry(term, severity, ctx.theme, weight)


def split_phrase_line(text: str) -> tuple[list[str], int | None]:
    """``< a >,< b ><50>`` → (["a", "b"], 50); ``<a>`` → (["a"], None). Only commas may stand
    between the brackets, and only a ``#`` comment after them."""
    content = text.strip()
    groups = list(_PHRASE.finditer(content))
    if not groups or groups[0].start() != 0:
        raise ValueError("not a phrase line: expected < phrase ><weight> or <phrase>")
    separators = [content[a.end() : b.start()] for a, b in zip(groups, groups[1:], strict=False)]
    tail = content[groups[-1].end() :].strip()
    if tail and not tail.startswith("#"):
        raise ValueError("text after the last > bracket")
    if any(sep.strip() not in ("", ",") for sep in separators):
        raise ValueError("text between the < > brackets (only commas may join phrases)")
    phrases = [g.group(1) for g in groups]
    weight = None
    if len(groups) > 1 and separators[-1].strip() == "":
        number = phrases[-1].strip()
        if re.fullmatch(r"[-+]?\d{1,6}", number) is None:
            raise ValueError(f"the weight <{number}> is not a whole number")
        weight = int(number)
        phrases.pop()
    return phrases, weight
