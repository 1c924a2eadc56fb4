"""/bookings/{id}/attendance and the desk's Attendance tab over HTTP: the form works without the script, starts
from last time, shows refused numbers on the form, goes back where the person came from with what was saved, and
the booking page, My bookings and the desk link to it."""

from __future__ import annotations

import html

import httpx

from scheduling.models import SessionRecord
from tests.factories import Factory
from tests.pages.support import form_token, post_form, sign_in
from tests.scheduling.attendance.support import World, world
from venues.core import clock


async def signed_in_world(client: httpx.AsyncClient, factory: Factory, who: str = "organiser") -> World:
    w = await world(factory, clock.now())
    await sign_in(client, getattr(w, who))
    return w


def form_path(booking_id: int, back: str = "") -> str:
    return f"/bookings/{booking_id}/attendance" + (f"?back={back}" if back else "")


async def test_my_bookings_lists_sessions_to_record_and_saving_returns_there_with_the_numbers(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    w = await signed_in_world(client, factory)
    session = await w.session(2, title="Youth club")
    await w.session(-2, title="Next week's club")
    mine = await client.get("/my/bookings")
    assert 'id="to-record"' in mine.text
    assert f'href="/bookings/{session.id}/attendance?back=mine"' in mine.text
    assert "Next week&#39;s club" not in mine.text.split('id="to-record"')[1].split("</section>")[0]
    form = await client.get(form_path(session.id, "mine"))
    assert form.status_code == 200
    assert 'inputmode="numeric"' in form.text and 'name="_csrf_token"' in form.text
    saved = await post_form(
        client,
        form_path(session.id),
        {"back": "mine", "held": "yes", "headcount": "23", "first_timers": "4"},
        form_path(session.id, "mine"),
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/my/bookings?recorded={session.id}"
    back = await client.get(saved.headers["location"])
    assert "Saved: Youth club" in back.text and "23 came, 4 for the first time" in back.text
    assert 'id="to-record"' not in back.text  # nothing left to record
    rows = await SessionRecord.select(SessionRecord.held, SessionRecord.headcount, SessionRecord.first_timers)
    assert rows == [{"held": True, "headcount": 23, "first_timers": 4}]


async def test_refused_numbers_are_shown_on_the_form_with_what_was_typed(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    w = await signed_in_world(client, factory)
    session = await w.session(2)
    for values, status, words in (
        ({"held": "yes", "headcount": "5", "first_timers": "9"}, 422, "no more than the headcount"),
        ({"held": "yes", "headcount": "", "first_timers": ""}, 400, "Say how many people came"),
        ({"held": "yes", "headcount": "-3", "first_timers": ""}, 400, "from 0 to 100,000"),
        ({"held": "yes", "headcount": "lots", "first_timers": ""}, 400, "is not a whole number"),
        ({"held": "", "headcount": "5", "first_timers": ""}, 400, "Choose whether the session happened"),
    ):
        refused = await post_form(client, form_path(session.id), {"back": "booking", **values}, form_path(session.id))
        assert refused.status_code == status, (values, refused.status_code)
        assert 'id="attendance-problem"' in refused.text and words in html.unescape(refused.text)
        assert f'value="{values["headcount"]}"' in refused.text
    assert await SessionRecord.count() == 0


async def test_didnt_happen_leaves_the_numbers_out(client: httpx.AsyncClient, factory: Factory) -> None:
    w = await signed_in_world(client, factory)
    session = await w.session(2)
    saved = await post_form(
        client,
        form_path(session.id),
        {"back": "booking", "held": "no", "headcount": "12", "first_timers": ""},
        form_path(session.id),
    )
    assert (saved.status_code, saved.headers["location"]) == (303, f"/bookings/{session.id}?recorded={session.id}")
    page = await client.get(saved.headers["location"])
    assert "did not happen" in page.text and 'id="attendance-heading"' in page.text
    assert await SessionRecord.select(SessionRecord.held, SessionRecord.headcount) == [
        {"held": False, "headcount": None}
    ]


async def test_a_series_date_starts_from_last_time_and_a_record_from_itself(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    w = await signed_in_world(client, factory)
    series = await factory.series(w.space, w.now.date(), w.now.time(), w.now.time(), group=w.group.id)
    last_week = await w.session(24 * 7, series=series.id)
    today = await w.session(1, series=series.id)
    await post_form(
        client,
        form_path(last_week.id),
        {"back": "booking", "held": "yes", "headcount": "17", "first_timers": "3"},
        form_path(last_week.id),
    )
    form = await client.get(form_path(today.id))
    assert 'id="last-time"' in form.text
    assert 'id="headcount" name="headcount"' in form.text and 'value="17"' in form.text and 'value="3"' in form.text
    again = await client.get(form_path(last_week.id))
    assert 'id="recorded-now"' in again.text and "17 came, 3 for the first time" in again.text


async def test_before_it_starts_there_is_no_form_and_the_booking_page_offers_none(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    w = await signed_in_world(client, factory)
    later = await w.session(-3)
    form = await client.get(form_path(later.id))
    assert 'id="not-recordable"' in form.text and "once it has started" in form.text
    assert 'action="/bookings/' not in form.text.split("<main")[1]
    booking_page = await client.get(f"/bookings/{later.id}")
    assert "/attendance" not in booking_page.text
    refused = await post_form(
        client, form_path(later.id), {"back": "booking", "held": "yes", "headcount": "3"}, "/my/bookings"
    )
    assert refused.status_code == 422 and "once it has started" in refused.text


async def test_others_may_not_open_the_form(client: httpx.AsyncClient, factory: Factory) -> None:
    w = await signed_in_world(client, factory, "stranger")
    session = await w.session(2)
    assert (await client.get(form_path(session.id))).status_code == 403
    assert (await client.get(form_path(999_999))).status_code == 404


async def test_a_strangers_form_for_a_private_session_is_the_unknown_ids_404(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    w = await signed_in_world(client, factory, "stranger")
    private = await w.session(2, is_public=False, title="Private party")
    for booking_id in (private.id, 999_999):
        form = await client.get(form_path(booking_id))
        assert form.status_code == 404 and "Private party" not in form.text
        assert (await client.get(f"/bookings/{booking_id}")).status_code == 404
    sent = await post_form(client, form_path(private.id), {"back": "booking", "held": "no"}, "/my/bookings")
    assert sent.status_code == 404
    cleared = await post_form(client, form_path(private.id) + "/clear", {"back": "booking"}, "/my/bookings")
    assert cleared.status_code == 404


async def test_the_booking_page_links_a_past_session_to_its_record(client: httpx.AsyncClient, factory: Factory) -> None:
    w = await signed_in_world(client, factory, "booker")
    session = await w.session(2)
    page = await client.get(f"/bookings/{session.id}")
    assert f'href="/bookings/{session.id}/attendance"' in page.text and "Record attendance" in page.text


async def test_the_desk_lists_the_venues_sessions_waiting_and_saving_returns_there(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    w = await signed_in_world(client, factory, "manager")
    session = await w.session(2, title="Tai chi", group=None, booked_by=None)
    desk = await client.get(f"/desk/venues/{w.venue.id}/attendance")
    assert desk.status_code == 200 and 'aria-current="page">Attendance' in desk.text
    assert f'href="/bookings/{session.id}/attendance?back=desk"' in desk.text
    token = await form_token(client, form_path(session.id, "desk"))
    saved = await client.post(
        form_path(session.id),
        data={"back": "desk", "held": "yes", "headcount": "9", "first_timers": "", "_csrf_token": token},
    )
    assert saved.headers["location"] == f"/desk/venues/{w.venue.id}/attendance?recorded={session.id}"
    back = await client.get(saved.headers["location"])
    assert "Saved: Tai chi" in back.text and "Every session of the last 60 days is recorded." in back.text
    assert "9 came" in back.text.split('id="recent-heading"')[1]
    cleared = await post_form(client, form_path(session.id) + "/clear", {"back": "desk"}, form_path(session.id))
    assert cleared.headers["location"] == f"/bookings/{session.id}/attendance?back=desk&cleared=1"
    assert await SessionRecord.count() == 0


async def test_the_desk_tab_is_for_the_venues_managers(client: httpx.AsyncClient, factory: Factory) -> None:
    w = await signed_in_world(client, factory, "organiser")
    assert (await client.get(f"/desk/venues/{w.venue.id}/attendance")).status_code == 403
