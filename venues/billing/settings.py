"""A venue's money settings, read with safe defaults when the venue never set them."""

from __future__ import annotations

from venues.models import VenueMoneySettings


async def money_settings(venue_id: int) -> VenueMoneySettings:
    """The venue's row, or an unsaved one with the defaults: not VAT-registered, hire exempt, 14 days to pay,
    no cancellation refunds set, invoices numbered INV-… and credit notes CN-…."""
    found = await VenueMoneySettings.objects().where(VenueMoneySettings.venue == venue_id).first()
    return found if found is not None else VenueMoneySettings(venue=venue_id)
