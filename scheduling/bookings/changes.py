"""Changing a booking that still holds time: moving it (re-checked under the overlap guard) or editing details.

A move may change its times and, for the venue's managers, its space within the same venue.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from scheduling.bookings.access import Standing, get_booking, standing
from scheduling.bookings.audit import diff, record
from scheduling.bookings.rules import capacity_violations, check_booking, enforce, opening_held, require_plausible
from scheduling.bookings.status import HOLDS_TIME, BookingStatus, WrongStatus, status_word
from scheduling.bookings.workflow import PUBLISHED, price_for, save_changes, snapshot
from scheduling.extras.holds import move_extras
from scheduling.holds.guard import claiming
from scheduling.holds.occupancy import hold_for, release, write_hold
from scheduling.invoices.reprice import reprice_invoiced
from scheduling.models import Booking
from scheduling.notices.messages import Kind
from scheduling.notices.notify import booking_notice
from scheduling.pricing.quotes import resolve_tier
from scheduling.recurrence.schedule import touch_series
from scheduling.wording import span
from venues.core import clock
from venues.core.database import write_transaction
from venues.core.errors import Forbidden, InvalidInput
from venues.core.i18n import _
from venues.core.timezones import booked_utc
from venues.models import User
from venues.publication import touch_venue
from venues.spaces.bookable import Bookable, load_bookable

EDITABLE = frozenset(
    {
        "starts_at",
        "ends_at",
        "title",
        "purpose",
        "attendance",
        "is_public",
        "booker_name",
        "booker_email",
        "booker_phone",
        "tier_id",
        "space_id",
    }
)


async def change_booking(
    actor: User,
    booking_id: int,
    fields: dict[str, Any],
    override_rules: bool = False,
    reason: str = "",
    now: datetime | None = None,
    alongside: Callable[[Booking], Awaitable[None]] | None = None,
) -> Booking:
    """Apply ``fields`` (a subset of ``EDITABLE``); a new time replaces the occupancy in the same transaction.

    The booker and the group's organisers may edit their booking, and move it
    while it is still a request (or when the space needs no approval); moving
    a confirmed booking of an approval space, changing its tier and overriding
    rules, and moving it to another space of the venue, are for the venue's managers.
    ``alongside`` runs in the same
    transaction when something changed (a series records the change to itself).
    """
    now = now or clock.now()
    for key in ("starts_at", "ends_at"):
        if key in fields:
            require_plausible(fields[key], key)
    booking = await get_booking(booking_id)
    found = await standing(actor, booking)
    _require_may_change(booking, found, fields, override_rules)
    bookable = await load_bookable(fields.get("space_id", booking.space))
    if bookable.venue.id != booking.venue:
        raise InvalidInput(
            "space_id", _("%(name)s is not a space of this booking's venue.") % {"name": bookable.space.name}
        )
    starts_at = booked_utc(fields.get("starts_at", booking.starts_at), bookable.tz, "starts_at")
    ends_at = booked_utc(fields.get("ends_at", booking.ends_at), bookable.tz, "ends_at")
    moved = (starts_at, ends_at, bookable.space.id) != (booking.starts_at, booking.ends_at, booking.space)
    if moved and not found.manages and booking.status == BookingStatus.confirmed and bookable.space.requires_approval:
        raise Forbidden(_("This booking is confirmed: ask the venue's managers to move it."))

    values = await _new_values(booking, bookable, fields, starts_at, ends_at)
    overridden = await _recheck_rules(booking, bookable, values, moved, now, override_rules)
    before = snapshot(booking)
    changes = diff(before, {**before, **values})
    if not changes:
        return booking
    if booking.status == BookingStatus.confirmed and (
        "starts_at" in changes or "ends_at" in changes or "tier" in changes or "space" in changes
    ):
        tier_id = values.get("tier", booking.tier)
        values.update(await price_for(bookable, tier_id, booking.group, starts_at, ends_at, booking.id))
    change = _Change(
        booking,
        values,
        before,
        overridden,
        touches_public=bool((PUBLISHED | {"space"}) & changes.keys()),
        now=now,
        moved_from=partial(span, booking.starts_at, booking.ends_at, bookable.tz) if moved else None,
        by_manager=found.manages,
    )
    if moved:
        hold = hold_for(bookable, starts_at, ends_at)
        async with claiming(hold, bookable.tz, reveal=found.manages, exclude_booking_id=booking.id):
            held = await opening_held(bookable, starts_at, ends_at)
            await release(booking.id)
            await write_hold(booking.id, hold, held)
            await move_extras(booking.id, starts_at, ends_at, bookable.tz)
            await _write_change(change, actor, reason, alongside)
    else:
        async with write_transaction():
            await _write_change(change, actor, reason, alongside)
    return booking


def _require_may_change(booking: Booking, found: Standing, fields: dict[str, Any], override_rules: bool) -> None:
    """Refuse before anything is loaded: who may change this booking at all, and in what state."""
    if not found.sees_private:
        raise Forbidden(_("Only the booker, the group's organisers or the venue's managers may change this booking."))
    if booking.status not in HOLDS_TIME:
        raise WrongStatus(
            _("This booking is %(status)s; only requested or confirmed bookings can be changed.")
            % {"status": status_word(booking.status)}
        )
    if (override_rules or "tier_id" in fields) and not found.manages:
        raise Forbidden(_("Only this venue's managers may override rules or change the price tier."))
    if fields.get("space_id", booking.space) != booking.space and not found.manages:
        raise Forbidden(_("Only this venue's managers may move a booking to another space."))


async def _new_values(
    booking: Booking, bookable: Bookable, fields: dict[str, Any], starts_at: datetime, ends_at: datetime
) -> dict[str, Any]:
    """The columns to write: the editable fields as given, the times in UTC, and a tier id resolved to its row."""
    values: dict[str, Any] = {key: value for key, value in fields.items() if key in EDITABLE - {"tier_id", "space_id"}}
    values.update(starts_at=starts_at, ends_at=ends_at, space=bookable.space.id)
    if "tier_id" in fields:
        values["tier"] = (await resolve_tier(bookable.venue.id, fields["tier_id"], booking.group)).id
    return values


async def _recheck_rules(
    booking: Booking,
    bookable: Bookable,
    values: dict[str, Any],
    moved: bool,
    now: datetime,
    override_rules: bool,
) -> list[str]:
    """Check the space's rules again for a new time (or only capacity for a new head count); return what was overridden.

    A move marks the booking as overriding rules when it did, and detaches it from its series.
    """
    attendance = values.get("attendance", booking.attendance)
    if not moved:
        if attendance != booking.attendance:
            enforce(capacity_violations(bookable, attendance))
        return []
    overridden = await check_booking(bookable, values["starts_at"], values["ends_at"], attendance, now, override_rules)
    if overridden:
        values["rules_overridden"] = True
    if booking.series is not None:
        values["detached"] = True
    return overridden


@dataclass(frozen=True)
class _Change:
    """What ``change_booking`` decided to write, carried into the transaction that writes it."""

    booking: Booking
    values: dict[str, Any]
    before: dict[str, Any]
    overridden: list[str]
    touches_public: bool
    now: datetime
    moved_from: Callable[[], str] | None = None  # where it was, worded in each recipient's language
    """The old time as people read it, when the change moves the booking: whoever it concerns hears."""
    by_manager: bool = False


async def _write_change(
    change: _Change,
    actor: User,
    reason: str,
    alongside: Callable[[Booking], Awaitable[None]] | None,
) -> None:
    """Save the change, record it in the audit log and tell whatever caches it that it moved on."""
    booking = change.booking
    old_breakdown = booking.price_breakdown
    await save_changes(booking, change.values, change.now)
    if booking.status == BookingStatus.confirmed and "price_breakdown" in change.values:
        await reprice_invoiced(booking, old_breakdown, actor.id, reason)
    event = diff(change.before, snapshot(booking))
    if change.overridden:
        event["overridden_rules"] = [[], change.overridden]
    await record(booking.id, actor.id, "changed", event, reason)
    if alongside is not None:
        await alongside(booking)
    elif booking.series is not None and change.touches_public:
        await touch_series(booking.series, change.now)
    # Even a change only to private fields bumps the booking's SEQUENCE and LAST-MODIFIED, which every
    # feed showing it prints (a space feed shows every booking holding time): cached feeds must go.
    await touch_venue(booking.venue)
    if change.moved_from is not None:
        await booking_notice(
            booking.id, Kind.moved, actor.id, manager_acted=change.by_manager, previously=change.moved_from
        )
