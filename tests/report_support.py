"""A report built by hand, for the presentation's tests (pages, charts, CSV) apart from the numbers' own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from scheduling.models import Group
from scheduling.reports.figures import (
    Activities,
    Attendance,
    Breakdown,
    Figures,
    GroupRow,
    Groups,
    Money,
    Report,
    Sessions,
    SpaceUse,
    TierMoney,
    Use,
    WeekdayUse,
)
from scheduling.reports.period import Period
from tests.factories import Account, Factory
from tests.pages.support import london
from venues.areas.areas import create_area
from venues.areas.members import add_venue
from venues.areas.officers import add_officer
from venues.models import Area, PriceTier, Space, Venue, VenueTreasurer


def heat(open_hours: range, used: dict[tuple[int, int], int]) -> tuple[list[list[int]], list[list[int]]]:
    opened = [[60 if hour in open_hours else 0 for hour in range(24)] for _ in range(7)]
    occupied = [[used.get((day, hour), 0) for hour in range(24)] for day in range(7)]
    return occupied, opened


def sample_figures(period: Period, scale: int, *, detail: bool = True, group: bool = False) -> Figures:
    occupied, opened = heat(range(9, 21), {(0, 10): 60, (0, 11): 30, (5, 14): 60, (5, 15): 60}) if detail else ([], [])
    use = Use(
        open_minutes=10_000,
        occupied_minutes=420 * scale,
        booked_minutes=480 * scale,
        by_space=[
            SpaceUse(1, "Main hall", 1, "Village hall", 6_000, 300 * scale, 330 * scale),
            SpaceUse(2, "Small room", 1, "Village hall", 4_000, 120 * scale, 150 * scale),
        ],
        by_weekday=[WeekdayUse(day, 1_440, (60 * scale if day in (0, 5) else 0)) for day in range(7)],
        heat_occupied=occupied,
        heat_open=opened,
    )
    return Figures(
        period=period,
        use=None if group else use,
        sessions=Sessions(8 * scale, 5 * scale, 1, 1, scale, 2, 1),
        activities=Activities(
            by_category=[Breakdown("coffee_morning", 4 * scale, 240 * scale), Breakdown("sport", 2, 120)],
            by_audience=[Breakdown("older_people", 4 * scale, 240 * scale)],
            by_visibility=[Breakdown("public", 6 * scale, 360 * scale), Breakdown("private", 2 * scale, 120 * scale)],
            by_format=[Breakdown("run", 4 * scale, 240 * scale), Breakdown("drop_in", 2, 120)],
        ),
        groups=Groups(2, 1, 1, [GroupRow(7, "Marsh Coffee Morning", 4, 240, False, True)] if detail else []),
        attendance=Attendance(5 * scale, 60 * scale, 4, 2),
        money=Money(
            "GBP",
            free_minutes=120 * scale,
            low_cost_minutes=60,
            value_given_minor=4_550 * scale,
            unvalued_sessions=0,
            by_tier=[
                TierMoney("free", 2 * scale, 120 * scale, 0),
                TierMoney("low_cost", 1, 60, 1_000),
                TierMoney("standard", 5, 300 * scale, 12_345 * scale),
            ],
        ),
    )


def sample_report(kind: str = "venue") -> Report:
    period = Period(date(2026, 10, 1), date(2026, 10, 31))
    group = kind == "group"
    return Report(
        scope_kind=kind,
        scope_id=1,
        scope_name="Village hall" if not group else "Marsh Coffee Morning",
        current=sample_figures(period, 3, group=group),
        previous=sample_figures(period.previous(), 2, detail=False, group=group),
        last_year=sample_figures(period.last_year(), 1, detail=False, group=group),
    )


# A small world over HTTP: a venue with a manager, a treasurer and an area officer, a second area that does not
# hold it, a group with an organiser, and October 2026's bookings (the default period when the clock reads
# November 2026): a public one by the group, a free one, and a private one full of planted private markers.

NOW = datetime(2026, 11, 15, 12, 0, tzinfo=UTC)
MARKERS = {
    "booker_name": "Zebedee Quackenbush",
    "booker_email": "quackenbush-private@example.org",
    "booker_phone": "07700 900461",
    "title": "Secret surprise party for Ottoline",
    "purpose": "Purpose marker: divorce mediation",
    "group_name": "Hush Hush Support Circle",
    "group_contact": "Private contact Philomena",
    "group_email": "philomena-private@example.org",
    "group_phone": "07700 900999",
}


@dataclass
class World:
    venue: Venue
    space: Space
    manager: Account
    treasurer: Account
    officer: Account
    other_officer: Account
    organiser: Account
    stranger: Account
    admin: Account
    group: Group
    private_group: Group
    area: Area
    other_area: Area


async def report_world(factory: Factory) -> World:
    admin = await factory.account("admin", admin=True)
    manager, treasurer, officer, other_officer, organiser, stranger = [
        await factory.account(name) for name in ("manager", "treasurer", "officer", "other", "organiser", "stranger")
    ]
    venue = await factory.venue(manager, name="Marsh Village Hall")
    space = await factory.space(venue, name="Main hall")
    await VenueTreasurer(venue=venue.id, user=treasurer.id).save()
    area = await create_area(admin.user, "Marsh Valley Halls")
    await add_venue(admin.user, area.id, venue.id)
    await add_officer(admin.user, area.id, officer.user.email)
    other_area = await create_area(admin.user, "Somewhere Else")
    await add_officer(admin.user, other_area.id, other_officer.user.email)
    group = await factory.group(organiser, name="Marsh Coffee Morning")
    private_group = await factory.group(
        name=MARKERS["group_name"],
        private_contact_name=MARKERS["group_contact"],
        private_email=MARKERS["group_email"],
        private_phone=MARKERS["group_phone"],
    )
    tiers = {row.kind: row.id for row in await PriceTier.objects().where(PriceTier.venue == venue.id)}
    at = london
    await factory.booking(
        space,
        at(date(2026, 10, 6), 10),
        at(date(2026, 10, 6), 12),
        group=group.id,
        title="Coffee morning",
        tier=tiers.get("low_cost"),
        hire_minor=1_000,
        standard_hire_minor=4_000,
    )
    await factory.booking(
        space,
        at(date(2026, 10, 13), 10),
        at(date(2026, 10, 13), 12),
        group=group.id,
        title="Coffee morning",
        tier=tiers.get("free"),
        hire_minor=0,
        standard_hire_minor=4_000,
    )
    await factory.booking(
        space,
        at(date(2026, 10, 17), 18),
        at(date(2026, 10, 17), 23),
        is_public=False,
        group=private_group.id,
        title=MARKERS["title"],
        purpose=MARKERS["purpose"],
        booker_name=MARKERS["booker_name"],
        booker_email=MARKERS["booker_email"],
        booker_phone=MARKERS["booker_phone"],
        tier=tiers.get("standard"),
        hire_minor=10_000,
        standard_hire_minor=10_000,
    )
    await factory.booking(
        space,
        at(date(2026, 10, 20), 10),
        at(date(2026, 10, 20), 12),
        group=group.id,
        title="Coffee morning",
        status="cancelled",
        cancelled_by="hirer",
    )
    await factory.booking(
        space,
        at(date(2025, 10, 7), 10),
        at(date(2025, 10, 7), 12),
        group=group.id,
        title="Coffee morning",
        tier=tiers.get("low_cost"),
        hire_minor=1_000,
        standard_hire_minor=4_000,
    )
    return World(
        venue,
        space,
        manager,
        treasurer,
        officer,
        other_officer,
        organiser,
        stranger,
        admin,
        group,
        private_group,
        await Area.objects().where(Area.id == area.id).first(),
        await Area.objects().where(Area.id == other_area.id).first(),
    )
