"""Vocabulary codes as feeds and messages word them, in the language in force (``venues.core.i18n.using``)."""

from __future__ import annotations

from venues.core.i18n import pgettext


def status_word(status: str) -> str:
    """A booking's status as a reader reads it."""
    words = {
        "requested": pgettext("booking status", "requested"),
        "confirmed": pgettext("booking status", "confirmed"),
        "declined": pgettext("booking status", "declined"),
        "cancelled": pgettext("booking status", "cancelled"),
    }
    return words.get(status, status)


def audience_word(audience: str) -> str:
    """Who an activity is for, as a reader reads it (``all_ages`` → "all ages")."""
    words = {
        "all_ages": pgettext("audience", "all ages"),
        "children": pgettext("audience", "children"),
        "young_people": pgettext("audience", "young people"),
        "families": pgettext("audience", "families"),
        "older_people": pgettext("audience", "older people"),
        "adults": pgettext("audience", "adults"),
    }
    return words.get(audience, audience.replace("_", " "))


def category_word(category: str) -> str:
    """A kind of activity, as a reader reads it (``coffee_morning`` → "coffee morning")."""
    words = {
        "coffee_morning": pgettext("activity category", "coffee morning"),
        "lunch_club": pgettext("activity category", "lunch club"),
        "youth_club": pgettext("activity category", "youth club"),
        "sport": pgettext("activity category", "sport"),
        "exercise": pgettext("activity category", "exercise"),
        "arts_and_crafts": pgettext("activity category", "arts and crafts"),
        "music": pgettext("activity category", "music"),
        "learning": pgettext("activity category", "learning"),
        "support_group": pgettext("activity category", "support group"),
        "faith": pgettext("activity category", "faith"),
        "family": pgettext("activity category", "family"),
        "other": pgettext("activity category", "other"),
    }
    return words.get(category, category.replace("_", " "))
