"""Demo data: a village hall, a community hub and a football pitch, with accounts to try them."""

from __future__ import annotations

from datetime import time
from typing import Any

from scheduling.listings.activities import attach_activity
from scheduling.listings.activity_access import booking_owner, series_owner
from scheduling.models import GroupVenueTier
from venues.accounts.credentials import create_user
from venues.models import OpeningHours, PriceTier, Space, SpacePart, SpaceRate, User, Venue
from venues.registry import create_venue

DEMO_ACCOUNTS = [
    ("admin@commonroom.example", "demo-admin-pass", "Site admin", True, "site admin"),
    (
        "hall@commonroom.example",
        "demo-manager-pass",
        "Hall manager",
        False,
        "manages Little Marsh Village Hall and the pitch",
    ),
    ("hub@commonroom.example", "demo-manager-pass", "Hub manager", False, "manages Eastside Community Hub"),
    ("organiser@commonroom.example", "demo-organiser-pass", "Group organiser", False, "organises Marsh Coffee Morning"),
]

# Hourly rates in pence per tier kind: free, community, standard, commercial.
RATES = {"free": 0, "low_cost": 800, "standard": 1800, "commercial": 3500}


async def _space(venue: Venue, name: str, kind: str, capacity: int, facilities: list[str], **rules: Any) -> Space:
    space = Space(venue=venue.id, name=name, kind=kind, capacity=capacity, facilities=facilities, **rules)
    await space.save()
    tiers = await PriceTier.objects().where(PriceTier.venue == venue.id)
    scale = 0.5 if kind in ("meeting_room", "kitchen") else 1.0
    await SpaceRate.insert(
        *[SpaceRate(space=space.id, tier=tier.id, hourly_rate_minor=int(RATES[tier.kind] * scale)) for tier in tiers]
    )
    return space


async def _hours(venue: Venue, opens: time, closes: time, weekend_closes: time | None = None) -> None:
    await OpeningHours.insert(
        *[
            OpeningHours(
                venue=venue.id,
                weekday=day,
                opens=opens,
                closes=weekend_closes if day >= 5 and weekend_closes else closes,
            )
            for day in range(7)
        ]
    )


async def seed_demo() -> list[tuple[str, str, str]]:
    """Create the demo once (a second call changes nothing); returns the demo accounts."""
    created = [(email, password, role) for email, password, _, _, role in DEMO_ACCOUNTS]
    if await Venue.exists().where(Venue.slug == "little-marsh-village-hall"):
        return created
    users = await _demo_users()
    await _village_hall()
    await _community_hub()
    await _playing_field()
    await _demo_bookings(users)
    return created


async def _demo_users() -> dict[str, User]:
    """The demo accounts by email; an account someone already made with a demo email is kept as it is."""
    users: dict[str, User] = {}
    for email, password, name, is_admin, _role in DEMO_ACCOUNTS:
        existing = await User.objects().where(User.email == email).first()
        users[email] = existing or await create_user(email, password, name, is_admin=is_admin)
    return users


async def _village_hall() -> None:
    """The hall with most to try: a whole hall combined from two parts, buffers, approval and private contacts."""
    hall = await create_venue(
        {
            "name": "Little Marsh Village Hall",
            "slug": "little-marsh-village-hall",
            "kind": "village_hall",
            "description": "A 1920s hall run by volunteers at the heart of the village.",
            "address": "1 Church Lane, Little Marsh",
            "postcode": "LM1 2AB",
            "latitude": 51.7520,
            "longitude": -1.2577,
            "ownership": "community_owned",
            "accessibility": ["step_free", "accessible_toilet", "hearing_loop", "baby_change", "parking"],
            "public_email": "bookings@littlemarsh.example",
            "private_contact_name": "Jo Treasurer",
            "private_email": "jo.treasurer@home.example",
            "private_phone": "01234 000111",
        },
        ["hall@commonroom.example"],
    )
    await _hours(hall, time(8, 0), time(22, 0), time(23, 0))
    main_hall = await _space(
        hall,
        "Main hall",
        "hall",
        120,
        ["stage", "wifi", "tables_chairs", "piano"],
        setup_buffer_minutes=15,
        cleanup_buffer_minutes=15,
    )
    small_hall = await _space(
        hall,
        "Small hall",
        "hall",
        40,
        ["wifi", "tables_chairs"],
        requires_approval=False,
        setup_buffer_minutes=15,
        cleanup_buffer_minutes=15,
    )
    whole_hall = await _space(
        hall,
        "Whole hall",
        "hall",
        160,
        ["stage", "wifi", "tables_chairs", "piano"],
        setup_buffer_minutes=15,
        cleanup_buffer_minutes=15,
        description="Main and small hall opened up together.",
    )
    await SpacePart.insert(
        SpacePart(combined=whole_hall.id, part=main_hall.id), SpacePart(combined=whole_hall.id, part=small_hall.id)
    )
    await _space(hall, "Meeting room", "meeting_room", 16, ["wifi", "projector"], requires_approval=False)
    await _space(hall, "Kitchen", "kitchen", 8, ["kitchen", "sink"])


