"""A bookable space as an OpenActive ``FacilityUse``: what it is, where, who provides it, when it is open and what it
costs at the venue's standard tier.

A space is published while it is bookable and not archived, at a venue that is not archived and publishes its
slots (``venues.open_data.settings``); otherwise its owner has no items and what was published becomes a tombstone.
Its ``@id`` and ``url`` are the public page where it is booked (``/book/spaces/{id}``), so a finder app's link
lands on the booking form.

The price is the venue's standard tier (its first tier of kind standard, as ``venues.tiers.standard_tiers`` picks
it for quotes too), the tier a member of the public without a group's agreement pays: a fixed price per booking when the space
has one, else the hourly rate, with words for the rules that change it (bands, minimums, caps) and for the other
tiers groups may be given. No standard rate is said as such: the venue prices on request. Each Slot carries the
exact price of its own time. Amounts are integer pence until the last step, where the JSON number is formatted
from them (``feeds.price_number``), never computed in floating point.

``facilityType`` comes from the OpenActive Facility Types list (CC BY 4.0) by the space's kind: the list has no
"village hall" concept, so a hall is a Multi Purpose Room, a meeting room a Function Room, and so on (``FACILITY``).

Everything is read in a fixed number of queries for any number of spaces (``publishing`` and ``standard_prices``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from scheduling.openactive.feeds import CONTEXT, Feed, Item, Owned, price_number, space_owner
from scheduling.openactive.places import PublicVenue, place_data, public_venues, venue_organization
from scheduling.pricing.charges import rules_by_space
from scheduling.wording import hours_minutes, money
from venues.core.i18n import _, ngettext, using
from venues.core.i18n.content import shown
from venues.core.public_url import public_base_url
from venues.models import ChargeRule, PriceTier, Space, SpaceRate
from venues.open_data.settings import OpenDataSettings, settings_by_venue
from venues.opening.calendar import Calendar, load_calendar, weekly_pattern
from venues.tiers import standard_tiers
from venues.vocabulary import ChargeKind, SpaceKind

FACILITY_TYPES = "https://openactive.io/facility-types"


def N_(message: str) -> str:  # noqa: N802 (gettext's name for a string marked for the catalogue, worded later)
    return message


# The OpenActive Facility Types concept for each kind of space (https://openactive.io/facility-types, CC BY 4.0).
FACILITY: dict[str, tuple[str, str]] = {
    SpaceKind.hall: ("d365ee78-4aab-48f7-848e-382fb721f7c4", "Multi Purpose Room"),
    SpaceKind.meeting_room: ("4fff5e43-15dd-41d4-9f4c-0cfc478d7952", "Function Room"),
    SpaceKind.kitchen: ("bd63645d-f099-438e-aefd-4131bf6f30a8", "Kitchen"),
    SpaceKind.pitch: ("07e38aa9-4087-424e-95d0-0702d64e1a7a", "Football Pitch"),
    SpaceKind.court: ("7ff595ff-14fc-4e51-8c82-ac8f53af5244", "Multi Use Games Area"),
    SpaceKind.studio: ("2f7f901d-bc7c-4757-8f27-f8a5eece0cd1", "Dance Studio"),
    SpaceKind.outdoor: ("7ff595ff-14fc-4e51-8c82-ac8f53af5244", "Multi Use Games Area"),
}
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_SECONDS = 86_400


@dataclass(frozen=True)
class Publishing:
    """A space whose venue publishes it, with the venue's public side and its open-data settings."""

    space: Space
    venue: PublicVenue
    settings: OpenDataSettings


@dataclass(frozen=True)
class StandardPrice:
    """The venue's standard tier and the space's rate and charge rules at it (rate None: no standard rate)."""

    tier: PriceTier | None
    rate: SpaceRate | None
    rules: tuple[ChargeRule, ...] = ()


NO_PRICE = StandardPrice(None, None)


@dataclass(frozen=True)
class Found:
    """Every asked space that still exists (``spaces``), and those of them that publish (``publishing``)."""

    spaces: dict[int, Space]
    publishing: dict[int, Publishing]


def facility_url(space_id: int) -> str:
    """The FacilityUse's ``@id`` and ``url``: the public page where the space is booked."""
    return f"{public_base_url()}/book/spaces/{space_id}"


