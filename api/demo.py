"""Demo data: a village hall, a community hub and a football pitch, with accounts to try them."""

from __future__ import annotations

from datetime import time
from typing import Any

from scheduling.listings.activities import attach_activity
from scheduling.listings.activity_access import booking_owner, series_owner
from scheduling.models import GroupVenueTier
from venues.accounts.credentials import create_user
from venues.areas.areas import create_area
from venues.areas.members import add_venue
from venues.areas.officers import add_officer
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
    (
        "treasurer@commonroom.example",
        "demo-treasurer-pass",
        "Jo Treasurer",
        False,
        "treasurer of Little Marsh Village Hall (invoices and payments, no bookings)",
    ),
    (
        "officer@commonroom.example",
        "demo-officer-pass",
        "Sam Officer",
        False,
        "officer of the Marsh Valley Halls area (reads its venues' reports, runs none of them)",
    ),
]
DEMO_AREA = "Marsh Valley Halls"
DEMO_AREA_VENUES = ["little-marsh-village-hall", "eastside-community-hub", "marsh-lane-playing-field"]

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
    await _hall_money()
    await _demo_bookings(users)
    await _money_bookings(users)
    await _attendance(users)
    await _demo_area(users)
    return created


async def _demo_users() -> dict[str, User]:
    """The demo accounts by email; an account someone already made with a demo email is kept as it is."""
    users: dict[str, User] = {}
    for email, password, name, is_admin, _role in DEMO_ACCOUNTS:
        existing = await User.objects().where(User.email == email).first()
        users[email] = existing or await create_user(email, password, name, is_admin=is_admin)
    return users


async def _demo_area(users: dict[str, User]) -> None:
    """An area holding the demo venues, with its officer."""
    admin = users["admin@commonroom.example"]
    area = await create_area(
        admin, DEMO_AREA, description="The community buildings of the Marsh valley: a village hall, a hub and a pitch."
    )
    for venue in await Venue.objects().where(Venue.slug.is_in(DEMO_AREA_VENUES)):
        await add_venue(admin, area.id, venue.id)
    await add_officer(admin, area.id, "officer@commonroom.example")


async def _village_hall() -> None:
    """The hall with most to try: a whole hall combined from two parts, buffers, approval and private contacts."""
    hall = await create_venue(
        {
            "name": "Little Marsh Village Hall",
            "name_cy": "Neuadd Bentref y Gors Fach",
            "slug": "little-marsh-village-hall",
            "kind": "village_hall",
            "description": "A 1920s hall run by volunteers at the heart of the village.",
            "description_cy": "Neuadd o'r 1920au yng nghanol y pentref, yn cael ei rhedeg gan wirfoddolwyr.",
            "address": "1 Church Lane, Little Marsh",
            "locality": "Little Marsh",
            "region": "Oxfordshire",
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
            "locality": "Eastside",
            "region": "Oxfordshire",
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
            "locality": "Little Marsh",
            "region": "Oxfordshire",
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
    from dataclasses import replace
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
        terms_version, answers = await _hire_acceptance(space.venue)
        draft = replace(draft, terms_version=terms_version, answers=answers)
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
        "title_cy": "Gweu a sgwrsio",
        "category": "arts_and_crafts",
        "audience": "all_ages",
        "description": "Bring a project or learn to knit; tea and biscuits.",
        "description_cy": "Dewch â'ch prosiect neu dysgwch weu; te a bisgedi.",
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
        "title_cy": "Bore coffi'r Gors",
        "category": "coffee_morning",
        "audience": "older_people",
        "description": "Drop in for coffee, cake and a chat. Everyone welcome.",
        "description_cy": "Galwch heibio am goffi, cacen a sgwrs. Croeso i bawb.",
        "drop_in": True,
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
            "name_cy": "Bore Coffi'r Gors",
            "description": "Volunteers running a weekly drop-in at the village hall.",
            "description_cy": "Gwirfoddolwyr sy'n cynnal sesiwn galw heibio wythnosol yn neuadd y pentref.",
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
        accepted = await _hire_acceptance(space.venue)
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
                terms_version=accepted[0],
                answers=accepted[1],
            ),
        )
        await attach_activity(actor, series_owner(made.series), DEMO_LISTINGS[title])


HIRE_TERMS = """Little Marsh Village Hall: conditions of hire

1. The hirer must be 18 or over and is responsible for the hall, its contents and everyone at the event.
2. Use only the rooms and times booked; setting up and clearing away are within the booked time.
3. Leave the hall clean and tidy, the heating and lights off and the doors locked; remove all rubbish.
4. No smoking or vaping anywhere in the building. No naked flames or confetti.
5. Music must stop by 22:30 and guests leave quietly: the hall has neighbours.
6. Alcohol may be sold only under a Temporary Event Notice, which the hirer arranges.
7. The hirer pays for any damage or extra cleaning; the deposit is returned once the hall has been checked.
8. Cancellations are refunded as the hall's cancellation policy says (see the hall's money settings).
9. Fire exits stay clear; the hirer knows where the extinguishers and the first aid box are.
"""

