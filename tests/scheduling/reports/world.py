"""A small world built by hand for the report tests, told as a story so the expected figures can be checked.

October 2026 at two halls in Europe/London. The clocks go back on Sunday 25 October (a 25-hour day): before
it a local 10:00 is 09:00 UTC, after it 10:00 UTC. Prices are those of the bookings as confirmed (the hall
charges £20 an hour at the standard tier, £5 at low cost; the pavilion £15 standard): ``hire_minor`` what was
charged, ``standard_hire_minor`` what the standard tier would have charged for the same booking.

Riverside Hall (space "Main hall") is open round the clock (its weekly hours are 00:00–00:00, the whole day), so
its October is open 29 days of 24 hours, the 25-hour Sunday, and not on Friday 30 October (closed).
- Knit and Natter (a group since September) meets every Tuesday 10:00–12:00 on a weekly series, free tier
  (standard £40 a time), listed as a drop-in craft morning for older people:
  - 29 Sep (the previous period): held, 10 came.
  - 6 Oct: held, 12 came, 2 for the first time.
  - 13 Oct: held, 9 came, first-timers not counted.
  - 20 Oct: called off by the group (cancelled by the hirer).
  - 27 Oct (after the clocks went back): not held (the organiser was ill and recorded it so).
- Youth Drama (new this month) books once, Sat 10 Oct 14:00–17:00, low cost £15 (standard £60), listed as a
  run youth club for young people: held, 20 came, all 20 for the first time.
- A private birthday party, Sat 17 Oct 15:00–18:00, standard £60, no group, no listing: nobody recorded it.
- The roof-fund sleepover, Sat 24 Oct 22:00 to Sun 25 Oct 06:00: nine hours, not eight, because 01:00–02:00
  happens twice. Low cost £20, booked before the hall had a standard rate (its standard price is unknown).
  Listed as a run family event. Recorded as held, but nobody counted heads.
- A request for Thu 22 Oct 19:00–21:00 not yet answered: counts nowhere.
- The quiz night, Fri 30 Oct 19:00–22:00, cancelled by the hall when it closed that day for a boiler repair
  (a closure): cancelled by the venue.
- The Halloween disco, Sat 31 Oct 20:00 to Sun 1 Nov 01:00, standard £100, listed as a run music session for
  children: the period gives it the four hours before midnight. Not recorded.
- Last year, Sat 18 Oct 2025 18:00–21:00: the harvest supper, standard £60, not recorded.

Hilltop Pavilion (space "Pavilion room") is open 09:00–21:00 every day: twelve hours, even on the 25th.
- The night-sky society's stargazing, Thu 1 Oct 00:30–02:30 local (23:30 UTC on 30 September: October's in
  local time), booked with no tier (an old booking whose tier was deleted): listed as run learning for adults,
  not recorded, nothing charged.
- Knit and Natter's craft fair, Sat 24 Oct 10:00–16:00, a one-off, free (standard £90), listed as a run craft
  event for all ages: held, 40 came, 15 for the first time. The group's first booking at the pavilion.
- The parish council, Wed 30 Sep 19:00–21:00 (the previous period), standard £30, not recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from scheduling.models import Booking, Group, SessionRecord
from tests.factories import Factory
from venues.models import Closure, OpeningHours, PriceTier, Space, Venue

LONDON = ZoneInfo("Europe/London")
# The report is read on 2 November, after the period; ``MID_PERIOD`` is the afternoon of 30 October.
AFTER = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
MID_PERIOD = datetime(2026, 10, 30, 12, 0, tzinfo=UTC)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in London as a UTC instant (none of the world's times is the repeated hour)."""
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON).astimezone(UTC)


@dataclass
class World:
    riverside: Venue
    hilltop: Venue
    main_hall: Space
    pavilion_room: Space
    knit: Group
    drama: Group
    party: Booking
    sleepover: Booking
    disco: Booking


async def _tier(venue: Venue, kind: str) -> int:
    row = await PriceTier.select(PriceTier.id).where((PriceTier.venue == venue.id) & (PriceTier.kind == kind)).first()
    assert row is not None
    return int(row["id"])


async def _open_every_day(venue: Venue, opens: time, closes: time) -> None:
    await OpeningHours.insert(
        *[OpeningHours(venue=venue.id, weekday=day, opens=opens, closes=closes) for day in range(7)]
    )


async def _record(booking: Booking, held: bool = True, headcount: int | None = None, first: int | None = None) -> None:
    await SessionRecord(booking=booking.id, held=held, headcount=headcount, first_timers=first).save()


