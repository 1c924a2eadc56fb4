"""The renderer's output read back the way calendar clients read it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
import vobject
from icalendar import vText

from scheduling.feeds.ical import STATUS_TENTATIVE, FeedCalendar, FeedEvent, render_calendar
from scheduling.recurrence.rules import Schedule, ical_rrule, parse_rrule
from scheduling.recurrence.rules import expand as expand_schedule
from tests.feed_readers import assert_readers_agree

LONDON = ZoneInfo("Europe/London")
UTC = UTC


def tuesday_series(**overrides: object) -> FeedEvent:
    values: dict[str, object] = {
        "uid": "series-1@commonroom",
        "summary": "Coffee morning",
        "start": datetime(2027, 1, 5, 10, 0, tzinfo=LONDON).astimezone(UTC),
        "end": datetime(2027, 1, 5, 12, 0, tzinfo=LONDON).astimezone(UTC),
        "tz": "Europe/London",
        "last_modified": datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
        "rrule": "FREQ=WEEKLY;BYDAY=TU;UNTIL=20271231T235959Z",
    }
    values.update(overrides)
    return FeedEvent(**values)  # type: ignore[arg-type]


def expand(body: bytes, start: date, end: date) -> list[tuple[datetime, datetime]]:
    calendar = icalendar.Calendar.from_ical(body)
    events = recurring_ical_events.of(calendar).between(start, end)
    return sorted((e["DTSTART"].dt.astimezone(UTC), e["DTEND"].dt.astimezone(UTC)) for e in events)


def test_weekly_series_keeps_local_time_across_both_clock_changes() -> None:
    body = render_calendar(FeedCalendar(name="Hall", description="What's on", events=[tuesday_series()]))
    occurrences = expand(body, date(2027, 1, 1), date(2028, 1, 1))
    assert len(occurrences) == 52
    local_starts = {start.astimezone(LONDON).strftime("%a %H:%M") for start, _ in occurrences}
    assert local_starts == {"Tue 10:00"}
    utc_hours = {start.date(): start.hour for start, _ in occurrences}
    assert utc_hours[date(2027, 3, 23)] == 10  # before the last Sunday of March: GMT
    assert utc_hours[date(2027, 3, 30)] == 9  # after it: BST, one hour earlier in UTC
    assert utc_hours[date(2027, 10, 26)] == 9
    assert utc_hours[date(2027, 11, 2)] == 10  # after the last Sunday of October


def test_exdate_removes_and_override_moves_one_occurrence() -> None:
    cancelled = datetime(2027, 3, 30, 10, 0, tzinfo=LONDON).astimezone(UTC)
    moved_from = datetime(2027, 4, 6, 10, 0, tzinfo=LONDON).astimezone(UTC)
    master = tuesday_series(exdates=(cancelled,), sequence=2)
    override = FeedEvent(
        uid=master.uid,
        summary="Coffee morning (in the small hall)",
        start=datetime(2027, 4, 7, 14, 0, tzinfo=LONDON).astimezone(UTC),
        end=datetime(2027, 4, 7, 16, 0, tzinfo=LONDON).astimezone(UTC),
        tz="Europe/London",
        last_modified=datetime(2027, 3, 1, tzinfo=UTC),
        recurrence_id=moved_from,
        sequence=3,
    )
    body = render_calendar(FeedCalendar(name="Hall", description="", events=[master, override]))
    starts = [start for start, _ in expand(body, date(2027, 3, 20), date(2027, 4, 20))]
    assert cancelled not in starts
    assert moved_from not in starts
    assert datetime(2027, 4, 7, 13, 0, tzinfo=UTC) in starts  # 14:00 BST
    assert len(starts) == 3  # 23 Mar, 7 Apr (moved), 13 Apr


def test_calendar_properties_line_endings_and_folding() -> None:
    long_title = "Knit and natter with tea, cake and a warm welcome for everyone " * 3
    event = FeedEvent(
        uid="booking-9@commonroom",
        summary=long_title,
        start=datetime(2027, 6, 1, 9, 0, tzinfo=UTC),
        end=datetime(2027, 6, 1, 10, 0, tzinfo=UTC),
        tz="Europe/London",
        last_modified=datetime(2027, 5, 1, tzinfo=UTC),
        status=STATUS_TENTATIVE,
        geo=(51.75, -1.25),
        location="1 Church Lane, Little Marsh LM1 2AB",
        url="https://commonroom.example/activities/9",
        categories=("arts_and_crafts",),
    )
    body = render_calendar(FeedCalendar(name="Little Marsh", description="Public activities", events=[event]))
    assert b"\r\n" in body and b"\n" not in body.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(body)
    assert "METHOD" not in calendar  # a snapshot to subscribe to, not an iTIP message needing an ORGANIZER
    assert calendar["X-WR-CALNAME"] == "Little Marsh"
    assert calendar["NAME"] == "Little Marsh"
    assert calendar["REFRESH-INTERVAL"].dt == timedelta(hours=1)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    (parsed,) = calendar.walk("VEVENT")
    assert str(parsed["SUMMARY"]) == long_title
    assert parsed["STATUS"] == "TENTATIVE"
    assert parsed["DTSTART"].params["TZID"] == "Europe/London"
    assert parsed["DTSTART"].dt.astimezone(UTC) == datetime(2027, 6, 1, 9, 0, tzinfo=UTC)


def test_rendering_is_deterministic() -> None:
    feed = FeedCalendar(name="Hall", description="", events=[tuesday_series()])
    assert render_calendar(feed) == render_calendar(feed)


def test_three_readers_agree_on_a_series_with_exceptions_across_both_clock_changes() -> None:
    cancelled = datetime(2027, 10, 26, 10, 0, tzinfo=LONDON).astimezone(UTC)
    moved_from = datetime(2027, 11, 2, 10, 0, tzinfo=LONDON).astimezone(UTC)
    master = tuesday_series(exdates=(cancelled,))
    moved_to = datetime(2027, 11, 3, 10, 0, tzinfo=LONDON).astimezone(UTC)
    override = FeedEvent(
        uid=master.uid,
        summary="Coffee morning (moved)",
        start=moved_to,
        end=moved_to + timedelta(hours=2),
        tz="Europe/London",
        last_modified=datetime(2027, 3, 1, tzinfo=UTC),
        recurrence_id=moved_from,
    )
    one_off = FeedEvent(
        uid="booking-1@commonroom",
        summary="Quiz night",
        start=datetime(2027, 3, 27, 19, 0, tzinfo=UTC),
        end=datetime(2027, 3, 27, 22, 0, tzinfo=UTC),
        tz="Europe/London",
        last_modified=datetime(2027, 3, 1, tzinfo=UTC),
    )
    body = render_calendar(FeedCalendar(name="Hall", description="", events=[master, override, one_off]))
    tuesdays = [
        datetime.combine(date(2027, 1, 5) + timedelta(weeks=n), time(10), LONDON).astimezone(UTC) for n in range(52)
    ]
    expected = [(s, s + timedelta(hours=2)) for s in tuesdays if s not in (cancelled, moved_from)]
    expected += [(moved_to, moved_to + timedelta(hours=2)), (one_off.start, one_off.end)]
    assert len(expected) == 52  # 52 Tuesdays − 1 cancelled + 1 moved + 1 one-off
    assert_readers_agree(body, datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC), expected)


def one_off(start: datetime, end: datetime, tz: str = "Europe/London", **fields: object) -> FeedEvent:
    values: dict[str, object] = {
        "uid": f"booking-{start:%Y%m%d%H%M}-{tz}@commonroom",
        "summary": "Event",
        "start": start,
        "end": end,
        "tz": tz,
        "last_modified": datetime(2026, 1, 1, tzinfo=UTC),
        **fields,
    }
    return FeedEvent(**values)  # type: ignore[arg-type]


def test_instants_in_the_repeated_autumn_hour_are_the_same_instants_for_every_reader() -> None:
    # London's clocks go back at 01:00Z on 31 October 2027: local 01:00–02:00 happens twice.
    first_pass = one_off(datetime(2027, 10, 31, 0, 15, tzinfo=UTC), datetime(2027, 10, 31, 0, 45, tzinfo=UTC))
    second_pass = one_off(datetime(2027, 10, 31, 1, 15, tzinfo=UTC), datetime(2027, 10, 31, 1, 45, tzinfo=UTC))
    across = one_off(datetime(2027, 10, 31, 0, 30, tzinfo=UTC), datetime(2027, 10, 31, 1, 30, tzinfo=UTC))
    moved_from = datetime(2027, 10, 26, 10, 0, tzinfo=LONDON).astimezone(UTC)
    master = tuesday_series()
    moved = one_off(second_pass.start, second_pass.end, uid=master.uid, recurrence_id=moved_from)
    body = render_calendar(
        FeedCalendar(name="Hall", description="", events=[first_pass, second_pass, across, master, moved])
    )
    window = (datetime(2027, 10, 30, tzinfo=UTC), datetime(2027, 11, 1, tzinfo=UTC))
    spans = [(e.start, e.end) for e in (first_pass, second_pass, across, moved)]
    assert_readers_agree(body, *window, spans)
    calendar = icalendar.Calendar.from_ical(body)
    assert [e["DTSTART"].params.get("TZID") for e in calendar.walk("VEVENT") if "RRULE" in e] == ["Europe/London"]


def test_calendar_and_event_text_is_escaped_and_round_trips_in_every_reader() -> None:
    text = "Line one\nline two, with; a \\ backslash\tand a tab 🎉 \u2028end"
    event = tuesday_series(summary=text, description=text, location=text)
    body = render_calendar(FeedCalendar(name=text, description=text, events=[event]))
    calendar = icalendar.Calendar.from_ical(body)
    for name in ("NAME", "X-WR-CALNAME", "DESCRIPTION", "X-WR-CALDESC"):
        assert calendar[name].to_ical() == vText(text).to_ical(), (
            name
        )  # icalendar leaves these escaped: vobject reads them
    (parsed,) = calendar.walk("VEVENT")
    assert [str(parsed[name]) for name in ("SUMMARY", "DESCRIPTION", "LOCATION")] == [text] * 3
    read = vobject.readOne(body.decode())
    assert [read.contents[name][0].value for name in ("name", "x-wr-calname", "description", "x-wr-caldesc")] == [
        text
    ] * 4
    assert [read.vevent.contents[name][0].value for name in ("summary", "description", "location")] == [text] * 3


def test_control_characters_in_stored_text_are_dropped_and_line_breaks_become_line_feeds() -> None:
    stored = "a\x00b\x07c\r\nd\re\x7ff\x1bg\th"
    body = render_calendar(FeedCalendar(name=stored, description=stored, events=[tuesday_series(summary=stored)]))
    assert not [line for line in body.split(b"\r\n") if any(b < 0x20 and b != 0x09 or b == 0x7F for b in line)]
    read = vobject.readOne(body.decode())
    assert read.x_wr_calname.value == read.vevent.summary.value == "abc\nd\nefg\th"


def test_refresh_and_published_ttl_are_durations_and_there_is_no_method() -> None:
    body = render_calendar(FeedCalendar(name="Hall", description="", events=[tuesday_series()]))
    lines = body.decode().split("\r\n")
    assert "X-PUBLISHED-TTL:PT1H" in lines and "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines
    assert not [line for line in lines if line.startswith("METHOD")]


def test_an_empty_feed_holds_one_component_that_every_reader_accepts_and_none_shows() -> None:
    body = render_calendar(FeedCalendar(name="Hall", description="Nothing yet", events=[]))
    calendar = icalendar.Calendar.from_ical(body)
    assert [component.name for component in calendar.subcomponents] == ["VTIMEZONE"]
    assert_readers_agree(body, datetime(1970, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC), [])
    assert vobject.readOne(body.decode()).x_wr_calname.value == "Hall"


def test_london_observances_start_at_the_local_time_before_each_change_and_repeat_from_1970() -> None:
    body = render_calendar(FeedCalendar(name="Hall", description="", events=[tuesday_series()]))
    (london,) = icalendar.Calendar.from_ical(body).walk("VTIMEZONE")
    observances = {o.name: o for o in london.subcomponents}
    assert observances["DAYLIGHT"]["DTSTART"].dt == datetime(1970, 3, 29, 1, 0)  # 01:00 GMT, clocks to 02:00
    assert observances["DAYLIGHT"]["TZOFFSETFROM"].td == timedelta(0)
    assert observances["STANDARD"]["DTSTART"].dt == datetime(1970, 10, 25, 2, 0)  # 02:00 BST, clocks to 01:00
    assert observances["STANDARD"]["TZOFFSETFROM"].td == timedelta(hours=1)
    assert [o["RRULE"].to_ical() for o in london.subcomponents] == [
        b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
        b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    ]


ZONES = (
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "America/Santiago",
    "Africa/Casablanca",
    "Asia/Tehran",
    "Asia/Tokyo",
    "America/Sao_Paulo",
)


def offset_changes(tz: str, year: int) -> list[datetime]:
    """The hours (UTC) in ``year`` at which ``tz`` changes its offset, found hour by hour with zoneinfo."""
    zone, hour, found = ZoneInfo(tz), datetime(year, 1, 1, tzinfo=UTC), []
    while hour.year == year:
        if (hour + timedelta(hours=1)).astimezone(zone).utcoffset() != hour.astimezone(zone).utcoffset():
            found.append(hour + timedelta(hours=1))
        hour += timedelta(hours=1)
    return found


def test_every_reader_places_events_around_each_offset_change_at_their_real_instants_in_many_zones() -> None:
    """Zones with a stable yearly rule, rules that change (Tehran dropped summer time in 2022) or none."""
    events, expected = [], []
    for tz in ZONES:
        day = datetime(2021, 1, 4, 12, 30, tzinfo=ZoneInfo(tz))
        starts = [(day + timedelta(days=week)).astimezone(UTC) for week in range(0, 7 * 52 * 2, 7)]
        changes = offset_changes(tz, 2021) + offset_changes(tz, 2022)
        starts += [change + timedelta(minutes=20 * k) for change in changes for k in range(-6, 7)]
        for start in starts:
            events.append(one_off(start, start + timedelta(minutes=10), tz))
            expected.append((start, start + timedelta(minutes=10)))
    assert len(expected) > len(ZONES) * 104 + 20 * 13
    body = render_calendar(FeedCalendar(name="World", description="", events=events))
    assert_readers_agree(body, datetime(2021, 1, 1, tzinfo=UTC), datetime(2023, 1, 1, tzinfo=UTC), expected)


def test_series_dates_in_the_repeated_autumn_hour_are_the_instants_the_service_booked_for_every_reader() -> None:
    """Sunday series at 01:15 and across 00:30–01:30 meet the clocks going back on 31 October 2027."""
    window = (datetime(2027, 9, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    events, expected = [], []
    for n, (starts, ends, rule) in enumerate(
        [
            (time(1, 15), time(1, 45), "FREQ=WEEKLY;BYDAY=SU;COUNT=12"),
            (time(0, 30), time(1, 30), "FREQ=WEEKLY;BYDAY=SU;COUNT=12"),
            (time(1, 30), time(2, 30), "FREQ=MONTHLY;BYDAY=-1SU;COUNT=4"),
            (time(1, 10), time(1, 20), "FREQ=WEEKLY;BYDAY=SU;COUNT=12"),
        ]
    ):
        found = Schedule(parse_rrule(rule), date(2027, 9, 5), starts, ends, "Europe/London")
        dates = [(o.starts_at, o.ends_at) for o in expand_schedule(found, *window).occurrences]
        master = tuesday_series(
            uid=f"series-{n}@commonroom", start=dates[0][0], end=dates[0][1], rrule=ical_rrule(found)
        )
        if n == 3:  # this one's repeated-hour date is moved to the afternoon
            moved_from = next(s for s, _ in dates if s.date() == date(2027, 10, 31))
            moved = one_off(
                moved_from + timedelta(hours=14),
                moved_from + timedelta(hours=15),
                uid=master.uid,
                recurrence_id=moved_from,
            )
            events.append(moved)
            dates = [(s, e) for s, e in dates if s != moved_from] + [(moved.start, moved.end)]
        events.append(master)
        expected += dates
    assert (datetime(2027, 10, 31, 0, 15, tzinfo=UTC), datetime(2027, 10, 31, 0, 45, tzinfo=UTC)) in expected
    body = render_calendar(FeedCalendar(name="Night owls", description="", events=events))
    assert_readers_agree(body, *window, expected)
