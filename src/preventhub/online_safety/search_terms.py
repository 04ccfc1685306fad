"""What a person searched for, and the words of a URL's path: the only places keywords are
matched. Matching a keyword anywhere in a URL flags 3–14 times too many lines ("gun" in
"burgundy", "pic" in every image URL), so keywords are matched as whole words or phrases in:

- the search terms of search engines and video sites (``SEARCH_SITES``: the query parameters
  ``SEARCH_PARAMS``, URL-decoded, "+" as a space), and
- the path segments of any URL, decoded, with punctuation ("-", "_", "." ...) as word breaks.

Query strings of other sites (tracking ids, page numbers) are never matched.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

# Second-level names of search engines and video sites (any public suffix: google.co.uk).
SEARCH_SITES = (
    "google", "bing", "duckduckgo", "yahoo", "yandex", "baidu", "ecosia", "startpage", "brave",
    "qwant", "ask", "aol", "youtube", "youtu", "tiktok", "vimeo", "dailymotion", "rumble",
    "bitchute", "odysee", "reddit", "twitter", "x", "wikipedia", "instagram", "facebook",
)  # fmt: skip
SEARCH_PARAMS = frozenset(
    {"q", "p", "query", "search_query", "text", "wd", "word", "search", "searchterm", "keywords",
     "k", "term", "s"}
)  # fmt: skip
SEARCH_HOST_PATTERN = (
    r"(?:^|\.)(?:" + "|".join(SEARCH_SITES) + r")\.(?:[a-z]{2,3}|co\.[a-z]{2}|com\.[a-z]{2})$"
)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise_text(text: str) -> str:
    """Lower-case words separated by single spaces (how keywords are stored too)."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def search_terms(url: str) -> str:
    """The decoded search terms of a search-engine or video-site URL ("" when none)."""
    try:
        query = urlsplit(url).query
    except ValueError:
        return ""
    found = [
        value for name, value in parse_qsl(query, keep_blank_values=False)
        if name.lower() in SEARCH_PARAMS
    ]  # fmt: skip
    return " | ".join(normalise_text(v) for v in found if v.strip())


def path_words(url: str) -> list[str]:
    """Each path segment decoded into words, e.g. "/videos/how-to_X%20y" → ["videos",
    "how to x y"]."""
    try:
        path = urlsplit(url if "://" in url else f"//{url}").path
    except ValueError:
        return []
    return [w for w in (normalise_text(unquote(seg)) for seg in path.split("/")) if w]


class KeywordMatcher:
    """All keywords as one whole-word/phrase expression (longest first, so a phrase wins over
    a word it contains)."""

    def __init__(self, terms: list[str]) -> None:
        normal = sorted({normalise_text(t) for t in terms if normalise_text(t)}, key=len)
        self.terms = list(reversed(normal))
        body = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in self.terms)
        self._rx = re.compile(rf"(?<!\w)(?:{body})(?!\w)") if self.terms else None

    def first(self, texts: list[str]) -> str | None:
        if self._rx is None:
            return None
        for text in texts:
            found = self._rx.search(text)
            if found:
                return normalise_text(found.group(0))
        return None
