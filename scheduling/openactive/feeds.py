"""The four OpenActive feeds, what one item is, and the JSON text an item is stored and compared as."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class Feed(StrEnum):
    """A feed's name is its path under ``/openactive/``."""

    session_series = "session-series"
    scheduled_sessions = "scheduled-sessions"
    facility_uses = "facility-uses"
    slots = "slots"


# The RPDE ``kind`` of each feed's items (the OpenActive convention names slots after their facility use).
KINDS: dict[Feed, str] = {
    Feed.session_series: "SessionSeries",
    Feed.scheduled_sessions: "ScheduledSession",
    Feed.facility_uses: "FacilityUse",
    Feed.slots: "FacilityUse/Slot",
}

# OpenActive's context: every item's ``data`` carries it.
CONTEXT = "https://openactive.io/"

# The data's licence, named on every RPDE page and on the dataset site.
LICENSE = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class Item:
    """One current item as its builder computes it from the tables.

    ``item_id`` is unique within its feed and stable for the same thing (a listing, a booking, a
    space, a space's slot start). ``data`` is the JSON-LD object published as the item's ``data``.
    ``ends_at`` (aware UTC) is when the item is over and rolls off the feed; None for items that
    are current while their source is (series, facility uses).
    """

    feed: Feed
    item_id: str
    data: dict[str, Any]
    ends_at: datetime | None = None


@dataclass(frozen=True)
class Owned:
    """An owner's current items: everything that is recomputed together and compared as a set.

    ``owner`` is ``activity:{id}`` (its SessionSeries and ScheduledSessions), ``space:{id}`` (its
    FacilityUse) or ``slots:{space id}:{local date}`` (that day's slots). ``venue_id`` and
    ``space_id`` are stored with the items so a change to a venue or space finds them again after
    the rows themselves are gone.
    """

    owner: str
    items: list[Item]
    venue_id: int | None = None
    space_id: int | None = None
    day: date | None = None


def activity_owner(activity_id: int) -> str:
    return f"activity:{activity_id}"


def space_owner(space_id: int) -> str:
    return f"space:{space_id}"


def slots_owner(space_id: int, day: date) -> str:
    return f"slots:{space_id}:{day.isoformat()}"


def price_number(minor: int) -> int | float:
    """Pence as the JSON number OpenActive's ``price`` is: ``1250`` → ``12.5``, ``1200`` → ``12``. The digits are
    formatted from the integer, so the number is exactly the pence written with two decimals (money is never
    divided in floating point)."""
    whole, part = divmod(minor, 100)
    return whole if part == 0 else float(f"{whole}.{part:02d}")


def data_text(data: dict[str, Any]) -> str:
    """The stored text of an item's data: canonical (sorted keys, no spaces), so equal data is equal text."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