async def publishing(space_ids: Sequence[int]) -> Found:
    """The asked spaces and those that publish: three queries for any number of spaces."""
    ids = sorted(set(space_ids))
    spaces = {space.id: space for space in await Space.objects().where(Space.id.is_in(ids))} if ids else {}
    venue_ids = {space.venue for space in spaces.values()}
    settings = await settings_by_venue(venue_ids)
    venues = await public_venues(venue_ids, {venue_id: chosen.language for venue_id, chosen in settings.items()})
    found: dict[int, Publishing] = {}
    for space in spaces.values():
        venue = venues.get(space.venue)
        if venue is None or venue.archived or space.archived or not space.bookable:
            continue
        if not settings[space.venue].publish_slots:
            continue
        found[space.id] = Publishing(space, venue, settings[space.venue])
    return Found(spaces, found)


async def standard_prices(spaces: Sequence[Space]) -> dict[int, StandardPrice]:
    """Each space's standard tier, rate and rules: three queries for any number of spaces."""
    if not spaces:
        return {}
    venue_ids = sorted({space.venue for space in spaces})
    tiers = await standard_tiers(venue_ids)
    space_ids = sorted(space.id for space in spaces)
    tier_ids = sorted(tier.id for tier in tiers.values())
    rates = (
        {
            (rate.space, rate.tier): rate
            for rate in await SpaceRate.objects().where(
                SpaceRate.space.is_in(space_ids) & SpaceRate.tier.is_in(tier_ids)
            )
        }
        if tier_ids
        else {}
    )
    rules = await rules_by_space(space_ids) if tier_ids else {}
    found: dict[int, StandardPrice] = {}
    for space in spaces:
        tier = tiers.get(space.venue)
        if tier is None:
            found[space.id] = NO_PRICE
            continue
        found[space.id] = StandardPrice(tier, rates.get((space.id, tier.id)), rules.get((space.id, tier.id), ()))
    return found


def priced(price: StandardPrice) -> bool:
    """Whether the space has a price at the standard tier: an OpenActive offer must name one, so a space without
    says so in its description, has no offers, and publishes no slots."""
    return price.tier is not None and price.rate is not None


NO_PRICE_WORDS = N_("The venue has not published a standard price for this space: ask it for a quote.")


def fixed_rule(price: StandardPrice) -> ChargeRule | None:
    fixed = [rule for rule in price.rules if rule.kind == ChargeKind.fixed]
    return min(fixed, key=lambda rule: (rule.position, rule.id)) if fixed else None


def facility_offer(price: StandardPrice, url: str) -> dict[str, Any]:
    """The standard tier's price of the space: fixed per booking, or per hour with what else changes it."""
    assert price.tier is not None and price.rate is not None
    currency = price.rate.currency
    others = " " + _("Community groups and charities may be offered a lower rate by the venue.")
    offer: dict[str, Any] = {"@type": "Offer", "@id": f"{url}#offer-standard", "identifier": "standard", "url": url}
    fixed = fixed_rule(price)
    if fixed is not None:
        offer.update(
            name=_("%(tier)s: fixed price per booking") % {"tier": price.tier.name},
            description=_("%(amount)s per booking, whatever its length.")
            % {"amount": money(fixed.amount_minor, currency)}
            + others,
            price=price_number(fixed.amount_minor),
        )
    else:
        hourly = price.rate.hourly_rate_minor
        notes = []
        if any(rule.kind == ChargeKind.band for rule in price.rules):
            notes.append(_("some times of day or days of the week are charged at other hourly rates"))
        minimums = [rule.amount_minor for rule in price.rules if rule.kind == ChargeKind.minimum]
        if minimums:
            notes.append(_("the least a booking costs is %(amount)s") % {"amount": money(max(minimums), currency)})
        caps = [rule.amount_minor for rule in price.rules if rule.kind == ChargeKind.daily_cap]
        if caps:
            notes.append(_("a day costs at most %(amount)s") % {"amount": money(min(caps), currency)})
        # Translators: %(notes)s is a list of the clauses above, joined by "; ".
        said = " " + _("Note: %(notes)s.") % {"notes": "; ".join(notes)} if notes else ""
        offer.update(
            name=_("%(tier)s: price per hour") % {"tier": price.tier.name},
            description=_("%(amount)s an hour, charged by the minute.") % {"amount": money(hourly, currency)}
            + said
            + " "
            + _("Each slot in the slots feed carries its own price.")
            + others,
            price=price_number(hourly),
        )
    if offer["price"] != 0:
        offer["priceCurrency"] = currency
    return offer


