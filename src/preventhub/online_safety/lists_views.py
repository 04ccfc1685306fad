"""Pages for the classification lists: the categories with their counts, a category's domains
(find, add — valid lines added, invalid ones listed with the reason — and remove), adding and
editing a category, the keyword library, and importing a list file. The list readers see them;
the IT manager and admin change them."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from preventhub.core.access import requires
from preventhub.online_safety.config_views import ProviderRequest, form_errors_from
from preventhub.online_safety.domains import display_domain
from preventhub.online_safety.lists_forms import (
    CategoryForm,
    DomainSearchForm,
    DomainsForm,
    ImportForm,
    KeywordFilterForm,
    KeywordForm,
    TermsForm,
)
from preventhub.online_safety.lists_import import ListFileError
from preventhub.online_safety.lists_import_run import run_import, save_upload
from preventhub.online_safety.lists_selectors import (
    KeywordFilter,
    categories_for_user,
    category_domains,
    domain_counts,
    get_category_for_user,
    get_keyword_for_user,
    keyword_counts,
    keyword_themes,
    keywords_for_user,
)
from preventhub.online_safety.lists_services import (
    LineError,
    TermEntry,
    category_create,
    category_update,
    check_terms,
    clean_theme,
    domains_add,
    domains_remove,
    keyword_delete,
    keyword_update,
    terms_store,
)

VIEW = "online_safety.view_lists"
CONFIGURE = "online_safety.configure_monitoring"
PAGE_SIZE = 50


def _can_edit(request: ProviderRequest) -> bool:
    return bool(request.user.has_perm(CONFIGURE, request.provider))


def _chart(categories: list[Any], counts: dict[Any, int]) -> dict[str, Any]:
    ranked = sorted(categories, key=lambda c: (-counts[c.pk], c.name))
    rows = [
        {"label": c.name, "value": counts[c.pk], "display": f"{counts[c.pk]:,}"} for c in ranked
    ]
    return {
        "id": "domains-per-category",
        "title": "Domains in each category",
        "description": "How many domains each category list holds (subdomains are covered too).",
        "rows": rows,
        "max": max([1, *(r["value"] for r in rows)]),
        "label_heading": "Category",
        "value_heading": "Domains",
        "empty": "No category has domains yet.",
    }


@requires(VIEW)
@require_GET
def category_list(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    categories = list(categories_for_user(request.user, provider))
    counts = keyword_counts(provider)
    domains = domain_counts(categories)
    rows = [
        {"category": c, "keywords": counts.get(c.key, 0), "domains": domains[c.pk]}
        for c in categories
    ]
    context = {
        "rows": rows,
        "chart": _chart(categories, domains),
        "keywords_total": sum(counts.values()),
        "can_edit": _can_edit(request),
    }
    return render(request, "online_safety/config/categories.html", context)


@requires(CONFIGURE)
def category_new(request: ProviderRequest) -> HttpResponse:
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            category = category_create(
                actor=request.user, provider=request.provider, **form.cleaned_data
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(
                request, f"The category {category.name} is added: now add its domains."
            )
            return redirect("online_safety:category_detail", pk=category.pk)
    return render(request, "online_safety/config/category_form.html", {"form": form})


@requires(CONFIGURE)
def category_edit(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    category = get_category_for_user(request.user, request.provider, pk)
    initial = CategoryForm.initial_for(category)
    form = CategoryForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            category_update(actor=request.user, category=category, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"The category {category.name} is saved.")
            return redirect("online_safety:category_detail", pk=category.pk)
    context = {"form": form, "category": category}
    return render(request, "online_safety/config/category_form.html", context)


@requires(VIEW)
def category_detail(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    """The category's domains; a POST (IT manager, admin) adds the lines that are valid and
    lists the others with their reasons, so they can be corrected and sent again."""
    category = get_category_for_user(request.user, request.provider, pk)
    can_edit = _can_edit(request)
    form = DomainsForm(request.POST if request.method == "POST" and can_edit else None)
    result = None
    if request.method == "POST":
        if not can_edit:
            return render(request, "403.html", status=403)
        if form.is_valid():
            lines = form.cleaned_data["domains"].splitlines()
            result = domains_add(actor=request.user, category=category, lines=lines)
            if not result.errors:
                messages.success(request, _added(result.added, result.duplicates))
                return redirect("online_safety:category_detail", pk=category.pk)
            form = DomainsForm(initial={"domains": "\n".join(e.text for e in result.errors)})
    search = DomainSearchForm(request.GET or None)
    query = search.cleaned_data.get("q", "") if search.is_valid() else ""
    page = Paginator(category_domains(category, query), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "category": category,
        "page": page,
        "domains": [
            {"domain": d.domain, "display": display_domain(d.domain), "source": d.source}
            for d in page
        ],
        "search": search,
        "query": query,
        "form": form,
        "result": result,
        "can_edit": can_edit,
        "keywords": keyword_counts(request.provider).get(category.key, 0),
        "domain_count": domain_counts([category])[category.pk],
    }
    return render(request, "online_safety/config/category_detail.html", context)


def _added(added: int, duplicates: int) -> str:
    text = f"{added:,} domain{'s' if added != 1 else ''} added"
    if duplicates:
        text += f"; {duplicates:,} already in the list (ignored)"
    return text + "."


@requires(CONFIGURE)
@require_POST
def domain_remove(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    category = get_category_for_user(request.user, request.provider, pk)
    removed = domains_remove(
        actor=request.user, category=category, domains=request.POST.getlist("domain")
    )
    if removed:
        messages.success(request, f"{removed:,} domain{'s' if removed != 1 else ''} removed.")
    else:
        messages.info(request, "Nothing was removed: that domain is not in the list.")
    return redirect("online_safety:category_detail", pk=category.pk)


# --- keywords -----------------------------------------------------------------------------------


@requires(VIEW)
def keyword_list(request: ProviderRequest) -> HttpResponse:
    """The keyword library; a POST (IT manager, admin) adds terms, one per line, all or none."""
    provider = request.provider
    can_edit = _can_edit(request)
    themes = keyword_themes(provider)
    filters = KeywordFilterForm(request.GET or None, themes=themes)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    selection = KeywordFilter(
        search=chosen.get("q", ""),
        theme=chosen.get("theme", ""),
        severity=chosen.get("severity", ""),
    )
    form = TermsForm(request.POST if request.method == "POST" and can_edit else None)
    errors: list[LineError] = []
    if request.method == "POST":
        if not can_edit:
            return render(request, "403.html", status=403)
        if form.is_valid():
            response, errors = _add_terms(request, form)
            if response is not None:
                return response
    keywords = keywords_for_user(request.user, provider, selection)
    page = Paginator(keywords, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "form": form,
        "term_errors": errors,
        "can_edit": can_edit,
        "themes": themes,
    }
    return render(request, "online_safety/config/keywords.html", context)


def _add_terms(
    request: ProviderRequest, form: TermsForm
) -> tuple[HttpResponse | None, list[LineError]]:
    data = form.cleaned_data
    try:
        theme = clean_theme(data["theme"])
    except ValidationError as exc:
        form_errors_from(form, exc)
        return None, []
    terms, errors, repeats = check_terms(data["terms"].splitlines())
    errors = [e for e in errors if e.text.strip()]  # blank lines are not terms
    if errors:
        form.add_error("terms", "Correct the terms listed below; nothing was added.")
        return None, errors
    entries = [TermEntry(t, data["severity"], theme) for t in terms]
    added, existing = terms_store(
        actor=request.user, provider=request.provider, entries=entries, source="manual"
    )
    text = f"{added:,} term{'s' if added != 1 else ''} added"
    if existing + repeats:
        text += f"; {existing + repeats:,} already in the library (kept as they were)"
    messages.success(request, text + ".")
    return redirect("online_safety:keyword_list"), []


@requires(CONFIGURE)
def keyword_edit(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    keyword = get_keyword_for_user(request.user, request.provider, pk)
    initial = {"term": keyword.term, "severity": keyword.severity, "theme": keyword.theme}
    form = KeywordForm(request.POST or None, initial=initial)
    if request.method == "POST" and request.POST.get("action") == "delete":
        keyword_delete(actor=request.user, keyword=keyword)
        messages.success(request, f"{keyword.term!r} is removed from the library.")
        return redirect("online_safety:keyword_list")
    if request.method == "POST" and form.is_valid():
        try:
            keyword_update(actor=request.user, keyword=keyword, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "The keyword is saved.")
            return redirect("online_safety:keyword_list")
    return render(
        request, "online_safety/config/keyword_form.html", {"form": form, "keyword": keyword}
    )


# --- import ---------------------------------------------------------------------------------


@requires(CONFIGURE)
def list_import(request: ProviderRequest) -> HttpResponse:
    """Upload a list file: checked first (dry run) or imported, all or nothing."""
    form = ImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        # The result is shown on this page (not redirected), with the lines that could not
        # be used: re-sending the form adds nothing.
        outcome = _import(request, form)
    keys = list(categories_for_user(request.user, request.provider).values_list("key", flat=True))
    context = {
        "form": form,
        "outcome": outcome,
        "keys": keys,
        "summary": _summary(outcome) if outcome is not None else "",
    }
    return render(request, "online_safety/config/import.html", context)


def _import(request: ProviderRequest, form: ImportForm) -> Any:
    data = form.cleaned_data
    upload = data["file"]
    with tempfile.TemporaryDirectory(prefix="weblist-") as work:
        try:
            path = save_upload(upload.chunks(), upload.name or "list.txt", Path(work))
            return run_import(
                actor=request.user,
                provider=request.provider,
                fmt=data["list_format"],
                path=path,
                category_key=data["category"],
                severity=data["severity"] or None,
                encoding=data["encoding"],
                entry=data["entry"].strip(),
                dry_run=data["dry_run"],
                confined=True,
                source=f"upload {upload.name}"[:120],
            )
        except ValidationError as exc:
            form_errors_from(form, _on_fields(exc))
        except ListFileError as exc:
            form.add_error("file", str(exc))
    return None


def _on_fields(exc: ValidationError) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return ValidationError({"file": exc.messages})
    errors = dict(exc.message_dict)
    if "key" in errors:
        errors["category"] = errors.pop("key")
    return ValidationError(errors)


def _summary(outcome: Any) -> str:
    parsed = outcome.parsed
    what = "phrases" if parsed.format == "e2guardian" else "domains"
    verb = "would be added" if not outcome.written else "added"
    text = f"{parsed.lines:,} lines read; {outcome.added:,} {what} {verb}"
    if outcome.duplicates:
        text += f", {outcome.duplicates:,} already there or repeated"
    if parsed.skipped.count:
        text += f"; {parsed.skipped.count:,} lines cannot be used (listed below)"
    return text + "."
