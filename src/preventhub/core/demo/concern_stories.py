"""The demo's concerns, told as stories: what was raised, then what the team did and when.

Everything here is fictional. Most concerns are not Prevent, as in any college: mental health,
bullying, online safety, neglect, abuse and exploitation come first; the Prevent concerns cover
the ideologies police Prevent records (extreme right-wing and mixed or unclear most often). No
real person, group or website is named.

A story is raised ``days_ago`` days before the seed runs; each step happens ``at`` hours after
the concern was raised and must not fall after the moment of seeding (a test checks). Texts may
use ``{first}``, ``{last}``, ``{name}`` and ``{course}`` of the subject from the register.
"""

from __future__ import annotations

from dataclasses import dataclass

from preventhub.concerns.choices import Category, Decision, Ideology

DAY = 24.0


@dataclass(frozen=True)
class Step:
    """One thing the team did on a case: ``kind`` names the service the seed calls."""

    kind: str
    at: float  # hours after the concern was raised
    by: str = "dsl"  # demo username of who did it
    text: str = ""
    decision: str = ""
    informed: str = ""
    owner: str = ""
    due_days: int = 0
    relationship: str = ""
    peer: bool = False
    next_review_days: int = 0
    reason: str = ""
    name: str = ""  # a linked person's name (empty: another learner from the register)


def ack(at: float, by: str = "dsl") -> Step:
    return Step("ack", at, by)


def decide(at: float, decision: str, rationale: str, informed: str = "", by: str = "dsl") -> Step:
    return Step("decide", at, by, text=rationale, decision=decision, informed=informed)


def note(at: float, text: str, by: str = "dsl") -> Step:
    return Step("note", at, by, text=text)


def contact(at: float, text: str, by: str = "dsl") -> Step:
    return Step("contact", at, by, text=text)


def action(at: float, text: str, owner: str, due_days: int, by: str = "dsl") -> Step:
    return Step("action", at, by, text=text, owner=owner, due_days=due_days)


def done(at: float, by: str = "dsl") -> Step:
    """The most recent action of the story is completed."""
    return Step("done", at, by)


def link(at: float, relationship: str, name: str = "", notes: str = "", by: str = "dsl") -> Step:
    """A linked person by name, or (``name`` empty) another learner from the register."""
    return Step("link", at, by, text=notes, relationship=relationship, name=name, peer=not name)


def review(at: float, summary: str, next_review_days: int = 0, by: str = "dsl") -> Step:
    return Step("review", at, by, text=summary, next_review_days=next_review_days)


def close(at: float, reason: str, outcome: str, by: str = "dsl") -> Step:
    return Step("close", at, by, text=outcome, reason=reason)


def reopen(at: float, reason: str, by: str = "dsl") -> Step:
    return Step("reopen", at, by, text=reason)


@dataclass(frozen=True)
class Story:
    n: int  # stable number: the concern's idempotency key is built from it
    reporter: str  # demo username
    days_ago: float
    subject: str  # learner | staff | visitor | other
    category: str
    description: str
    location: str
    indicators: tuple[str, ...] = ()
    ideology: str = ""
    immediate_risk: bool = False
    subject_name: str = ""  # visitors and others (learners and staff come from the register)
    dept: str = ""  # the learner's curriculum department code, when it matters to the story
    noticed_hours_before: float = 1.0  # occurred_at = raised - this
    steps: tuple[Step, ...] = ()


TC = "Northbridge Town Centre Campus"
RS = "Riverside Campus"

# --- awaiting triage -------------------------------------------------------------------------
NEW = (
    Story(
        1, "staff", 0.02, "learner", "mental_health",
        "{first} showed me messages on their phone saying they plan to end their life tonight "
        "and have been saving up tablets. I called 999 as the form said. {first} is in the "
        "learner services office with a first aider and is not alone.",
        f"{TC}, construction workshop 2", ("withdrawn",), immediate_risk=True, dept="CON",
        noticed_hours_before=0.2,
    ),
    Story(
        2, "curriculum_lead", 0.15, "learner", "prevent",
        "Stickers with a racist slogan and a web address were on the lockers outside H2 this "
        "morning. Two learners told me they saw {first} putting them up. I took photos and "
        "removed them; estates have the photos.",
        f"{TC}, H block corridor", ("possesses_literature", "extremist_language"),
        ideology="extreme_right_wing", dept="HSC", noticed_hours_before=2,
    ),
    Story(
        3, "learner", 0.8, "learner", "sexual_abuse",
        "Someone in our group chat keeps posting a photo of a girl from our course that she did "
        "not want shared. She is upset and has stopped coming to the canteen. It is {first} who "
        "started it.",
        "Group chat, and the canteen", ("media_influence",), dept="CON",
        noticed_hours_before=20,
    ),
    Story(
        4, "estates", 0.3, "visitor", "other",
        "A man I did not recognise was standing by the Riverside gate at 15:50 filming learners "
        "as they left. When I asked what he was doing he walked off towards the car park. Grey "
        "hoodie, about 40, dark blue car (partial plate on the CCTV log).",
        f"{RS}, main gate", (), subject_name="Unknown man, about 40", noticed_hours_before=1.5,
    ),
)  # fmt: skip