def _clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def hours_available(calendar: Calendar, venue_id: int, space_id: int) -> list[dict[str, Any]]:
    """The space's weekly hours as OpeningHoursSpecifications, each the weekdays sharing one opening (cut at
    midnight): a piece to midnight closes ``00:00`` (schema.org reads a close before the opening as the next day), a
    whole day is ``00:00``–``23:59`` as schema.org writes it."""
    days_by_times: dict[tuple[str, str], list[int]] = {}
    for start, end in weekly_pattern(calendar, venue_id, space_id):
        at = start
        while at < end:
            day = at // DAY_SECONDS
            piece_end = min(end, (day + 1) * DAY_SECONDS)
            opens, closes = at - day * DAY_SECONDS, piece_end - day * DAY_SECONDS
            whole_day = opens == 0 and closes == DAY_SECONDS
            times = (_clock(opens), "23:59" if whole_day else _clock(closes % DAY_SECONDS))
            days_by_times.setdefault(times, []).append(day % 7)
            at = piece_end
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [f"https://schema.org/{DAY_NAMES[day]}" for day in sorted(set(days))],
            "opens": opens,
            "closes": closes,
        }
        for (opens, closes), days in sorted(days_by_times.items(), key=lambda found: (min(found[1]), found[0]))
    ]


def describe(space: Space, venue: PublicVenue, settings: OpenDataSettings) -> str:
    """The space's own description (in the venue's open-data language where it can be) and what it takes."""
    said = shown(space, "description").text.strip()
    facts = ngettext(
        "%(space)s at %(venue)s holds up to %(num)d person.",
        "%(space)s at %(venue)s holds up to %(num)d people.",
        space.capacity,
    ) % {"space": shown(space, "name").text, "venue": venue.text("name"), "num": space.capacity}
    facts += " " + _(
        "Bookings last from %(shortest)s to %(longest)s; the slots published are %(slot)s long, cut from the "
        "opening times."
    ) % {
        "shortest": hours_minutes(space.min_booking_minutes),
        "longest": hours_minutes(space.max_booking_minutes),
        "slot": hours_minutes(settings.slot_minutes),
    }
    return f"{said}\n\n{facts}" if said else facts


def facility_type(space: Space) -> list[dict[str, Any]]:
    concept, label = FACILITY.get(space.kind, FACILITY[SpaceKind.hall])
    return [{"@type": "Concept", "@id": f"{FACILITY_TYPES}#{concept}", "prefLabel": label, "inScheme": FACILITY_TYPES}]


def facility_data(found: Publishing, price: StandardPrice, hours: list[dict[str, Any]]) -> dict[str, Any]:
    """The space as a ``FacilityUse``, every text in the venue's open-data language where it can be."""
    with using(found.settings.language):
        return _facility_data(found, price, hours)


def _facility_data(found: Publishing, price: StandardPrice, hours: list[dict[str, Any]]) -> dict[str, Any]:
    space, venue = found.space, found.venue
    url = facility_url(space.id)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "FacilityUse",
        "@id": url,
        "url": url,
        "identifier": str(space.id),
        "name": _("%(space)s at %(venue)s") % {"space": shown(space, "name").text, "venue": venue.text("name")},
        "description": describe(space, venue, found.settings),
        "facilityType": facility_type(space),
        "provider": venue_organization(venue),
        "location": place_data(venue),
    }
    if priced(price):
        data["offers"] = [facility_offer(price, url)]
    else:
        data["description"] += f" {_(NO_PRICE_WORDS)}"
    if hours:
        data["hoursAvailable"] = hours
    return data


async def facility_items(space_ids: Sequence[int], now: datetime) -> dict[int, Owned]:
    """Every asked space's FacilityUse (owner ``space:{id}``), keyed by space id; no items when the
    space or its venue is gone, archived, not bookable, or its venue does not publish slots.

    Eight queries for any number of spaces: spaces, venues, settings, tiers, rates, rules, hours and closures.
    """
    found = await publishing(space_ids)
    shown = list(found.publishing.values())
    prices = await standard_prices([each.space for each in shown])
    calendar = await load_calendar({each.venue.id for each in shown}, now, now) if shown else Calendar()
    owned: dict[int, Owned] = {}
    for space_id in space_ids:
        space = found.spaces.get(space_id)
        venue_id = space.venue if space is not None else None
        items: list[Item] = []
        if (each := found.publishing.get(space_id)) is not None:
            hours = hours_available(calendar, each.venue.id, space_id)
            data = facility_data(each, prices.get(space_id, NO_PRICE), hours)
            items.append(Item(Feed.facility_uses, str(space_id), data))
        owned[space_id] = Owned(space_owner(space_id), items, venue_id=venue_id, space_id=space_id)
    return owned
