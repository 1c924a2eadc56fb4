"""Deleting an account: its personal data goes, the venue's booking records stay, anonymised.

The booker name, email and phone go from the account's bookings and series (and from any booking or
series that carries its address), and from those bookings' history (each ``changes`` entry naming a
booker field, and any value equal to one of the erased values); the bookings themselves, their times,
status and prices stay, so a venue's records and figures do not change. The account's tokens, links,
manager and organiser rows, requests to join groups go with it (foreign keys cascade), and so do
invitations and messages addressed to it; history it wrote keeps no actor.

Refused (409) while the account is the last manager of a venue or the last organiser of a group, counted
under those rows' locks like every other removal, so a venue or group is never left with nobody.
"""

from __future__ import annotations

import json
from typing import Any

from scheduling.bookings.audit import load_json
from scheduling.models import Booking, BookingEvent, Group, GroupOrganiser, Series
from venues.core.database import write_transaction
from venues.core.errors import Conflict
from venues.core.row_locks import lock_row
from venues.models import AccountLink, OutboxMessage, User, Venue, VenueManager
from venues.publication import bump_publication

BOOKER_FIELDS = ("booker_name", "booker_email", "booker_phone")


def _scrub(value: Any, erased: set[str]) -> Any:
    if isinstance(value, str):
        return "" if value in erased else value
    if isinstance(value, list):
        return [_scrub(item, erased) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, erased) for key, item in value.items() if key not in BOOKER_FIELDS}
    return value


async def _require_not_last(user_id: int) -> None:
    for venue_id in [
        r["venue"] for r in await VenueManager.select(VenueManager.venue).where(VenueManager.user == user_id)
    ]:
        await lock_row(Venue, venue_id)
        if await VenueManager.count().where(VenueManager.venue == venue_id) <= 1:
            raise Conflict(
                "This account is the only manager of a venue: add another manager before deleting it.",
                venue_id=venue_id,
            )
    for group_id in [
        r["group"] for r in await GroupOrganiser.select(GroupOrganiser.group).where(GroupOrganiser.user == user_id)
    ]:
        await lock_row(Group, group_id)
        if await GroupOrganiser.count().where(GroupOrganiser.group == group_id) <= 1:
            raise Conflict(
                "This account is the only organiser of a group: add another organiser before deleting it.",
                group_id=group_id,
            )


async def _drop_messages_naming(email: str) -> None:
    """Messages to others that name the address (a request to join told to a group's organisers)."""
    needle = email.lower().encode()
    rows = await OutboxMessage.select(OutboxMessage.id, OutboxMessage.content)
    naming = [row["id"] for row in rows if needle in bytes(row["content"]).lower()]
    if naming:
        await OutboxMessage.delete().where(OutboxMessage.id.is_in(naming))


async def delete_account(user: User) -> int:
    """Erase the account and anonymise its bookings; returns how many bookings were anonymised."""
    async with write_transaction():
        await _require_not_last(user.id)
        mine = (Booking.booked_by == user.id) | (Booking.booker_email == user.email)
        rows = await Booking.select(Booking.id, *[getattr(Booking, f) for f in BOOKER_FIELDS]).where(mine)
        series_mine = (Series.booked_by == user.id) | (Series.booker_email == user.email)
        series_rows = await Series.select(Series.id, *[getattr(Series, f) for f in BOOKER_FIELDS]).where(series_mine)
        erased = {user.email, user.display_name} | {
            row[f] for row in [*rows, *series_rows] for f in BOOKER_FIELDS if row[f]
        }
        erased.discard("")
        booking_ids = [row["id"] for row in rows]
        blank = {getattr(Booking, f): "" for f in BOOKER_FIELDS}
        if booking_ids:
            await Booking.update(blank).where(Booking.id.is_in(booking_ids))
            events = await BookingEvent.select(BookingEvent.id, BookingEvent.changes, BookingEvent.reason).where(
                BookingEvent.booking.is_in(booking_ids)
            )
            for event in events:
                changes = load_json(event["changes"])
                scrubbed = _scrub(changes, erased)
                reason = event["reason"]
                for value in erased:
                    reason = reason.replace(value, "")
                if scrubbed != changes or reason != event["reason"]:
                    await BookingEvent.update(
                        {BookingEvent.changes: json.dumps(scrubbed), BookingEvent.reason: reason}
                    ).where(BookingEvent.id == event["id"])
        if series_rows:
            await Series.update({getattr(Series, f): "" for f in BOOKER_FIELDS}).where(
                Series.id.is_in([row["id"] for row in series_rows])
            )
        await User.delete().where(User.id == user.id)
        # Invitations sent to the address, and the messages queued or sent to it, name the person too.
        await AccountLink.delete().where(AccountLink.email == user.email)
        await OutboxMessage.delete().where(OutboxMessage.recipient == user.email)
        await _drop_messages_naming(user.email)
        await bump_publication()  # managers' private feeds showed the booker's name and contact
    return len(booking_ids)