DEMO_QUESTIONS = [
    ("Will alcohol be served?", True),
    ("Is a DBS-checked adult present for under-18s?", False),
]

# (name, unit, price in pence, stock or None, VAT treatment)
DEMO_EXTRAS = [
    ("Kitchen use", "booking", 1500, None, "exempt"),
    ("Projector", "item", 1000, 2, "standard"),
    ("PA system", "booking", 2000, 1, "standard"),
    ("Extra tables", "item", 300, None, "exempt"),
]


async def _hall_money() -> None:
    """The hall's money: not VAT-registered (hire is exempt anyway), 14 days to pay, a cancellation policy,
    hire terms and questions, extras, and evening/weekend rates, a minimum and a deposit on the Main hall."""
    from venues.billing.operations import MoneySettingsIn, save_money_settings
    from venues.billing.treasurers import add_treasurer
    from venues.charging.rules import ChargeRuleIn, add_rule
    from venues.extras.catalogue import add_extra
    from venues.hire_terms.questions import QuestionDraft, add_question
    from venues.hire_terms.terms import publish_terms
    from venues.vocabulary import QuestionKind

    hall = await Venue.objects().where(Venue.slug == "little-marsh-village-hall").first()
    assert hall is not None  # made above
    await save_money_settings(
        hall.id,
        MoneySettingsIn(
            vat_registered=False,
            payment_terms_days=14,
            cancellation_policy=[[14, 100], [7, 50]],
            billing_name="Little Marsh Village Hall Management Committee",
            billing_address="1 Church Lane\nLittle Marsh\nLM1 2AB",
            payment_instructions=(
                "Pay by bank transfer to Little Marsh Village Hall, sort code 00-00-00, account 00000000"
                " (demo details: not a real account), quoting the invoice number. Cheques payable to"
                " Little Marsh Village Hall."
            ),
            invoice_prefix="LMVH",
            credit_note_prefix="LMCN",
        ),
    )
    await publish_terms(hall.id, HIRE_TERMS, None)
    for position, (prompt, required) in enumerate(DEMO_QUESTIONS):
        await add_question(
            hall.id, QuestionDraft(prompt=prompt, kind=QuestionKind.yes_no, required=required, position=position)
        )
    for name, unit, price, stock, vat in DEMO_EXTRAS:
        await add_extra(
            hall.id, {"name": name, "unit": unit, "price_minor": price, "stock": stock, "vat_treatment": vat}
        )
    main_hall = await Space.objects().where((Space.venue == hall.id) & (Space.name == "Main hall")).first()
    standard = await PriceTier.objects().where((PriceTier.venue == hall.id) & (PriceTier.kind == "standard")).first()
    assert main_hall is not None and standard is not None
    await SpaceRate.update({SpaceRate.deposit_minor: 5000}).where(
        (SpaceRate.space == main_hall.id) & (SpaceRate.tier == standard.id)
    )
    for rule in (
        ChargeRuleIn(
            standard.id,
            "band",
            "Evenings",
            hourly_rate_minor=2500,
            weekdays=range(7),
            band_starts=time(18),
            band_ends=time(0),
            position=0,
        ),
        ChargeRuleIn(
            standard.id,
            "band",
            "Weekend days",
            hourly_rate_minor=2200,
            weekdays=(5, 6),
            band_starts=time(8),
            band_ends=time(18),
            position=1,
        ),
        ChargeRuleIn(standard.id, "minimum", "Minimum charge", amount_minor=6000),
    ):
        await add_rule(main_hall, rule)
    await add_treasurer(hall.id, "treasurer@commonroom.example")


async def _hire_acceptance(venue_id: int) -> tuple[int | None, tuple[tuple[int, str], ...]]:
    """The current terms version and a "no" to each required yes/no question: what a demo booker accepts."""
    from venues.hire_terms.questions import venue_questions
    from venues.hire_terms.terms import current_terms

    terms = await current_terms(venue_id)
    questions = await venue_questions(venue_id)
    return (terms.version if terms else None), tuple((q.id, "no") for q in questions if q.required)