async def _community_hub() -> None:
    """A second venue with its own manager, so managers can be seen to run only their own."""
    hub = await create_venue(
        {
            "name": "Eastside Community Hub",
            "slug": "eastside-community-hub",
            "kind": "hub",
            "description": "Former library, now a hub for classes, advice sessions and clubs.",
            "address": "22 High Street, Eastside",
            "postcode": "ES4 7QT",
            "latitude": 51.7601,
            "longitude": -1.2301,
            "ownership": "charity",
            "accessibility": ["step_free", "accessible_toilet", "lift"],
            "public_email": "hello@eastsidehub.example",
        },
        ["hub@commonroom.example"],
    )
    await _hours(hub, time(9, 0), time(21, 0), time(17, 0))
    await _space(hub, "Studio", "studio", 30, ["sound_system", "wifi"])
    await _space(
        hub, "Learning room", "meeting_room", 20, ["projector", "wifi", "tables_chairs"], requires_approval=False
    )


async def _playing_field() -> None:
    """A pitch with booking length limits, run by the hall's manager (one manager, two venues)."""
    pitch = await create_venue(
        {
            "name": "Marsh Lane Playing Field",
            "slug": "marsh-lane-playing-field",
            "kind": "sports_pitch",
            "description": "Full-size grass pitch with floodlights and changing rooms.",
            "address": "Marsh Lane, Little Marsh",
            "postcode": "LM1 3CD",
            "latitude": 51.7488,
            "longitude": -1.2633,
            "ownership": "council",
            "accessibility": ["parking"],
        },
        ["hall@commonroom.example"],
    )
    await _hours(pitch, time(9, 0), time(21, 30))
    await _space(
        pitch,
        "Football pitch",
        "pitch",
        30,
        ["floodlights", "changing_rooms", "goals"],
        min_booking_minutes=60,
        max_booking_minutes=180,
        cleanup_buffer_minutes=10,
    )


# (who books, venue slug, space, weekday, weeks ahead, starts, ends, title, public): confirmed at once
# where the space needs no approval or a manager books; the organiser's main hall request waits.
DEMO_BOOKINGS = [
    (
        "organiser@commonroom.example",
        "little-marsh-village-hall",
        "Main hall",
        4,
        1,
        "19:00",
        "21:30",
        "Village quiz night",
        True,
    ),
    (
        "organiser@commonroom.example",
        "little-marsh-village-hall",
        "Small hall",
        3,
        1,
        "14:00",
        "16:00",
        "Knit and natter",
        True,
    ),
    (
        "hall@commonroom.example",
        "little-marsh-village-hall",
        "Whole hall",
        5,
        2,
        "18:00",
        "22:00",
        "Harvest supper",
        True,
    ),
    (
        "hall@commonroom.example",
        "marsh-lane-playing-field",
        "Football pitch",
        2,
        1,
        "18:00",
        "19:30",
        "Under-11s training",
        False,
    ),
    ("hub@commonroom.example", "eastside-community-hub", "Studio", 4, 1, "18:00", "20:00", "Open mic", True),
]


