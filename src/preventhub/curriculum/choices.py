"""The fixed vocabularies of curriculum coverage, employer communication and learner voice.

Keys are the API's enum values. British values are the speaker register's own enumeration
(``speakers.choices.BritishValue``), so an external speaker's outcome and a tutorial are counted
against the same four values.
"""

from __future__ import annotations

from django.db import models

from preventhub.speakers.choices import BritishValue

__all__ = [
    "AGREE",
    "DEFAULT_QUESTIONS",
    "LIKERT_MAX",
    "LIKERT_MIN",
    "ActivityKind",
    "BritishValue",
    "CommunicationMethod",
    "CommunicationTopic",
    "Likert",
    "PreventTopic",
    "QuestionTheme",
    "SurveyStatus",
    "TOPIC_SHORT",
    "TokenKind",
    "VALUE_SHORT",
]


class ActivityKind(models.TextChoices):
    LESSON = "lesson", "Lesson"
    TUTORIAL = "tutorial", "Tutorial"
    INDUCTION = "induction", "Induction session"
    ENRICHMENT = "enrichment", "Enrichment activity"
    APPRENTICE_REVIEW = "apprentice_review", "Apprentice progress review"
    # Never keyed: an event held in the speaker register, attributed to the groups who attended.
    EXTERNAL_SPEAKER = "external_speaker", "External speaker event"


LOGGED_KINDS = [k for k in ActivityKind if k != ActivityKind.EXTERNAL_SPEAKER]


class PreventTopic(models.TextChoices):
    """A curated list of what teaching for resilience to radicalisation covers (the seeds'
    good-practice notes and the survey's examples of strong teaching)."""

    RADICALISATION = "radicalisation", "Radicalisation and extremism: what they are"
    ONLINE_EXTREMISM = "online_extremism", "Online safety and extremist content"
    CRITICAL_MEDIA = "critical_media", "Critical thinking about media, fake news and propaganda"
    HATE_CRIME = "hate_crime", "Hate crime, prejudice and discrimination"
    CONSPIRACY = "conspiracy", "Conspiracy theories"
    RECRUITMENT = "recruitment", "How extremists recruit and groom"
    DEBATE = "debate", "Free speech, debate and challenging extremist views"
    GETTING_HELP = "getting_help", "Who to tell about a worry, and how Prevent helps"


# Short forms for table headings and crowded cells (the full label is the caption's or a hint's).
VALUE_SHORT = {
    "democracy": "Democracy",
    "rule_of_law": "Rule of law",
    "individual_liberty": "Individual liberty",
    "mutual_respect": "Mutual respect and tolerance",
}
TOPIC_SHORT = {
    "radicalisation": "Radicalisation",
    "online_extremism": "Online extremism",
    "critical_media": "Critical media",
    "hate_crime": "Hate crime",
    "conspiracy": "Conspiracy theories",
    "recruitment": "Recruitment",
    "debate": "Debate",
    "getting_help": "Getting help",
}


class CommunicationMethod(models.TextChoices):
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    MEETING = "meeting", "Meeting or workplace visit"
    PHONE = "phone", "Phone call"
    PROGRESS_REVIEW = "progress_review", "At an apprentice's progress review"
    EMPLOYER_PACK = "employer_pack", "Employer handbook or induction pack"
    BRIEFING = "briefing", "Employer briefing or event"


class CommunicationTopic(models.TextChoices):
    """What the employer was told (the seeds' training-provider policy: every employer is made
    aware of the provider's Prevent duty and their part in it)."""

    PREVENT_DUTY = "prevent_duty", "The Prevent duty and the employer's part in it"
    BRITISH_VALUES = "british_values", "British values in the apprenticeship"
    REFERRAL_ROUTE = "referral_route", "Who the safeguarding lead is and how to report a concern"
    ONLINE_SAFETY = "online_safety", "Online safety and IT use at work"
    POLICY_SHARED = "policy_shared", "Safeguarding and Prevent policy shared"
    TRAINING_OFFER = "training_offer", "Prevent awareness training offered to their staff"


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open for answers"
    CLOSED = "closed", "Closed"


class TokenKind(models.TextChoices):
    LEARNER = "learner", "One link per learner"
    ANONYMOUS = "anonymous", "Anonymous links to share"


class QuestionTheme(models.TextChoices):
    SAFETY = "safety", "Feeling safe"
    SUPPORT = "support", "Knowing who to tell"
    ONLINE = "online", "Online safety"
    VALUES = "values", "British values"
    PREVENT = "prevent", "Radicalisation and extremism"
    VOICE = "voice", "Being heard and respected"


class Likert(models.IntegerChoices):
    """The five-point agree/disagree scale every question is answered on."""

    STRONGLY_DISAGREE = 1, "Strongly disagree"
    DISAGREE = 2, "Disagree"
    NEITHER = 3, "Neither agree nor disagree"
    AGREE = 4, "Agree"
    STRONGLY_AGREE = 5, "Strongly agree"


LIKERT_MIN, LIKERT_MAX = 1, 5
# Answers counted as agreeing (the headline figure of results).
AGREE = (Likert.AGREE, Likert.STRONGLY_AGREE)

# The question bank every provider starts with: the examples first, then a few more
# from the seeds (online safety, discussing controversial issues, respect, recognising
# propaganda). Editable: a provider may add its own and retire any.
DEFAULT_QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("tell_someone", QuestionTheme.SUPPORT, "I know who to talk to if I am worried about someone."),
    ("safe_online", QuestionTheme.ONLINE, "I feel safe online here."),
    ("understand_values", QuestionTheme.VALUES, "I understand what British values mean."),
    ("feel_safe", QuestionTheme.SAFETY, "I feel safe here."),
    (
        "report_online",
        QuestionTheme.ONLINE,
        "I know how to report something I see online that worries me.",
    ),
    (
        "discuss_issues",
        QuestionTheme.VOICE,
        "I feel able to discuss controversial issues in my lessons.",
    ),
    (
        "respect_beliefs",
        QuestionTheme.VALUES,
        "People here respect others, whatever their faith or beliefs.",
    ),
    (
        "spot_propaganda",
        QuestionTheme.PREVENT,
        "I could recognise fake news or extremist propaganda online.",
    ),
    (
        "know_radicalisation",
        QuestionTheme.PREVENT,
        "I know what radicalisation is and how people can be drawn into it.",
    ),
    (
        "staff_challenge",
        QuestionTheme.SAFETY,
        "Staff here challenge discriminatory or extremist comments.",
    ),
    ("views_heard", QuestionTheme.VOICE, "My views are listened to here."),
)
