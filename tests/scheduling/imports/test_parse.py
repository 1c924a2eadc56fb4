"""Reading other calendars: what can be booked is kept, the rest is reported, hostile input is refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from scheduling.imports.parse import parse_calendar
from scheduling.recurrence.rules import Frequency
from venues.core.errors import InvalidInput, RuleViolation

UTC = UTC


def ics(*events: str, extra: str = "") -> bytes:
    body = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + extra
    for event in events:
        body += "BEGIN:VEVENT\r\n" + event.strip().replace("\n", "\r\n") + "\r\nEND:VEVENT\r\n"
    return (body + "END:VCALENDAR\r\n").encode()


def test_a_weekly_series_in_its_zone_and_a_one_off_in_utc() -> None:
    parsed = parse_calendar(
        ics(
            """UID:coffee
SUMMARY:Coffee morning
DTSTART;TZID=Europe/London:20270105T100000
DTEND;TZID=Europe/London:20270105T120000
RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629T090000Z""",
            """UID:quiz
SUMMARY:Quiz night
DTSTART:20270612T180000Z
DURATION:PT3H""",
        ),
        "Europe/London",
    )
    series, quiz = parsed.events
    assert series.rule is not None and series.rule.freq == Frequency.weekly
    assert series.rule.until == date(2027, 6, 29)
    assert (series.local_date, series.start_time, series.end_time) == (date(2027, 1, 5), time(10), time(12))
    assert quiz.rule is None
    assert (quiz.starts_at, quiz.ends_at) == (
        datetime(2027, 6, 12, 18, tzinfo=UTC),
        datetime(2027, 6, 12, 21, tzinfo=UTC),
    )
    assert quiz.start_time == time(19)  # 18:00 UTC is 19:00 in London in June
    assert parsed.skipped == []


def test_what_cannot_be_booked_is_reported_not_imported() -> None:
    parsed = parse_calendar(
        ics(
            "UID:ok\nSUMMARY:Yoga\nDTSTART:20270105T100000\nDTEND:20270105T110000",
            "UID:allday\nSUMMARY:Fete\nDTSTART;VALUE=DATE:20270605\nDTEND;VALUE=DATE:20270606",
            "UID:fast\nSUMMARY:Every second\nDTSTART:20270105T100000Z\nDTEND:20270105T100001Z\nRRULE:FREQ=SECONDLY",
            "UID:backwards\nSUMMARY:Time travel\nDTSTART:20270105T100000Z\nDTEND:20270105T090000Z",
        ),
        "Europe/London",
    )
    assert [event.uid for event in parsed.events] == ["ok"]
    reasons = {item.uid: item.reason for item in parsed.skipped}
    assert set(reasons) == {"allday", "fast", "backwards"}
    assert "All-day" in reasons["allday"]
    assert "SECONDLY" in reasons["fast"]
    assert "ends before it starts" in reasons["backwards"]


@pytest.mark.parametrize(
    "body, error",
    [
        (b"<html><body>Not a calendar</body></html>", RuleViolation),
        (b"BEGIN:VCALENDAR\r\nthis is not ical\r\n", RuleViolation),
        (
            ics(
                "UID:x\nSUMMARY:x\nDTSTART;TZID=Mars/Olympus_Mons:20270105T100000\nDTEND;TZID=Mars/Olympus_Mons:20270105T110000"
            ),
            InvalidInput,
        ),
        (ics(), RuleViolation),
        (ics(*["UID:n\nSUMMARY:n\nDTSTART:20270105T100000Z\nDTEND:20270105T110000Z"] * 501), RuleViolation),
    ],
)
def test_hostile_or_useless_calendars_are_refused_whole(body: bytes, error: type[Exception]) -> None:
    with pytest.raises(error):
        parse_calendar(body, "Europe/London")


@pytest.mark.parametrize(
    "event, field",
    [
        ("DTSTART:20270105T100000Z\nDTSTART:20270106T100000Z\nDTEND:20270105T110000Z", "DTSTART"),
        ("DTSTART:20270105T100000Z\nDTEND:20270105T110000Z\nDTEND:20270105T120000Z", "DTEND"),
        ("DTSTART:20270105T100000Z\nDURATION:PT1H\nDURATION:PT2H", "DURATION"),
        ("DTSTART:20270105T100000Z\nDTEND:20270105T110000Z\nRRULE:FREQ=WEEKLY;COUNT=2\nRRULE:FREQ=DAILY", "RRULE"),
    ],
    ids=["DTSTART", "DTEND", "DURATION", "RRULE"],
)
def test_an_event_with_a_property_given_twice_is_reported_and_the_rest_imported(event: str, field: str) -> None:
    parsed = parse_calendar(
        ics(
            "UID:twice\nSUMMARY:Twice\n" + event, "UID:ok\nSUMMARY:Yoga\nDTSTART:20270105T100000\nDTEND:20270105T110000"
        ),
        "Europe/London",
    )
    assert [event.uid for event in parsed.events] == ["ok"]
    [skipped] = parsed.skipped
    assert (skipped.uid, skipped.reason) == ("twice", f"The event's {field} could not be read.")


def test_a_duration_written_as_a_time_is_reported_as_a_bad_duration() -> None:
    parsed = parse_calendar(
        ics(
            "UID:odd\nSUMMARY:Odd\nDTSTART:20270105T100000Z\nDURATION:20270105T110000Z",
            "UID:ok\nSUMMARY:Yoga\nDTSTART:20270105T100000\nDTEND:20270105T110000",
        ),
        "Europe/London",
    )
    assert [(item.uid, item.reason) for item in parsed.skipped] == [
        ("odd", "The event's duration must be more than nothing and at most a week.")
    ]


@pytest.mark.parametrize(("year", "supported"), [(1999, False), (2150, True), (2200, True), (2201, False)])
def test_imported_events_use_the_supported_date_range(year: int, supported: bool) -> None:
    body = ics(
        f"UID:far\nSUMMARY:Far\nDTSTART:{year}0105T100000Z\nDTEND:{year}0105T110000Z",
        "UID:near\nSUMMARY:Near\nDTSTART:20270105T100000Z\nDTEND:20270105T110000Z",
    )
    parsed = parse_calendar(body, "Europe/London")
    assert ("far" in [event.uid for event in parsed.events]) is supported
    if not supported:
        (skipped,) = parsed.skipped
        assert skipped.uid == "far" and "2000-01-01 to 2200-12-31" in skipped.reason
