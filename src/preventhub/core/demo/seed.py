"""Seed the demo: a college group with a realistic general FE college and a small sixth form.

Idempotent: providers are found by slug, sites and departments by name, people by
(provider, kind, MIS id), users by username, concerns by their demo idempotency key; re-running
creates only what is missing and never changes what exists (a demo user's changed password stays
changed). Structural records and concerns go through the audited services; people are
bulk-inserted (the seed writes one audit row for itself).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from preventhub.accounts.models import RoleAssignment, User
from preventhub.audit.services import audit_record
from preventhub.concerns.models import Concern
from preventhub.core.choices import GroupKind, ProviderType
from preventhub.core.demo.compliance import seed_compliance
from preventhub.core.demo.concerns import no_notification_email, seed_concerns
from preventhub.core.demo.curriculum import seed_curriculum
from preventhub.core.demo.data import (
    COLLEGE_SITES,
    CURRICULUM,
    SERVICES,
    SIXTH_FORM_CURRICULUM,
    SIXTH_FORM_SERVICES,
    SIXTH_FORM_SITES,
    Curriculum,
)
from preventhub.core.demo.filtering import seed_filtering
from preventhub.core.demo.online_safety import seed_online_safety
from preventhub.core.demo.partners import seed_partners
from preventhub.core.demo.people import (
    Departments,
    PeopleContext,
    Row,
    StaffEmails,
    learner_base,
    learner_rows,
    staff_row,
    staff_rows,
    study_programme,
)
from preventhub.core.demo.policies import seed_policies
from preventhub.core.demo.premises import seed_premises
from preventhub.core.demo.risk import seed_risk
from preventhub.core.demo.speakers import seed_speakers
from preventhub.core.demo.training import seed_training
from preventhub.core.demo.users import (
    COLLEGE_USERS,
    SIXTH_FORM_USERS,
    TRUST_USER,
    DemoUser,
    ensure_demo_totp,
    ensure_roles,
    ensure_trust_user,
    ensure_user,
)
from preventhub.core.models import Department, Provider, ProviderGroup, Site
from preventhub.core.register_cache import register_changed
from preventhub.core.services import department_create, provider_create, site_create
from preventhub.people.models import Person

GROUP_SLUG = "northbridge"
PROVIDER_SLUG = "demo-college"
SIXTH_FORM_SLUG = "demo-sixth-form"
DEFAULT_SEED = 2015  # the year of the Counter-Terrorism and Security Act
BATCH_SIZE = 2000


@dataclass(frozen=True)
class Size:
    sites: int
    curriculum: int
    services: int
    staff: int
    learners: int


SIZES = {
    "small": Size(sites=2, curriculum=5, services=1, staff=60, learners=400),
    "large": Size(sites=5, curriculum=30, services=10, staff=3000, learners=30000),
}


@dataclass(frozen=True)
class ProviderPlan:
    slug: str
    name: str
    type: str
    domain: str
    mis_prefix: str
    sites: tuple[tuple[str, str], ...]
    curriculum: tuple[Curriculum, ...]
    services: tuple[tuple[str, str], ...]
    staff: int
    learners: int
    apprentice_share: float
    adult_share: float
    users: tuple[DemoUser, ...]
    local_authority: str = "Northbridge City Council"
    region: str = "North West"


def college_plan(size: Size) -> ProviderPlan:
    return ProviderPlan(
        slug=PROVIDER_SLUG,
        name="Northbridge College",
        type=ProviderType.GENERAL_FE_COLLEGE,
        domain="northbridge-college.example",
        mis_prefix="NBC",
        sites=COLLEGE_SITES[: size.sites],
        curriculum=CURRICULUM[: size.curriculum],
        services=SERVICES[: size.services],
        staff=size.staff,
        learners=size.learners,
        apprentice_share=0.18,
        adult_share=0.14,
        users=COLLEGE_USERS,
    )


SIXTH_FORM_PLAN = ProviderPlan(
    slug=SIXTH_FORM_SLUG,
    name="Northbridge Sixth Form College",
    type=ProviderType.SIXTH_FORM_COLLEGE,
    domain="northbridge-sixthform.example",
    mis_prefix="NSF",
    sites=SIXTH_FORM_SITES,
    curriculum=SIXTH_FORM_CURRICULUM,
    services=SIXTH_FORM_SERVICES,
    staff=20,
    learners=150,
    apprentice_share=0.0,
    adult_share=0.02,
    users=SIXTH_FORM_USERS,
)


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    provider: str
    roles: tuple[str, ...]
    totp: bool
    expires_at: datetime | None = None


@dataclass
class SeedReport:
    size: str
    created: Counter[str] = field(default_factory=Counter)
    totals: dict[str, dict[str, int]] = field(default_factory=dict)
    logins: list[Login] = field(default_factory=list)

    def detail(self) -> dict[str, Any]:
        return {"size": self.size, "created": dict(self.created), "totals": self.totals}


def seed_demo(
    *, size: str = "small", seed: int = DEFAULT_SEED, today: date | None = None
) -> SeedReport:
    """Create (or complete) the demo group, its two providers, people and sign-ins."""
    if size not in SIZES:
        raise ValueError(f"Unknown size {size!r}; choose from {', '.join(SIZES)}.")
    report = SeedReport(size=size)
    today = today or timezone.localdate()
    # The concerns notify the team in the app as real ones do; no email leaves the seed.
    with no_notification_email(), transaction.atomic():
        group = ensure_group(report)
        college = seed_provider(report, college_plan(SIZES[size]), group, seed=seed, today=today)
        sixth_form = seed_provider(report, SIXTH_FORM_PLAN, group, seed=seed, today=today)
        seed_trust_user(report, group)
        report.created["concerns"] += seed_concerns(college, size=size, seed=seed)
        report.created["speaker_requests"] += seed_speakers(college, size=size, seed=seed)
        report.created["training"] += seed_training(college, size=size, seed=seed, today=today)
        report.created["curriculum"] += seed_curriculum(college, size=size, seed=seed, today=today)
        report.created["partnership_records"] += seed_partners(college)
        report.created["policy_records"] += seed_policies(college)
        report.created["risks"] += seed_risk(college, size=size, seed=seed)
        report.created["faith_rooms"] += seed_premises(college, size=size, seed=seed)
        report.created["filtering_records"] += seed_filtering(college, size=size, seed=seed)
        report.created["self_assessments"] += seed_compliance(college, today=today)
        report.created["weblog_lines"] += seed_online_safety(college, size=size, today=today)
        report.totals = {p.slug: provider_totals(p) for p in (college, sixth_form)}
        # One row for the whole seed, on the group: it spans both providers.
        audit_record(actor=None, action="seed_demo", obj=group, detail=report.detail())
    return report


def ensure_group(report: SeedReport) -> ProviderGroup:
    group, created = ProviderGroup.objects.get_or_create(
        slug=GROUP_SLUG,
        defaults={"name": "Northbridge Learning Trust", "kind": GroupKind.COLLEGE_GROUP},
    )
    if created:
        audit_record(
            actor=None, action="create", obj=group, changed_fields=["slug", "name", "kind"]
        )
        report.created["groups"] += 1
    return group


def seed_provider(
    report: SeedReport, plan: ProviderPlan, group: ProviderGroup, *, seed: int, today: date
) -> Provider:
    provider = ensure_provider(report, plan, group)
    departments = ensure_structure(report, provider, plan)
    ctx = PeopleContext(
        # Demo names and dates, not secrets: a seeded, reproducible generator is the point.
        random.Random(f"{seed}:{plan.slug}"),  # noqa: S311
        departments,
        plan.domain,
        plan.mis_prefix,
        today,
    )
    emails = StaffEmails(plan.domain)
    own = demo_user_people(ctx, plan.users, emails)
    staff_n = sum(1 for row in own.values() if row["kind"] == "staff")
    rows = [*own.values(), *staff_rows(ctx, first_n=staff_n + 1, last_n=plan.staff, emails=emails)]
    rows += learner_rows(
        ctx,
        first_n=len(own) - staff_n + 1,
        last_n=plan.learners,
        apprentice_share=plan.apprentice_share,
        adult_share=plan.adult_share,
    )
    report.created["people"] += insert_missing_people(provider, rows)
    for spec in plan.users:
        row = own.get(spec.username)
        email = row["email"] if row else f"{spec.username}@{plan.domain}"
        key = (row["kind"], row["mis_id"]) if row else None
        seed_user(report, provider, spec, email=email, person_key=key)
    return provider


def ensure_provider(report: SeedReport, plan: ProviderPlan, group: ProviderGroup) -> Provider:
    provider = Provider.objects.filter(slug=plan.slug).first()
    if provider is None:
        report.created["providers"] += 1
        return provider_create(
            actor=None,
            slug=plan.slug,
            name=plan.name,
            type=plan.type,
            local_authority=plan.local_authority,
            region=plan.region,
            group=group,
        )
    if provider.group_id is None:
        provider.group = group
        provider.save(update_fields=["group"])
        audit_record(
            actor=None,
            action="update",
            obj=provider,
            provider_id=provider.pk,
            changed_fields=["group"],
        )
    return provider


def ensure_structure(report: SeedReport, provider: Provider, plan: ProviderPlan) -> Departments:
    """Sites, then departments spread over the sites; keyed by the plan's department codes."""
    sites = [ensure_site(report, provider, name, code) for name, code in plan.sites]
    curriculum = tuple(
        (c, ensure_department(report, provider, c.name, c.code, sites[i % len(sites)]))
        for i, c in enumerate(plan.curriculum)
    )
    services = [
        (code, ensure_department(report, provider, name, code, sites[0]))
        for name, code in plan.services
    ]
    by_code = {c.code: dept for c, dept in curriculum} | dict(services)
    return Departments(by_code=by_code, curriculum=curriculum, fallback=services[0][1])


