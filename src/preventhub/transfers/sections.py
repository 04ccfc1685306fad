"""Extension point of the safeguarding file: modules add their own records to a transfer.

The concerns and their chronology are always in the file. Another module (the Prevent referral
and Channel records, for example) registers a *section*: a function that exports its records
about the person as JSON-able data, and one that imports them at the receiving provider.

    from preventhub.transfers.sections import Section, register_section

    register_section(
        Section(
            name="referrals",           # the key under "sections" in manifest.json
            label="Prevent referrals and Channel",
            export=export_referrals,    # (person, concerns) -> dict
            import_=import_referrals,   # (provider, person, concern_map, data, actor) -> None
        )
    )

Call ``register_section`` from the module's ``AppConfig.ready()``.

- ``export(person, concerns)`` receives the sending provider's Person and the list of Concerns
  that go in the file; it returns a dict that ``json.dumps`` can write (strings, numbers,
  booleans, None, lists and dicts; dates and times as ISO 8601 strings). Refer to a concern by
  ``str(concern.pk)``: that is the concern's ``id`` in the manifest. Return ``{}`` when the
  module holds nothing about the person; an empty section is left out of the file.
- ``import_(provider, person, concern_map, data, actor)`` runs inside the acceptance's
  transaction at the receiving provider: ``person`` is the receiver's Person, ``concern_map``
  maps each sending concern id (a string) to the receiver's new Concern, ``data`` is what
  ``export`` returned. Write through your services (they audit). Raise
  ``django.core.exceptions.ValidationError`` with a clear message for data you cannot accept:
  the whole acceptance is then rolled back and nothing is changed.
- ``validate(data)`` (optional) is called when a file is received, before anything is held, so
  a malformed section is refused at once rather than at acceptance.
- ``describe(data)`` (optional) returns short, non-sensitive lines for the receiver's review
  page (e.g. "1 Prevent referral, 1 Channel record").

A received file holding a section that this installation has not registered is refused (its
data would otherwise be lost silently).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

ExportFn = Callable[[Any, Sequence[Any]], dict[str, Any]]
ImportFn = Callable[[Any, Any, Mapping[str, Any], dict[str, Any], Any], None]

SECTION_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def _no_validation(data: dict[str, Any]) -> None:
    return None


def _no_description(data: dict[str, Any]) -> list[str]:
    return []


@dataclass(frozen=True)
class Section:
    name: str
    label: str
    export: ExportFn
    import_: ImportFn
    validate: Callable[[dict[str, Any]], None] = field(default=_no_validation)
    describe: Callable[[dict[str, Any]], list[str]] = field(default=_no_description)


_SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    """Add (or replace, by name) a section of the safeguarding file."""
    if not SECTION_NAME.match(section.name):
        raise ValueError(
            f"Section name {section.name!r} must be lower-case letters, digits and underscores."
        )
    _SECTIONS[section.name] = section


def unregister_section(name: str) -> None:
    """Remove a section (tests use this to clean up)."""
    _SECTIONS.pop(name, None)


def registered_sections() -> list[Section]:
    return [_SECTIONS[name] for name in sorted(_SECTIONS)]


def get_section(name: str) -> Section | None:
    return _SECTIONS.get(name)
