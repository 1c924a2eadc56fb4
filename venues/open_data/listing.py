"""What a venue's open-data listing still lacks, in words a volunteer can act on.

OpenActive's postal address requires the town and the county, finder apps place a venue on a map by its
coordinates, and a space is published with slots only when it has opening hours to cut them from and a standard
price (every slot must carry one). Each missing thing is said with where to put it right; nothing here refuses a
save: an incomplete listing is still published with what it has. The sentences are read on the desk's Open data
tab and by API callers alike, so they name the tab or the API call that fixes each thing, never a place on one page
("below"). No desk page edits the postcode or the public phone and email yet: those name the API.
"""

from __future__ import annotations

from venues.core.i18n import _
from venues.models import OpeningHours, Space, SpaceRate, Venue
from venues.open_data.settings import OpenDataSettings
from venues.tiers import standard_tiers


def _minutes(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    values = {"hours": hours, "minutes": rest}
    if hours and rest:
        return _("%(hours)s h %(minutes)s min") % values
    return _("%(hours)s h") % values if hours else _("%(minutes)s min") % values


async def missing_for_listing(venue: Venue, settings: OpenDataSettings) -> list[str]:
    """Each thing the venue's listing lacks, as a sentence; an empty list when it is complete (four queries)."""
    missing: list[str] = []
    if not settings.publish_slots:
        missing.append(
            _("Slots are switched off: finder apps see none of your spaces until you switch them on (Open data tab).")
        )
    if not venue.locality.strip():
        missing.append(_("The venue's town or village: open data needs it for the address (Open data tab)."))
    if not venue.region.strip():
        missing.append(_("The venue's county: open data needs it for the address (Open data tab)."))
    if not venue.postcode.strip():
        missing.append(_("The venue's postcode: open data needs it for the address (Open data tab)."))
    if venue.latitude is None or venue.longitude is None:
        missing.append(
            _("Where the venue is on a map (latitude and longitude): finder apps search by distance (Open data tab).")
        )
    if not venue.public_phone.strip() and not venue.public_email.strip():
        missing.append(_("A public phone number or email address, so people can ask about a booking (Open data tab)."))
    spaces = (
        await Space.objects()
        .where((Space.venue == venue.id) & Space.archived.eq(False) & Space.bookable.eq(True))
        .order_by(Space.name)
    )
    if not spaces:
        missing.append(_("No space is open for bookings: there is nothing to publish (Spaces tab)."))
        return missing
    if not await OpeningHours.exists().where((OpeningHours.venue == venue.id) & OpeningHours.space.is_null()):
        missing.append(
            "The venue has no opening hours: slots are cut from them, so none are published (Opening hours tab)."
        )
    standard = (await standard_tiers([venue.id])).get(venue.id)
    rated: set[int] = set()
    if standard is not None:
        rows = await SpaceRate.select(SpaceRate.space).where(
            SpaceRate.space.is_in([space.id for space in spaces]) & (SpaceRate.tier == standard.id)
        )
        rated = {row["space"] for row in rows}
    for space in spaces:
        if space.id not in rated:
            missing.append(
                _(
                    "%(space)s has no standard rate: every published slot needs a price, so its slots are not "
                    "published until it has one (Rates tab)."
                )
                % {"space": space.name}
            )
        if settings.slot_minutes < space.min_booking_minutes:
            missing.append(
                _(
                    "%(space)s's bookings last at least %(length)s, so slots of %(slot)s cannot be booked on their "
                    "own and all show as taken: choose a longer slot."
                )
                % {
                    "space": space.name,
                    "length": _minutes(space.min_booking_minutes),
                    "slot": _minutes(settings.slot_minutes),
                }
            )
        elif settings.slot_minutes > space.max_booking_minutes:
            missing.append(
                _(
                    "%(space)s's bookings last at most %(length)s, so slots of %(slot)s cannot be booked and all "
                    "show as taken: choose a shorter slot."
                )
                % {
                    "space": space.name,
                    "length": _minutes(space.max_booking_minutes),
                    "slot": _minutes(settings.slot_minutes),
                }
            )
    return missing