def ensure_site(report: SeedReport, provider: Provider, name: str, code: str) -> Site:
    existing: Site | None = Site.objects.for_provider(provider).filter(name=name).first()
    if existing is not None:
        return existing
    report.created["sites"] += 1
    return site_create(actor=None, provider=provider, name=name, code=code)


def ensure_department(
    report: SeedReport, provider: Provider, name: str, code: str, site: Site
) -> Department:
    existing: Department | None = (
        Department.objects.for_provider(provider).filter(name=name).first()
    )
    if existing is not None:
        return existing
    report.created["departments"] += 1
    return department_create(actor=None, provider=provider, name=name, code=code, site=site)


def demo_user_people(
    ctx: PeopleContext, users: tuple[DemoUser, ...], emails: StaffEmails
) -> dict[str, Row]:
    """The demo users' own staff or learner records by username, numbered before the rest."""
    rows: dict[str, Row] = {}
    kinds: Counter[str] = Counter()
    for spec in users:
        if spec.job_category:
            kinds["staff"] += 1
            rows[spec.username] = demo_staff(ctx, spec, n=kinds["staff"], emails=emails)
        elif spec.learner:
            kinds["learner"] += 1
            rows[spec.username] = demo_learner(ctx, spec, n=kinds["learner"])
    return rows


