"""The fixed words series and activities are described with; API schemas validate against these. The categories'
and audiences' names as people read them (``CATEGORY_NAMES``, ``AUDIENCE_NAMES``) are here, once, for pages and
feeds alike."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from venues.core.i18n import lazy_gettext


class Frequency(StrEnum):
    """The RFC 5545 frequencies a series may use; finer ones (hourly…) are not bookings."""

    daily = "DAILY"
    weekly = "WEEKLY"
    monthly = "MONTHLY"


class SeriesStatus(StrEnum):
    active = "active"
    ended = "ended"
    cancelled = "cancelled"


class ActivityCategory(StrEnum):
    coffee_morning = "coffee_morning"
    lunch_club = "lunch_club"
    youth_club = "youth_club"
    sport = "sport"
    exercise = "exercise"
    arts_and_crafts = "arts_and_crafts"
    music = "music"
    learning = "learning"
    support_group = "support_group"
    faith = "faith"
    family = "family"
    other = "other"


class Audience(StrEnum):
    all_ages = "all_ages"
    children = "children"
    young_people = "young_people"
    families = "families"
    older_people = "older_people"
    adults = "adults"


def _lazy_table(table: dict[Any, Any]) -> Any:
    """A table of ``lazy_gettext`` texts, each worded in the language in force when shown (``str()``): typed as
    text for its readers, which use it as text."""
    return table


# A kind of activity's name, capitalised as a label (``Coffee morning``, ``Bore coffi``); a feed's sentence writes it
# with a small first letter (``scheduling.feeds.words``).
CATEGORY_NAMES: dict[str, str] = _lazy_table(
    {
        ActivityCategory.coffee_morning: lazy_gettext("Coffee morning"),
        ActivityCategory.lunch_club: lazy_gettext("Lunch club"),
        ActivityCategory.youth_club: lazy_gettext("Youth club"),
        ActivityCategory.sport: lazy_gettext("Sport"),
        ActivityCategory.exercise: lazy_gettext("Exercise"),
        ActivityCategory.arts_and_crafts: lazy_gettext("Arts and crafts"),
        ActivityCategory.music: lazy_gettext("Music"),
        ActivityCategory.learning: lazy_gettext("Learning"),
        ActivityCategory.support_group: lazy_gettext("Support group"),
        ActivityCategory.faith: lazy_gettext("Faith"),
        ActivityCategory.family: lazy_gettext("Family"),
        ActivityCategory.other: lazy_gettext("Other"),
    }
)

# Who an activity is for, by name (``All ages``, ``Pob oed``), as ``CATEGORY_NAMES``.
AUDIENCE_NAMES: dict[str, str] = _lazy_table(
    {
        Audience.all_ages: lazy_gettext("All ages"),
        Audience.children: lazy_gettext("Children"),
        Audience.young_people: lazy_gettext("Young people"),
        Audience.families: lazy_gettext("Families"),
        Audience.older_people: lazy_gettext("Older people"),
        Audience.adults: lazy_gettext("Adults"),
    }
)


def vocabulary_name(table: dict[str, str], code: str) -> str:
    """A code's name from ``table`` in the language in force; a code the table does not know made readable
    (``new_thing`` → ``New thing``)."""
    known = table.get(str(code))
    if known is not None:
        return str(known)
    text = str(code).replace("_", " ")
    return text[:1].upper() + text[1:]


class CancelledBy(StrEnum):
    """Who called a booking off, for reports: the hirer (the booker or the group's organisers) or the venue."""

    hirer = "hirer"
    venue = "venue"


class CostKind(StrEnum):
    """``priced`` activities carry a price in minor units; the others carry none."""

    free = "free"
    pay_what_you_can = "pay_what_you_can"
    priced = "priced"


class PaymentMethod(StrEnum):
    """How money came in or went back. ``card_online`` is the seam a card provider plugs into (not offered yet)."""

    cash = "cash"
    cheque = "cheque"
    bank_transfer = "bank_transfer"
    card_elsewhere = "card_elsewhere"


class PaymentKind(StrEnum):
    payment = "payment"
    refund = "refund"


class InvoiceKind(StrEnum):
    invoice = "invoice"
    credit_note = "credit_note"


class InvoiceLineKind(StrEnum):
    hire = "hire"
    extra = "extra"
    deposit = "deposit"


class DepositStatus(StrEnum):
    due = "due"
    held = "held"
    returned = "returned"
    part_returned = "part_returned"
    retained = "retained"
