"""Does a risk's description say anything about *this* provider? (the quality check's rule)

Ofsted found risk assessments that were "no more than a generic form containing tick boxes and
very little context relating to the provider"; one college with "known racial and cultural
tensions in the area" never mentioned them. A description shows local context when both hold:

1. **Enough to read**: at least ``MIN_WORDS`` words once the stock phrases of generic
   assessments ("in line with the Prevent duty", "all staff", "policies and procedures", "n/a")
   are taken out.
2. **Something local**: at least one of
   - a place of the provider: its name, a site's or department's name, its local authority or
     region (in any case), or the distinctive word of one of those names, capitalised as in the
     name ("Riverside" for "Riverside Campus"; "riverside" or "home" in running text is not);
   - a figure: any digit ("3 referrals", "40% of apprentices", "since 2024");
   - a proper name: a capitalised word that does not start a sentence and is not on the list
     of words that are capitalised everywhere (Prevent, Channel, Ofsted, DfE, British, Internet,
     the days of the week...) — a named partner, community, place or date ("the Eastfield
     estate", "the Polish community", "Northbridge Mosque", "in March").

The rule is deliberately simple and explainable: the finding says which part is missing, and a
leader who writes one concrete local sentence satisfies it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

MIN_WORDS = 12

# Stock phrases of generic, tick-box assessments: they do not count towards the words.
GENERIC_PHRASES = (
    "in line with", "as per", "in accordance with", "the prevent duty", "prevent duty",
    "risk of radicalisation", "radicalisation and extremism", "extremism and radicalisation",
    "being drawn into terrorism", "drawn into terrorism", "all staff", "all learners",
    "all students", "policies and procedures", "policy and procedure", "as required",
    "as appropriate", "where appropriate", "where necessary", "in place", "see policy",
    "see above", "see below", "statutory guidance", "statutory requirements",
    "keeping children safe in education", "british values", "safeguarding policy",
    "not applicable", "to be confirmed", "to be decided", "n/a", "tbc", "tbd", "etc",
    "general risk", "national threat level", "there is a risk that", "there is a risk",
    "may be at risk", "could be at risk", "learners could be", "learners may be",
)  # fmt: skip

# Words written with a capital letter anywhere: they name nothing local.
EVERYWHERE_CAPITALISED = {
    "i", "prevent", "channel", "ofsted", "dfe", "department", "education", "home", "office",
    "government", "england", "english", "wales", "welsh", "scotland", "britain", "british",
    "uk", "united", "kingdom", "counter", "terrorism", "security", "act", "duty", "guidance",
    "keeping", "children", "safe", "contest", "islamist", "islamism", "isis", "isil", "daesh",
    "qaeda", "nazi", "neo-nazi", "incel", "extreme", "right", "wing", "left", "internet", "web",
    "google", "youtube", "tiktok", "instagram", "facebook", "snapchat", "discord", "telegram",
    "whatsapp", "twitter", "x", "reddit", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "designated", "safeguarding", "lead", "leads", "officer",
    "principal", "governor", "governors", "board", "senior", "leadership", "team", "learner",
    "learners", "student", "students", "apprentice", "apprentices", "staff", "policy", "it",
    "ict", "dsl", "send", "sen", "cctv", "slt", "cpd", "esol", "ehcp", "he", "fe", "la", "vpn",
    "wrap", "etf", "jisc", "nhs", "pshe", "rse", "fgm", "mat", "kcsie", "local", "authority",
    "police", "risk", "assessment", "action", "plan", "college", "school", "academy",
}  # fmt: skip

# Parts of names too common to mean a place on their own ("Campus", "Road", "North").
COMMON_NAME_WORDS = {
    "campus", "centre", "center", "college", "school", "site", "park", "road", "street",
    "lane", "building", "buildings", "block", "city", "council", "county", "borough",
    "district", "town", "north", "south", "east", "west", "technology", "construction",
    "sixth", "form", "academy", "trust", "university", "department", "services", "service",
    "and", "the", "of", "for", "main", "upper", "lower", "new", "old", "metropolitan",
    "health", "social", "care", "business", "studies", "engineering", "learning", "support",
}  # fmt: skip

_WORD = re.compile(r"[A-Za-z0-9][\w'\u2019-]*")
_SENTENCE_BREAK = re.compile(r"[.!?:;\n]\s*$")


@dataclass(frozen=True)
class LocalTerms:
    """What counts as a place of the provider: whole names and their distinctive words."""

    names: tuple[str, ...]  # lower case: matched in any case
    words: frozenset[str]  # as written in the name: matched exactly


def local_terms(names: Iterable[str]) -> LocalTerms:
    stripped = {n.strip() for n in names if n and n.strip()}
    words = {
        w
        for name in stripped
        for w in _WORD.findall(name)
        if len(w) >= 4 and w[0].isupper() and w.lower() not in COMMON_NAME_WORDS
    }
    return LocalTerms(names=tuple(sorted(n.lower() for n in stripped)), words=frozenset(words))


def _without_generic(text: str) -> str:
    lowered = f" {text.lower()} "
    for phrase in sorted(GENERIC_PHRASES, key=len, reverse=True):
        lowered = re.sub(rf"(?<![\w]){re.escape(phrase)}(?![\w])", " ", lowered)
    return lowered


def word_count(text: str) -> int:
    """Words left once generic phrases are removed."""
    return len(_WORD.findall(_without_generic(text)))


def names_a_place(text: str, terms: LocalTerms) -> bool:
    lowered = text.lower()
    if any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", lowered) for name in terms.names):
        return True
    return any(w in terms.words for w in _WORD.findall(text))


def has_figure(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def proper_names(text: str) -> list[str]:
    """Capitalised words that do not open a sentence and are not capitalised everywhere."""
    found = []
    for match in _WORD.finditer(text):
        word = match.group()
        if not word[0].isupper() or word.lower() in EVERYWHERE_CAPITALISED:
            continue
        before = text[: match.start()]
        if not before.strip() or _SENTENCE_BREAK.search(before):
            continue
        found.append(word)
    return found


def missing_local_context(text: str, terms: LocalTerms) -> str | None:
    """None when the description shows local context; otherwise what is missing, in words."""
    if word_count(text) < MIN_WORDS:
        return (
            f"it is too short or generic (fewer than {MIN_WORDS} words once stock phrases such "
            "as \u201cin line with the Prevent duty\u201d are left out)"
        )
    if names_a_place(text, terms) or has_figure(text) or proper_names(text):
        return None
    return "it names no site, partner, community, place, figure or date of your own"