# --- being triaged ---------------------------------------------------------------------------
IN_TRIAGE = (
    Story(
        5, "staff", 1.2, "learner", "prevent",
        "In the break {first} was showing others a video on their phone that mixed footage of "
        "a mass shooting with music and symbols I did not recognise. When I asked, they said "
        "'it's just edgy, everyone watches it'. They have been much quieter in class this term.",
        f"{TC}, construction canteen",
        ("accessing_material", "withdrawn", "mass_violence_interest"),
        ideology="mixed_unclear", dept="CON", noticed_hours_before=3,
        steps=(
            ack(1.5),
            note(
                3,
                "Spoke to the course tutor: attendance down to 78% since half term; no "
                "previous concerns on file. Will speak to {first} tomorrow with the tutor.",
            ),
        ),
    ),
    Story(
        6, "speaker_coordinator", 2.1, "learner", "neglect",
        "On the enrichment trip {first} had no coat or lunch and said there was no food at home "
        "over the weekend. They ate two of the spare packed lunches. Clothes have been the same "
        "all week.",
        "Enrichment trip to the science museum", ("unsettled_home",), dept="ENG",
        noticed_hours_before=30,
        steps=(
            ack(2, by="deputy_dsl"),
            contact(
                26,
                "Phoned home: no answer. Left a message asking a parent or carer to call the "
                "safeguarding team.",
                by="deputy_dsl",
            ),
        ),
    ),
    Story(
        7, "senior_leader", 3.0, "staff", "prevent",
        "A parent emailed screenshots of public social media posts they say are by {name}. The "
        "posts share a conspiracy video about immigration and call a local mosque 'an invasion "
        "base'. The parent is worried about how their child is treated in class.",
        "Social media (outside college)", ("extremist_language",),
        ideology="extreme_right_wing", noticed_hours_before=40,
        steps=(
            ack(4),
            note(
                20,
                "Agreed with HR that this is handled under the allegations procedure. Posts "
                "preserved as screenshots. No contact with the member of staff yet.",
                by="hr",
            ),
        ),
    ),
)  # fmt: skip

