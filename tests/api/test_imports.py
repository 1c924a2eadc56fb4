"""Importing a group's calendar from a URL served by a local test server, hostile ones included."""

from __future__ import annotations

import threading
import time as clock
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from scheduling.imports import parse as ical_import
from scheduling.models import Booking, Series
from tests.factories import Factory

UTC = UTC
ROUTES: dict[str, tuple[int, str, bytes, float]] = {}


class CalendarServer(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status, content_type, body, delay = ROUTES.get(self.path, (404, "text/plain", b"no such calendar", 0.0))
        clock.sleep(delay)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def calendar_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), CalendarServer)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(autouse=True)
def allow_local_calendars(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ical_import.ALLOW_PRIVATE_ENV, "1")


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(*events: str) -> bytes:
    body = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//club//EN\r\n"
    for event in events:
        body += "BEGIN:VEVENT\r\n" + "\r\n".join(event.strip().splitlines()) + "\r\nEND:VEVENT\r\n"
    return (body + "END:VCALENDAR\r\n").encode()


def serve(path: str, body: bytes, content_type: str = "text/calendar", status: int = 200, delay: float = 0.0) -> str:
    ROUTES[path] = (status, content_type, body, delay)
    return path


NEXT_WEEK = (datetime.now(UTC) + timedelta(days=7)).replace(hour=9, minute=0, second=0, microsecond=0)


WEEKLY = (
    f"UID:weekly\nSUMMARY:Chess club\nDTSTART:{stamp(NEXT_WEEK)}\nDTEND:{stamp(NEXT_WEEK + timedelta(hours=2))}\n"
    "RRULE:FREQ=WEEKLY;COUNT=4"
)


def club_calendar() -> bytes:
    first = NEXT_WEEK
    return calendar(
        WEEKLY,
        f"UID:once\nSUMMARY:Open day\nDTSTART:{stamp(first + timedelta(days=2))}\nDTEND:{stamp(first + timedelta(days=2, hours=3))}",
        "UID:allday\nSUMMARY:Fete\nDTSTART;VALUE=DATE:20300101\nDTEND;VALUE=DATE:20300102",
    )


@pytest.fixture
async def club(factory: Factory) -> dict[str, Any]:
    organiser = await factory.account("organiser")
    venue = await factory.venue()
    space = await factory.space(venue, requires_approval=False)
    group = await factory.group(organiser=organiser)
    return {"organiser": organiser, "space": space, "group": group}


async def post_import(
    client: httpx.AsyncClient, club: dict[str, Any], url: str, preview: bool = False, **extra: Any
) -> httpx.Response:
    path = f"/api/v1/groups/{club['group'].id}/imports" + ("/preview" if preview else "")
    body = {"url": url, "space_id": club["space"].id, **extra}
    return await client.post(path, json=body, headers=club["organiser"].headers)


async def test_preview_reports_what_would_be_booked_and_writes_nothing(
    client: httpx.AsyncClient, club: dict[str, Any], calendar_server: str
) -> None:
    url = calendar_server + serve("/club.ics", club_calendar())
    preview = await post_import(client, club, url, preview=True)
    assert preview.status_code == 200, preview.text
    report = preview.json()
    assert report["preview"] is True
    assert [(e["uid"], e["kind"], e["outcome"]) for e in report["events"]] == [
        ("weekly", "series", "booked"),
        ("once", "booking", "booked"),
    ]
    assert [s["uid"] for s in report["skipped"]] == ["allday"]
    assert await Booking.count() == 0 and await Series.count() == 0


async def test_import_books_series_and_one_offs_and_reports_clashes(
    client: httpx.AsyncClient, club: dict[str, Any], calendar_server: str
) -> None:
    from scheduling.bookings.workflow import BookingDraft, request_booking

    taken = NEXT_WEEK + timedelta(weeks=2)
    await request_booking(
        club["organiser"].user,
        BookingDraft(space_id=club["space"].id, starts_at=taken, ends_at=taken + timedelta(hours=1)),
    )
    url = calendar_server + serve("/club2.ics", club_calendar())

    refused = await post_import(client, club, url)
    assert refused.status_code == 201, refused.text
    weekly, once = refused.json()["events"]
    assert weekly["outcome"] == "refused" and len(weekly["clashes"]) == 1
    assert once["outcome"] == "booked" and len(once["booking_ids"]) == 1

    url = calendar_server + serve("/club3.ics", calendar(WEEKLY))
    partly = await post_import(client, club, url, skip_conflicts=True)
    (series,) = partly.json()["events"]
    assert series["outcome"] == "partly_booked"
    assert len(series["booking_ids"]) == 3 and len(series["clashes"]) == 1
    assert await Booking.count().where(Booking.series == series["series_id"]) == 3


