"""The demo data set: counts, idempotence, sign-ins per role, 2FA, and the demo_totp command."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from preventhub.accounts.models import GroupMembership, RoleAssignment, User
from preventhub.accounts.roles import TWO_FACTOR_ROLES, Role
from preventhub.accounts.two_factor import has_totp
from preventhub.audit.models import AuditEvent
from preventhub.audit.verify import verify_chain
from preventhub.core.demo.seed import (
    GROUP_SLUG,
    PROVIDER_SLUG,
    SIXTH_FORM_SLUG,
    SeedReport,
    seed_demo,
)
from preventhub.core.demo.users import COLLEGE_USERS, DEMO_TOTP_SECRET
from preventhub.core.models import Department, Provider, ProviderGroup, Site
from preventhub.people.choices import JobCategory, PersonKind
from preventhub.people.models import Person
from preventhub.testing.factories import ProviderFactory, UserFactory, add_totp

TODAY = date(2026, 11, 22)
NOT_EMPLOYED = {Role.GOVERNOR, Role.LEARNER, Role.INSPECTOR}


@pytest.fixture
def seeded(db: Any) -> SeedReport:
    return seed_demo(size="small", today=TODAY)


def college() -> Provider:
    return Provider.objects.get(slug=PROVIDER_SLUG)


def people(provider: Provider, kind: str) -> Any:
    return Person.objects.for_provider(provider).filter(kind=kind)


def table_counts() -> dict[str, int]:
    return {
        "groups": ProviderGroup.objects.count(),
        "providers": Provider.objects.count(),
        "sites": Site.unscoped.count(),
        "departments": Department.unscoped.count(),
        "people": Person.unscoped.count(),
        "linked people": Person.unscoped.filter(user__isnull=False).count(),
        "users": User.objects.count(),
        "roles": RoleAssignment.unscoped.count(),
        "authenticators": Authenticator.objects.count(),
        "memberships": GroupMembership.objects.count(),
    }


def test_small_seed_creates_the_expected_counts(seeded: SeedReport) -> None:
    group = ProviderGroup.objects.get(slug=GROUP_SLUG)
    assert set(group.providers.values_list("slug", flat=True)) == {PROVIDER_SLUG, SIXTH_FORM_SLUG}
    demo = college()
    assert demo.type == "general_fe_college"
    assert Site.objects.for_provider(demo).count() == 2
    assert Department.objects.for_provider(demo).count() == 6
    assert people(demo, PersonKind.STAFF).count() == 60
    assert people(demo, PersonKind.LEARNER).count() == 400
    sixth_form = Provider.objects.get(slug=SIXTH_FORM_SLUG)
    assert people(sixth_form, PersonKind.STAFF).count() == 20
    assert people(sixth_form, PersonKind.LEARNER).count() == 150
    assert User.objects.count() == len(seeded.logins) == 16


def test_the_seed_writes_one_audit_row_for_itself_and_keeps_the_chain_intact(
    seeded: SeedReport,
) -> None:
    row = AuditEvent.objects.get(action="seed_demo")
    assert row.detail["created"]["people"] == 630
    assert row.detail["totals"][PROVIDER_SLUG]["learners"] == 400
    assert row.object_type == "core.providergroup"
    # People are bulk-inserted: no audit row per person.
    assert not AuditEvent.objects.filter(object_type="people.person").exists()
    assert AuditEvent.objects.filter(action="create", object_type="core.provider").count() == 2
    assert verify_chain().ok


def test_reseeding_changes_nothing(seeded: SeedReport) -> None:
    before = table_counts()
    again = seed_demo(size="small", today=TODAY)
    assert table_counts() == before
    assert not +again.created
    assert AuditEvent.objects.filter(action="seed_demo").count() == 2


def test_reseeding_on_another_day_still_changes_nothing(seeded: SeedReport) -> None:
    before = table_counts()
    seed_demo(size="small", today=TODAY + timedelta(days=200))
    assert table_counts() == before


def test_an_existing_demo_provider_is_reused_and_joins_the_group(db: Any) -> None:
    existing = ProviderFactory(slug=PROVIDER_SLUG, name="Our Own Name")
    seed_demo(size="small", today=TODAY)
    demo = college()
    assert demo.pk == existing.pk
    assert demo.name == "Our Own Name"
    assert demo.group is not None
    assert demo.group.slug == GROUP_SLUG


def test_a_changed_demo_password_is_not_reset(seeded: SeedReport) -> None:
    dsl = User.objects.get(username="dsl")
    dsl.set_password("a-password-of-my-own-1")
    dsl.save()
    seed_demo(size="small", today=TODAY)
    dsl.refresh_from_db()
    assert dsl.check_password("a-password-of-my-own-1")


def test_there_is_one_demo_user_per_role(seeded: SeedReport) -> None:
    demo = college()
    for role in Role.values:
        user = User.objects.get(username=role)
        held = set(
            RoleAssignment.objects.for_provider(demo)
            .filter(user=user)
            .values_list("role", flat=True)
        )
        expected = {role} if role in NOT_EMPLOYED else {role, Role.STAFF}
        assert held == expected, role


def test_demo_passwords_are_the_documented_ones(seeded: SeedReport) -> None:
    for login in seeded.logins:
        assert User.objects.get(username=login.username).check_password(login.password)
    assert User.objects.get(username="dsl").check_password("demo-password-dsl")
    assert User.objects.get(username="speaker_coordinator").check_password("demo-password-speakers")


def test_the_inspector_role_expires_in_30_days(seeded: SeedReport) -> None:
    assignment = RoleAssignment.objects.for_provider(college()).get(user__username="inspector")
    assert assignment.expires_at is not None
    remaining = assignment.expires_at - timezone.now()
    assert timedelta(days=29) < remaining <= timedelta(days=30)


def test_an_expired_inspector_is_renewed_on_reseed(seeded: SeedReport) -> None:
    assignment = RoleAssignment.objects.for_provider(college()).get(user__username="inspector")
    assignment.expires_at = timezone.now() - timedelta(days=1)
    assignment.save()
    seed_demo(size="small", today=TODAY)
    assignment.refresh_from_db()
    assert assignment.is_current()


def test_the_trust_user_sees_only_group_aggregates(seeded: SeedReport) -> None:
    trust = User.objects.get(username="trust")
    assert not RoleAssignment.unscoped.filter(user=trust).exists()
    assert GroupMembership.objects.get(user=trust).group.slug == GROUP_SLUG
    assert trust.check_password("demo-password-trust")


def test_users_who_need_two_factor_have_the_demo_totp(seeded: SeedReport) -> None:
    for user in User.objects.all():
        roles = set(RoleAssignment.unscoped.filter(user=user).values_list("role", flat=True))
        totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if roles & TWO_FACTOR_ROLES:
            assert totp is not None, user.username
            assert decrypt(totp.data["secret"]) == DEMO_TOTP_SECRET
            assert has_totp(user)
        else:
            assert totp is None, user.username
    two_factor = {u.username for u in COLLEGE_USERS if u.needs_totp}
    assert two_factor == {"dsl", "deputy_dsl", "senior_leader", "admin"}


def test_demo_users_are_linked_to_their_own_records(seeded: SeedReport) -> None:
    dsl = Person.objects.for_provider(college()).get(user__username="dsl")
    assert (dsl.kind, dsl.job_title) == (PersonKind.STAFF, "Designated Safeguarding Lead")
    assert (dsl.first_name, dsl.last_name) == ("Amira", "Shah")
    learner = Person.objects.for_provider(college()).get(user__username="learner")
    assert learner.kind == PersonKind.LEARNER
    assert learner.course
    assert not Person.unscoped.filter(user__username__in=["inspector", "trust"]).exists()


def test_people_look_like_a_college(seeded: SeedReport) -> None:
    demo = college()
    staff = people(demo, PersonKind.STAFF)
    assert len(set(staff.values_list("job_category", flat=True))) >= 6
    assert set(staff.values_list("job_category", flat=True)) <= set(JobCategory.values)
    assert not staff.exclude(job_title="").filter(job_title__contains="{").exists()
    learners = people(demo, PersonKind.LEARNER)
    ages = [age_on(TODAY.replace(month=8, day=31), p.date_of_birth) for p in learners]
    share_16_to_19 = sum(16 <= a <= 19 for a in ages) / len(ages)
    assert 0.75 < share_16_to_19 < 0.95
    assert max(ages) > 25
    assert not learners.filter(course="").exists()
    apprentices = learners.exclude(apprenticeship_employer="")
    assert apprentices.count() > 20
    assert not apprentices.filter(start_date__isnull=True).exists()
    assert all(p.end_date > p.start_date for p in apprentices)


def age_on(day: date, born: date | None) -> int:
    assert born is not None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def test_the_same_seed_gives_the_same_people(db: Any) -> None:
    seed_demo(size="small", today=TODAY)
    first = list(
        Person.unscoped.order_by("mis_id").values_list("mis_id", "first_name", "last_name")
    )
    Person.unscoped.all().delete()
    seed_demo(size="small", today=TODAY)
    again = list(
        Person.unscoped.order_by("mis_id").values_list("mis_id", "first_name", "last_name")
    )
    assert first == again


def test_an_unknown_size_is_refused(db: Any) -> None:
    with pytest.raises(ValueError, match="Unknown size"):
        seed_demo(size="huge")


# --- the commands ---


def test_seed_demo_refuses_a_live_system(db: Any, settings: Any) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="live system"):
        call_command("seed_demo")
    assert not Provider.objects.exists()


def test_seed_demo_prints_the_logins(db: Any, settings: Any) -> None:
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", "--size", "small", stdout=out)
    text = out.getvalue()
    assert "demo-password-dsl" in text
    assert DEMO_TOTP_SECRET in text
    assert "learners 400" in text


def test_seed_demo_allows_a_throwaway_database_when_asked(db: Any, settings: Any) -> None:
    settings.DEBUG = False
    call_command("seed_demo", "--allow-production", stdout=StringIO())
    assert Provider.objects.filter(slug=PROVIDER_SLUG).exists()


def test_demo_totp_refuses_when_debug_is_off(seeded: SeedReport, settings: Any) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_totp", "dsl", stdout=StringIO(), stderr=StringIO())


def test_demo_totp_prints_a_code_the_sign_in_accepts(seeded: SeedReport, settings: Any) -> None:
    settings.DEBUG = True
    out = StringIO()
    call_command("demo_totp", "dsl", stdout=out, stderr=StringIO())
    code = out.getvalue().strip()
    assert len(code) == 6
    assert code.isdigit()
    authenticator = Authenticator.objects.get(user__username="dsl", type=Authenticator.Type.TOTP)
    assert TOTP(authenticator).validate_code(code)


def test_demo_totp_refuses_a_real_secret(db: Any, settings: Any) -> None:
    settings.DEBUG = True
    user = UserFactory(username="realperson")
    add_totp(user)
    with pytest.raises(CommandError, match="not the demo one"):
        call_command("demo_totp", "realperson", stdout=StringIO(), stderr=StringIO())


@pytest.mark.parametrize("username", ["staff", "nobody"])
def test_demo_totp_refuses_users_without_a_demo_authenticator(
    seeded: SeedReport, settings: Any, username: str
) -> None:
    settings.DEBUG = True
    with pytest.raises(CommandError):
        call_command("demo_totp", username, stdout=StringIO(), stderr=StringIO())