# --- open cases ------------------------------------------------------------------------------
OPEN = (
    Story(
        8, "staff", 41, "learner", "prevent",
        "During the practical {first} told two others that immigrants should be 'sent back by "
        "force' and that 'a race war is coming'. They showed a video from a channel that has "
        "been taken down for hate speech and asked if anyone knew where to buy a crossbow.",
        f"{TC}, bricklaying workshop",
        ("extremist_language", "accessing_material", "mass_violence_interest",
         "social_circles"),
        ideology="extreme_right_wing", dept="CON", noticed_hours_before=2,
        steps=(
            ack(0.5),
            note(
                3,
                "Met {first} with the course tutor. Said the comments were 'banter' but repeated "
                "the views calmly; spends evenings on a gaming server where 'people tell the "
                "truth'. No stated plan; crossbow question 'a joke'.",
            ),
            contact(
                6,
                "Phoned mum. Shocked; says {first} has a new group of older online friends and "
                "stays up most nights. Agrees to a referral and to limit the console at night.",
            ),
            decide(
                7, "police_prevent",
                "Expressed extremist views with an interest in weapons and new online "
                "influences; needs specialist assessment beyond what we can offer in college.",
                informed="Mum by phone; police Prevent team by referral form",
            ),
            action(7.5, "Send the Prevent referral form to the police Prevent team", "dsl", 1),
            done(8),
            link(8, "parent_carer", "Mrs {last}", "Mum; supportive; main contact"),
            link(9, "peer", notes="Was shown the video; upset by it"),
            contact(
                5 * DAY,
                "Police Prevent officer called: the case goes to Channel screening next week. "
                "Asked us to keep them informed of anything new.",
            ),
            action(
                5 * DAY, "Weekly check-in with {first} and the course tutor", "deputy_dsl", 7
            ),
            decide(
                16 * DAY, "channel",
                "Police Prevent have screened the case and the Channel panel has adopted it; "
                "we attend the panel and provide the college's support plan.",
                informed="Mum and {first} in a meeting",
            ),
            review(
                30 * DAY,
                "Channel intervention provider has met {first} twice. Attendance back to 92%. "
                "No further comments reported in class. Continue weekly check-ins.",
                next_review_days=28,
            ),
        ),
    ),
    Story(
        9, "curriculum_lead", 26, "learner", "prevent",
        "{first} told classmates that voting is forbidden and that anyone who takes part in "
        "the student union election is 'not a real believer'. Watches sermons from a preacher "
        "whose channel was removed and has stopped speaking to friends who are not religious.",
        f"{TC}, H block, tutorial", ("extremist_language", "social_circles", "rejected"),
        ideology="islamist", dept="HSC", noticed_hours_before=4,
        steps=(
            ack(2),
            note(
                DAY,
                "Spoke with {first}: thoughtful, upset at being 'mocked for my faith' by peers. "
                "Open to talking to the chaplaincy's Muslim adviser.",
            ),
            decide(
                2 * DAY, "internal_support",
                "Views are concerning but there are no signs of intent or contact with "
                "extremists; mentoring and a tutorial on democracy should address this.",
                informed="{first} and dad, in a meeting",
            ),
            action(
                2 * DAY,
                "Deliver the tutorial on democracy and free expression to the group",
                "curriculum_lead", 10,
            ),
            action(2 * DAY, "Weekly mentoring with the chaplaincy adviser", "deputy_dsl", 21),
            done(20 * DAY, by="deputy_dsl"),
        ),
    ),
    Story(
        10, "it_manager", 62, "learner", "prevent",
        "The web filter raised a high-severity alert: over three days, a college PC logged in "
        "as {first} searched for a US school shooting, the shooter's weapons and 'how many "
        "people to be famous'. Blocked pages in the violence category 40 times.",
        f"{RS}, library PC 14", ("accessing_material", "mass_violence_interest", "withdrawn"),
        ideology="mass_violence", dept="BUS", noticed_hours_before=6,
        steps=(
            ack(1),
            contact(
                4,
                "Met {first} with learner services: isolated, bullied at school, says they "
                "'just like true crime'. Drew a plan of the college in their notebook.",
            ),
            decide(
                5, "police_prevent",
                "Fixation on mass violence with a drawing of the college: referred to police "
                "Prevent the same day, with the notebook and filter log.",
                informed="Dad by phone; police Prevent by phone and form",
            ),
            link(5, "parent_carer", "Mr {last}", "Dad"),
            contact(
                14 * DAY,
                "Police Prevent: assessment under way with CAMHS; Channel panel to consider "
                "the case next month. College to keep the safety plan in place meanwhile.",
            ),
            review(
                40 * DAY,
                "Engaging with CAMHS and learner services. Searches have stopped; a new "
                "friendship group in the games club. Awaiting the Channel panel.",
                next_review_days=30,
            ),
            action(
                40 * DAY, "Agree a safety plan for library PC use with IT", "it_manager", 14
            ),
        ),
    ),
    Story(
        11, "curriculum_lead", 19, "learner", "prevent",
        "{first} said in class that women 'owe' men attention and used words I later found "
        "come from online incel forums. Two female learners asked not to sit near them.",
        f"{TC}, H block, room H12", ("extremist_language", "rejected", "identity_confusion"),
        ideology="incel", dept="HSC", noticed_hours_before=3,
        steps=(
            ack(3),
            decide(
                DAY, "monitor",
                "Harmful views, no intent or threats; tutor and learner services to watch "
                "closely and report anything new.",
                informed="Course tutor",
            ),
            action(DAY, "Speak with {first} with the tutor about respect", "curriculum_lead", 5),
            note(
                9 * DAY,
                "Tutor reports no repeat in class; {first} spends breaks alone on their phone.",
            ),
        ),
    ),
    Story(
        12, "speaker_coordinator", 31, "learner", "prevent",
        "At the enrichment fair {first} talked about 'direct action' against a local firm that "
        "transports animals for testing, including how to disable their lorries at night.",
        f"{RS}, sports hall (enrichment fair)", ("extremist_language", "seeking_purpose"),
        ideology="left_wing", dept="ART", noticed_hours_before=5,
        steps=(
            ack(2),
            contact(
                DAY,
                "Spoke with {first}: passionate about animal welfare; had not thought about "
                "the risk to drivers. Understood the difference between lawful protest and "
                "damage. Pointed to the college's campaigning society.",
            ),
            decide(
                2 * DAY, "monitor",
                "Single-issue views with talk of criminal damage but no plan; monitor and "
                "offer a lawful outlet.",
                informed="{first}",
            ),
            review(
                28 * DAY,
                "No further concerns; joined the campaigning society. Review once more before "
                "closing.",
                next_review_days=28,
            ),
        ),
    ),
    Story(
        13, "training_lead", 13, "learner", "prevent",
        "{first} has started wearing symbols from several different extremist movements and "
        "says they 'don't care which side, they all want to burn it down'. Family have just "
        "been evicted.",
        f"{TC}, learning centre", ("appearance_change", "unsettled_home", "seeking_purpose"),
        ideology="mixed_unclear", dept="ART", noticed_hours_before=8,
        steps=(
            ack(4, by="deputy_dsl"),
            decide(
                2 * DAY, "early_help",
                "Unstable mix of ideologies driven by the family's housing crisis; early help "
                "for the family is the priority, with Prevent advice sought.",
                informed="Mum, by phone; local authority early help team",
                by="deputy_dsl",
            ),
            contact(
                6 * DAY,
                "Early help assessment agreed with mum; lead professional is the family "
                "support worker. Police Prevent advised no referral for now.",
                by="deputy_dsl",
            ),
            action(
                6 * DAY, "Bursary application for travel and meals", "deputy_dsl", 5,
                by="deputy_dsl",
            ),
        ),
    ),
    Story(
        14, "curriculum_lead", 36, "learner", "mental_health",
        "{first} broke down in the practical and said they cannot sleep, cannot eat and feel "
        "'like a burden'. Cuts on the forearm were visible.",
        f"{TC}, H block, care suite", ("withdrawn",), dept="HSC", noticed_hours_before=1,
        steps=(
            ack(0.5),
            contact(
                2,
                "Phoned dad with {first}'s agreement; he collected them and is booking a GP "
                "appointment today.",
            ),
            decide(
                4, "internal_support",
                "Self-harm without current suicidal intent; college counselling and a support "
                "plan, GP involved.",
                informed="Dad and {first}",
            ),
            action(4, "Book weekly counselling sessions", "deputy_dsl", 3),
            done(2 * DAY, by="deputy_dsl"),
            review(
                21 * DAY,
                "Attending counselling; GP has referred to CAMHS (waiting list 14 weeks).",
                next_review_days=21,
            ),
        ),
    ),
    Story(
        15, "training_lead", 24, "learner", "mental_health",
        "{first} told their skills coach they have been sick after meals and hide food. "
        "Lost a lot of weight since September.",
        "Apprentice review at the employer", ("withdrawn",), dept="ENG",
        noticed_hours_before=20,
        steps=(
            ack(4),
            decide(
                DAY, "internal_support",
                "Possible eating disorder; support plan with learner services and a GP "
                "referral encouraged.",
                informed="{first} (aged 19)",
            ),
            action(DAY, "Support {first} to book a GP appointment", "deputy_dsl", 4),
        ),
    ),
    Story(
        16, "curriculum_lead", 17, "learner", "domestic_abuse",
        "{first} said their dad 'hits mum when he drinks' and that they sleep with a chair "
        "against the door. Younger brother is 9.",
        f"{TC}, H block, tutorial", ("unsettled_home",), dept="HSC", noticed_hours_before=2,
        steps=(
            ack(1),
            decide(
                3, "social_care",
                "Domestic abuse at home with a younger child in the house: referred to "
                "children's social care the same day.",
                informed="Children's services front door, by phone and form",
            ),
            link(3, "sibling", "Younger brother, aged 9", "Attends Northbridge Primary"),
            contact(
                2 * DAY,
                "Social worker allocated; strategy discussion held; mum and children staying "
                "with grandparents.",
            ),
            review(
                14 * DAY,
                "Family safe at grandparents'. {first}'s attendance good. Keep open while "
                "social care lead.",
                next_review_days=14,
            ),
        ),
    ),
    Story(
        17, "estates", 23, "learner", "exploitation",
        "{first} is picked up most afternoons by different older men in different cars. Has "
        "new designer clothes and two phones, and was seen handing a package through a car "
        "window.",
        f"{RS}, bus stop outside the main entrance", ("social_circles",), dept="BUS",
        noticed_hours_before=4,
        steps=(
            ack(2),
            decide(
                5, "social_care",
                "Indicators of child criminal exploitation (county lines); referral to "
                "children's social care and police.",
                informed="Children's services; police exploitation team; mum",
            ),
            action(5, "Share CCTV stills with the police exploitation team", "estates", 3),
            contact(
                4 * DAY,
                "Multi-agency child exploitation meeting: {first} assessed at significant risk.",
            ),
        ),
    ),
    Story(
        18, "learner", 15, "learner", "bullying",
        "People in my class keep making videos of {first} and posting them with nasty "
        "comments. {first} has stopped coming in on Fridays.",
        f"{TC}, construction canteen", ("bullied",), dept="CON", noticed_hours_before=30,
        steps=(
            ack(5, by="deputy_dsl"),
            decide(
                DAY, "internal_support",
                "Online bullying by peers; behaviour process for those posting and support "
                "for {first}.",
                informed="{first} and mum",
                by="deputy_dsl",
            ),
            link(DAY, "peer", notes="Posted the videos", by="deputy_dsl"),
            action(DAY, "Restorative meeting with the group", "deputy_dsl", 7, by="deputy_dsl"),
            done(6 * DAY, by="deputy_dsl"),
        ),
    ),
    Story(
        19, "curriculum_lead", 28, "learner", "neglect",
        "{first} is often hungry, has had the same uniform since September and says mum is "
        "'in bed all the time'. They look after two younger sisters.",
        f"{TC}, H block", ("unsettled_home",), dept="HSC", noticed_hours_before=24,
        steps=(
            ack(3),
            decide(
                2 * DAY, "early_help",
                "Young carer with signs of neglect; early help assessment with mum's consent.",
                informed="Mum, at home visit with the family support worker",
            ),
            review(
                21 * DAY,
                "Young carers' service involved; free meals in place. Mum receiving support "
                "from her GP.",
                next_review_days=28,
            ),
        ),
    ),
    Story(
        20, "curriculum_lead", 10, "learner", "sexual_abuse",
        "A learner told me {first} keeps touching her and sending explicit messages after "
        "she said no. She has screenshots.",
        f"{TC}, H block", (), dept="HSC", noticed_hours_before=5,
        steps=(
            ack(1),
            decide(
                4, "internal_support",
                "Sexual harassment by a peer: separate timetables, behaviour process and "
                "support for the learner harmed; police informed of the images.",
                informed="Both learners' parents; police (images)",
            ),
            link(4, "peer", notes="Learner harmed; has a support plan of her own"),
            action(4, "Separate the two learners' timetables", "curriculum_lead", 2),
            done(DAY, by="curriculum_lead"),
        ),
    ),
    Story(
        21, "deputy_dsl", 8, "learner", "honour_based",
        "{first} asked me quietly whether college can stop her being taken abroad in the "
        "summer. Says she is to be married to a cousin and her passport has been taken.",
        f"{TC}, wellbeing room", ("family_conflict",), dept="HSC", noticed_hours_before=1,
        steps=(
            ack(0.2, by="deputy_dsl"),
            decide(
                2, "social_care",
                "Risk of forced marriage: referred to children's social care and the Forced "
                "Marriage Unit; parents NOT informed, to keep {first} safe.",
                informed="Children's services; police; Forced Marriage Unit",
                by="deputy_dsl",
            ),
            action(
                2, "Agree a safety plan and code word with {first}", "deputy_dsl", 14,
                by="deputy_dsl",
            ),
        ),
    ),
    Story(
        22, "it_manager", 6, "learner", "online_safety",
        "Filter alert: {first} tried 30 times in a week to reach proxy and VPN sites from a "
        "college laptop, then logged in to a gambling site through one.",
        f"{RS}, business suite laptops", ("media_influence",), dept="BUS",
        noticed_hours_before=12,
        steps=(
            ack(3),
            decide(
                DAY, "monitor",
                "Filter bypass and gambling; talk to {first} and watch the filter reports.",
                informed="{first}",
            ),
        ),
    ),
    Story(
        23, "hr", 12, "staff", "other",
        "A learner's parent reports that {name} gave their personal phone number to the "
        "learner and messages them late at night. The parent has screenshots.",
        "Messages outside college", (), noticed_hours_before=30,
        steps=(
            ack(1),
            decide(
                DAY, "social_care",
                "Possible breach of professional boundaries with a learner under 18: referred "
                "to the LADO; staff code of conduct process started by HR.",
                informed="LADO (local authority designated officer); HR",
            ),
            note(
                3 * DAY,
                "LADO advises an investigation by college; the member of staff is not to "
                "contact learners outside college systems meanwhile.",
                by="hr",
            ),
            action(3 * DAY, "Investigation meeting with the member of staff", "hr", 5, by="hr"),
        ),
    ),
    Story(
        24, "staff", 4, "learner", "physical_abuse",
        "{first} had finger-shaped bruises on the upper arm and flinched when I reached past "
        "them. Said they 'fell'.",
        f"{TC}, bricklaying workshop", (), dept="CON", noticed_hours_before=2,
        steps=(
            ack(0.5),
            decide(
                2, "social_care",
                "Unexplained injuries consistent with being gripped: referred to children's "
                "social care.",
                informed="Children's services front door",
            ),
        ),
    ),
    Story(
        25, "curriculum_lead", 16, "learner", "emotional_abuse",
        "{first} says their stepdad calls them worthless every day and tells them they will "
        "be thrown out at 18.",
        f"{TC}, H block", ("unsettled_home", "rejected"), dept="HSC",
        noticed_hours_before=3,
        steps=(
            ack(2),
            decide(
                DAY, "monitor",
                "Emotional harm; {first} does not want home contacted yet. Regular check-ins "
                "and advice about housing options.",
                informed="{first}",
            ),
            action(DAY, "Fortnightly check-in with {first}", "deputy_dsl", 14),
        ),
    ),
)  # fmt: skip