async def _money_bookings(users: dict[str, User]) -> None:
    """Priced bookings at the hall so there is money to see: a party with extras confirmed by the manager and
    part paid, and last month's fair whose invoice is overdue (booked and invoiced with the clock set back)."""
    from datetime import UTC, date, datetime, timedelta

    from scheduling.bookings.workflow import BookingDraft, confirm_booking, request_booking
    from scheduling.invoices.reading import invoices_of_booking
    from scheduling.payments.record import PaymentDraft, record_payment
    from venues.core import clock
    from venues.models import Extra

    hall = await Venue.objects().where(Venue.slug == "little-marsh-village-hall").first()
    main_hall = (
        await Space.objects().where((Space.venue == hall.id) & (Space.name == "Main hall")).first() if hall else None
    )
    if hall is None or main_hall is None:
        return
    extras = {row["name"]: row["id"] for row in await Extra.select(Extra.id, Extra.name).where(Extra.venue == hall.id)}
    terms_version, answers = await _hire_acceptance(hall.id)
    organiser, manager = users["organiser@commonroom.example"], users["hall@commonroom.example"]
    today = date.today()
    saturday = today + timedelta(days=21 + (5 - today.weekday()) % 7)
    party = await request_booking(
        organiser,
        BookingDraft(
            space_id=main_hall.id,
            starts_at=datetime.fromisoformat(f"{saturday.isoformat()}T18:00"),
            ends_at=datetime.fromisoformat(f"{saturday.isoformat()}T22:00"),
            title="60th birthday party",
            purpose="Family party with a buffet and a disco.",
            attendance=60,
            extras=((extras["Kitchen use"], 1), (extras["PA system"], 1), (extras["Extra tables"], 4)),
            terms_version=terms_version,
            answers=answers,
        ),
    )
    await confirm_booking(manager, party.id, "Enjoy the party!")
    invoice = (await invoices_of_booking(party.id))[0]
    await record_payment(
        hall.id,
        PaymentDraft(
            kind="payment",
            method="bank_transfer",
            amount_minor=5000,
            received_on=today,
            invoice_id=invoice.id,
            payer_name=organiser.display_name,
            reference=invoice.reference,
            note="First part; the rest before the party.",
        ),
        manager.id,
    )
    # Last month's fair: booked six weeks ago for a weekday a month ago, so its invoice is past due.
    booked = datetime.now(UTC) - timedelta(days=42)
    fair_day = today - timedelta(days=30)
    commercial = (
        await PriceTier.objects().where((PriceTier.venue == hall.id) & (PriceTier.kind == "commercial")).first()
    )
    with clock.frozen_at(booked):
        await request_booking(
            manager,
            BookingDraft(
                space_id=main_hall.id,
                starts_at=datetime.fromisoformat(f"{fair_day.isoformat()}T10:00"),
                ends_at=datetime.fromisoformat(f"{fair_day.isoformat()}T16:00"),
                title="Antiques and collectables fair",
                attendance=80,
                booker_name="Marsh Antiques Ltd",
                booker_email="fairs@marshantiques.example",
                tier_id=commercial.id if commercial else None,
                terms_version=terms_version,
                answers=answers,
            ),
        )


# What the first dates of the past weekly club were recorded as: (held, headcount, first-timers); the rest wait.
DEMO_ATTENDANCE = [(True, 12, 3), (True, 15, 2), (False, None, None), (True, 14, None)]


async def _attendance(users: dict[str, User]) -> None:
    """Sessions that already happened, so the attendance pages have something to show: a weekly craft club the
    coffee morning group ran at the hall over the last six weeks (booked with the clock set back), its first
    dates recorded (one with nobody new, one not held), the last two waiting for the organiser to record."""
    from datetime import UTC, date, datetime, time, timedelta

    from scheduling.attendance.records import Counts, record_session
    from scheduling.models import Booking, Group
    from scheduling.recurrence.rules import parse_rrule
    from scheduling.series.create import SeriesDraft, create_series
    from venues.core import clock

    organiser = users["organiser@commonroom.example"]
    group = await Group.objects().where(Group.slug == "marsh-coffee-morning").first()
    small_hall = (
        await Space.objects()
        .where((Space.name == "Small hall") & (Space.venue.slug == "little-marsh-village-hall"))
        .first()
    )
    if group is None or small_hall is None:
        return
    today = date.today()
    start = today - timedelta(days=45)
    first = start + timedelta(days=(1 - start.weekday()) % 7)  # the first Tuesday from 45 days ago
    accepted = await _hire_acceptance(small_hall.venue)
    with clock.frozen_at(datetime.combine(first - timedelta(days=7), time(9), tzinfo=UTC)):
        made = await create_series(
            organiser,
            SeriesDraft(
                space_id=small_hall.id,
                rule=parse_rrule(f"FREQ=WEEKLY;BYDAY=TU;COUNT={len(DEMO_ATTENDANCE) + 2}"),
                dtstart=first,
                start_time=time(10),
                end_time=time(12),
                title="Coffee and crafts",
                attendance=20,
                is_public=True,
                group_id=group.id,
                skip_conflicts=True,
                terms_version=accepted[0],
                answers=accepted[1],
            ),
        )
    dates = await Booking.objects().where(Booking.series == made.series.id).order_by(Booking.starts_at)
    for booking, (held, headcount, first_timers) in zip(dates, DEMO_ATTENDANCE, strict=False):
        await record_session(organiser, booking.id, Counts(held, headcount, first_timers))
