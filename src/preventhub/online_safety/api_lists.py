"""Classification lists API, mounted at /api/v1/weblogs.

``POST /categories/{name}/domains`` adds domains to the category ``name`` (its key), creating
it when missing; ``POST /keywords`` adds terms to the keyword library. Both are for the IT
manager and admin, and all or nothing: one invalid item answers 422 listing every invalid item
with its reason, and nothing is written. Items already there are counted as duplicates. The
list readers (IT manager, admin, safeguarding team, senior leaders) read the categories and
keywords.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from preventhub.api.access import api_requires
from preventhub.core.models import Provider
from preventhub.online_safety.lists_schemas import (
    CategoryOut,
    DomainsIn,
    DomainsOut,
    ItemErrorsOut,
    KeywordOut,
    SeverityKey,
    TermsIn,
    TermsOut,
)
from preventhub.online_safety.lists_selectors import (
    KeywordFilter,
    categories_for_user,
    domain_counts,
    keyword_counts,
    keywords_for_user,
)
from preventhub.online_safety.lists_services import (
    LineError,
    TermEntry,
    category_for_key,
    check_domains,
    check_terms,
    clean_key,
    clean_theme,
    domains_store,
    terms_store,
)

router = Router(tags=["online safety"])


def _provider(request: HttpRequest) -> Provider:
    provider: Provider = request.provider  # type: ignore[attr-defined]
    return provider


def _item_errors(errors: list[LineError]) -> Status[dict[str, Any]]:
    items = [{"item": e.line - 1, "value": e.text, "reason": e.reason} for e in errors]
    return Status(422, {"detail": items})


@router.get("/categories", response=list[CategoryOut], summary="The provider's categories")
@api_requires("online_safety.view_lists")
def list_categories(request: HttpRequest) -> list[dict[str, Any]]:
    provider = _provider(request)
    counts = keyword_counts(provider)
    categories = list(categories_for_user(request.user, provider))
    domains = domain_counts(categories)
    return [
        {
            "id": c.pk,
            "key": c.key,
            "name": c.name,
            "severity": c.severity,
            "blocked": c.blocked,
            "is_bypass": c.is_bypass,
            "vendor_codes": c.vendor_codes or [],
            "domain_count": domains[c.pk],
            "keyword_count": counts.get(c.key, 0),
        }
        for c in categories
    ]


@router.post(
    "/categories/{name}/domains",
    response={200: DomainsOut, 422: ItemErrorsOut},
    summary="Add domains to a category (created if missing)",
    description="Every domain is checked first (lower-cased, wildcard/port/trailing dot "
    "removed, international names in punycode). Any invalid domain answers 422 listing each "
    "with its reason, and nothing is written. `severity` applies to a category this call "
    "creates; an existing category keeps its own.",
)
@api_requires("online_safety.configure_monitoring")
def add_domains(request: HttpRequest, name: str, payload: DomainsIn) -> Status[dict[str, Any]]:
    provider = _provider(request)
    key = clean_key(name)
    domains, errors, repeats = check_domains(payload.domains)
    blanks = [
        LineError(i + 1, text, "empty: enter a domain such as example.test")
        for i, text in enumerate(payload.domains)
        if not text.strip()
    ]
    if errors or blanks:
        return _item_errors(sorted([*errors, *blanks], key=lambda e: e.line))
    category, created = category_for_key(
        actor=request.user, provider=provider, key=key, severity=payload.severity
    )
    added, existing = domains_store(
        actor=request.user, category=category, domains=domains, source="API"
    )
    body = {
        "category": category.key,
        "created": created,
        "severity": category.severity,
        "added": added,
        "duplicates": existing + repeats,
    }
    return Status(200, body)


@router.get("/keywords", response=list[KeywordOut], summary="The provider's keyword library")
@api_requires("online_safety.view_lists")
def list_keywords(
    request: HttpRequest,
    theme: str = "",
    severity: SeverityKey | None = None,
) -> list[dict[str, Any]]:
    filters = KeywordFilter(theme=theme, severity=severity or "")
    return [
        {
            "id": k.pk,
            "term": k.term,
            "severity": k.severity,
            "theme": k.theme,
            "weight": k.weight,
            "source": k.source,
        }
        for k in keywords_for_user(request.user, _provider(request), filters)
    ]


@router.post(
    "/keywords",
    response={200: TermsOut, 422: ItemErrorsOut},
    summary="Add terms to the keyword library",
    description="Terms are matched as whole words or phrases in search terms and URL paths. "
    "Any invalid term answers 422 listing each with its reason, and nothing is written. "
    "A term already in the library keeps its severity and theme.",
)
@api_requires("online_safety.configure_monitoring")
def add_keywords(request: HttpRequest, payload: TermsIn) -> Status[dict[str, Any]]:
    theme = clean_theme(payload.theme)
    terms, errors, repeats = check_terms(payload.terms)
    if errors:
        return _item_errors(errors)
    entries = [TermEntry(t, payload.severity, theme) for t in terms]
    added, existing = terms_store(
        actor=request.user, provider=_provider(request), entries=entries, source="API"
    )
    return Status(200, {"added": added, "duplicates": existing + repeats})
