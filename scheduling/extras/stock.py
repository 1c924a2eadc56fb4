"""Changing an extra's catalogue entry without contradicting the stock live bookings hold.

Lowering ``stock`` below the most units out at once from now on is a 409 naming those bookings and
when; lowering it to what is out leaves the holds valid, renumbered into 1..stock when a unit above
the new stock was held. An extra a booking chose is archived rather than deleted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from scheduling.bookings.status import HOLDS_TIME_VALUES
from scheduling.extras.holds import busiest
from scheduling.holds.occupancy import epoch, from_epoch
from scheduling.models import BookingExtra, ExtraHold
from scheduling.wording import span
from venues.core import clock
from venues.core.database import write_transaction
from venues.core.errors import Conflict
from venues.core.i18n import _
from venues.core.row_locks import lock_row
from venues.extras import catalogue
from venues.models import Extra, Venue


class StockBelowHeld(Conflict):
    """Fewer units than live bookings hold at some moment."""

    rule = "extra-stock"


async def change_extra(extra_id: int, fields: dict[str, Any], now: datetime | None = None) -> Extra:
    """``venues.extras.catalogue.update_extra`` with the stock checked against held units in its transaction."""
    now = now or clock.now()
    extra = await catalogue.get_extra(extra_id)

    async def check(current: Extra, wanted: dict[str, Any]) -> None:
        if "stock" not in wanted or wanted["stock"] == current.stock:
            return
        if wanted["stock"] is None:
            # Unlimited: units mean nothing any more (they are counted afresh if stock is set again).
            await ExtraHold.delete().where(ExtraHold.extra == current.id)
        elif current.stock is None:
            await hold_for_chosen(current, wanted["stock"], now)
        else:
            await check_stock(current, wanted["stock"], now)

    return await catalogue.update_extra(extra, fields, check)


async def remove_extra(extra_id: int) -> bool:
    """Delete an extra no booking chose; archive one that was (its bookings keep it). True when deleted.

    Whether a booking chose it is read with the extra's row locked, in the delete's transaction: a booking
    choosing it locks the same row first, so it cannot slip in between the check and the delete.
    """
    extra = await catalogue.get_extra(extra_id)
    async with write_transaction():
        await lock_row(Extra, extra.id)
        if await BookingExtra.exists().where(BookingExtra.extra == extra.id):
            if not extra.archived:
                await catalogue.update_extra(extra, {"archived": True})
            return False
        await catalogue.delete_extra(extra)
    return True


async def hold_for_chosen(extra: Extra, stock: int, now: datetime) -> None:
    """An unlimited extra gets a stock: the live bookings to come that chose it hold no units yet (unlimited
    extras are not counted), so count what they chose, refuse (409 naming them) when more are out at once
    than ``stock``, else give them their units now, in the change's transaction."""
    rows = await BookingExtra.select(
        BookingExtra.booking,
        BookingExtra.booking.title,
        BookingExtra.booking.starts_at,
        BookingExtra.booking.ends_at,
        BookingExtra.quantity,
    ).where(
        (BookingExtra.extra == extra.id)
        & BookingExtra.booking.status.is_in(HOLDS_TIME_VALUES)
        & (BookingExtra.booking.ends_at > now)
    )
    units = [
        {
            "id": None,
            "booking": row["booking"],
            "booking.title": row["booking.title"],
            "unit": 0,
            "starts_ts": epoch(row["booking.starts_at"]),
            "ends_ts": epoch(row["booking.ends_at"]),
        }
        for row in rows
        for _ in range(row["quantity"])
    ]
    if not units:
        return
    await _refuse_if_over(extra, units, stock)
    await ExtraHold.delete().where(ExtraHold.extra == extra.id)  # none are expected; stale ones would collide
    await _renumber(extra.id, units)


