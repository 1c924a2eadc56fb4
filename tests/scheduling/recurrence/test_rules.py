"""The recurrence engine: rules in, local-time-correct UTC occurrences out, hostile rules refused or bounded."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from itertools import islice
from zoneinfo import ZoneInfo

import pytest

from scheduling.feeds.ical import FeedCalendar, FeedEvent, render_calendar
from scheduling.recurrence.rules import (
    MAX_OCCURRENCES,
    MAX_WINDOW,
    Occurrence,
    RecurrenceRule,
    Schedule,
    expand,
    format_rrule,
    ical_rrule,
    occurrences,
    parse_rrule,
)
from scheduling.vocabulary import Frequency
from tests.feed_readers import assert_readers_agree
from venues.core.errors import InvalidInput
from venues.core.timezones import local_datetime, to_utc

UTC = UTC
YEAR_2027 = (datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))


def schedule(
    rrule: str,
    start: date = date(2027, 1, 1),
    tz: str = "Europe/London",
    starts: time = time(10, 0),
    ends: time = time(12, 0),
) -> Schedule:
    return Schedule(parse_rrule(rrule), start, starts, ends, tz)


def dates_in_2027(rrule: str, **kwargs: object) -> list[date]:
    return [o.local_date for o in expand(schedule(rrule, **kwargs), *YEAR_2027).occurrences]  # type: ignore[arg-type]


def utc_hour_by_date(found: Schedule) -> dict[date, int]:
    return {o.local_date: o.starts_at.hour for o in expand(found, *YEAR_2027).occurrences}


def test_tuesday_mornings_stay_at_ten_local_across_both_london_clock_changes() -> None:
    tuesdays = schedule("FREQ=WEEKLY;BYDAY=TU")
    occurrences = expand(tuesdays, *YEAR_2027).occurrences
    assert len(occurrences) == 52
    london = ZoneInfo("Europe/London")
    assert {
        (o.starts_at.astimezone(london).strftime("%a %H:%M"), o.ends_at.astimezone(london).strftime("%H:%M"))
        for o in occurrences
    } == {("Tue 10:00", "12:00")}
    hours = utc_hour_by_date(tuesdays)
    assert hours[date(2027, 3, 23)] == 10  # GMT, before Sunday 28 March
    assert hours[date(2027, 3, 30)] == 9  # BST
    assert hours[date(2027, 10, 26)] == 9
    assert hours[date(2027, 11, 2)] == 10  # GMT again after Sunday 31 October
    assert all(o.ends_at - o.starts_at == occurrences[0].ends_at - occurrences[0].starts_at for o in occurrences)


def test_new_york_changes_its_clocks_on_other_sundays() -> None:
    hours = utc_hour_by_date(schedule("FREQ=WEEKLY;BYDAY=TU", tz="America/New_York"))
    assert hours[date(2027, 3, 9)] == 15  # EST, UTC-5
    assert hours[date(2027, 3, 16)] == 14  # EDT from Sunday 14 March, while London is still on GMT
    assert hours[date(2027, 3, 23)] == 14
    assert hours[date(2027, 11, 2)] == 14  # still EDT: London changed on 31 October, New York waits
    assert hours[date(2027, 11, 9)] == 15  # EST from Sunday 7 November


def test_sydney_occurrence_starts_on_the_previous_utc_day_in_summer_time() -> None:
    occurrences = {
        o.local_date: o for o in expand(schedule("FREQ=WEEKLY;BYDAY=TU", tz="Australia/Sydney"), *YEAR_2027).occurrences
    }
    assert occurrences[date(2027, 3, 30)].starts_at == datetime(2027, 3, 29, 23, 0, tzinfo=UTC)  # AEDT, UTC+11
    assert occurrences[date(2027, 4, 6)].starts_at == datetime(2027, 4, 6, 0, 0, tzinfo=UTC)  # AEST from 4 April
    assert occurrences[date(2027, 10, 5)].starts_at == datetime(2027, 10, 4, 23, 0, tzinfo=UTC)  # AEDT from 3 October


def test_last_friday_of_each_month() -> None:
    assert dates_in_2027("FREQ=MONTHLY;BYDAY=-1FR") == [
        date(2027, 1, 29),
        date(2027, 2, 26),
        date(2027, 3, 26),
        date(2027, 4, 30),
        date(2027, 5, 28),
        date(2027, 6, 25),
        date(2027, 7, 30),
        date(2027, 8, 27),
        date(2027, 9, 24),
        date(2027, 10, 29),
        date(2027, 11, 26),
        date(2027, 12, 31),
    ]


def test_first_monday_of_each_month() -> None:
    assert dates_in_2027("FREQ=MONTHLY;BYDAY=1MO") == [
        date(2027, 1, 4),
        date(2027, 2, 1),
        date(2027, 3, 1),
        date(2027, 4, 5),
        date(2027, 5, 3),
        date(2027, 6, 7),
        date(2027, 7, 5),
        date(2027, 8, 2),
        date(2027, 9, 6),
        date(2027, 10, 4),
        date(2027, 11, 1),
        date(2027, 12, 6),
    ]


def test_fortnightly_counts_weeks_from_the_start_week() -> None:
    fortnightly = schedule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", start=date(2027, 1, 5))
    found = [o.local_date for o in expand(fortnightly, *YEAR_2027).occurrences]
    assert found[:4] == [date(2027, 1, 5), date(2027, 1, 19), date(2027, 2, 2), date(2027, 2, 16)]
    assert len(found) == 26
    # From Friday 1 January the first fortnight (week of 28 December) has no Tuesday left,
    # so RFC 5545 starts on the 12th; the start date moves onto that first occurrence.
    from_friday = schedule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", start=date(2027, 1, 1))
    assert from_friday.start_date == date(2027, 1, 12)
    assert [o.local_date for o in expand(from_friday, *YEAR_2027).occurrences][:2] == [
        date(2027, 1, 12),
        date(2027, 1, 26),
    ]
    weekly = schedule("FREQ=WEEKLY;BYDAY=TU", start=date(2027, 1, 1))
    assert weekly.start_date == date(2027, 1, 5)


def test_count_stops_the_series_and_marks_it_exhausted() -> None:
    five = schedule("FREQ=WEEKLY;BYDAY=TU,TH;COUNT=5")
    result = expand(five, *YEAR_2027)
    assert [o.local_date for o in result.occurrences] == [
        date(2027, 1, 5),
        date(2027, 1, 7),
        date(2027, 1, 12),
        date(2027, 1, 14),
        date(2027, 1, 19),
    ]
    assert result.exhausted
    later = expand(five, datetime(2027, 1, 13, tzinfo=UTC), datetime(2027, 6, 1, tzinfo=UTC))
    assert [o.local_date for o in later.occurrences] == [date(2027, 1, 14), date(2027, 1, 19)]


def test_until_is_inclusive_of_its_day() -> None:
    assert dates_in_2027("FREQ=WEEKLY;BYDAY=TU;UNTIL=20270330")[-1] == date(2027, 3, 30)
    assert dates_in_2027("FREQ=WEEKLY;BYDAY=TU;UNTIL=20270329")[-1] == date(2027, 3, 23)


def test_window_is_half_open_on_occurrence_starts() -> None:
    tuesdays = schedule("FREQ=WEEKLY;BYDAY=TU")
    start = datetime(2027, 1, 5, 10, 0, tzinfo=UTC)
    result = expand(tuesdays, start, datetime(2027, 1, 12, 10, 0, tzinfo=UTC))
    assert [o.starts_at for o in result.occurrences] == [start]
    assert result.covered_until == datetime(2027, 1, 12, 10, 0, tzinfo=UTC)
    assert not result.exhausted


def test_spring_forward_gap_and_autumn_repeat_are_deterministic() -> None:
    def only(starts: time, ends: time, day: date) -> tuple[datetime, datetime]:
        once = Schedule(RecurrenceRule(Frequency.daily, count=1), day, starts, ends, "Europe/London")
        (occurrence,) = expand(once, *YEAR_2027).occurrences
        return occurrence.starts_at, occurrence.ends_at

    # 01:00–02:00 does not exist on 28 March 2027: a start in it moves forward by the hour.
    assert only(time(1, 30), time(3, 0), date(2027, 3, 28)) == (
        datetime(2027, 3, 28, 1, 30, tzinfo=UTC),
        datetime(2027, 3, 28, 2, 0, tzinfo=UTC),
    )
    # Moved onto its own end, an occurrence keeps its nominal hour.
    assert only(time(1, 30), time(2, 30), date(2027, 3, 28)) == (
        datetime(2027, 3, 28, 1, 30, tzinfo=UTC),
        datetime(2027, 3, 28, 2, 30, tzinfo=UTC),
    )
    # 01:00–02:00 happens twice on 31 October 2027: the first (BST) reading is used.
    assert only(time(1, 30), time(2, 30), date(2027, 10, 31)) == (
        datetime(2027, 10, 31, 0, 30, tzinfo=UTC),
        datetime(2027, 10, 31, 2, 30, tzinfo=UTC),
    )


def test_open_ended_daily_rule_is_capped_and_resumable() -> None:
    daily = schedule("FREQ=DAILY", start=date(2000, 1, 1))
    first = expand(daily, datetime(2000, 1, 1, tzinfo=UTC), datetime(2099, 12, 31, tzinfo=UTC))
    assert len(first.occurrences) == MAX_OCCURRENCES
    assert not first.exhausted
    assert first.covered_until == list(islice(occurrences(daily), MAX_OCCURRENCES + 1))[-1].starts_at
    following = expand(daily, first.covered_until, datetime(2099, 12, 31, tzinfo=UTC), limit=3)
    assert following.occurrences[0].starts_at == first.covered_until
    assert len(following.occurrences) == 3


def test_a_long_window_is_cut_to_the_horizon() -> None:
    weekly = schedule("FREQ=WEEKLY")
    start = datetime(2027, 1, 1, tzinfo=UTC)
    result = expand(weekly, start, datetime(2099, 1, 1, tzinfo=UTC))
    assert result.covered_until == start + MAX_WINDOW
    assert not result.exhausted
    assert all(o.starts_at < start + MAX_WINDOW for o in result.occurrences)


def test_rule_text_round_trips_to_canonical_form() -> None:
    rule = parse_rrule("rrule:byday=+1mo,-1fr,1MO;freq=monthly;interval=3;count=12")
    assert rule.by_day == ("1MO", "-1FR")
    assert format_rrule(rule) == "FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO,-1FR;COUNT=12"
    text = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270331"
    assert format_rrule(parse_rrule(text)) == text
    assert parse_rrule(text + ";WKST=MO") == parse_rrule(text)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "empty"),
        ("BYDAY=TU", "FREQ is required"),
        ("FREQ=SECONDLY", "FREQ: 'SECONDLY' is not supported"),
        ("FREQ=YEARLY", "FREQ: 'YEARLY' is not supported"),
        ("FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=-1", "BYSETPOS is not supported"),
        ("FREQ=DAILY;BYHOUR=9,17", "BYHOUR is not supported"),
        ("FREQ=WEEKLY;COLOUR=RED", "COLOUR is not an RRULE part"),
        ("FREQ=WEEKLY;FREQ=DAILY", "FREQ appears more than once"),
        ("FREQ=WEEKLY;BYDAY", "is not a NAME=VALUE"),
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL: interval must be a whole number from 1 to 52"),
        ("FREQ=WEEKLY;INTERVAL=-2", "INTERVAL: '-2' is not a whole number"),
        ("FREQ=WEEKLY;COUNT=1001", "COUNT: count must be a whole number from 1 to 1000"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20270401", "not both"),
        ("FREQ=WEEKLY;BYDAY=1TU", "BYDAY: '1TU' has a position, which only a MONTHLY rule may use"),
        ("FREQ=MONTHLY;BYDAY=6TU", "BYDAY: '6TU' is not a day code"),
        ("FREQ=MONTHLY;BYDAY=TUE", "BYDAY: 'TUE' is not a day code"),
        ("FREQ=DAILY;INTERVAL=7;BYDAY=TU", "multiple of 7"),
        ("FREQ=WEEKLY;UNTIL=20270231", "UNTIL: '20270231' is not a calendar date"),
        ("FREQ=WEEKLY;UNTIL=20270331T235959Z", "give the last local day as YYYYMMDD"),
        ("FREQ=WEEKLY;UNTIL=22010101", "UNTIL: until must be a date from 2000-01-01 to 2200-12-31"),
        ("FREQ=WEEKLY;WKST=SU", "only WKST=MO"),
    ],
)
def test_rules_outside_the_subset_are_refused_naming_the_part(text: str, why: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_rrule(text)
    assert refused.value.field == "rrule"
    assert why in refused.value.detail


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: RecurrenceRule("HOURLY"), "freq"),  # type: ignore[arg-type]
        (lambda: RecurrenceRule(Frequency.monthly, interval=13), "interval"),
        (lambda: RecurrenceRule(Frequency.weekly, interval=True), "interval"),
        (lambda: RecurrenceRule(Frequency.weekly, by_day="TU"), "by_day"),  # type: ignore[arg-type]
        (lambda: RecurrenceRule(Frequency.weekly, count=2, until=date(2027, 3, 1)), "count"),
        (lambda: RecurrenceRule(Frequency.weekly, until=datetime(2027, 3, 1, tzinfo=UTC)), "until"),
        (
            lambda: Schedule(RecurrenceRule(Frequency.weekly), date(2027, 1, 5), time(12), time(10), "Europe/London"),
            "end_time",
        ),
        (
            lambda: Schedule(RecurrenceRule(Frequency.weekly), date(2027, 1, 5), time(10), time(10), "Europe/London"),
            "end_time",
        ),
        (
            lambda: Schedule(RecurrenceRule(Frequency.weekly), date(2027, 1, 5), time(10), time(12), "Mars/Olympus"),
            "timezone",
        ),
        (
            lambda: Schedule(RecurrenceRule(Frequency.weekly), date(1999, 12, 28), time(10), time(12), "Europe/London"),
            "start_date",
        ),
        (
            lambda: Schedule(
                RecurrenceRule(Frequency.weekly, until=date(2027, 1, 1)), date(2027, 1, 5), time(10), time(12), "UTC"
            ),
            "until",
        ),
        (
            lambda: Schedule(
                RecurrenceRule(Frequency.weekly, by_day=("TU",), until=date(2027, 1, 4)),
                date(2027, 1, 1),
                time(10),
                time(12),
                "UTC",
            ),
            "by_day",
        ),
        (
            lambda: Schedule(RecurrenceRule(Frequency.weekly), date(2027, 1, 5), time(10, tzinfo=UTC), time(12), "UTC"),
            "start_time",
        ),
    ],
)
def test_structured_rules_are_refused_naming_the_field(build: object, field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        build()  # type: ignore[operator]
    assert refused.value.field == field


def test_windows_must_be_aware_and_forward() -> None:
    tuesdays = schedule("FREQ=WEEKLY;BYDAY=TU")
    with pytest.raises(InvalidInput) as naive:
        expand(tuesdays, datetime(2027, 1, 1), datetime(2028, 1, 1, tzinfo=UTC))
    assert naive.value.field == "window_start"
    with pytest.raises(InvalidInput) as backwards:
        expand(tuesdays, datetime(2028, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
    assert backwards.value.field == "window_end"


@pytest.mark.parametrize(
    ("rrule", "tz"),
    [
        ("FREQ=WEEKLY;BYDAY=TU;UNTIL=20271116", "Europe/London"),
        ("FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231", "America/New_York"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=30", "Australia/Sydney"),
    ],
)
def test_calendar_clients_expand_the_exported_rule_to_the_same_instants(rrule: str, tz: str) -> None:
    found = schedule(rrule, tz=tz)
    ours = [(o.starts_at, o.ends_at) for o in expand(found, *YEAR_2027).occurrences]
    first = ours[0]
    master = FeedEvent(
        uid="series@test",
        summary="Series",
        start=first[0],
        end=first[1],
        tz=tz,
        last_modified=datetime(2026, 12, 1, tzinfo=UTC),
        rrule=ical_rrule(found),
    )
    body = render_calendar(FeedCalendar(name="Test", description="", events=[master]))
    assert_readers_agree(body, datetime(2026, 12, 1, tzinfo=UTC), datetime(2028, 2, 1, tzinfo=UTC), ours)


@pytest.mark.parametrize(
    ("tz", "starts", "ends"),
    [("Pacific/Kiritimati", time(0, 30), time(1, 0)), ("Pacific/Pago_Pago", time(23, 0), time(23, 59))],
)
def test_windows_find_every_occurrence_even_a_utc_day_away_from_its_local_date(
    tz: str, starts: time, ends: time
) -> None:
    daily = schedule("FREQ=DAILY", start=date(2027, 3, 1), tz=tz, starts=starts, ends=ends)
    window = (datetime(2027, 3, 10, 10, 0, tzinfo=UTC), datetime(2027, 3, 13, 10, 0, tzinfo=UTC))
    everything = list(islice(occurrences(daily), 30))
    assert expand(daily, *window).occurrences == tuple(o for o in everything if window[0] <= o.starts_at < window[1])
    assert {abs((o.starts_at.date() - o.local_date).days) for o in everything} == {1}


def test_rules_accept_the_supported_date_range() -> None:
    assert parse_rrule("FREQ=WEEKLY;UNTIL=22001231").until == date(2200, 12, 31)


@pytest.mark.parametrize("tz_name", ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham"])
def test_every_occurrence_is_its_wall_clock_times_read_as_rfc_5545_says_through_the_clock_changes(
    tz_name: str,
) -> None:
    """``place`` (through ``occurrences``) converts each time once; that must be the instant ``local_datetime`` gives (a skipped time moved on by
    the gap, a repeated one its first reading) on every day of two years, for times in and around the changes."""
    spans = [
        (time(1, 30), time(2, 30)),
        (time(2, 0), time(3, 0)),
        (time(1, 0), time(1, 59)),
        (time(1, 45), time(2, 15)),
    ]
    for starts, ends in spans:
        schedule = Schedule(parse_rrule("FREQ=DAILY"), date(2026, 1, 1), starts, ends, tz_name)
        for occurrence in islice(occurrences(schedule), 730):
            day = occurrence.local_date
            expected_start = to_utc(local_datetime(day, starts, tz_name), tz_name)
            expected_end = to_utc(local_datetime(day, ends, tz_name), tz_name)
            if expected_end <= expected_start:
                continue  # the clocks leave the span no length: its nominal length, from the local start
            assert occurrence == Occurrence(day, expected_start, expected_end), (day, starts, ends)