def demo_staff(ctx: PeopleContext, spec: DemoUser, *, n: int, emails: StaffEmails) -> Row:
    depts = ctx.departments
    dept = None if spec.department == "-" else depts.by_code.get(spec.department, depts.fallback)
    row = staff_row(
        ctx, n, spec.first_name, spec.last_name, spec.job_category, spec.job_title, dept, emails
    )
    return row | {"start_date": date(ctx.today.year - 3 - n % 7, 9, 1)}


def demo_learner(ctx: PeopleContext, spec: DemoUser, *, n: int) -> Row:
    curriculum, dept = next(
        (pair for pair in ctx.departments.curriculum if pair[0].code == spec.department),
        ctx.departments.curriculum[0],
    )
    row = learner_base(ctx, n, dept, age=17) | study_programme(ctx, curriculum)
    return row | {"first_name": spec.first_name, "last_name": spec.last_name}


def insert_missing_people(provider: Provider, rows: list[Row]) -> int:
    existing = set(Person.objects.for_provider(provider).values_list("kind", "mis_id"))
    new = [
        Person(provider=provider, **row)
        for row in rows
        if (row["kind"], row["mis_id"]) not in existing
    ]
    # A system job that already names the provider on every row: the unscoped manager is safe.
    Person.unscoped.bulk_create(new, batch_size=BATCH_SIZE)
    register_changed("people", provider.pk)
    if new:
        analyze(Person)
    return len(new)


