"""The OpenActive Activity List, shipped with Commonroom, and which concept a listing is published as.

OpenActive's ``SessionSeries`` must name its ``activity`` from this list (a SKOS concept scheme of
physical activities, CC BY 4.0, copied in ``data/`` so nothing reaches openactive.io at run time). It is
read once, when first asked, and kept for the life of the process: it changes only with a release.

Which concept a listing is: the organiser's explicit choice (``Activity.openactive_activity``) wins, and
``none`` (``NOT_PUBLISHED``) is the choice never to publish it; else, only when the listing's category can
be a physical activity (``MATCHED_CATEGORIES``: sport, exercise, family, youth club, other), the longest
label of the list found as whole words in the listing's title, else a tag that is exactly a label. A
"Boxing Day lunch", a "Football watch party" or a "Cricket club AGM" names a sport without being one: their
categories (a lunch club, a social, a meeting) keep them out, and an organiser whose listing is matched
wrongly chooses ``none`` or the right activity. A coffee morning or a knitting circle matches nothing and is
not published: the list covers physical activity only. Matching from titles ignores labels that would mostly match by accident: those
shorter than four letters ("Tap", "Spa", "Air") and a few that are common words or names in a village
hall's titles but rarely mean the activity ("House" music dance, "Latin" dance, "Modern" dance, "Urban"…,
see ``NOT_FROM_TITLES``). Any of them can still be chosen explicitly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from scheduling.vocabulary import ActivityCategory

SCHEME = "https://openactive.io/activity-list"
# The organiser's stored choice never to publish the listing to OpenActive.
NOT_PUBLISHED = "none"
# Categories (``scheduling.vocabulary.ActivityCategory``) whose listings may be matched from their title or tags;
# any other category is published only by the organiser's explicit choice.
MATCHED_CATEGORIES = frozenset(
    {
        ActivityCategory.sport,
        ActivityCategory.exercise,
        ActivityCategory.family,
        ActivityCategory.youth_club,
        ActivityCategory.other,
    }
)
DATA_FILE = "activity-list.jsonld"
# Labels shorter than this are never matched from a title ("Tap", "Spa", "Air", "Gym", "TRE").
MIN_TITLE_LABEL = 4
# Labels that are ordinary words (or names) in hall listings far more often than the activity they label.
NOT_FROM_TITLES = frozenset(
    {
        "acting",
        "bounce",
        "burn",
        "creche",
        "eton",
        "extend",
        "fabs",
        "fame",
        "fierce",
        "freez",
        "funk",
        "hacking",
        "house",
        "jazz",
        "latin",
        "locking",
        "modern",
        "nova",
        "rabble",
        "racing",
        "rebound",
        "snatch",
        "swing",
        "urban",
    }
)


@dataclass(frozen=True)
class Concept:
    """One activity of the list: its URL (``@id``) and preferred label, with its other names."""

    id: str
    pref_label: str
    alt_labels: tuple[str, ...] = ()

    def data(self) -> dict[str, Any]:
        """The concept as OpenActive data names it (the rest lives in the scheme, so is left out)."""
        return {"@type": "Concept", "@id": self.id, "prefLabel": self.pref_label, "inScheme": SCHEME}


@dataclass(frozen=True)
class _List:
    by_id: dict[str, Concept]
    by_label: dict[str, Concept]
    # The labels a title may match (as ``_key`` reads them), and the most words one has.
    from_titles: dict[str, Concept]
    longest_words: int
    labels: tuple[str, ...]


_MARKS = re.compile(r"[\u00ae\u2122\u00a9]")
_WORD = re.compile(r"\w+")


# Team sizes are written out as often as not ("Five-a-side"); the list writes them in figures ("5-a-side").
_SIDES = {"three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9", "eleven": "11"}


def _words(text: str) -> tuple[str, ...]:
    """Text as labels are compared: its words without case, trade marks or punctuation, so "Zumba\u00ae" is
    "zumba", "Keep-Fit" is "keep fit", "Chair-based exercise," is "chair based exercise" and "Five-a-side"
    is "5 a side"."""
    words = _WORD.findall(_MARKS.sub("", text).casefold())
    return tuple(
        _SIDES.get(word, word) if words[index + 1 : index + 3] == ["a", "side"] else word
        for index, word in enumerate(words)
    )


def _key(text: str) -> str:
    return " ".join(_words(text))


def _read() -> dict[str, Any]:
    text = resources.files("scheduling.openactive").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def _loaded() -> _List:
    by_id: dict[str, Concept] = {}
    by_label: dict[str, Concept] = {}
    for row in _read()["concept"]:
        concept = Concept(row["id"], row["prefLabel"], tuple(row.get("altLabel", ())))
        by_id[concept.id] = concept
        for label in (concept.pref_label, *concept.alt_labels):
            by_label.setdefault(_key(label), concept)
    from_titles = {
        key: concept for key, concept in by_label.items() if len(key) >= MIN_TITLE_LABEL and key not in NOT_FROM_TITLES
    }
    labels = {label for concept in by_id.values() for label in (concept.pref_label, *concept.alt_labels)}
    return _List(
        by_id=by_id,
        by_label=by_label,
        from_titles=from_titles,
        longest_words=max(len(key.split()) for key in from_titles),
        labels=tuple(sorted(labels, key=str.casefold)),
    )


def by_id(concept_id: str) -> Concept | None:
    """The concept with this URL (``https://openactive.io/activity-list#…``), exactly."""
    return _loaded().by_id.get(concept_id.strip())


def by_label(label: str) -> Concept | None:
    """The concept one of whose labels (preferred or alternative) this is, ignoring case and extra spaces."""
    return _loaded().by_label.get(_key(label))


def lookup(text: str) -> Concept | None:
    """A concept named by its URL or by one of its labels."""
    return by_id(text) or by_label(text)


def in_title(title: str) -> Concept | None:
    """The concept whose label is the longest found as whole words in ``title`` ("Walking Football" over
    "Football"; the first of equal length); labels under four letters and those in ``NOT_FROM_TITLES`` are
    never matched."""
    known = _loaded()
    words = _words(title)
    best: tuple[int, str] | None = None
    for first in range(len(words)):
        for count in range(1, min(known.longest_words, len(words) - first) + 1):
            key = " ".join(words[first : first + count])
            if key in known.from_titles and (best is None or len(key) > best[0]):
                best = (len(key), key)
    return known.from_titles[best[1]] if best is not None else None


def concept_for(explicit: str, title: str, tags: Iterable[str], category: str) -> Concept | None:
    """The concept a listing is published as: the organiser's choice (a concept URL, as stored; a label is
    read too; ``none``: never), else, when its category is one of ``MATCHED_CATEGORIES``, the longest label
    found in the title, else the first tag that is exactly a label (tags are words the organiser chose, so no
    length rule applies). None: not published."""
    if explicit.strip():
        return None if explicit.strip().casefold() == NOT_PUBLISHED else lookup(explicit)
    if category not in MATCHED_CATEGORIES:
        return None
    found = in_title(title)
    if found is not None:
        return found
    for tag in tags:
        concept = by_label(tag)
        if concept is not None:
            return concept
    return None


def all_labels() -> tuple[str, ...]:
    """Every preferred and alternative label, sorted ignoring case: the choices a picker offers."""
    return _loaded().labels


def label_of(concept_id: str) -> str:
    """The preferred label of a stored concept URL; the text itself when it is not one (kept as it was)."""
    concept = by_id(concept_id)
    return concept.pref_label if concept is not None else concept_id