# --- closed (one reopened) -------------------------------------------------------------------
CLOSED = (
    Story(
        26, "staff", 70, "learner", "prevent",
        "{first} was drawing swastikas in their notebook and said 'they had the right idea'.",
        f"{TC}, construction classroom", ("extremist_language",),
        ideology="extreme_right_wing", dept="CON", noticed_hours_before=3,
        steps=(
            ack(2),
            decide(
                DAY, "no_further_action",
                "Spoke with {first} and their history teacher: the drawing was from a GCSE "
                "history revision page on 1930s Germany and the remark a clumsy quote about "
                "propaganda techniques. No other indicators.",
                informed="Staff member who raised it",
            ),
        ),
    ),
    Story(
        27, "curriculum_lead", 120, "learner", "prevent",
        "{first} has been sharing videos from an extremist preacher in the class group chat "
        "and told a classmate 'we will see who is laughing when the time comes'.",
        f"{TC}, H block", ("accessing_material", "preaching", "extremist_contact"),
        ideology="islamist", dept="HSC", noticed_hours_before=10,
        steps=(
            ack(1),
            decide(
                6, "police_prevent",
                "Sharing extremist material to recruit others, with a veiled threat: referral "
                "to police Prevent.",
                informed="Mum; police Prevent",
            ),
            contact(
                9 * DAY,
                "Police Prevent: not progressing to Channel; they recommend internal support "
                "and mentoring.",
            ),
            decide(
                9 * DAY, "internal_support",
                "Mentoring with a trusted member of staff and the chaplaincy adviser.",
                informed="Mum and {first}",
            ),
            review(
                60 * DAY,
                "Nine mentoring sessions; no further sharing; {first} apologised to the "
                "classmate.",
            ),
            close(
                62 * DAY, "resolved",
                "No further concerns after mentoring; police Prevent agree to closure.",
            ),
        ),
    ),
    Story(
        28, "deputy_dsl", 210, "learner", "prevent",
        "{first} disclosed that an older man they met online is sending them far-right "
        "propaganda and asking them to 'prove loyalty' by filming a local mosque.",
        f"{RS}, wellbeing room", ("extremist_contact", "accessing_material", "peer_pressure"),
        ideology="extreme_right_wing", dept="ENG", noticed_hours_before=2,
        steps=(
            ack(0.1, by="deputy_dsl"),
            decide(
                2, "police_prevent",
                "Grooming by an adult extremist: immediate referral to police Prevent.",
                informed="Police Prevent (phone and form); mum",
                by="deputy_dsl",
            ),
            decide(
                21 * DAY, "channel",
                "Adopted by Channel: an intervention provider and online safety work.",
                informed="Mum and {first}",
                by="deputy_dsl",
            ),
            review(90 * DAY, "Intervention going well; the adult has been arrested.",
                   next_review_days=60, by="deputy_dsl"),
            contact(150 * DAY, "Channel panel: {first} exited the process with no further "
                    "concerns.", by="deputy_dsl"),
            close(
                152 * DAY, "resolved",
                "Exited Channel; strong support at home; no contact with the adult since.",
                by="deputy_dsl",
            ),
        ),
    ),
    Story(
        29, "curriculum_lead", 160, "learner", "prevent",
        "{first} is talking about a conspiracy theory that a secret elite controls the "
        "government and that 'violence is the only answer left'.",
        f"{TC}, H block", ("extremist_language", "seeking_purpose"),
        ideology="other", dept="HSC", noticed_hours_before=6,
        steps=(
            ack(4),
            decide(DAY, "monitor", "No intent or plan; critical thinking work in tutorials.",
                   informed="Tutor"),
            note(30 * DAY, "{first} has withdrawn from the course to move to another area."),
            close(
                32 * DAY, "left_provider",
                "Left the college; the safeguarding file was transferred to the new provider.",
            ),
        ),
    ),
    Story(
        30, "training_lead", 95, "learner", "mental_health",
        "{first} has been crying in sessions and told the assessor they feel hopeless since "
        "their nan died.",
        "Apprentice review at the employer", ("withdrawn",), dept="ENG",
        noticed_hours_before=20,
        steps=(
            ack(3),
            decide(DAY, "internal_support", "Bereavement support through counselling.",
                   informed="{first}"),
            review(45 * DAY, "Six counselling sessions; coping much better."),
            close(46 * DAY, "resolved", "Counselling finished; {first} knows how to come back."),
        ),
    ),
    Story(
        31, "staff", 55, "learner", "bullying",
        "{first} is being called names about their accent by others in the group.",
        f"{TC}, construction classroom", ("bullied",), dept="CON", noticed_hours_before=24,
        steps=(
            decide(DAY, "internal_support", "Behaviour process and group work on respect.",
                   informed="{first}; parents of the others"),
            close(20 * DAY, "resolved", "No repeat since the group session."),
        ),
    ),
    Story(
        32, "admin", 45, "other", "online_safety",
        "A member of the public emailed the college's main address claiming to hold learners' "
        "photos and demanding money. It looks like a mass phishing email.",
        "College main email address", (), subject_name="Unknown sender",
        noticed_hours_before=2,
        steps=(
            decide(4, "monitor", "Checking with IT whether any learner data is involved.",
                   informed="IT services"),
            close(3 * DAY, "not_safeguarding",
                  "Confirmed a generic phishing campaign; handled by IT security."),
        ),
    ),
    Story(
        33, "curriculum_lead", 140, "learner", "neglect",
        "{first} keeps falling asleep in class and says there is no heating or electricity "
        "at home.",
        f"{TC}, H block", ("unsettled_home", "exclusion"), dept="HSC",
        noticed_hours_before=24,
        steps=(
            ack(2),
            decide(DAY, "early_help", "Early help for the family; hardship fund for {first}.",
                   informed="Mum; early help team"),
            close(40 * DAY, "referred_on", "Early help team lead the family plan."),
        ),
    ),
    Story(
        34, "estates", 180, "learner", "exploitation",
        "{first} was seen giving small packages to younger learners at the back gate.",
        f"{RS}, back gate", ("social_circles", "peer_pressure"), dept="BUS",
        noticed_hours_before=3,
        steps=(
            ack(1),
            decide(4, "social_care", "Criminal exploitation indicators: social care and police.",
                   informed="Children's services; police"),
            close(60 * DAY, "referred_on", "Youth justice service now lead; college in plan."),
        ),
    ),
    Story(
        35, "staff", 30, "learner", "mental_health",
        "{first} seemed very low today and said 'what's the point'.",
        f"{TC}, construction canteen", (), dept="CON", noticed_hours_before=2,
        steps=(
            decide(
                3, "no_further_action",
                "Spoke with {first}: upset about a failed driving test; no wider concerns; "
                "knows where to get support.",
                informed="{first}; the staff member who raised it",
            ),
        ),
    ),
    Story(
        36, "curriculum_lead", 230, "learner", "domestic_abuse",
        "{first} says police were called to the house at the weekend after a fight between "
        "mum and her partner.",
        f"{TC}, H block", ("unsettled_home",), dept="HSC", noticed_hours_before=30,
        steps=(
            ack(2),
            decide(5, "social_care", "Operation Encompass notification confirmed; social care.",
                   informed="Children's services"),
            close(45 * DAY, "referred_on", "Social care lead; partner has left the home."),
        ),
    ),
    Story(
        37, "curriculum_lead", 110, "learner", "sexual_abuse",
        "{first} was sent unwanted explicit images by a learner on another course.",
        f"{TC}, H block", (), dept="HSC", noticed_hours_before=10,
        steps=(
            ack(1),
            decide(4, "internal_support", "Support for {first}; behaviour process for the sender.",
                   informed="{first} and dad"),
            close(30 * DAY, "resolved", "{first} feels safe; the sender completed the programme."),
        ),
    ),
    Story(
        38, "speaker_coordinator", 85, "visitor", "prevent",
        "A guest speaker at the careers event made remarks about 'certain communities' not "
        "belonging in Britain. Several learners complained.",
        f"{RS}, lecture theatre", ("extremist_language",), ideology="extreme_right_wing",
        subject_name="Guest speaker, careers event", noticed_hours_before=20,
        steps=(
            ack(2),
            decide(
                DAY, "monitor",
                "Speaker's remarks breached the external speakers policy; not a risk to "
                "learners beyond the event. Debrief for the learners affected.",
                informed="Speaker coordinator; principal",
            ),
            close(
                7 * DAY, "resolved",
                "Speaker will not be invited again (speaker register updated); learners "
                "debriefed in tutorials.",
            ),
        ),
    ),
    Story(
        39, "hr", 75, "staff", "other",
        "A learner complained that {name} shouted at the class and made them feel unsafe.",
        "Classroom", (), noticed_hours_before=24,
        steps=(
            decide(DAY, "monitor", "Checking whether this meets the harm threshold.",
                   informed="HR"),
            close(
                5 * DAY, "not_safeguarding",
                "A conduct matter, not a safeguarding one; handled by HR under the "
                "capability procedure.",
                by="hr",
            ),
        ),
    ),
    Story(
        40, "learner", 48, "learner", "bullying",
        "{first} keeps taking my lunch money and says they will hurt me if I tell anyone.",
        f"{TC}, construction canteen", ("bullied",), dept="CON", noticed_hours_before=48,
        steps=(
            ack(1, by="deputy_dsl"),
            decide(4, "internal_support", "Behaviour process; support for the learner harmed.",
                   informed="Both families", by="deputy_dsl"),
            close(25 * DAY, "resolved", "No further incidents.", by="deputy_dsl"),
        ),
    ),
    Story(
        41, "staff", 100, "learner", "online_safety",
        "{first} posted a photo of the workshop with other learners' faces on a public "
        "account.",
        f"{TC}, bricklaying workshop", (), dept="CON", noticed_hours_before=12,
        steps=(
            decide(DAY, "no_further_action", "Photo removed at once; online safety reminder.",
                   informed="{first}"),
        ),
    ),
    Story(
        42, "curriculum_lead", 90, "learner", "mental_health",
        "{first} said they have been self-harming again since exams started.",
        f"{TC}, H block", ("withdrawn",), dept="HSC", noticed_hours_before=4,
        steps=(
            ack(1),
            decide(3, "internal_support", "Counselling and a support plan.",
                   informed="{first} and mum"),
            close(40 * DAY, "resolved", "Support plan completed."),
            reopen(60 * DAY, "Self-harm has started again after a family bereavement."),
            decide(60 * DAY + 2, "early_help", "Wider family support needed; early help.",
                   informed="Mum; early help team"),
            action(60 * DAY + 2, "Early help assessment meeting", "deputy_dsl", 10),
        ),
    ),
)  # fmt: skip