@pytest.mark.parametrize(
    "name, body, content_type, delay, status, problem",
    [
        ("html", b"<!doctype html><p>Our events page</p>", "text/html", 0.0, 422, "import-not-ical"),
        (
            "huge",
            b"BEGIN:VCALENDAR\r\n" + b"X-PADDING:" + b"x" * (2 * 1024 * 1024) + b"\r\n",
            "text/calendar",
            0.0,
            422,
            "import-too-large",
        ),
        ("slow", calendar(), "text/calendar", 3.0, 422, "import-timeout"),
        (
            "tz",
            calendar(
                "UID:t\nSUMMARY:t\nDTSTART;TZID=Middle Earth/Shire:20300105T100000\nDTEND;TZID=Middle Earth/Shire:20300105T110000"
            ),
            "text/calendar",
            0.0,
            400,
            "invalid-input",
        ),
        (
            "nothing",
            calendar("UID:a\nSUMMARY:a\nDTSTART;VALUE=DATE:20300101"),
            "text/calendar",
            0.0,
            422,
            "import-nothing",
        ),
    ],
)
async def test_hostile_calendars_get_a_clear_4xx(
    client: httpx.AsyncClient,
    club: dict[str, Any],
    calendar_server: str,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    body: bytes,
    content_type: str,
    delay: float,
    status: int,
    problem: str,
) -> None:
    monkeypatch.setattr(ical_import, "FETCH_SECONDS", 1.0)
    url = calendar_server + serve(f"/{name}.ics", body, content_type, delay=delay)
    response = await post_import(client, club, url, preview=True)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"].endswith(problem)
    assert await Booking.count() == 0


async def test_an_endless_rule_is_booked_only_to_the_horizon(
    client: httpx.AsyncClient, factory: Factory, club: dict[str, Any], calendar_server: str
) -> None:
    from venues.models import Space

    await Space.update({Space.horizon_days: 20}).where(Space.id == club["space"].id)
    endless = calendar(
        f"UID:daily\nSUMMARY:Walk\nDTSTART:{stamp(NEXT_WEEK)}\nDTEND:{stamp(NEXT_WEEK + timedelta(hours=1))}\nRRULE:FREQ=DAILY"
    )
    url = calendar_server + serve("/endless.ics", endless)
    (event,) = (await post_import(client, club, url)).json()["events"]
    assert event["outcome"] == "booked"
    assert 0 < len(event["booking_ids"]) <= 14


