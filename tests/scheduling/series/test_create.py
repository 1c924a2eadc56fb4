"""Booking a series in the domain layer: a bounded number of queries however many dates, and extension."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from scheduling.bookings.workflow import BookingDraft, request_booking
from scheduling.models import Booking, BookingEvent, Deposit, Invoice, Occupancy, Series
from scheduling.recurrence.rules import parse_rrule
from scheduling.series.create import SeriesDraft, SeriesResult, book_series, create_series, prepare_series
from scheduling.series.extension import extend_all_series
from tests.factories import Factory
from tests.series_support import next_weekday
from venues.core import clock
from venues.core.database import is_postgres
from venues.models import Closure, Space, SpacePart, SpaceRate, User


def weekly(space_id: int, weeks: int, **fields: object) -> SeriesDraft:
    return SeriesDraft(
        space_id=space_id,
        rule=parse_rrule(f"FREQ=WEEKLY;BYDAY=TU;COUNT={weeks}"),
        dtstart=next_weekday(1),
        start_time=time(10),
        end_time=time(12),
        title="Pilates",
        **fields,  # type: ignore[arg-type]
    )


async def test_a_year_of_weekly_dates_is_checked_and_written_and_its_message_sent_in_a_fixed_number_of_queries(
    factory: Factory, query_log: list[str]
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    main = await factory.space(venue, name="Main hall")
    small = await factory.space(venue, name="Small hall")
    whole = await factory.space(venue, name="Whole hall", horizon_days=400, setup_buffer_minutes=15)
    await SpacePart.insert(SpacePart(combined=whole.id, part=main.id), SpacePart(combined=whole.id, part=small.id))
    await factory.rate(whole, "standard", 2400)
    draft = weekly(whole.id, 52, skip_conflicts=True)
    await Closure(
        venue=venue.id,
        space=small.id,
        starts_on=draft.dtstart + timedelta(weeks=10),
        ends_on=draft.dtstart + timedelta(weeks=10),
        reason="Floor works",
    ).save()
    now = clock.now()
    plan = await prepare_series(manager.user, draft, now)

    query_log.clear()
    result = await book_series(plan, now)
    # The space and venue held (PostgreSQL: a lock of their rows), the space's shape, hours, closures, held time;
    # the series, its bookings, occupancy and events; one invoice for the dates (the venue and its money settings,
    # the number taken, the invoice and its lines); the venue's two version bumps. Then the confirmation to the
    # booker: the dates as the message shows them, whether the booker's subscribed feed already carries them, the
    # booker's choice for that kind, the outbox row; as many for 51 dates as for one.
    expected = 21 if is_postgres() else 20
    assert len(query_log) <= expected, "\n".join(query_log)
    assert len(query_log) == expected
    assert [q.split('"')[1] for q in query_log[-4:]] == ["booking", "feed_token", "notice_preference", "outbox_message"]
    assert len(result.booked) == 51 and [c.rule for c in result.skipped] == ["closure"]
    assert await Booking.count().where(Booking.series == result.series.id) == 51
    assert await Occupancy.count() == 102  # each date holds both parts of the whole hall
    assert await BookingEvent.count().where(BookingEvent.action == "created") == 51
    prices = {b["price_minor"] for b in await Booking.select(Booking.price_minor).where(Booking.status == "confirmed")}
    assert prices == {4800}


async def test_creating_a_series_costs_the_same_queries_for_four_dates_as_for_fifty_two(
    factory: Factory, query_log: list[str]
) -> None:
    organiser = await factory.account("organiser")
    group = await factory.group(organiser)
    space = await factory.space(await factory.venue(), horizon_days=400, requires_approval=False)
    for kind in ("low_cost", "standard", "commercial"):  # priced, with a deposit a date: invoiced, deposits due
        rate = await factory.rate(space, kind, 1000)
        await SpaceRate.update({SpaceRate.deposit_minor: 2500}).where(SpaceRate.id == rate.id)

    async def queries(weeks: int) -> int:
        query_log.clear()
        result = await create_series(organiser.user, weekly(space.id, weeks, group_id=group.id))
        assert len(result.booked) == weeks
        await Occupancy.delete(force=True)
        return len(query_log)

    assert await queries(4) == await queries(52)
    assert await Deposit.count() == 56 and await Invoice.count() == 2


async def open_ended_tuesdays(factory: Factory) -> tuple[Space, SeriesResult, datetime, User]:
    """A weekly series with no end on a space booked 28 days ahead, when it was made, and another account."""
    manager = await factory.account("manager")
    space = await factory.space(await factory.venue(manager=manager), horizon_days=28)
    draft = SeriesDraft(space.id, parse_rrule("FREQ=WEEKLY;BYDAY=TU"), next_weekday(1, 0), time(10), time(12))
    now = clock.now()
    return space, await create_series(manager.user, draft, now), now, (await factory.account()).user


async def test_an_open_ended_series_is_booked_to_the_horizon_and_extended_as_time_passes(factory: Factory) -> None:
    space, made, now, someone = await open_ended_tuesdays(factory)
    horizon = now + timedelta(days=28)
    assert made.booked and all(b.ends_at <= horizon for b in made.booked)
    assert made.booked[-1].starts_at + timedelta(weeks=1) + timedelta(hours=2) > horizon
    assert made.series.materialised_until <= horizon

    assert (await extend_all_series(now)) == []
    # Meanwhile someone books the second of the two dates that are about to come within the horizon.
    wanted = [made.booked[-1].starts_at + timedelta(weeks=n) for n in (1, 2)]
    later = now + timedelta(days=15)
    other = await request_booking(
        someone, BookingDraft(space.id, wanted[1] + timedelta(hours=1), wanted[1] + timedelta(hours=3)), later
    )
    (extension,) = await extend_all_series(later)
    assert extension.series_id == made.series.id
    assert [b.recurrence_id for b in extension.booked] == wanted[:1]
    assert [(c.occurrence.starts_at, c.reason) for c in extension.skipped] == [(wanted[1], "taken")]
    assert all(b.status == "confirmed" for b in extension.booked)
    assert other.status == "requested"
    assert (await extend_all_series(later)) == []
    recurrences = [
        row["recurrence_id"] for row in await Booking.select(Booking.recurrence_id).order_by(Booking.starts_at)
    ]
    assert len(recurrences) == len(set(recurrences)) == len(made.booked) + 2  # the one-off has none


async def test_an_extension_that_books_nothing_still_bumps_the_publication_version(factory: Factory) -> None:
    """Claiming the dates moves the series' updated_at, its feed event's LAST-MODIFIED, so cached feeds must go."""
    from venues.publication import publication_version

    space, made, now, someone = await open_ended_tuesdays(factory)
    later = now + timedelta(days=15)
    for weeks in (1, 2):
        taken = made.booked[-1].starts_at + timedelta(weeks=weeks)
        await request_booking(someone, BookingDraft(space.id, taken, taken + timedelta(hours=2)), later)
    version, _ = await publication_version()

    (extension,) = await extend_all_series(later)
    assert extension.booked == [] and len(extension.skipped) == 2
    assert (await Series.select(Series.updated_at).where(Series.id == made.series.id).first())["updated_at"] == later
    assert (await publication_version())[0] == version + 1


async def test_a_series_that_costs_nothing_is_booked_in_the_same_few_queries_at_any_length(
    factory: Factory, query_log: list[str]
) -> None:
    """A manager's series on a space with no rate: nothing to invoice, known from the quotes without reading the
    venue or its money settings. The space and venue held (one statement on PostgreSQL), its shape, hours,
    closures, held time; the series, bookings, occupancy, events; the two version bumps; the confirmation (its
    dates, the subscribed-feed check, the booker's choice, the outbox row)."""
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    spaces = [await factory.space(venue, name=f"Room {n}", horizon_days=400) for n in range(2)]

    async def queries(space_id: int, weeks: int) -> list[str]:
        now = clock.now()
        plan = await prepare_series(manager.user, weekly(space_id, weeks), now)
        query_log.clear()
        result = await book_series(plan, now)
        assert len(result.booked) == weeks and not result.skipped
        return list(query_log)

    four, year = await queries(spaces[0].id, 4), await queries(spaces[1].id, 52)
    expected = 15 if is_postgres() else 14
    assert len(year) == expected, "\n".join(year)
    assert len(four) == expected, "\n".join(four)
    assert not [q for q in year if '"venue_money_settings"' in q or '"invoice' in q]
    assert await Invoice.count() == 0
