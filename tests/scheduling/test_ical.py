"""The renderer's output read back the way calendar clients read it."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from scheduling.ical import STATUS_TENTATIVE, FeedCalendar, FeedEvent, render_calendar

LONDON = ZoneInfo("Europe/London")
UTC = timezone.utc


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


def test_icaljs_and_recurring_ical_events_agree_on_a_series_with_exceptions() -> None:
    from tests.icaljs import icaljs_occurrences

    cancelled = datetime(2027, 10, 26, 10, 0, tzinfo=LONDON).astimezone(UTC)
    moved_from = datetime(2027, 11, 2, 10, 0, tzinfo=LONDON).astimezone(UTC)
    master = tuesday_series(exdates=(cancelled,))
    override = FeedEvent(
        uid=master.uid,
        summary="Coffee morning (moved)",
        start=datetime(2027, 11, 3, 10, 0, tzinfo=LONDON).astimezone(UTC),
        end=datetime(2027, 11, 3, 12, 0, tzinfo=LONDON).astimezone(UTC),
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
    window = (datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    expected = expand(body, window[0].date(), window[1].date())
    seen = [
        (datetime.fromisoformat(start.replace("Z", "+00:00")), datetime.fromisoformat(end.replace("Z", "+00:00")))
        for start, end, _ in icaljs_occurrences(body, *window)
    ]
    assert seen == expected
    assert len(seen) == 52  # 52 Tuesdays − 1 cancelled + 1 moved + 1 one-off