async def build_world(factory: Factory) -> World:
    riverside = await factory.venue(name="Riverside Hall", slug="riverside-hall", timezone="Europe/London")
    hilltop = await factory.venue(name="Hilltop Pavilion", slug="hilltop-pavilion", timezone="Europe/London")
    hall = await factory.space(riverside, open_all_week=False, name="Main hall")
    room = await factory.space(hilltop, open_all_week=False, name="Pavilion room")
    await _open_every_day(riverside, time(0), time(0))
    await _open_every_day(hilltop, time(9), time(21))
    free, low, standard = [await _tier(riverside, kind) for kind in ("free", "low_cost", "standard")]
    hill_free = await _tier(hilltop, "free")
    knit = await factory.group(name="Knit and Natter", slug="knit-and-natter")
    drama = await factory.group(name="Youth Drama", slug="youth-drama")

    async def book(space: Space, starts: datetime, ends: datetime, **fields: Any) -> Booking:
        return await factory.booking(space, starts, ends, **fields)

    # Knit and Natter's Tuesdays: one series, its dates bookings; free, £40 at the standard tier.
    series = await factory.series(
        hall, date(2026, 9, 29), time(10), time(12), rrule="FREQ=WEEKLY;BYDAY=TU", group=knit.id, tier=free
    )
    await factory.activity(
        series=series, title="Knit and Natter", category="arts_and_crafts", audience="older_people", drop_in=True
    )
    tuesdays: dict[int, Booking] = {}
    for day in (date(2026, 9, 29), date(2026, 10, 6), date(2026, 10, 13), date(2026, 10, 20), date(2026, 10, 27)):
        starts = local(day, 10)
        cancelled = day == date(2026, 10, 20)
        tuesdays[day.toordinal()] = await book(
            hall,
            starts,
            local(day, 12),
            series=series.id,
            recurrence_id=starts,
            group=knit.id,
            tier=free,
            hire_minor=0,
            standard_hire_minor=4000,
            title="Knit and Natter",
            **({"status": "cancelled", "cancelled_by": "hirer"} if cancelled else {}),
        )
    await _record(tuesdays[date(2026, 9, 29).toordinal()], headcount=10)
    await _record(tuesdays[date(2026, 10, 6).toordinal()], headcount=12, first=2)
    await _record(tuesdays[date(2026, 10, 13).toordinal()], headcount=9)
    await _record(tuesdays[date(2026, 10, 27).toordinal()], held=False)

    # Youth Drama's first booking anywhere: three hours at low cost.
    drama_day = await book(
        hall,
        local(date(2026, 10, 10), 14),
        local(date(2026, 10, 10), 17),
        group=drama.id,
        tier=low,
        hire_minor=1500,
        standard_hire_minor=6000,
        title="Youth Drama workshop",
    )
    await factory.activity(booking=drama_day, title="Youth Drama", category="youth_club", audience="young_people")
    await _record(drama_day, headcount=20, first=20)

    # A private party: no group, no listing, never recorded.
    party = await book(
        hall,
        local(date(2026, 10, 17), 15),
        local(date(2026, 10, 17), 18),
        is_public=False,
        tier=standard,
        hire_minor=6000,
        standard_hire_minor=6000,
        title="Birthday party",
    )

    # The sleepover over the night the clocks go back: 22:00 BST to 06:00 GMT is nine hours.
    sleepover = await book(
        hall,
        local(date(2026, 10, 24), 22),
        local(date(2026, 10, 25), 6),
        tier=low,
        hire_minor=2000,
        standard_hire_minor=None,
        title="Roof-fund sleepover",
    )
    assert sleepover.ends_at - sleepover.starts_at == timedelta(hours=9)
    await factory.activity(booking=sleepover, title="Sleepover", category="family", audience="families")
    await _record(sleepover, headcount=None)

    # A request nobody has answered yet.
    await book(hall, local(date(2026, 10, 22), 19), local(date(2026, 10, 22), 21), status="requested", tier=standard)

    # The hall closed on 30 October for a boiler repair and called off the quiz night.
    await Closure(venue=riverside.id, starts_on=date(2026, 10, 30), ends_on=date(2026, 10, 30), reason="Boiler").save()
    await book(
        hall,
        local(date(2026, 10, 30), 19),
        local(date(2026, 10, 30), 22),
        status="cancelled",
        cancelled_by="venue",
        status_reason="Closed for a boiler repair",
        tier=standard,
        hire_minor=6000,
        standard_hire_minor=6000,
        title="Quiz night",
    )

    # The disco runs past midnight into November: October gets 20:00–24:00.
    disco = await book(
        hall,
        local(date(2026, 10, 31), 20),
        local(date(2026, 11, 1), 1),
        tier=standard,
        hire_minor=10000,
        standard_hire_minor=10000,
        title="Halloween disco",
    )
    await factory.activity(booking=disco, title="Disco", category="music", audience="children")

    # Last October's harvest supper.
    await book(
        hall,
        local(date(2025, 10, 18), 18),
        local(date(2025, 10, 18), 21),
        tier=standard,
        hire_minor=6000,
        standard_hire_minor=6000,
        title="Harvest supper",
    )

    # Hilltop Pavilion. Stargazing just after midnight on 1 October (still 30 September in UTC), no tier.
    stars = await book(
        room,
        local(date(2026, 10, 1), 0, 30),
        local(date(2026, 10, 1), 2, 30),
        tier=None,
        hire_minor=0,
        standard_hire_minor=None,
        title="Stargazing",
    )
    assert stars.starts_at.date() == date(2026, 9, 30)
    await factory.activity(booking=stars, title="Stargazing", category="learning", audience="adults")

    # Knit and Natter's craft fair: a one-off, free, their first booking at the pavilion.
    fair = await book(
        room,
        local(date(2026, 10, 24), 10),
        local(date(2026, 10, 24), 16),
        group=knit.id,
        tier=hill_free,
        hire_minor=0,
        standard_hire_minor=9000,
        title="Craft fair",
    )
    await factory.activity(booking=fair, title="Craft fair", category="arts_and_crafts", audience="all_ages")
    await _record(fair, headcount=40, first=15)

    # The parish council in the previous period.
    await book(
        room,
        local(date(2026, 9, 30), 19),
        local(date(2026, 9, 30), 21),
        tier=await _tier(hilltop, "standard"),
        hire_minor=3000,
        standard_hire_minor=3000,
        title="Parish council",
    )
    return World(riverside, hilltop, hall, room, knit, drama, party, sleepover, disco)
