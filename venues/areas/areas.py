"""Creating, renaming, describing and deleting areas, and reading them: the public list, one by id or slug, and
the areas an account reads.

Only site admins change areas (``venues.permissions.changes_areas``, 403 otherwise). A slug is lower-case letters,
digits and hyphens, unique across areas; without one it is made from the name (numbered past any taken). Two
admins taking the same slug at once: the unique index lets one have it and the other gets the same 409 as a
slug already taken. An area's venue count and listed venues leave out archived venues, as the public directory
does; the admin's page shows them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from piccolo.query.functions.aggregate import Count

from venues.core import slugs
from venues.core.database import duplicates_raise, write_transaction
from venues.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from venues.core.i18n import _
from venues.core.ids import in_id_range
from venues.models import Area, AreaOfficer, AreaVenue, User, Venue
from venues.permissions import area_ids_read_by, changes_areas

SLUG_LENGTH = 80  # the column's length
NAME_LENGTH = 200
DESCRIPTION_LENGTH = 5000
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class AreaSummary:
    id: int
    slug: str
    name: str
    description: str
    venue_count: int


@dataclass(frozen=True)
class AreaVenueEntry:
    id: int
    name: str
    archived: bool


@dataclass(frozen=True)
class AreaDetail:
    id: int
    slug: str
    name: str
    description: str
    venues: list[AreaVenueEntry]


def require_area_admin(actor: User | None) -> User:
    if actor is None or not changes_areas(actor):
        raise Forbidden(_("Only a site administrator changes areas."))
    return actor


def slugify(name: str) -> str:
    """ "Marsh Valley Halls!" → "marsh-valley-halls"; accents dropped, never empty."""
    return slugs.slugify(name, SLUG_LENGTH, "area")


def checked_slug(slug: str) -> str:
    if not 1 <= len(slug) <= SLUG_LENGTH or not _SLUG.match(slug):
        raise InvalidInput(
            "slug",
            _(
                "A slug is lower-case letters, digits and single hyphens between them, at most %(SLUG_LENGTH)s characters, such as marsh-valley-halls."
            )
            % {"SLUG_LENGTH": SLUG_LENGTH},
        )
    return slug


def checked_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise InvalidInput("name", _("Give the area a name."))
    if len(name) > NAME_LENGTH:
        raise InvalidInput(
            "name", _("An area's name is at most %(NAME_LENGTH)s characters.") % {"NAME_LENGTH": NAME_LENGTH}
        )
    return name


def checked_description(description: str) -> str:
    description = description.strip()
    if len(description) > DESCRIPTION_LENGTH:
        raise InvalidInput(
            "description",
            _("An area's description is at most %(DESCRIPTION_LENGTH)s characters.")
            % {"DESCRIPTION_LENGTH": DESCRIPTION_LENGTH},
        )
    return description


def _slug_taken_error(slug: str) -> Conflict:
    return Conflict(_("The slug %(slug)r is already used by another area.") % {"slug": slug}, field="slug")


async def _slug_taken(slug: str, except_id: int | None = None) -> bool:
    return await slugs.slug_taken(Area, slug, except_id)


async def _free_slug(name: str) -> str:
    return await slugs.free_slug(Area, name, SLUG_LENGTH, "area", "areas")


async def get_area_row(area_id: int) -> Area:
    area = await Area.objects().where(Area.id == area_id).first() if in_id_range(area_id) else None
    if area is None:
        raise NotFound(_("There is no area with id %(area_id)s.") % {"area_id": area_id})
    return area


async def create_area(actor: User | None, name: str, slug: str | None = None, description: str = "") -> Area:
    """A new area with no venues and no officers (admins only)."""
    require_area_admin(actor)
    name = checked_name(name)
    description = checked_description(description)
    given = checked_slug(slug) if slug else None
    with duplicates_raise(lambda: _slug_taken_error(given or slugify(name))):
        async with write_transaction():
            if given is not None and await _slug_taken(given):
                raise _slug_taken_error(given)
            area = Area(name=name, slug=given or await _free_slug(name), description=description)
            await area.save()
    return area


async def update_area(actor: User | None, area_id: int, fields: dict[str, Any]) -> Area:
    """Rename, re-describe or re-slug an area (admins only); ``fields`` holds only what changes."""
    require_area_admin(actor)
    changes: dict[str, str] = {}
    if "name" in fields:
        changes["name"] = checked_name(fields["name"])
    if "description" in fields:
        changes["description"] = checked_description(fields["description"] or "")
    if "slug" in fields:
        changes["slug"] = checked_slug(fields["slug"])
    with duplicates_raise(lambda: _slug_taken_error(changes.get("slug", ""))):
        async with write_transaction():
            area = await get_area_row(area_id)
            if "slug" in changes and await _slug_taken(changes["slug"], except_id=area.id):
                raise _slug_taken_error(changes["slug"])
            for key, value in changes.items():
                setattr(area, key, value)
            if changes:
                await area.save()
    return area


async def delete_area(actor: User | None, area_id: int) -> None:
    """The area goes, with its venue list and officers (never the venues or the accounts)."""
    require_area_admin(actor)
    async with write_transaction():
        await get_area_row(area_id)
        await AreaVenue.delete().where(AreaVenue.area == area_id)
        await AreaOfficer.delete().where(AreaOfficer.area == area_id)
        await Area.delete().where(Area.id == area_id)


async def _venue_counts(area_ids: list[int]) -> dict[int, int]:
    if not area_ids:
        return {}
    rows = (
        await AreaVenue.select(AreaVenue.area, Count(AreaVenue.id, alias="venues"))
        .where(AreaVenue.area.is_in(area_ids) & (AreaVenue.venue.archived == False))  # noqa: E712  # Piccolo builds SQL from ==
        .group_by(AreaVenue.area)
    )
    return {row["area"]: row["venues"] for row in rows}


async def _summaries(rows: list[dict[str, Any]]) -> list[AreaSummary]:
    counts = await _venue_counts([row["id"] for row in rows])
    return [
        AreaSummary(row["id"], row["slug"], row["name"], row["description"], counts.get(row["id"], 0)) for row in rows
    ]


_COLUMNS = (Area.id, Area.slug, Area.name, Area.description)


async def list_areas(limit: int, offset: int) -> tuple[list[AreaSummary], int]:
    """Every area by name, with how many (unarchived) venues it holds: public."""
    rows = await Area.select(*_COLUMNS).order_by(Area.name).order_by(Area.id).limit(limit).offset(offset)
    return await _summaries(rows), await Area.count()


async def areas_read_by(user: User | None, limit: int, offset: int) -> tuple[list[AreaSummary], int]:
    """The areas whose reports ``user`` reads (``venues.permissions.area_ids_read_by``), by name."""
    ids = await area_ids_read_by(user)
    if not ids:
        return [], 0
    rows = (
        await Area.select(*_COLUMNS)
        .where(Area.id.is_in(ids))
        .order_by(Area.name)
        .order_by(Area.id)
        .limit(limit)
        .offset(offset)
    )
    return await _summaries(rows), len(ids)


async def area_venues(area_id: int, include_archived: bool = False) -> list[AreaVenueEntry]:
    query = AreaVenue.select(AreaVenue.venue.id, AreaVenue.venue.name, AreaVenue.venue.archived).where(
        AreaVenue.area == area_id
    )
    if not include_archived:
        query = query.where(AreaVenue.venue.archived == False)  # noqa: E712  # Piccolo builds SQL from ==
    rows = await query.order_by(AreaVenue.venue.name).order_by(AreaVenue.venue.id)
    return [AreaVenueEntry(row["venue.id"], row["venue.name"], bool(row["venue.archived"])) for row in rows]


async def area_detail(area_id: int, include_archived: bool = False) -> AreaDetail:
    """One area with its venues by name (archived ones only for the admin's page); 404 when there is none."""
    area = await get_area_row(area_id)
    return AreaDetail(area.id, area.slug, area.name, area.description, await area_venues(area.id, include_archived))


async def area_by_slug(slug: str) -> AreaDetail:
    """The area a public address names (``/areas/{slug}/impact``); 404 when there is none."""
    area = await Area.objects().where(Area.slug == slug).first() if len(slug) <= SLUG_LENGTH else None
    if area is None:
        raise NotFound(_("There is no area called %(slug)r.") % {"slug": slug})
    return AreaDetail(area.id, area.slug, area.name, area.description, await area_venues(area.id))


async def venues_outside(area_id: int) -> list[Venue]:
    """The venues an admin may still add to the area (archived ones too), by name."""
    inside = [row["venue"] for row in await AreaVenue.select(AreaVenue.venue).where(AreaVenue.area == area_id)]
    query = Venue.objects().order_by(Venue.name).order_by(Venue.id)
    if inside:
        query = query.where(Venue.id.not_in(inside))
    return await query