def analyze(model: type[Person]) -> None:
    """Refresh the planner's statistics after a bulk load (PostgreSQL and SQLite both allow it
    inside a transaction); without them PostgreSQL plans the register for a handful of rows."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def seed_user(
    report: SeedReport,
    provider: Provider,
    spec: DemoUser,
    *,
    email: str,
    person_key: tuple[str, str] | None,
) -> None:
    user, created = ensure_user(spec=spec, email=email, provider=provider)
    report.created["users"] += created
    report.created["role_assignments"] += ensure_roles(
        user=user, provider=provider, roles=spec.roles
    )
    if spec.needs_totp:
        report.created["totp_authenticators"] += ensure_demo_totp(user)
    if person_key is not None:
        report.created["person_links"] += link_person(provider, user, *person_key)
    report.logins.append(login_of(user, provider, spec))


def link_person(provider: Provider, user: User, kind: str, mis_id: str) -> int:
    """Point the demo user's own staff/learner record at the user, unless either is linked."""
    # Person.user is one-to-one across providers, so the check is deliberately unscoped.
    if Person.unscoped.filter(user=user).exists():
        return 0
    people = Person.objects.for_provider(provider).filter(
        kind=kind, mis_id=mis_id, user__isnull=True
    )
    return int(people.update(user=user))


def login_of(user: User, provider: Provider, spec: DemoUser) -> Login:
    held = RoleAssignment.objects.for_provider(provider).filter(user=user)
    expiries = [a.expires_at for a in held if a.expires_at is not None]
    return Login(
        username=user.username,
        password=spec.password,
        provider=provider.slug,
        roles=tuple(sorted(a.role for a in held)),
        totp=spec.needs_totp,
        expires_at=min(expiries) if expiries else None,
    )


def seed_trust_user(report: SeedReport, group: ProviderGroup) -> None:
    user, created = ensure_trust_user(
        group=group, email=f"{TRUST_USER.username}@northbridge-trust.example"
    )
    report.created["users"] += created
    report.logins.append(
        Login(
            username=user.username,
            password=TRUST_USER.password,
            provider=f"group:{group.slug}",
            roles=(),
            totp=False,
        )
    )


def provider_totals(provider: Provider) -> dict[str, int]:
    people = Person.objects.for_provider(provider).values("kind").annotate(n=Count("pk"))
    by_kind = {row["kind"]: row["n"] for row in people}
    return {
        "sites": Site.objects.for_provider(provider).count(),
        "departments": Department.objects.for_provider(provider).count(),
        "staff": by_kind.get("staff", 0),
        "learners": by_kind.get("learner", 0),
        "users": RoleAssignment.objects.for_provider(provider).values("user_id").distinct().count(),
        "concerns": Concern.objects.for_provider(provider).count(),
    }
