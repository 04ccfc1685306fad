"""List importers: UT1/squidGuard folders, hosts files, plain lists and E2Guardian phrase
lists — every unusable line reported, all or nothing per file, re-runs add nothing."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.online_safety.lists_import import (
    ListFileError,
    parse_e2guardian,
    parse_hosts,
    parse_plain,
    parse_ut1,
    split_phrase_line,
    weight_severity,
)
from preventhub.online_safety.lists_import_run import run_import, save_upload
from preventhub.online_safety.models import Category, CategoryDomain, Keyword
from preventhub.online_safety.tests.factories_lists import persona

it_manager = persona(Role.IT_MANAGER, username="it")


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def kept(issues) -> list[tuple[int, str]]:
    return [(i.line, i.reason) for i in issues.kept]


# --- parsing (no database) ----------------------------------------------------------------------


def test_plain_list_reports_each_invalid_line_with_its_reason(tmp_path):
    path = write(
        tmp_path / "list.txt",
        "# comment\n\nExample.TEST\n*.sub.example.test # inline\nbad domain.test\n"
        "example.test\nhttp://x.test/a\nbücher.test\n",
    )
    parsed = parse_plain(path)
    assert list(parsed.domains) == ["example.test", "sub.example.test", "xn--bcher-kva.test"]
    assert parsed.repeats == 1
    assert kept(parsed.errors) == [
        (5, "contains a space: one domain per line"),
        (7, "a URL or path, not a domain: enter the host alone, as in example.test"),
    ]


def test_hosts_file_takes_blocking_entries_and_skips_its_own(tmp_path):
    path = write(
        tmp_path / "hosts",
        "127.0.0.1 localhost\n::1 localhost ip6-localhost\n# block list\n"
        "0.0.0.0 ads.example.test\n127.0.0.1 tracker.example.test other.example.test\n"
        "192.168.1.10 printer.example.test\n0.0.0.0\n0.0.0.0 bad_-.test..\n",
    )
    parsed = parse_hosts(path)
    assert list(parsed.domains) == [
        "ads.example.test", "tracker.example.test", "other.example.test",
    ]  # fmt: skip
    assert [line for line, _ in kept(parsed.skipped)] == [1, 2, 2, 6]
    assert "points to 192.168.1.10" in parsed.skipped.kept[-1].reason
    assert [line for line, _ in kept(parsed.errors)] == [7, 8]


def test_ut1_folder_uses_domains_and_bare_url_hosts_and_reports_the_rest(tmp_path):
    folder = tmp_path / "agressif"
    write(folder / "domains", "extreme-example.test\n1.2.3.4\n")
    write(folder / "urls", "other-example.test/\nforum.example.test/thread/12\nhttps://x.test\n")
    write(folder / "expressions", "(bomb|blast)-example\n")
    parsed = parse_ut1(folder)
    assert list(parsed.domains) == [
        "extreme-example.test", "1.2.3.4", "other-example.test", "x.test",
    ]  # fmt: skip
    reasons = [issue.reason for issue in parsed.skipped.kept]
    assert "a URL with a path" in reasons[0]
    assert "a regular expression" in reasons[1]
    assert parsed.errors.count == 0
    assert parsed.files == ["domains", "agressif/urls", "agressif/expressions"]


def test_a_folder_without_lists_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(ListFileError, match="no domains or urls file"):
        parse_ut1(tmp_path / "empty")


@pytest.mark.parametrize(
    ("line", "phrases", "weight"),
    [
        ("<gun>", ["gun"], None),
        ("< example phrase ><50>", [" example phrase "], 50),
        ("<a>,<b><30>", ["a", "b"], 30),
        ("<good phrase><-20>", ["good phrase"], -20),
        ("<a><40> # comment", ["a"], 40),
    ],
)
def test_phrase_lines_are_split_into_phrases_and_weight(line, phrases, weight):
    assert split_phrase_line(line) == (phrases, weight)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("gun", "not a phrase line"),
        ("<a><x>", "not a whole number"),
        ("<a> trailing", "after the last"),
        ("<a> and <b><10>", "between the"),
    ],
)
def test_bad_phrase_lines_are_refused(line, reason):
    with pytest.raises(ValueError, match=reason):
        split_phrase_line(line)


def test_weights_map_to_severities():
    assert [weight_severity(w, "high") for w in (None, 5, 20, 50, 100)] == [
        "high", "low", "medium", "high", "critical",
    ]  # fmt: skip


def test_e2guardian_list_follows_includes_and_reports_combinations(tmp_path):
    write(tmp_path / "lists" / "extra", "<example weapon phrase><100>\n<example phrase><10>\n")
    main = write(
        tmp_path / "lists" / "weighted",
        '#listcategory: "Example"\n< example phrase ><40>\n<a>,<b><30>\n<good phrase><-10>\n'
        ".Include<extra>\n<x><5>\n",
    )
    parsed = parse_e2guardian(main, theme="weapons-example")
    terms = {t.term: (t.severity, t.weight, t.theme) for t in parsed.terms.values()}
    assert terms == {
        "example phrase": ("medium", 40, "weapons-example"),
        "example weapon phrase": ("critical", 100, "weapons-example"),
    }
    assert parsed.repeats == 1
    assert [i.line for i in parsed.skipped.kept] == [3, 4]
    assert kept(parsed.errors) == [
        (6, "the phrase is too short: a term needs at least 2 characters")
    ]


def test_include_loops_and_missing_includes_are_errors(tmp_path):
    write(tmp_path / "a", "<alpha phrase>\n.Include<b>\n")
    write(tmp_path / "b", "<bravo phrase>\n.Include<a>\n.Include<missing>\n")
    parsed = parse_e2guardian(tmp_path / "a")
    reasons = [i.reason for i in parsed.errors.kept]
    assert reasons == ["an include loop: a → b → a", "the included file missing was not found"]


def test_uploaded_lists_may_not_include_files_outside_themselves(tmp_path):
    write(tmp_path / "secret", "<secret phrase>\n")
    root = tmp_path / "upload"
    main = write(root / "main", ".Include</etc/passwd>\n.Include<../secret>\n<fine phrase>\n")
    parsed = parse_e2guardian(main, root=root)
    assert [i.reason for i in parsed.errors.kept] == [
        "an absolute path outside the uploaded files",
        "a path outside the uploaded files",
    ]


def test_encodings_binary_and_long_lines(tmp_path):
    latin = write(tmp_path / "latin.txt", "caf\xe9.test\n".encode("latin-1"))
    parsed = parse_plain(latin)
    assert "not utf-8 text" in parsed.errors.kept[0].reason
    assert list(parse_plain(latin, "windows-1252").domains) == ["xn--caf-dma.test"]
    utf16 = write(tmp_path / "u16.txt", "\ufeffexample.test\n".encode("utf-16-le"))
    assert list(parse_plain(utf16).domains) == ["example.test"]
    with pytest.raises(ListFileError, match="binary"):
        parse_plain(write(tmp_path / "bin", b"\x7fELF\x00\x01\x02"))
    with pytest.raises(ListFileError, match="empty"):
        parse_plain(write(tmp_path / "empty.txt", "\n\n"))
    long = parse_plain(write(tmp_path / "long.txt", "a" * 10_000 + ".test\nok.test\n"))
    assert "the limit is 4,096" in long.errors.kept[0].reason
    assert list(long.domains) == ["ok.test"]


def test_a_huge_list_counts_every_error_but_keeps_a_sample(tmp_path):
    path = write(tmp_path / "bad.txt", "bad domain.test\n" * 2_000)
    parsed = parse_plain(path)
    assert parsed.errors.count == 2_000
    assert len(parsed.errors.kept) == 500


# --- importing (database) -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_file_with_any_error_writes_nothing(tmp_path, provider):
    path = write(tmp_path / "list.txt", "good.example.test\nbad domain\n")
    outcome = run_import(
        actor=None, provider=provider, fmt="plain", path=path, category_key="extremism"
    )
    assert outcome.refused
    assert not outcome.written
    assert not Category.objects.for_provider(provider).exists()
    assert not CategoryDomain.objects.exists()


@pytest.mark.django_db
def test_dry_run_then_import_then_rerun_adds_nothing(tmp_path, provider, it_manager):
    path = write(tmp_path / "list.txt", "one.example.test\ntwo.example.test\none.example.test\n")
    common = {"actor": it_manager, "provider": provider, "fmt": "plain", "path": path}
    dry = run_import(**common, category_key="weapons", dry_run=True)
    assert (dry.added, dry.duplicates, dry.written) == (2, 1, False)
    assert not Category.objects.for_provider(provider).exists()
    first = run_import(**common, category_key="weapons", severity="medium")
    assert (first.added, first.duplicates, first.category_created) == (2, 1, True)
    assert first.category.severity == "medium"
    again = run_import(**common, category_key="weapons")
    assert (again.added, again.duplicates) == (0, 3)
    assert CategoryDomain.objects.filter(category=first.category).count() == 2
    event = AuditEvent.objects.filter(object_id=str(first.category.pk)).order_by("id").last()
    assert event.detail["format"] == "plain"


@pytest.mark.django_db
def test_phrase_lists_go_to_the_keyword_library(tmp_path, provider):
    path = write(tmp_path / "weighted", "<example phrase><60>\n<a>,<b><10>\n")
    outcome = run_import(
        actor=None, provider=provider, fmt="e2guardian", path=path, category_key="weapons"
    )
    assert (outcome.written, outcome.added) == (True, 1)
    keyword = Keyword.objects.for_provider(provider).get()
    assert (keyword.term, keyword.severity, keyword.theme, keyword.weight) == (
        "example phrase", "high", "weapons", 60,
    )  # fmt: skip
    assert not Category.objects.for_provider(provider).exists()


@pytest.mark.django_db
def test_a_list_with_nothing_usable_is_an_error(tmp_path, provider):
    path = write(tmp_path / "hosts", "127.0.0.1 localhost\n")
    outcome = run_import(actor=None, provider=provider, fmt="hosts", path=path, category_key="x1")
    assert outcome.refused
    assert "holds no domains" in outcome.parsed.errors.kept[0].reason


def _tar(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@pytest.mark.django_db
def test_an_uploaded_ut1_archive_is_unpacked_and_its_folder_chosen(tmp_path, provider):
    data = _tar(
        {"blacklists/vpn/domains": "vpn-example.test\n", "blacklists/adult/domains": "a.test\n"}
    )
    folder = save_upload([data], "blacklists.tar.gz", tmp_path)
    with pytest.raises(ListFileError, match="Several category folders"):
        run_import(actor=None, provider=provider, fmt="ut1", path=folder, category_key="proxy")
    outcome = run_import(
        actor=None, provider=provider, fmt="ut1", path=folder, category_key="proxy", entry="vpn"
    )
    assert outcome.added == 1


def test_archives_with_paths_outside_or_links_are_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../evil", "x.test\n")
    with pytest.raises(ValidationError, match="outside its folder"):
        save_upload([buffer.getvalue()], "lists.zip", tmp_path)
    link = io.BytesIO()
    with tarfile.open(fileobj=link, mode="w") as tar:
        info = tarfile.TarInfo("domains")
        info.type = tarfile.SYMTYPE
        info.linkname = "/etc/passwd"
        tar.addfile(info)
    (tmp_path / "two").mkdir()
    with pytest.raises(ValidationError, match="links or devices"):
        save_upload([link.getvalue()], "lists.tar", tmp_path / "two")
    (tmp_path / "three").mkdir()
    with pytest.raises(ValidationError, match="not a readable archive"):
        save_upload([b"not a zip"], "lists.zip", tmp_path / "three")


def test_an_upload_over_the_limit_is_refused(tmp_path, settings):
    settings.WEBLIST_UPLOAD_MAX_BYTES = 1_000
    with pytest.raises(ValidationError, match="larger than"):
        save_upload([b"a.test\n" * 200], "big.txt", tmp_path)


# --- the command ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_imports_and_reports(tmp_path, provider, capsys):
    path = write(tmp_path / "hosts", "0.0.0.0 one.example.test\n10.0.0.1 lan.example.test\n")
    call_command(
        "import_weblist", str(path), provider=provider.slug, category="proxy-avoidance",
        format="hosts",
    )  # fmt: skip
    out = capsys.readouterr().out
    assert "skipped hosts:2: points to 10.0.0.1" in out
    assert "Imported (category created)" in out
    assert "1 added" in out


@pytest.mark.django_db
def test_the_command_fails_on_errors_and_unknown_providers(tmp_path, provider):
    path = write(tmp_path / "list.txt", "bad domain\n")
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command(
            "import_weblist", str(path), provider=provider.slug, category="x", format="plain"
        )
    with pytest.raises(CommandError, match="No provider"):
        call_command("import_weblist", str(path), provider="nope", category="x", format="plain")
    with pytest.raises(CommandError, match="No such file"):
        call_command(
            "import_weblist", str(tmp_path / "missing"), provider=provider.slug, category="x",
            format="plain",
        )  # fmt: skip
    with pytest.raises(CommandError, match="binary"):
        call_command(
            "import_weblist", str(write(tmp_path / "b", b"\x00\x01")), provider=provider.slug,
            category="x", format="plain",
        )  # fmt: skip
    assert not Category.objects.for_provider(provider).exists()
