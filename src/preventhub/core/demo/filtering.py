"""Filtering governance in the demo, told through the filtering services.

Northbridge College has named its principal and the chair of governors as responsible for
filtering and monitoring, and records the (fictional, neutral) web filter and monitoring
service it uses. Its block/allow log has a blocked VPN service, an allowed news site and a
history archive unblocked for a term whose review date has passed (a finding). Eleven months
ago the principal, the safeguarding lead, the IT manager and the chair of governors reviewed
filtering and monitoring: it found guest Wi-Fi unfiltered on one site and set two actions,
filed in the risk assessment's action plan. Filter tests ran last month on desktops, laptops,
tablets and phones; a tablet let the gambling test page through (followed up, not yet
re-tested: a finding); guest Wi-Fi / BYOD has never been tested (a finding). Learners asked
for sites for their study: one approved, one refused, one waiting four school days (a finding).

The test addresses are neutral ``.example`` pages: the product ships no real harmful sites.
Services are called as the users' clicks call them; dates the story needs in the past are moved
afterwards. Idempotent: a provider with any responsibility recorded is left alone.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from preventhub.accounts.models import User
from preventhub.core.models import Provider
from preventhub.filtering.filter_tests import (
    CheckIn,
    address_add,
    check_follow_up,
    device_types_ensure,
    run_record,
)
from preventhub.filtering.models import (
    Decision,
    DeviceType,
    Responsibility,
    Review,
    TestCheck,
    TestRun,
    UnblockRequest,
)
from preventhub.filtering.review_services import ActionIn, ReviewIn, review_record, review_sign_off
from preventhub.filtering.services import decision_record, person_name, product_add
from preventhub.filtering.unblock import request_create, request_decide
from preventhub.risk.models import Risk

_USERNAMES = ("it_manager", "senior_leader", "governor", "dsl", "learner", "staff")
ADDRESSES = (
    ("Terrorist and extremist content", "https://extremism.filter-test.example/"),
    ("Pornography", "https://adult.filter-test.example/"),
    ("Gambling", "https://gambling.filter-test.example/"),
    ("Self-harm and suicide", "https://self-harm.filter-test.example/"),
    ("Proxy and VPN (filter bypass)", "https://proxy.filter-test.example/"),
)
TESTED = ("Desktop", "Laptop", "Tablet", "Phone")
ALL_PARTS = ["risk_profile", "what_blocked", "monitoring", "alerts", "devices", "training"]


def seed_filtering(provider: Provider, *, size: str, seed: int) -> int:
    """Tell the governance story if the provider has none yet; returns the records created."""
    if Responsibility.objects.for_provider(provider).exists():
        return 0
    users = {u.username: u for u in User.objects.filter(username__in=_USERNAMES)}
    if set(users) != set(_USERNAMES):
        return 0
    today = timezone.localdate()
    made = _responsibilities(provider, users, today)
    made += _decisions(provider, users, today)
    made += _review(provider, users, today)
    made += _tests(provider, users)
    made += _requests(provider, users)
    return made


def _responsibilities(provider: Provider, users: dict[str, User], today: Any) -> int:
    it = users["it_manager"]
    since = today - timedelta(days=700)
    person_name(
        actor=it, provider=provider, kind="senior_leader", user=users["senior_leader"],
        from_date=since,
    )  # fmt: skip
    person_name(
        actor=it, provider=provider, kind="governor", user=users["governor"], from_date=since
    )
    product_add(
        actor=it, provider=provider, kind="filtering", name="Example Web Filter",
        supplier="Example Networks Ltd (through the regional broadband consortium)",
        from_date=today - timedelta(days=900), notes="All staff, learner and guest networks.",
    )  # fmt: skip
    product_add(
        actor=it, provider=provider, kind="monitoring", name="Example Safeguarding Monitor",
        supplier="Example Monitoring Ltd", from_date=today - timedelta(days=400),
        notes="College laptops and desktops; alerts to the safeguarding team.",
    )  # fmt: skip
    return 4


def _backdate(model: Any, pk: Any, **fields: Any) -> None:
    model.unscoped.filter(pk=pk).update(**fields)


def _decisions(provider: Provider, users: dict[str, User], today: Any) -> int:
    it = users["it_manager"]
    now = timezone.now()
    vpn = decision_record(
        actor=it, provider=provider, target_kind="domain", target="free-vpn.example",
        decision="block", reason="A VPN service learners used to get round the filter (three "
        "bypass alerts in a week).",
    ).decision  # fmt: skip
    _backdate(Decision, vpn.pk, decided_at=now - timedelta(days=120))
    news = decision_record(
        actor=users["dsl"], provider=provider, target_kind="domain", target="news-archive.example",
        decision="allow", reason="Classified as 'violence' by the filter; a news archive the "
        "public services course uses for case studies.",
        review_on=today + timedelta(days=90),
    ).decision  # fmt: skip
    _backdate(Decision, news.pk, decided_at=now - timedelta(days=60))
    old = decision_record(
        actor=it, provider=provider, target_kind="domain", target="wartime-posters.example",
        decision="unblock_period", reason="History A-level coursework on wartime propaganda.",
        until=today + timedelta(days=1),
    ).decision  # fmt: skip
    _backdate(
        Decision, old.pk, decided_at=now - timedelta(days=95),
        until=today - timedelta(days=5), review_on=today - timedelta(days=5),
    )  # fmt: skip
    decision_record(
        actor=it, provider=provider, target_kind="category", target="Social networking",
        decision="block", reason="Blocked on learner Wi-Fi during lessons, as the acceptable use "
        "policy says; allowed on staff devices.",
    )  # fmt: skip
    return 4


def _review(provider: Provider, users: dict[str, User], today: Any) -> int:
    risk = Risk.objects.for_provider(provider).filter(area="online").order_by("created_at").first()
    day = today - timedelta(days=330)
    actions = [
        ActionIn(
            "Filter guest Wi-Fi at the Riverside site", users["it_manager"],
            today + timedelta(days=20), "A test run on guest Wi-Fi blocks every test category.",
        ),
        ActionIn(
            "Weekend cover for monitoring alerts", users["dsl"], today + timedelta(days=45),
            "Alerts raised at weekends are triaged by Monday 10:00.",
        ),
    ] if risk is not None else []  # fmt: skip
    review = review_record(
        actor=users["it_manager"],
        provider=provider,
        data=ReviewIn(
            reviewed_on=day,
            participants=[
                "Helen Okafor (Principal)", "Amira Shah (Designated Safeguarding Lead)",
                "Priya Patel (IT Services Manager)", "Richard Hughes (Chair of Governors)",
            ],
            checklist=ALL_PARTS,
            item_notes={
                "devices": "Guest Wi-Fi at Riverside goes straight to the internet.",
                "alerts": "Nobody reads monitoring alerts at weekends.",
            },
            findings="Filtering blocks the categories agreed last year on college devices. "
            "Guest Wi-Fi at the Riverside site is not filtered, and monitoring alerts raised "
            "at weekends wait until Monday afternoon.",
            actions=actions,
            risk=risk,
        ),
    )  # fmt: skip
    review_sign_off(
        actor=users["senior_leader"], review=review, note="Agreed; report to the board."
    )
    signed = timezone.now() - timedelta(days=325)
    _backdate(Review, review.pk, created_at=signed, signed_off_at=signed)
    return 1


def _tests(provider: Provider, users: dict[str, User]) -> int:
    it = users["it_manager"]
    devices = {d.name: d for d in device_types_ensure(provider)}
    urls = [
        address_add(actor=it, provider=provider, category=c, url=u, device_types=[])
        for c, u in ADDRESSES
    ]
    base = timezone.now() - timedelta(days=30)
    for offset, name in enumerate(TESTED):
        result = {u.pk: "blocked" for u in urls}
        if name == "Tablet":
            result[urls[2].pk] = "not_blocked"
        run = run_record(
            actor=it, provider=provider, device_type=devices[name],
            run_at=timezone.now() - timedelta(minutes=1), network="Learner Wi-Fi, library",
            checks=[CheckIn(u, result[u.pk], "") for u in urls],
        ).run  # fmt: skip
        moment: datetime = base + timedelta(hours=offset)
        _backdate(TestRun, run.pk, run_at=moment)
        TestCheck.unscoped.filter(run=run).update(checked_at=moment)
    failure = TestCheck.objects.for_provider(provider).get(result="not_blocked")
    check_follow_up(
        actor=it, check=failure,
        text="The tablets' filter profile missed the gambling category: added it; re-test due.",
    )  # fmt: skip
    DeviceType.unscoped.filter(pk=devices["Guest Wi-Fi / BYOD"].pk).update(position=4)
    return len(urls) + len(TESTED)


def _requests(provider: Provider, users: dict[str, User]) -> int:
    learner, it = users["learner"], users["it_manager"]
    today = timezone.localdate()
    approved = request_create(
        actor=learner, provider=provider, url="https://parliament-archive.example/hansard-1938",
        subject="politics", reason="Debates on appeasement for my politics essay.",
    ).request  # fmt: skip
    request_decide(
        actor=it, request=approved, decision="approve", until=today + timedelta(days=21),
        reason="A parliamentary archive; fine for the essay.",
    )  # fmt: skip
    refused = request_create(
        actor=users["staff"], provider=provider, url="https://video-share.example/watch?v=demo",
        subject="public_services", reason="A video for a lesson on riot policing.",
    ).request  # fmt: skip
    request_decide(
        actor=users["dsl"], request=refused, decision="refuse",
        reason="The channel hosts graphic material; use the clip on the course's learning "
        "platform instead.",
    )  # fmt: skip
    waiting = request_create(
        actor=learner, provider=provider, url="https://religions-atlas.example/sects",
        subject="theology", reason="Religious studies project on new religious movements.",
    ).request  # fmt: skip
    _backdate(UnblockRequest, waiting.pk, created_at=timezone.now() - timedelta(days=6))
    return 3
