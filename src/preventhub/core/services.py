"""Writes for tenancy: providers, sites, departments."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction

from preventhub.audit.services import audit_record
from preventhub.core.choices import ProviderType
from preventhub.core.errors import ConflictError
from preventhub.core.models import Department, Provider, ProviderGroup, Site
from preventhub.core.register_cache import register_changed


def provider_create(
    *,
    actor: Any,
    slug: str,
    name: str,
    type: str,  # noqa: A002  (the contract's field name)
    local_authority: str = "",
    region: str = "",
    group: ProviderGroup | None = None,
) -> Provider:
    validate_slug(slug)
    if type not in ProviderType.values:
        raise ValidationError(
            f"Unknown provider type {type!r}. Valid types: {', '.join(ProviderType.values)}."
        )
    if not name.strip():
        raise ValidationError("A provider needs a name.")
    if Provider.objects.filter(slug=slug).exists():
        raise ValidationError(f"A provider with the slug {slug!r} already exists.")
    with transaction.atomic():
        provider = Provider.objects.create(
            slug=slug,
            name=name.strip(),
            type=type,
            local_authority=local_authority,
            region=region,
            group=group,
        )
        audit_record(
            actor=actor,
            action="create",
            obj=provider,
            provider_id=provider.pk,
            changed_fields=["slug", "name", "type", "local_authority", "region", "group"],
        )
    return provider


def site_create(*, actor: Any, provider: Provider, name: str, code: str = "") -> Site:
    """Add a site; a second site with the same name is refused with ``ConflictError``."""
    name = name.strip()
    with transaction.atomic():
        if Site.objects.for_provider(provider).filter(name=name).exists():
            raise ConflictError(f"A site called {name} already exists.")
        site = Site(provider=provider, name=name, code=code)
        site.save()
        register_changed("people", provider.pk)  # site names appear in the people register
        audit_record(actor=actor, action="create", obj=site, changed_fields=["name", "code"])
    return site


def department_create(
    *, actor: Any, provider: Provider, name: str, code: str = "", site: Site | None = None
) -> Department:
    """Add a department; a second one with the same name is refused with ``ConflictError``."""
    name = name.strip()
    if site is not None and site.provider_id != provider.pk:
        raise ValidationError("The site belongs to another provider.")
    with transaction.atomic():
        if Department.objects.for_provider(provider).filter(name=name).exists():
            raise ConflictError(f"A department called {name} already exists.")
        dept = Department(provider=provider, name=name, code=code, site=site)
        dept.save()
        register_changed("people", provider.pk)
        audit_record(
            actor=actor, action="create", obj=dept, changed_fields=["name", "code", "site"]
        )
    return dept
