"""The demo sign-ins: one user per role, each (where it makes sense) linked to a staff record.

Passwords are ``demo-password-<username>``: at least 12 characters and not on Django's common
list, so they pass the project's password validators; ``speaker_coordinator``'s would be "too
similar to the username" (similarity 0.73 > 0.7), so it is ``demo-password-speakers``. Users
whose role requires a second factor get a TOTP authenticator with the published demo secret, so
anyone trying the demo can add it to an authenticator app (or run ``preventhub demo_totp USER``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from preventhub.accounts.models import RoleAssignment, User
from preventhub.accounts.roles import TWO_FACTOR_ROLES, Role
from preventhub.accounts.services import group_add_member, role_grant, user_create
from preventhub.audit.services import audit_record
from preventhub.core.models import Provider, ProviderGroup

# A widely published example secret (base32 of b"Hello!\xde\xad\xbe\xefHello"): public by design.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"  # noqa: S105  (public on purpose, see above)
INSPECTOR_DAYS = 30


def demo_password(username: str) -> str:
    return f"demo-password-{username}"


@dataclass(frozen=True)
class DemoUser:
    """A demo sign-in; with ``job_category`` also a staff record, with ``learner`` a learner one."""

    username: str
    first_name: str
    last_name: str
    roles: tuple[str, ...]
    job_title: str = ""
    job_category: str = ""
    department: str = "LSV"
    learner: bool = False
    password_override: str = ""

    @property
    def needs_totp(self) -> bool:
        return bool(set(self.roles) & TWO_FACTOR_ROLES)

    @property
    def password(self) -> str:
        return self.password_override or demo_password(self.username)


def _users(table: str) -> tuple[DemoUser, ...]:
    """Rows of ``username | first | last | roles | job title | job category | department``.

    No job category: no staff record (``learner`` in the category makes a learner record).
    """
    users = []
    for line in filter(None, (raw.strip() for raw in table.strip().splitlines())):
        username, first, last, roles, title, category, dept = (c.strip() for c in line.split("|"))
        learner = category == "learner"
        users.append(
            DemoUser(
                username=username,
                first_name=first,
                last_name=last,
                roles=tuple(roles.split()),
                job_title=title,
                job_category="" if learner else category,
                department=dept,
                learner=learner,
                password_override=PASSWORD_OVERRIDES.get(username, ""),
            )
        )
    return tuple(users)


PASSWORD_OVERRIDES = {"speaker_coordinator": "demo-password-speakers"}

# Employees also hold ``staff`` (everyone employed raises concerns); governors, the learner and
# the external inspector do not. Department codes are those of ``data``; "-" = none.
COLLEGE_USERS = _users(
    """
    dsl                 | Amira     | Shah     | dsl staff                 | Designated Safeguarding Lead              | leadership | SGW
    deputy_dsl          | Gareth    | Evans    | deputy_dsl staff          | Deputy Designated Safeguarding Lead       | support    | SGW
    senior_leader       | Helen     | Okafor   | senior_leader staff       | Principal and Chief Executive             | leadership | SLT
    governor            | Richard   | Hughes   | governor                  | Chair of Governors                        | governor   | -
    it_manager          | Priya     | Patel    | it_manager staff          | IT Services Manager                       | support    | ITS
    hr                  | Joanne    | Walsh    | hr staff                  | HR Business Partner                       | support    | HRS
    training_lead       | Marcus    | Reid     | training_lead staff       | Staff Development Manager                 | support    | QUA
    speaker_coordinator | Fiona     | MacLeod  | speaker_coordinator staff | Enrichment and Events Coordinator         | support    | LSV
    estates             | Dariusz   | Nowak    | estates staff             | Estates Manager                           | estates    | EST
    curriculum_lead     | Sian      | Davies   | curriculum_lead staff     | Head of Curriculum: Health and Social Care| teaching   | HSC
    admin               | Kwame     | Mensah   | admin staff               | MIS and Systems Administrator             | support    | ITS
    staff               | Tom       | Bennett  | staff                     | Lecturer in Construction                  | teaching   | CON
    learner             | Jordan    | Clarke   | learner                   |                                           | learner    | CON
    inspector           | Catherine | Doyle    | inspector                 |                                           |            | -
    """  # noqa: E501  (a table: one user a line)
)

SIXTH_FORM_USERS = _users(
    """
    sixthform_dsl       | Bethan    | Morgan   | dsl staff                 | Designated Safeguarding Lead              | leadership | LSV
    """  # noqa: E501
)

TRUST_USER = DemoUser("trust", "Margaret", "Osei", ())


def ensure_user(*, spec: DemoUser, email: str, provider: Provider | None) -> tuple[User, bool]:
    """The demo user, created through the audited service if missing. Never resets a password."""
    user = User.objects.filter(username__iexact=spec.username).first()
    if user is not None:
        return user, False
    user, _ = user_create(
        actor=None,
        username=spec.username,
        email=email,
        provider=provider,
        roles=[],
        password=spec.password,
        first_name=spec.first_name,
        last_name=spec.last_name,
    )
    return user, True


def ensure_roles(*, user: User, provider: Provider, roles: tuple[str, ...]) -> int:
    """Grant missing roles; an inspector's (expiring) role is renewed once it has expired."""
    granted = 0
    for role in roles:
        held = RoleAssignment.objects.for_provider(provider).filter(user=user, role=role).first()
        if held is not None and held.is_current():
            continue
        expires = (
            timezone.now() + timedelta(days=INSPECTOR_DAYS) if role == Role.INSPECTOR else None
        )
        role_grant(actor=None, user=user, provider=provider, role=role, expires_at=expires)
        granted += 1
    return granted


def ensure_demo_totp(user: User) -> bool:
    """Give the user a TOTP authenticator with the demo secret unless they already have TOTP."""
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return False
    TOTP.activate(user, DEMO_TOTP_SECRET)
    audit_record(
        actor=None, action="mfa_activate", obj=user, detail={"type": "totp", "demo_secret": True}
    )
    return True


def ensure_trust_user(*, group: ProviderGroup, email: str) -> tuple[User, bool]:
    """A group-level user: no provider roles, so they see only the group's aggregates."""
    user, created = ensure_user(spec=TRUST_USER, email=email, provider=None)
    group_add_member(actor=None, group=group, user=user)
    return user, created