STORIES: tuple[Story, ...] = (*NEW, *IN_TRIAGE, *OPEN, *CLOSED)

# --- the mix of the generated and imported concerns (large demo, historical concerns) -------

CATEGORY_WEIGHTS = {
    Category.MENTAL_HEALTH: 25,
    Category.BULLYING: 12,
    Category.PREVENT: 12,
    Category.ONLINE_SAFETY: 8,
    Category.NEGLECT: 8,
    Category.DOMESTIC_ABUSE: 7,
    Category.EXPLOITATION: 6,
    Category.SEXUAL_ABUSE: 6,
    Category.EMOTIONAL_ABUSE: 4,
    Category.PHYSICAL_ABUSE: 4,
    Category.HONOUR_BASED: 1,
}
IDEOLOGY_WEIGHTS = {
    Ideology.EXTREME_RIGHT_WING: 35,
    Ideology.MIXED_UNCLEAR: 30,
    Ideology.ISLAMIST: 12,
    Ideology.MASS_VIOLENCE: 8,
    Ideology.INCEL: 6,
    Ideology.LEFT_WING: 4,
    Ideology.OTHER: 5,
}
RATIONALES = {
    Decision.NO_FURTHER_ACTION: "Spoke with {first} and the member of staff who raised it: "
    "the concern is explained and there are no other indicators.",
    Decision.MONITOR: "No immediate risk; the tutor and learner services watch and report "
    "anything new.",
    Decision.INTERNAL_SUPPORT: "Support from learner services and a named mentor is the "
    "right level.",
    Decision.EARLY_HELP: "The family needs wider support: early help assessment agreed.",
    Decision.SOCIAL_CARE: "Meets the threshold for children's social care: referred today.",
    Decision.POLICE_PREVENT: "Needs specialist assessment: referred to police Prevent.",
    Decision.CHANNEL: "Adopted by the Channel panel; the college supports the plan.",
}
OUTCOMES = {
    "resolved": "Support completed; no further concerns.",
    "referred_on": "Another agency now leads; the college contributes to their plan.",
}
