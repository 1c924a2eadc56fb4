"""Vocabulary codes as feeds word them, in the language in force (``venues.core.i18n.using``): the names of
``scheduling.vocabulary`` inside a sentence, with a small first letter (``For: all ages``, ``Ar gyfer: pob oed``).
A booking's status is ``scheduling.bookings.status.status_word``."""

from __future__ import annotations

from scheduling.vocabulary import AUDIENCE_NAMES, CATEGORY_NAMES, vocabulary_name


def _in_sentence(name: str) -> str:
    return name[:1].lower() + name[1:]


def audience_word(audience: str) -> str:
    """Who an activity is for, as a reader reads it (``all_ages`` → "all ages")."""
    return _in_sentence(vocabulary_name(AUDIENCE_NAMES, audience))


def category_word(category: str) -> str:
    """A kind of activity, as a reader reads it (``coffee_morning`` → "coffee morning")."""
    return _in_sentence(vocabulary_name(CATEGORY_NAMES, category))
