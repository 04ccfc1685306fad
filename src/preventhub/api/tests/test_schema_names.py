"""The OpenAPI document names each schema by its class name: two schemas with one name would
silently overwrite each other there, documenting the wrong fields for one of the routes."""

from collections.abc import Iterator

from ninja import Schema

import preventhub.api.api  # noqa: F401  (imports every router and its schemas)


def _schemas(cls: type) -> Iterator[type]:
    sub: type
    for sub in cls.__subclasses__():
        yield sub
        yield from _schemas(sub)


def test_every_api_schema_has_its_own_name() -> None:
    seen: dict[str, str] = {}
    clashes = []
    for schema in _schemas(Schema):
        if not schema.__module__.startswith("preventhub."):
            continue
        where = f"{schema.__module__}.{schema.__qualname__}"
        if schema.__name__ in seen and seen[schema.__name__] != where:
            clashes.append(f"{seen[schema.__name__]} and {where}")
        seen.setdefault(schema.__name__, where)
    assert not clashes, "Schemas sharing a name in the OpenAPI document: " + "; ".join(clashes)
