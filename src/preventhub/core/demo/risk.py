"""The demo college's Prevent risk assessment and action plan, told through the risk services.

A realistic assessment of Northbridge College: the national and local context, twelve risks in
nine of the ten areas (subcontractors is left empty), actions with owners, due dates and impact
measures (one done with evidence, one overdue, one with no impact measure), one risk with no
action, one with a generic description, learner consultations and partner inputs, and a first
version signed off by the principal and the chair of governors ten months ago. The assessment
has moved on since (two risks added, a rating changed, an action done), so "Changes since the
last sign-off" has something to show, and the quality check names what a leader should fix.

The services are called as the demo users' clicks call them (audit rows and notifications are
those of real use); afterwards the seed moves dates the story needs in the past (when an action
was created, was due or was done; when the version was signed). ``--size large`` tells the
same story: an assessment is one document however big the college.

Idempotent: a provider whose assessment already has risks is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from preventhub.accounts.models import User
from preventhub.core.models import Provider
from preventhub.risk.models import (
    AssessmentVersion,
    Risk,
    RiskAction,
    VersionSignature,
)
from preventhub.risk.services import (
    action_create,
    action_progress,
    context_update,
    input_record,
    risk_create,
    risk_update,
)
from preventhub.risk.versions import sign_off

AUTHOR = "dsl"
SIGNED_DAYS_AGO = 300

NATIONAL_CONTEXT = (
    "The national threat level is substantial: an attack is likely. Islamist terrorism remains "
    "the largest threat by volume, and extreme right-wing terrorism the fastest growing, with "
    "more young people among those arrested. Prevent referrals now most often concern young "
    "people with a mixed, unclear or unstable ideology, often fixated on violence and drawn in "
    "online through gaming platforms and short-video sites rather than by a recruiter they "
    "have met."
)
NATIONAL_SOURCES = (
    "CONTEST 2023; Home Office Prevent referral statistics (year to March 2025); DfE regional "
    "FE/HE Prevent coordinator briefing, autumn term."
)
LOCAL_CONTEXT = (
    "Northbridge is a city of 250,000 in the North West with a young, diverse population. "
    "Police Prevent and the City Council's Prevent coordinator report extreme right-wing "
    "leafleting and stickering around the Eastfield estate, close to the Town Centre Campus, "
    "since the summer, and tension after the vandalism of Northbridge Central Mosque in "
    "2025. Two Channel cases last year involved learners aged 16 to 18 from the city. Many "
    "apprentices work alone or in small teams on employers' sites across the county, away "
    "from college staff for weeks at a time."
)
LOCAL_SOURCES = (
    "Counter-terrorism local profile briefing from Northbridge police Prevent team; the "
    "City Council's Prevent coordinator; Northbridge Community Safety Partnership minutes."
)


@dataclass(frozen=True)
class Act:
    title: str
    owner: str | None
    due: int | None  # days from today (negative: overdue or done in the past)
    measure: str
    done: str = ""  # evidence of impact: the action was done, since the sign-off
    status: str = "not_started"  # where it had got to before the sign-off


@dataclass(frozen=True)
class Story:
    area: str
    title: str
    description: str
    hazard: str
    controls: str
    rating: tuple[int, int]
    residual: tuple[int, int] | None
    sources: tuple[str, ...]
    note: str
    owner: str
    review: int  # days from today (negative: the review date has passed)
    actions: tuple[Act, ...] = field(default_factory=tuple)
    after_sign_off: bool = False  # added since the signed version


STORIES: tuple[Story, ...] = (
    Story(
        "leadership",
        "The Prevent lead has too little time and no cover at Riverside",
        "Since the 2025 restructure the designated safeguarding lead also leads on attendance. "
        "At Riverside Campus no deputy is on site on Tuesdays and Thursdays, so a concern "
        "raised there can wait half a day for a trained person.",
        "Delayed response to a learner at risk of being drawn into extremism.",
        "Rota of deputies by phone; concerns reach the team at once through PreventHub.",
        (3, 4),
        (2, 4),
        ("incidents",),
        "Termly audit of time to acknowledge concerns.",
        "senior_leader",
        120,
        (
            Act(
                "Train a second deputy DSL based at Riverside Campus",
                "deputy_dsl",
                45,
                "A trained deputy is on site at Riverside every day; concerns there are "
                "acknowledged within an hour in the termly audit.",
                status="in_progress",
            ),
        ),
    ),
    Story(
        "leadership",
        "Governors' grasp of the duty",
        "Governors may not fully understand the Prevent duty and their responsibilities in "
        "line with statutory guidance.",
        "Weak challenge and oversight.",
        "Annual safeguarding report to the board.",
        (2, 3),
        (2, 2),
        (),
        "",
        "senior_leader",
        200,
        (
            Act(
                "Prevent briefing for the board from the DfE regional coordinator",
                "senior_leader",
                -70,
                "Every governor completes the briefing; the board asks about Prevent at each "
                "safeguarding report.",
                done="All 11 governors attended on 12 March; the minutes of the two boards since "
                "record questions on the risk assessment and referral figures.",
            ),
        ),
    ),
    Story(
        "partnership",
        "Intelligence from police Prevent reaches us late",
        "Briefings from Northbridge police Prevent team reach the college through the City "
        "Council a month or more after the event; we heard of the Eastfield leafleting from "
        "learners two weeks before any partner told us.",
        "Staff unaware of a local threat while learners are exposed to it.",
        "Termly Community Safety Partnership meeting; DSL on the council's Prevent mailing list.",
        (3, 4),
        (2, 3),
        ("partner_intelligence", "learner_consultation"),
        "Student council, June; police Prevent, September.",
        "dsl",
        90,
        (
            Act(
                "Standing monthly call with the police Prevent team",
                "dsl",
                -40,
                "Local intelligence reaches the DSL within a week of partners knowing it.",
                done="Calls held every month since October; the November stickering near the "
                "Town Centre Campus was shared with us within 3 days and briefed to staff the "
                "same week.",
            ),
        ),
    ),
    Story(
        "training",
        "Early-shift estates and catering staff are not trained",
        "Of the 60 support staff, the 14 estates and catering staff on early shifts at the "
        "Town Centre Campus missed September's WRAP session; they are often the first to see "
        "stickers, graffiti or a learner arriving early and alone.",
        "Signs missed by the staff most likely to see them.",
        "Home Office e-learning assigned at induction; posters on the referral route.",
        (4, 3),
        (3, 3),
        ("incidents",),
        "Stickers in the Town Centre Campus were removed by estates staff, not reported.",
        "training_lead",
        150,
        (
            Act(
                "Two 7am WRAP sessions for estates and catering staff",
                "training_lead",
                30,
                "All 14 complete by half term; at least 80% choose the right referral route in "
                "the follow-up scenario check.",
            ),
        ),
    ),
    Story(
        "speakers_events",
        "Late speaker requests from the enrichment programme",
        "Eleven of last year's 40 enrichment speakers were requested with less than ten "
        "working days' notice, mostly by Public Services and Health and Social Care, leaving "
        "no time for the check with police Prevent.",
        "An unsuitable speaker reaches learners without checks.",
        "External speakers procedure; late requests need a senior leader's decision.",
        (3, 3),
        (2, 3),
        ("incidents",),
        "Speaker register, 2024 to 2025.",
        "speaker_coordinator",
        180,
        (
            Act(
                "Publish the enrichment speaker calendar to curriculum teams each half term",
                "speaker_coordinator",
                -12,
                "Late requests fall below 1 in 10 this year.",
                status="in_progress",
            ),
        ),
    ),
    Story(
        "online",
        "VPN bypass of filtering on the guest Wi-Fi",
        "The IT team's logs show 240 attempts a month to reach VPN and proxy sites from the "
        "guest Wi-Fi at both campuses, most from learners' own phones in the Riverside "
        "library.",
        "Learners reach extremist content unfiltered and unmonitored.",
        "Web filter with the Jisc category lists; monitoring alerts to the DSL.",
        (4, 4),
        (2, 4),
        ("incidents",),
        "Filter reports, September to December.",
        "it_manager",
        60,
        (
            Act(
                "Block the VPN and proxy category on the guest network",
                "it_manager",
                -50,
                "Bypass attempts that succeed fall to none in the monthly filter report.",
                done="Blocked on 3 February; the filter reports since show attempts still made "
                "but none succeeding, and the monthly test of five known VPN sites is blocked "
                "on every device type.",
            ),
            Act(
                "Monthly filter test on each device type",
                "it_manager",
                25,
                "A recorded test each month, with any failure fixed within a week.",
                status="in_progress",
            ),
        ),
    ),
    Story(
        "premises",
        "Riverside prayer room used unsupervised after 5pm",
        "The multi-faith room at Riverside Campus is open until 9pm for evening learners; "
        "after 5pm nobody checks who uses it, and a learner reported leaflets left there in "
        "January.",
        "Unmonitored space used to share extremist material or recruit.",
        "Faith room policy; room visible from reception until 5pm.",
        (3, 4),
        (2, 3),
        ("learner_consultation", "incidents"),
        "Learner report, January.",
        "estates",
        100,
        (
            Act(
                "Sign-in sheet and a staff check at 5.30pm and 7.30pm",
                "estates",
                20,
                "The weekly log shows every evening checked; nothing left in the room goes "
                "unreported.",
            ),
        ),
    ),
    Story(
        "premises",
        "Weekend lettings of the sports hall",
        "Eight community groups hire the Town Centre Campus sports hall at weekends; two are "
        "new this year and were not checked beyond their insurance.",
        "A group uses our premises to promote extremist views.",
        "Lettings follow the speakers procedure since April.",
        (2, 4),
        None,
        ("partner_intelligence",),
        "Community Safety Partnership.",
        "estates",
        -14,
        (
            Act(
                "Add a Prevent clause to the lettings agreement",
                "estates",
                60,
                "",
            ),
        ),
    ),
    Story(
        "curriculum_welfare",
        "Online hate not covered for Level 2 construction learners",
        "Tutorial records show that the 6 Level 2 Construction groups at the Harbour Road "
        "centre had no session on online radicalisation last year; they are mostly 16 to 17 "
        "year old boys, the group most often referred nationally.",
        "Learners without the knowledge to recognise and resist grooming online.",
        "Tutorial scheme of work includes British values.",
        (3, 3),
        (3, 2),
        ("learner_consultation",),
        "Learner voice survey, autumn term.",
        "curriculum_lead",
        150,
        (
            Act(
                "Online-hate tutorial for every Level 2 Construction group",
                "curriculum_lead",
                35,
                "Every group has the session by Easter; in the learner voice survey at least "
                "85% say they know who to tell if they see extreme content.",
            ),
        ),
    ),
    Story(
        "local_context",
        "Far-right leafleting on the Eastfield estate",
        "Since July, leaflets and stickers from an extreme right-wing group have appeared on "
        "the Eastfield estate and at the bus stops by the Town Centre Campus; learners have "
        "brought them into class twice.",
        "Learners drawn to, or targeted by, an organised local group.",
        "Stickers removed and reported to police Prevent; staff briefed in September.",
        (4, 4),
        (3, 4),
        ("partner_intelligence", "learner_consultation"),
        "Police Prevent briefing, September; student council, October.",
        "dsl",
        60,
        (
            Act(
                "Tutorial and assembly response with the council's community cohesion team",
                "deputy_dsl",
                40,
                "Learners in the learner voice survey can say why the group's claims are false; "
                "no further leaflets found on site.",
            ),
        ),
    ),
    Story(
        "local_context",
        "Tension after the vandalism of Northbridge Central Mosque",
        "After the 2025 vandalism of Northbridge Central Mosque, Muslim learners at the Town "
        "Centre Campus told the student council they feel watched, and there were three "
        "arguments in the canteen in the week after.",
        "Hostility between groups of learners, and a grievance extremists of any side exploit.",
        "Pastoral team on the canteen at lunchtimes.",
        (3, 4),
        None,
        ("learner_consultation", "incidents"),
        "Student council, October.",
        "dsl",
        45,
        (),
        after_sign_off=True,
    ),
    Story(
        "learner_cohort",
        "Apprentices isolated on employers' sites",
        "About 1 in 5 of our learners are apprentices, and most 16 to 18 year olds among them "
        "work on building sites and in workshops across the county, seeing college staff only "
        "at their reviews every 10 to 12 weeks.",
        "Radicalisation by colleagues or online goes unseen.",
        "Safeguarding questions at every apprenticeship review.",
        (3, 4),
        (3, 3),
        ("partner_intelligence",),
        "DfE regional coordinator; employer feedback.",
        "deputy_dsl",
        120,
        (
            Act(
                "A Prevent check-in at each apprenticeship review",
                "deputy_dsl",
                20,
                "Every review record for a 16 to 18 year old shows the check-in; employers' "
                "named contacts know the referral route.",
            ),
        ),
        after_sign_off=True,
    ),
)

# (kind, days ago, what, with whom, what was learnt)
INPUTS: tuple[tuple[str, int, str, str, str], ...] = (
    (
        "learner_consultation",
        420,
        "Learner voice survey",
        "All full-time learners",
        "71% know who to tell if they are worried about a friend; fewer at Riverside.",
    ),
    (
        "partner_input",
        380,
        "Prevent coordinator visit",
        "Northbridge City Council",
        "Advised a risk on apprentices working away from college; offered training.",
    ),
    (
        "learner_consultation",
        60,
        "Student council: feeling safe in and around college",
        "Student council, both campuses",
        "Learners raised the Eastfield leaflets and the mood after the mosque vandalism; "
        "asked for more on spotting fake news online.",
    ),
    (
        "partner_input",
        95,
        "Counter-terrorism local profile briefing",
        "Northbridge police Prevent team",
        "Extreme right-wing activity around the Eastfield estate; online targeting of boys "
        "aged 14 to 17 through gaming chats.",
    ),
)


def seed_risk(provider: Provider, *, size: str, seed: int) -> int:
    """Tell the assessment's story if the provider has none yet; returns the risks created."""
    if Risk.objects.for_provider(provider).exists():
        return 0
    users = _users()
    author = users[AUTHOR]
    today = timezone.localdate()
    context_update(
        actor=author,
        provider=provider,
        national_context=NATIONAL_CONTEXT,
        national_sources=NATIONAL_SOURCES,
        local_context=LOCAL_CONTEXT,
        local_sources=LOCAL_SOURCES,
    )
    for kind, days, what, who, summary in INPUTS:
        input_record(
            actor=author,
            provider=provider,
            kind=kind,
            held_on=today - timedelta(days=days),
            what=what,
            with_whom=who,
            summary=summary,
        )
    first = [s for s in STORIES if not s.after_sign_off]
    risks = {s.title: _tell(provider, s, users, today) for s in first}
    _signed_long_ago(provider, users)
    for story in STORIES:
        if story.after_sign_off:
            risks[story.title] = _tell(provider, story, users, today)
    _moved_on(provider, risks, users)
    return len(risks)


