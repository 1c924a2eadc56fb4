"""Creating and changing venues: default price tiers, managers, the published version."""

from __future__ import annotations

from typing import Any

from venues.core.database import write_transaction
from venues.core.errors import Conflict, NotFound
from venues.core.rows import row_by_id
from venues.core.timezones import zone
from venues.directory.search import normalise_postcode
from venues.models import PriceTier, User, Venue, VenueManager
from venues.publication import bump_publication, touch_shown, touch_venue
from venues.vocabulary import TierKind

DEFAULT_TIERS: list[tuple[TierKind, str, str]] = [
    (
        TierKind.free,
        "Free",
        "Free-to-attend groups open to everyone: parent and toddler, mutual aid, residents' meetings.",
    ),
    (TierKind.low_cost, "Community", "Local charities, clubs and community groups."),
    (TierKind.standard, "Standard", "Private parties and individuals."),
    (TierKind.commercial, "Commercial", "Businesses and events run for profit."),
]


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    if "timezone" in fields:
        zone(fields["timezone"])
    if "postcode" in fields:
        fields["postcode"] = normalise_postcode(fields["postcode"])
    if "accessibility" in fields:
        fields["accessibility"] = sorted({str(item) for item in fields["accessibility"]})
    for key in ("kind", "ownership"):
        if key in fields:
            fields[key] = str(fields[key])
    return fields


async def _check_slug_free(slug: str, except_id: int | None = None) -> None:
    query = Venue.exists().where(Venue.slug == slug)
    if except_id is not None:
        query = query.where(Venue.id != except_id)
    if await query:
        raise Conflict(f"The slug {slug!r} is already used by another venue.", field="slug")


async def users_by_email(emails: list[str]) -> list[User]:
    wanted = sorted({email.strip().lower() for email in emails})
    if not wanted:
        return []
    users = await User.objects().where(User.email.is_in(wanted))
    missing = sorted(set(wanted) - {user.email for user in users})
    if missing:
        raise NotFound(f"No account has the email {', '.join(missing)}.", field="manager_emails")
    return users


async def create_venue(fields: dict[str, Any], manager_emails: list[str]) -> Venue:
    """A venue with the four standard tiers and its first managers, in one transaction."""
    fields = _clean(dict(fields))
    await _check_slug_free(fields["slug"])
    managers = await users_by_email(manager_emails)
    async with Venue._meta.db.transaction():
        venue = Venue(**fields)
        await venue.save()
        await PriceTier.insert(
            *[
                PriceTier(venue=venue.id, kind=str(kind), name=name, description=description, position=position)
                for position, (kind, name, description) in enumerate(DEFAULT_TIERS)
            ]
        )
        if managers:
            await VenueManager.insert(*[VenueManager(venue=venue.id, user=user.id) for user in managers])
        await bump_publication()
    return venue


# What feed events show of a venue (LOCATION in either language, GEO, the zone of their times).
SHOWN_IN_EVENTS = frozenset({"name", "name_cy", "address", "postcode", "latitude", "longitude", "timezone"})


async def update_venue(venue: Venue, fields: dict[str, Any]) -> Venue:
    """Write only the changed columns and bump the version in SQL, in one transaction.

    Saving the whole row read earlier would put back the version (and any column) that bookings
    or closures committed since had moved on, and caches keyed on the version would then serve
    data from before those writes.
    """
    fields = _clean(dict(fields))
    if "slug" in fields and fields["slug"] != venue.slug:
        await _check_slug_free(fields["slug"], except_id=venue.id)
    shown = any(fields[name] != getattr(venue, name) for name in SHOWN_IN_EVENTS & fields.keys())
    async with write_transaction():
        if fields:
            await Venue.update(**fields).where(Venue.id == venue.id)
        await touch_venue(venue.id)
        if shown:
            await touch_shown(venue.id)
    stored = await row_by_id(Venue, venue.id)
    if stored is None:
        raise NotFound(f"There is no venue with id {venue.id}.")
    return stored
