"""Spaces and combined spaces: the rules a space's settings and its parts must keep.

A combined space ("whole hall") is made of two or more plain spaces of the
same venue; booking it occupies every part. Parts are never combined spaces
themselves and a combined space is never a part, so one level is all the
overlap guard has to follow.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from datetime import timedelta
from typing import Any

from venues.core.database import write_transaction
from venues.core.errors import InvalidInput
from venues.models import Space, SpacePart
from venues.publication import touch_shown, touch_venue

MINUTES_PER_DAY = 24 * 60
# Upper bounds of a space's rules; queries over time windows rely on them (scheduling.holds.windows).
LONGEST_BOOKING = timedelta(days=7)
LONGEST_BUFFER = timedelta(minutes=240)
_LIST_FIELDS = ("facilities", "accessibility")
_RULE_DEFAULTS = {
    name: getattr(Space, name).default
    for name in ("min_booking_minutes", "max_booking_minutes", "min_notice_minutes", "horizon_days")
}


def _blame(first: str, second: str, changed: Collection[str]) -> str:
    """The field to name when two disagree: the one the caller changed, else the first."""
    return second if second in changed and first not in changed else first


def check_rules(values: Mapping[str, Any], changed: Collection[str]) -> None:
    """The booking rules agree with each other; the field named is one the caller changed."""
    merged = {**_RULE_DEFAULTS, **values}
    if merged["min_booking_minutes"] > merged["max_booking_minutes"]:
        field = _blame("min_booking_minutes", "max_booking_minutes", changed)
        raise InvalidInput(
            field,
            f"The shortest booking ({merged['min_booking_minutes']} min) is longer than the longest "
            f"({merged['max_booking_minutes']} min): min_booking_minutes must not exceed max_booking_minutes.",
        )
    if merged["min_notice_minutes"] >= merged["horizon_days"] * MINUTES_PER_DAY:
        field = _blame("min_notice_minutes", "horizon_days", changed)
        raise InvalidInput(
            field,
            f"The notice needed ({merged['min_notice_minutes']} min) reaches past how far ahead bookings are "
            f"taken ({merged['horizon_days']} days), so nothing could ever be booked.",
        )


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    if "kind" in fields:
        fields["kind"] = str(fields["kind"])
    for name in _LIST_FIELDS:
        if name in fields:
            fields[name] = sorted({str(item) for item in fields[name]})
    return fields


async def check_parts(venue_id: int, part_ids: list[int], space_id: int | None = None) -> None:
    """``part_ids`` may make up a combined space ``space_id`` (None while it is being created)."""
    if not part_ids:
        return
    if len(part_ids) < 2:
        raise InvalidInput("part_ids", "A combined space is made of at least two parts; send [] for a plain space.")
    repeated = sorted({part for part in part_ids if part_ids.count(part) > 1})
    if repeated:
        raise InvalidInput("part_ids", f"Space {repeated[0]} is listed more than once.")
    if space_id is not None and space_id in part_ids:
        raise InvalidInput("part_ids", "A space cannot be one of its own parts.")
    found = await Space.select(Space.id, Space.archived).where((Space.venue == venue_id) & Space.id.is_in(part_ids))
    missing = sorted(set(part_ids) - {row["id"] for row in found})
    if missing:
        raise InvalidInput("part_ids", f"Space {missing[0]} is not a space of this venue.")
    archived = sorted(row["id"] for row in found if row["archived"])
    if archived:
        raise InvalidInput("part_ids", f"Space {archived[0]} is archived and cannot be a part.")
    combined = await SpacePart.select(SpacePart.combined).where(SpacePart.combined.is_in(part_ids))
    if combined:
        raise InvalidInput(
            "part_ids", f"Space {combined[0]['combined']} is itself a combined space; list its parts instead."
        )
    if space_id is not None:
        parent = await SpacePart.select(SpacePart.combined).where(SpacePart.part == space_id).first()
        if parent is not None:
            raise InvalidInput(
                "part_ids",
                f"This space is a part of combined space {parent['combined']}, so it cannot be combined itself.",
            )


async def _set_parts(space_id: int, part_ids: list[int]) -> None:
    await SpacePart.delete().where(SpacePart.combined == space_id)
    if part_ids:
        await SpacePart.insert(*[SpacePart(combined=space_id, part=part) for part in part_ids])


async def create_space(venue_id: int, fields: dict[str, Any], part_ids: list[int]) -> Space:
    fields = _clean(dict(fields))
    check_rules(fields, fields.keys())
    async with write_transaction():
        await check_parts(venue_id, part_ids)
        space = Space(venue=venue_id, **fields)
        await space.save()
        await _set_parts(space.id, part_ids)
        await touch_venue(venue_id)
    return space


async def update_space(space: Space, fields: dict[str, Any], part_ids: list[int] | None) -> Space:
    """Apply the changed ``fields``; ``part_ids`` None leaves the parts as they are.

    The booking layer changes spaces through ``scheduling.holds.space_changes.change_space``, which calls this
    inside its transaction and makes the held time of the space's bookings follow.
    """
    fields = _clean(dict(fields))
    current = {name: getattr(space, name) for name in _RULE_DEFAULTS}
    check_rules({**current, **fields}, fields.keys())
    async with write_transaction():
        if part_ids is not None:
            await check_parts(space.venue, part_ids, space.id)
        renamed = any(key in fields and fields[key] != getattr(space, key) for key in ("name", "name_cy"))
        for name, value in fields.items():
            setattr(space, name, value)
        await space.save()
        if part_ids is not None:
            await _set_parts(space.id, part_ids)
        await touch_venue(space.venue)
        if renamed:
            await touch_shown(space.venue)  # feed events show the space's name (in either language)
    return space


async def list_spaces(venue_id: int, include_archived: bool, limit: int, offset: int) -> tuple[list[Space], int]:
    query = Space.objects().where(Space.venue == venue_id)
    count = Space.count().where(Space.venue == venue_id)
    if not include_archived:
        query = query.where(Space.archived.eq(False))
        count = count.where(Space.archived.eq(False))
    spaces = await query.order_by(Space.name).order_by(Space.id).limit(limit).offset(offset)
    return spaces, await count


async def parts_by_space(space_ids: Iterable[int]) -> dict[int, list[int]]:
    """For each combined space among ``space_ids``, its parts (one query)."""
    ids = list(space_ids)
    if not ids:
        return {}
    rows = await SpacePart.select(SpacePart.combined, SpacePart.part).where(SpacePart.combined.is_in(ids))
    found: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        found[row["combined"]].append(row["part"])
    return {space: sorted(parts) for space, parts in found.items()}


async def combined_in_by_space(space_ids: Iterable[int]) -> dict[int, list[int]]:
    """For each part among ``space_ids``, the combined spaces it belongs to (one query)."""
    ids = list(space_ids)
    if not ids:
        return {}
    rows = await SpacePart.select(SpacePart.combined, SpacePart.part).where(SpacePart.part.is_in(ids))
    found: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        found[row["part"]].append(row["combined"])
    return {space: sorted(combined) for space, combined in found.items()}