def _users() -> dict[str, User]:
    names = {AUTHOR, "senior_leader", "governor"} | {s.owner for s in STORIES}
    names |= {a.owner for s in STORIES for a in s.actions if a.owner}
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    missing = names - set(users)
    if missing:
        raise ValueError(f"The demo users {', '.join(sorted(missing))} are missing.")
    return users


def _tell(provider: Provider, story: Story, users: dict[str, User], today: date) -> Risk:
    residual = story.residual or (None, None)
    risk = risk_create(
        actor=users[AUTHOR],
        provider=provider,
        area=story.area,
        title=story.title,
        description=story.description,
        hazard=story.hazard,
        controls=story.controls,
        likelihood=story.rating[0],
        impact=story.rating[1],
        residual_likelihood=residual[0],
        residual_impact=residual[1],
        sources=story.sources,
        source_note=story.note,
        owner=users[story.owner],
        review_on=today + timedelta(days=max(story.review, 0)),
    )
    if story.review < 0:
        _past(Risk, provider, risk.pk, review_on=today + timedelta(days=story.review))
    for act in story.actions:
        action = action_create(
            actor=users[AUTHOR],
            risk=risk,
            title=act.title,
            owner=users[act.owner] if act.owner else None,
            due_date=None if act.due is None else today + timedelta(days=max(act.due, 0)),
            impact_measure=act.measure,
        )
        if act.due is not None and act.due < 0:
            # Written two months before it fell due; the services refuse past dates today.
            _past(
                RiskAction,
                provider,
                action.pk,
                due_on=today + timedelta(days=act.due),
                created_at=timezone.now() - timedelta(days=60 - act.due),
            )
        if act.status != "not_started":
            action.refresh_from_db()
            owner = users[act.owner] if act.owner else users[AUTHOR]
            action_progress(actor=owner, action=action, status=act.status, evidence="")
    return risk