async def test_only_organisers_import_and_private_addresses_are_refused(
    client: httpx.AsyncClient,
    factory: Factory,
    club: dict[str, Any],
    calendar_server: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = calendar_server + serve("/club4.ics", club_calendar())
    stranger = await factory.account("stranger")
    path = f"/api/v1/groups/{club['group'].id}/imports/preview"
    body = {"url": url, "space_id": club["space"].id}
    assert (await client.post(path, json=body)).status_code == 401
    assert (await client.post(path, json=body, headers=stranger.headers)).status_code == 403
    monkeypatch.delenv(ical_import.ALLOW_PRIVATE_ENV)
    private = await post_import(client, club, url, preview=True)
    assert private.status_code == 400 and private.json()["field"] == "url"


def one_hour_at(uid: str, start: datetime, rule: str = "") -> str:
    event = f"UID:{uid}\nSUMMARY:{uid}\nDTSTART:{stamp(start)}\nDTEND:{stamp(start + timedelta(hours=1))}"
    return event + (f"\nRRULE:{rule}" if rule else "")


async def test_the_preview_sees_the_calendars_own_events_clash_with_each_other(
    client: httpx.AsyncClient, club: dict[str, Any], calendar_server: str
) -> None:
    body = calendar(
        one_hour_at("first", NEXT_WEEK, "FREQ=DAILY;COUNT=3"), one_hour_at("second", NEXT_WEEK + timedelta(days=1))
    )
    url = calendar_server + serve("/self-clash.ics", body)
    preview = await post_import(client, club, url, preview=True)
    assert preview.status_code == 200, preview.text
    assert [(e["uid"], e["outcome"]) for e in preview.json()["events"]] == [("first", "booked"), ("second", "refused")]
    real = await post_import(client, club, url)
    assert [(e["uid"], e["outcome"]) for e in real.json()["events"]] == [("first", "booked"), ("second", "refused")]
    assert await Booking.count() == 3


async def test_an_import_that_would_make_more_bookings_than_the_cap_is_refused_whole(
    client: httpx.AsyncClient, club: dict[str, Any], calendar_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scheduling.imports import apply as imports

    monkeypatch.setattr(imports, "MAX_BOOKINGS", 5)
    body = calendar(
        one_hour_at("daily", NEXT_WEEK, "FREQ=DAILY;COUNT=4"),
        one_hour_at("again", NEXT_WEEK + timedelta(hours=3), "FREQ=DAILY;COUNT=4"),
    )
    url = calendar_server + serve("/too-many.ics", body)
    for preview in (True, False):
        response = await post_import(client, club, url, preview=preview)
        assert response.status_code == 422, response.text
        problem = response.json()
        assert problem["type"].endswith("import-too-many-bookings")
        assert (problem["bookings"], problem["limit"]) == (8, 5)
        assert "8" in problem["detail"] and "5" in problem["detail"]
    assert await Booking.count() == 0 and await Series.count() == 0


async def test_too_many_events_are_refused_before_the_calendar_is_parsed(
    client: httpx.AsyncClient, club: dict[str, Any], calendar_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import icalendar

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("parsed a calendar that was already too large")

    monkeypatch.setattr(icalendar.Calendar, "from_ical", never)
    # Folded lines must not hide an event from the count.
    events = [one_hour_at(f"e{n}", NEXT_WEEK + timedelta(hours=n)) for n in range(ical_import.MAX_EVENTS)]
    body = calendar(*events).replace(b"END:VCALENDAR", b"BEGIN:VEV\r\n ENT\r\nEND:VEVENT\r\nEND:VCALENDAR")
    url = calendar_server + serve("/many.ics", body)
    response = await post_import(client, club, url, preview=True)
    assert response.status_code == 422, response.text
    assert response.json()["type"].endswith("import-too-large")


async def test_the_calendar_is_parsed_in_a_worker_thread_not_on_the_event_loop(
    client: httpx.AsyncClient, club: dict[str, Any], calendar_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    real_parse = ical_import.parse_calendar

    def recorded(*args: Any) -> Any:
        threads.append(threading.current_thread())
        return real_parse(*args)

    monkeypatch.setattr(ical_import, "parse_calendar", recorded)
    url = calendar_server + serve("/threaded.ics", club_calendar())
    assert (await post_import(client, club, url, preview=True)).status_code == 200
    assert threads and threading.main_thread() not in threads


async def test_events_outside_any_sane_range_are_skipped_with_a_reason(
    client: httpx.AsyncClient, club: dict[str, Any], calendar_server: str
) -> None:
    body = calendar(
        "UID:ancient\nSUMMARY:Ancient\nDTSTART:00010101T000000Z\nDTEND:00010101T010000Z",
        f"UID:endless\nSUMMARY:Endless\nDTSTART:{stamp(NEXT_WEEK)}\nDURATION:P9999999D",
        one_hour_at("countless", NEXT_WEEK, "FREQ=WEEKLY;COUNT=99999999999"),
        one_hour_at("fine", NEXT_WEEK + timedelta(days=3)),
    )
    url = calendar_server + serve("/out-of-range.ics", body)
    for preview in (True, False):
        response = await post_import(client, club, url, preview=preview)
        assert response.status_code in (200, 201), response.text
        report = response.json()
        assert [e["uid"] for e in report["events"]] == ["fine"]
        skipped = {item["uid"]: item["reason"] for item in report["skipped"]}
        assert set(skipped) == {"ancient", "endless", "countless"} and all(skipped.values())


OUTLOOK_ZONES = """BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
"""


async def test_an_outlook_calendar_with_windows_zone_names_is_read_in_the_matching_iana_zones(
    client: httpx.AsyncClient, club: dict[str, Any], calendar_server: str
) -> None:
    day = (NEXT_WEEK + timedelta(days=30)).date()
    body = calendar(
        f"UID:berlin\nSUMMARY:Berlin\nDTSTART;TZID=W. Europe Standard Time:{day:%Y%m%d}T100000\n"
        f"DTEND;TZID=W. Europe Standard Time:{day:%Y%m%d}T110000",
        f'UID:london\nSUMMARY:London\nDTSTART;TZID="GMT Standard Time":{day:%Y%m%d}T140000\n'
        f'DTEND;TZID="GMT Standard Time":{day:%Y%m%d}T150000',
    ).replace(
        b"PRODID:-//club//EN\r\n",
        b"PRODID:Microsoft Exchange Server 2010\r\n" + OUTLOOK_ZONES.replace("\n", "\r\n").encode(),
    )
    url = calendar_server + serve("/outlook.ics", body)
    response = await post_import(client, club, url)
    assert response.status_code == 201, response.text
    assert [e["outcome"] for e in response.json()["events"]] == ["booked", "booked"]
    from zoneinfo import ZoneInfo

    starts = sorted(row["starts_at"] for row in await Booking.select(Booking.starts_at))
    expected = [
        datetime.combine(day, datetime.min.time().replace(hour=10), ZoneInfo("Europe/Berlin")),
        datetime.combine(day, datetime.min.time().replace(hour=14), ZoneInfo("Europe/London")),
    ]
    assert starts == [moment.astimezone(UTC) for moment in expected]


async def test_an_import_of_many_requests_tells_each_manager_once(
    client: httpx.AsyncClient, factory: Factory, calendar_server: str
) -> None:
    from tests.mail_support import outbox
    from venues.models import VenueManager

    managers = [await factory.account("manager"), await factory.account("deputy")]
    organiser = await factory.account("organiser")
    venue = await factory.venue(manager=managers[0])
    await VenueManager(venue=venue.id, user=managers[1].id).save()
    space = await factory.space(venue, requires_approval=True)
    group = await factory.group(organiser=organiser)
    club = {"organiser": organiser, "space": space, "group": group}
    one_offs = [
        f"UID:once{n}\nSUMMARY:Open day {n}\nDTSTART:{stamp(NEXT_WEEK + timedelta(days=n, hours=3))}\n"
        f"DTEND:{stamp(NEXT_WEEK + timedelta(days=n, hours=4))}"
        for n in range(1, 6)
    ]
    url = calendar_server + serve("/many.ics", calendar(WEEKLY, *one_offs))
    done = await post_import(client, club, url)
    assert done.status_code == 201, done.text
    assert await Booking.count() == 9  # four weekly dates and five one-offs, all requests

    sent = await outbox()
    assert sorted((m.to, m.kind) for m in sent) == sorted((m.user.email, "new_request") for m in managers)
    for message in sent:
        assert f"9 requests imported from {group.name}" in message.subject
        assert f"http://testserver/desk/venues/{venue.id}" in message.text


async def test_an_import_at_a_venue_with_hire_terms_carries_the_importers_acceptance_and_answers(
    client: httpx.AsyncClient, club: dict[str, Any], calendar_server: str
) -> None:
    from scheduling.hire_answers.records import booking_record, series_record
    from venues.hire_terms.questions import QuestionDraft, add_question
    from venues.hire_terms.terms import publish_terms
    from venues.vocabulary import QuestionKind

    venue_id = club["space"].venue
    await publish_terms(venue_id, "Leave it tidy.", None)
    question = (
        await add_question(venue_id, QuestionDraft(prompt="Alcohol?", kind=QuestionKind.yes_no, required=True))
    ).id
    url = calendar_server + serve("/terms.ics", club_calendar())

    refused = await post_import(client, club, url)
    assert refused.status_code == 422 and refused.json()["type"].endswith("/terms-not-accepted")
    unanswered = await post_import(client, club, url, preview=True, terms_version=1)
    assert unanswered.status_code == 400 and unanswered.json()["field"] == "answers.1", unanswered.text
    assert await Booking.count() == 0

    answers = [{"question_id": question, "answer": "no"}]
    preview = await post_import(client, club, url, preview=True, terms_version=1, answers=answers)
    assert preview.status_code == 200 and [e["outcome"] for e in preview.json()["events"]] == ["booked", "booked"]
    made = await post_import(client, club, url, terms_version=1, answers=answers)
    assert made.status_code == 201, made.text
    weekly, once = made.json()["events"]
    assert weekly["outcome"] == "booked" and once["outcome"] == "booked"
    for record in (await series_record(weekly["series_id"]), await booking_record(once["booking_ids"][0], None)):
        assert record.accepted is not None and record.accepted.version == 1
        assert record.accepted.accepted_by_name == club["organiser"].user.display_name
        assert record.answers == [("Alcohol?", "no")]