async def check_stock(extra: Extra, stock: int, now: datetime) -> None:
    """Inside the change's transaction with the extra's row held: ``stock`` units cover every hold to come."""
    rows = await ExtraHold.select(
        ExtraHold.id,
        ExtraHold.booking,
        ExtraHold.booking.title,
        ExtraHold.unit,
        ExtraHold.starts_ts,
        ExtraHold.ends_ts,
    ).where((ExtraHold.extra == extra.id) & (ExtraHold.ends_ts > epoch(now)))
    if not rows:
        return
    await _refuse_if_over(extra, rows, stock)
    if any(row["unit"] > stock for row in rows):
        await _renumber(extra.id, rows)


async def _refuse_if_over(extra: Extra, rows: list[dict[str, Any]], stock: int) -> None:
    """409 naming the bookings when more than ``stock`` of ``rows`` (one a unit) are out at one moment."""
    start = min(row["starts_ts"] for row in rows)
    end = max(row["ends_ts"] for row in rows)
    count, out_from, out_to = busiest([(r["starts_ts"], r["ends_ts"]) for r in rows], start, end)
    if count > stock:
        tz_name = await Venue.select(Venue.timezone).where(Venue.id == extra.venue).first()
        zone = tz_name["timezone"] if tz_name else "UTC"
        over = [r for r in rows if r["starts_ts"] < out_to and r["ends_ts"] > out_from]
        by_booking: dict[int, dict[str, Any]] = {}
        for row in over:
            item = by_booking.setdefault(
                row["booking"],
                {
                    "booking_id": row["booking"],
                    "title": row["booking.title"],
                    "starts_at": from_epoch(row["starts_ts"]).isoformat().replace("+00:00", "Z"),
                    "ends_at": from_epoch(row["ends_ts"]).isoformat().replace("+00:00", "Z"),
                    "units": 0,
                    "when": span(from_epoch(row["starts_ts"]), from_epoch(row["ends_ts"]), zone),
                },
            )
            item["units"] += 1
        named = "; ".join(
            f"booking {b['booking_id']}" + (f" ({b['title']})" if b["title"] else "") + f" {b['when']}"
            for b in by_booking.values()
        )
        raise StockBelowHeld(
            _(
                "%(count)s × %(name)s are booked at once %(when)s, more than %(stock)s: %(named)s. Move or cancel those first."
            )
            % {
                "count": count,
                "name": extra.name,
                "when": span(from_epoch(out_from), from_epoch(out_to), zone),
                "stock": stock,
                "named": named,
            },
            rule=StockBelowHeld.rule,
            bookings=list(by_booking.values()),
        )


async def _renumber(extra_id: int, rows: list[dict[str, Any]]) -> None:
    """Give the holds to come the lowest units again (earliest first), so they fit within a lower stock.

    Greedy by start time uses no more units than are out at once; holds already over keep theirs.
    """
    start = min(row["starts_ts"] for row in rows)
    held = [row["id"] for row in rows if row["id"] is not None]
    ends_of: dict[int, int] = {}
    for past in await ExtraHold.select(ExtraHold.unit, ExtraHold.ends_ts).where(
        (ExtraHold.extra == extra_id) & (ExtraHold.ends_ts > start) & ExtraHold.id.not_in([*held, 0])
    ):
        ends_of[past["unit"]] = max(ends_of.get(past["unit"], 0), past["ends_ts"])
    if held:
        await ExtraHold.delete().where(ExtraHold.id.is_in(held))
    fresh = []
    for row in sorted(rows, key=lambda r: (r["starts_ts"], r["id"] or 0, r["booking"])):
        unit = next(u for u in range(1, len(rows) + len(ends_of) + 2) if ends_of.get(u, 0) <= row["starts_ts"])
        ends_of[unit] = row["ends_ts"]
        fresh.append(
            ExtraHold(
                booking=row["booking"], extra=extra_id, unit=unit, starts_ts=row["starts_ts"], ends_ts=row["ends_ts"]
            )
        )
    await ExtraHold.insert(*fresh)
