"""A venue's open-data settings, read with defaults when it never set them, and changed by its managers.

``publish_slots`` (default on) puts the venue's bookable spaces and their free slots in the OpenActive feeds;
``slot_minutes`` (default 60) is the length its opening time is cut into, from each opening time, a multiple of
15 minutes from 15 to 480 (a quarter of an hour is the finest grain halls book by, eight hours a long day);
``days_ahead`` (default 14, at most 56) how many local days from today the slots cover: finder apps show what is
free soon, and every day published is a day of slots recomputed on each booking, so the window stays short;
``language`` (default ``en``, or ``cy``) the language its items' text fields are written in: OpenActive text fields
hold one language, so each is in this one where the venue gave it, else in the other.

Saving needs no version bump for the feeds: the ``venue_open_data`` trigger leaves a mark in the same
transaction, and the OpenActive stamper rebuilds the venue's facility uses and slots from it. Nothing the iCal
feeds, availability or the public pages show changes with these settings, so neither the venue's version nor the
publication version moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from piccolo.columns import Column

from venues.core.database import write_transaction
from venues.core.errors import Forbidden, InvalidInput
from venues.core.i18n import LANGUAGES, _
from venues.core.row_locks import lock_row
from venues.models import User, Venue, VenueOpenData
from venues.permissions import manages_venue

SLOT_STEP = 15
SLOT_MINUTES = (15, 480)
DAYS_AHEAD = (1, 56)


@dataclass(frozen=True)
class OpenDataSettings:
    """What a venue publishes; the defaults are a venue's that never saved any."""

    publish_slots: bool = True
    slot_minutes: int = 60
    days_ahead: int = 14
    language: str = "en"


DEFAULTS = OpenDataSettings()


def _settings(row: dict[str, object]) -> OpenDataSettings:
    return OpenDataSettings(
        publish_slots=bool(row["publish_slots"]),
        slot_minutes=int(row["slot_minutes"]),  # type: ignore[call-overload]  # an integer column
        days_ahead=int(row["days_ahead"]),  # type: ignore[call-overload]  # an integer column
        language=str(row["language"]) if row.get("language") in LANGUAGES else DEFAULTS.language,
    )


async def settings_by_venue(venue_ids: list[int] | set[int]) -> dict[int, OpenDataSettings]:
    """Every asked venue's settings (the defaults for those without a row), in one query."""
    ids = sorted(set(venue_ids))
    if not ids:
        return {}
    rows = await VenueOpenData.select(
        VenueOpenData.venue,
        VenueOpenData.publish_slots,
        VenueOpenData.slot_minutes,
        VenueOpenData.days_ahead,
        VenueOpenData.language,
    ).where(VenueOpenData.venue.is_in(ids))
    found = {row["venue"]: _settings(row) for row in rows}
    return {venue_id: found.get(venue_id, DEFAULTS) for venue_id in ids}


async def open_data_settings(venue_id: int) -> OpenDataSettings:
    """One venue's settings, or the defaults when it never saved any."""
    return (await settings_by_venue([venue_id]))[venue_id]


def checked(wanted: OpenDataSettings) -> OpenDataSettings:
    """The settings as given, each checked; the first bad one is a 400 naming its field."""
    low, high = SLOT_MINUTES
    minutes = wanted.slot_minutes
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not low <= minutes <= high or minutes % SLOT_STEP:
        raise InvalidInput(
            "slot_minutes",
            _(
                "A slot is a whole number of quarter hours from %(low)s to %(high)s minutes (such as 30, 60 or 120), not %(minutes)r."
            )
            % {"low": low, "high": high, "minutes": minutes},
        )
    low, high = DAYS_AHEAD
    days = wanted.days_ahead
    if isinstance(days, bool) or not isinstance(days, int) or not low <= days <= high:
        raise InvalidInput(
            "days_ahead",
            _("Slots are published from %(low)s to %(high)s days ahead, not %(days)r.")
            % {"low": low, "high": high, "days": days},
        )
    if wanted.language not in LANGUAGES:
        raise InvalidInput(
            "language",
            _("Open data is published in en (English) or cy (Cymraeg), not %(language)r.")
            % {"language": wanted.language},
        )
    return OpenDataSettings(bool(wanted.publish_slots), minutes, days, wanted.language)


async def save_open_data_settings(user: User | None, venue_id: int, wanted: OpenDataSettings) -> OpenDataSettings:
    """The venue's settings replaced by ``wanted`` (its row made on first save), by one of its managers.

    Written under the venue's row lock, so two managers saving at once leave one row and the last one's values.
    """
    if not await manages_venue(user, venue_id):
        raise Forbidden(_("Only the venue's managers change what it publishes as open data."))
    values = checked(wanted)
    columns: dict[Column | str, Any] = {
        VenueOpenData.publish_slots: values.publish_slots,
        VenueOpenData.slot_minutes: values.slot_minutes,
        VenueOpenData.days_ahead: values.days_ahead,
        VenueOpenData.language: values.language,
    }
    async with write_transaction():
        await lock_row(Venue, venue_id)
        if await VenueOpenData.exists().where(VenueOpenData.venue == venue_id):
            await VenueOpenData.update(columns).where(VenueOpenData.venue == venue_id)
        else:
            await VenueOpenData(
                venue=venue_id,
                publish_slots=values.publish_slots,
                slot_minutes=values.slot_minutes,
                days_ahead=values.days_ahead,
                language=values.language,
            ).save()
    return values
