"""The hire agreement as versions: each save is the next number, never an edit, so what someone accepted stays
readable. The highest version is current; a venue with none asks nobody to accept anything."""

from __future__ import annotations

import sqlite3

from asyncpg.exceptions import UniqueViolationError

from venues.core import clock
from venues.core.database import write_transaction
from venues.core.errors import Conflict, InvalidInput, NotFound
from venues.core.i18n import _
from venues.models import HireTerms

MAX_TERMS_CHARS = 50_000


class VersionTaken(Conflict):
    """Another manager published the same version number at the same moment."""

    rule = "terms_version_taken"


async def current_terms(venue_id: int) -> HireTerms | None:
    """The venue's highest version, or None when it never published terms."""
    return (
        await HireTerms.objects()
        .where(HireTerms.venue == venue_id)
        .order_by(HireTerms.version, ascending=False)
        .first()
    )


async def terms_version(venue_id: int, version: int) -> HireTerms:
    """One version as it was published (404 when the venue has no such version)."""
    found = await HireTerms.objects().where((HireTerms.venue == venue_id) & (HireTerms.version == version)).first()
    if found is None:
        raise NotFound(_("This venue has no hire terms version %(version)s.") % {"version": version})
    return found


async def publish_terms(venue_id: int, text: str, actor_id: int | None) -> HireTerms:
    """Save ``text`` as the next version. Two managers saving at once: the unique (venue, version) index lets one
    have the number; the other gets a 409 and saves again (it would be the version after)."""
    text = text.strip()
    if not text:
        raise InvalidInput("text", _("Write the hire terms; blank terms cannot be published."))
    if len(text) > MAX_TERMS_CHARS:
        raise InvalidInput(
            "text", _("Hire terms are at most %(MAX_TERMS_CHARS)s characters.") % {"MAX_TERMS_CHARS": MAX_TERMS_CHARS}
        )
    try:
        async with write_transaction():
            latest = await current_terms(venue_id)
            row = HireTerms(
                venue=venue_id,
                version=(latest.version if latest else 0) + 1,
                text=text,
                created_by=actor_id,
                created_at=clock.now(),
            )
            await row.save()
    except (sqlite3.IntegrityError, UniqueViolationError):
        raise VersionTaken(
            _("Someone else published a new version of the hire terms at the same moment; read it and save again."),
            rule="terms_version_taken",
        ) from None
    return row
