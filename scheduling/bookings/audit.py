"""The audit trail of a booking: every change, who made it, from what to what, and why."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from scheduling.models import BookingEvent
from venues.core import clock

# A booking kept as an exception to a change of its venue's opening (``scheduling.venue_changes``).
KEPT = "kept"
# A booking kept as an exception to a change of its space's rules (its length or attendance no longer allowed).
KEPT_RULES = "kept_rules"


def jsonable(value: Any) -> Any:
    """Instants as ISO 8601 UTC, enums as their value: what the JSON column and the API show."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [from, to]}`` for the fields whose value changed."""
    return {
        key: [jsonable(before.get(key)), jsonable(value)]
        for key, value in after.items()
        if jsonable(before.get(key)) != jsonable(value)
    }


def event(
    booking_id: int, actor_id: int | None, action: str, changes: dict[str, list[Any]], reason: str = ""
) -> BookingEvent:
    return BookingEvent(
        booking=booking_id,
        actor=actor_id,
        at=clock.now_exact(),
        action=action,
        changes=json.dumps(changes),
        reason=reason,
    )


async def record(
    booking_id: int, actor_id: int | None, action: str, changes: dict[str, list[Any]], reason: str = ""
) -> None:
    await BookingEvent.insert(event(booking_id, actor_id, action, changes, reason))


async def record_many(events: list[BookingEvent]) -> None:
    """Many bookings' events in one insert (a series' occurrences); nothing to do for none."""
    if events:
        await BookingEvent.insert(*events)


def load_json(value: Any) -> Any:
    """JSON columns come back as text on some engines and parsed on others."""
    return json.loads(value) if isinstance(value, str) else value


async def history(booking_id: int, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """Events oldest first, with the actor's display name: two queries."""
    where = BookingEvent.booking == booking_id
    total = await BookingEvent.count().where(where)
    rows = (
        await BookingEvent.select(
            BookingEvent.id,
            BookingEvent.at,
            BookingEvent.action,
            BookingEvent.changes,
            BookingEvent.reason,
            BookingEvent.actor,
            BookingEvent.actor.display_name,
        )
        .where(where)
        .order_by(BookingEvent.at)
        .order_by(BookingEvent.id)
        .limit(limit)
        .offset(offset)
    )
    for row in rows:
        row["changes"] = load_json(row["changes"])
    return rows, total