async def _demo_bookings(users: dict[str, User]) -> None:
    """A few bookings a week or two ahead; one that would collide with other demo data is left out."""
    from datetime import date, datetime, timedelta

    from scheduling.bookings.workflow import BookingDraft, request_booking
    from venues.core.errors import Conflict

    today = date.today()
    for email, slug, space_name, weekday, weeks, starts, ends, title, public in DEMO_BOOKINGS:
        space = await Space.objects().where((Space.name == space_name) & (Space.venue.slug == slug)).first()
        assert space is not None, space_name  # the demo spaces are made above
        day = today + timedelta(days=7 * weeks + (weekday - today.weekday()) % 7)
        draft = BookingDraft(
            space_id=space.id,
            starts_at=datetime.fromisoformat(f"{day.isoformat()}T{starts}"),
            ends_at=datetime.fromisoformat(f"{day.isoformat()}T{ends}"),
            title=title,
            attendance=min(space.capacity, 30),
            is_public=public,
        )
        try:
            booking = await request_booking(users[email], draft)
        except Conflict:
            continue
        if title in DEMO_LISTINGS:
            await attach_activity(users[email], booking_owner(booking), DEMO_LISTINGS[title])
    await _demo_series(users)


# What residents see for the public demo bookings and series.
DEMO_LISTINGS: dict[str, dict[str, object]] = {
    "Village quiz night": {
        "title": "Village quiz night",
        "category": "learning",
        "audience": "adults",
        "cost_kind": "priced",
        "price_minor": 300,
        "description": "Teams of up to six; raffle at half time.",
    },
    "Knit and natter": {
        "title": "Knit and natter",
        "category": "arts_and_crafts",
        "audience": "all_ages",
        "description": "Bring a project or learn to knit; tea and biscuits.",
    },
    "Harvest supper": {
        "title": "Harvest supper",
        "category": "family",
        "audience": "families",
        "cost_kind": "pay_what_you_can",
        "book_ahead": True,
        "description": "A shared meal for the whole village.",
    },
    "Open mic": {"title": "Open mic", "category": "music", "audience": "all_ages", "cost_kind": "pay_what_you_can"},
    "Marsh coffee morning": {
        "title": "Marsh coffee morning",
        "category": "coffee_morning",
        "audience": "older_people",
        "description": "Drop in for coffee, cake and a chat. Everyone welcome.",
        "accessibility_notes": "Step-free from the car park; hearing loop in the small hall.",
    },
    "Five-a-side": {
        "title": "Five-a-side",
        "category": "sport",
        "audience": "adults",
        "cost_kind": "priced",
        "price_minor": 250,
        "description": "Friendly mixed-ability five-a-side under the floodlights.",
    },
}


async def _demo_series(users: dict[str, User]) -> None:
    """A weekly coffee morning run by a group, and weekly five-a-side booked by the pitch's manager."""
    from datetime import date, time, timedelta

    from scheduling.groups import create_group
    from scheduling.recurrence.rules import parse_rrule
    from scheduling.series.create import SeriesDraft, create_series

    organiser, manager = users["organiser@commonroom.example"], users["hall@commonroom.example"]
    group = await create_group(
        {
            "name": "Marsh Coffee Morning",
            "description": "Volunteers running a weekly drop-in at the village hall.",
            "public_email": "coffee@littlemarsh.example",
        },
        organiser,
    )
    hall = await Venue.objects().where(Venue.slug == "little-marsh-village-hall").first()
    assert hall is not None  # the demo venues are made above, each with its tiers
    free = await PriceTier.objects().where((PriceTier.venue == hall.id) & (PriceTier.kind == "free")).first()
    assert free is not None
    await GroupVenueTier(group=group.id, venue=hall.id, tier=free.id).save()
    small_hall = await Space.objects().where((Space.name == "Small hall") & (Space.venue == hall.id)).first()
    pitch = (
        await Space.objects()
        .where((Space.name == "Football pitch") & (Space.venue.slug == "marsh-lane-playing-field"))
        .first()
    )
    assert small_hall is not None and pitch is not None
    next_week = date.today() + timedelta(days=7)
    for actor, space, rule, starts, ends, title, group_id in (
        (organiser, small_hall, "FREQ=WEEKLY;BYDAY=FR;COUNT=26", time(10), time(12), "Marsh coffee morning", group.id),
        (manager, pitch, "FREQ=WEEKLY;BYDAY=TH;COUNT=20", time(19), time(20, 30), "Five-a-side", None),
    ):
        made = await create_series(
            actor,
            SeriesDraft(
                space_id=space.id,
                rule=parse_rrule(rule),
                dtstart=next_week,
                start_time=starts,
                end_time=ends,
                title=title,
                attendance=min(space.capacity, 20),
                is_public=True,
                group_id=group_id,
                skip_conflicts=True,
            ),
        )
        await attach_activity(actor, series_owner(made.series), DEMO_LISTINGS[title])