def _past(model: type[Risk] | type[RiskAction], provider: Provider, pk: Any, **fields: Any) -> None:
    model.objects.for_provider(provider).filter(pk=pk).update(**fields)


def _signed_long_ago(provider: Provider, users: dict[str, User]) -> None:
    """Version 1: signed by the principal and the chair of governors ten months ago."""
    sign_off(
        actor=users["senior_leader"],
        provider=provider,
        role="senior_leader",
        comment="Reviewed with the safeguarding committee.",
    )
    result = sign_off(
        actor=users["governor"],
        provider=provider,
        role="governor",
        comment="Approved by the board; report back on the Riverside cover in the spring.",
    )
    when = timezone.now() - timedelta(days=SIGNED_DAYS_AGO)
    AssessmentVersion.objects.for_provider(provider).filter(pk=result.version.pk).update(
        created_at=when, approved_at=when + timedelta(days=6)
    )
    signatures = VersionSignature.objects.for_provider(provider).filter(version=result.version)
    signatures.filter(role="senior_leader").update(created_at=when)
    signatures.filter(role="governor").update(created_at=when + timedelta(days=6))


def _moved_on(provider: Provider, risks: dict[str, Risk], users: dict[str, User]) -> None:
    """Since the sign-off, actions were done (with evidence of impact) and the filtering
    risk's residual rating came down."""
    acts = {a.title: a for s in STORIES for a in s.actions if a.done}
    for action in RiskAction.objects.for_provider(provider).filter(title__in=list(acts)):
        act = acts[action.title]
        owner = users[act.owner] if act.owner else users[AUTHOR]
        action_progress(actor=owner, action=action, status="done", evidence=act.done)
        _past(RiskAction, provider, action.pk, completed_on=action.due_on - timedelta(days=2))
    risk = risks["VPN bypass of filtering on the guest Wi-Fi"]
    risk_update(
        actor=users[AUTHOR],
        risk=risk,
        area=risk.area,
        title=risk.title,
        description=risk.description,
        hazard=risk.hazard,
        controls=risk.controls
        + " VPN and proxy category blocked on the guest network since February.",
        likelihood=risk.likelihood,
        impact=risk.impact,
        residual_likelihood=1,
        residual_impact=4,
        sources=risk.sources,
        source_note=risk.source_note,
        owner=risk.owner,
        review_on=risk.review_on,
    )
