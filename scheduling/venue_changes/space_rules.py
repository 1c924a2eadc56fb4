"""Which bookings a change to a space's booking rules would contradict.

A rule reaches the bookings already made only when it is about the booking
itself, something the booking still is on the day:

- ``capacity``: a booking expecting more people (``attendance``) than the space
  would now hold;
- ``min_booking_minutes`` / ``max_booking_minutes``: a booking shorter or longer
  than the space would now allow.

A live (requested or confirmed) booking of the space that has not ended is
reached when it meets the rule as it is and would break it after the change (by
the same wording a new booking gets, ``scheduling.bookings.rules``); one that
already broke it (kept as an exception earlier, say) is not reported again.
Series dates are bookings of their series and are listed one by one; the
series' dates still to be booked meet the new rules when they are booked.

The other settings do not reach bookings already made, so they never list any:

- ``min_notice_minutes`` and ``horizon_days`` are about when a request arrives
  against its start; a booking made in time stays made in time as days pass.
- ``bookable`` and ``requires_approval`` say whether and how new requests are
  taken; the bookings already taken stand (a manager cancels any one of them).
- the name, kind, description, facilities and accessibility describe the space.
- set-up and clean-up buffers and parts change the time bookings hold:
  ``scheduling.holds.space_changes`` rewrites it or refuses with the bookings
  that would clash, which cannot be "kept" (two bookings holding the same time
  is what the overlap guard exists to prevent); archiving is
  ``scheduling.venue_changes.archiving``, where only ``cancel`` applies.

Resolving is as for the opening (``scheduling.venue_changes.resolve``): each
booking reached is cancelled with the manager's reason or kept as an exception
(history action ``kept_rules``; keeping is sound: the booking still fits the
time it holds and the opening, confirming it does not look at these rules,
and moving or changing it later meets them like any new time), with the
change in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from scheduling.bookings.status import HOLDS_TIME_VALUES
from scheduling.models import Booking
from scheduling.venue_changes.reach import Reached
from scheduling.wording import hours_minutes
from venues.core.i18n import _, ngettext
from venues.models import Space

REACHING = ("capacity", "min_booking_minutes", "max_booking_minutes")


def _rules(space: Space, fields: Mapping[str, Any]) -> dict[str, int]:
    return {name: int(fields.get(name, getattr(space, name))) for name in REACHING}


def narrows(space: Space, fields: Mapping[str, Any]) -> bool:
    """Whether ``fields`` make any rule that reaches bookings stricter than it is."""
    before, after = _rules(space, {}), _rules(space, fields)
    return (
        after["capacity"] < before["capacity"]
        or after["min_booking_minutes"] > before["min_booking_minutes"]
        or after["max_booking_minutes"] < before["max_booking_minutes"]
    )


def _broken(name: str, rules: Mapping[str, int], minutes: float, attendance: int) -> Iterator[str]:
    if attendance > rules["capacity"]:
        yield ngettext(
            "%(name)s would hold %(capacity)s person; this booking expects %(attendance)s.",
            "%(name)s would hold %(capacity)s people; this booking expects %(attendance)s.",
            rules["capacity"],
        ) % {
            "name": name,
            "capacity": rules["capacity"],
            "attendance": attendance,
        }
    if minutes < rules["min_booking_minutes"]:
        yield _("Bookings of %(name)s would last at least %(length)s.") % {
            "name": name,
            "length": hours_minutes(rules["min_booking_minutes"]),
        }
    if minutes > rules["max_booking_minutes"]:
        yield _("Bookings of %(name)s would last at most %(length)s.") % {
            "name": name,
            "length": hours_minutes(rules["max_booking_minutes"]),
        }


def rules_label(space: Space, fields: Mapping[str, Any]) -> str:
    """The change as the bookings' history names it: ``new rules of Main hall (at most 2 h)``."""
    before, after = _rules(space, {}), _rules(space, fields)
    said = []
    if after["capacity"] != before["capacity"]:
        said.append(
            ngettext("holds %(capacity)s person", "holds %(capacity)s people", after["capacity"])
            % {"capacity": after["capacity"]}
        )
    if after["min_booking_minutes"] != before["min_booking_minutes"]:
        said.append(_("at least %(length)s") % {"length": hours_minutes(after["min_booking_minutes"])})
    if after["max_booking_minutes"] != before["max_booking_minutes"]:
        said.append(_("at most %(length)s") % {"length": hours_minutes(after["max_booking_minutes"])})
    if said:
        return _("new rules of %(space)s (%(changes)s)") % {"space": space.name, "changes": ", ".join(said)}
    return _("new rules of %(space)s") % {"space": space.name}


async def reached_by_rules(space: Space, tz_name: str, fields: Mapping[str, Any], now: datetime) -> list[Reached]:
    """The live bookings of ``space`` not yet over that meet its rules now and would not with ``fields``: one query,
    none when no rule that reaches bookings gets stricter."""
    if not narrows(space, fields):
        return []
    before, after = _rules(space, {}), _rules(space, fields)
    rows = (
        await Booking.select(
            Booking.id,
            Booking.title,
            Booking.status,
            Booking.starts_at,
            Booking.ends_at,
            Booking.series,
            Booking.booker_name,
            Booking.attendance,
        )
        .where((Booking.space == space.id) & Booking.status.is_in(HOLDS_TIME_VALUES) & (Booking.ends_at > now))
        .order_by(Booking.starts_at)
        .order_by(Booking.id)
    )
    found = []
    for row in rows:
        minutes = (row["ends_at"] - row["starts_at"]).total_seconds() / 60
        if next(_broken(space.name, before, minutes, row["attendance"]), None) is not None:
            continue
        why = next(_broken(space.name, after, minutes, row["attendance"]), None)
        if why is not None:
            found.append(
                Reached(
                    id=row["id"],
                    title=row["title"],
                    status=row["status"],
                    starts_at=row["starts_at"],
                    ends_at=row["ends_at"],
                    series_id=row["series"],
                    booker_name=row["booker_name"],
                    space_name=space.name,
                    why=why,
                    tz=tz_name,
                )
            )
    return found
