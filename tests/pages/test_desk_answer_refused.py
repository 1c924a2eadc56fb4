"""An answer the desk cannot give brings the manager back to the queue, not to a dead end.

Most often a request was answered in another tab, or cancelled by its organiser, while the page stood open; or the
manager pressed Decline on a weekly request without a reason. The requests page comes back with the problem on
top, the booking named by title and date, the ticked dates and typed reason kept, and nothing changed.
"""

from __future__ import annotations

import re
from datetime import timedelta

import httpx

from scheduling.bookings.workflow import BookingDraft, request_booking
from scheduling.models import Booking
from tests.factories import Factory
from tests.pages.support import london, post_form, sign_in
from tests.pages.test_desk_series_pages import Asked, statuses, tier, weekly_request


async def one_off(asked: Asked, factory: Factory) -> Booking:
    resident = await factory.account("resident")
    day = asked.dates[0] + timedelta(days=2)
    return await request_booking(
        resident.user,
        BookingDraft(
            asked.space.id,
            london(day, 18).replace(tzinfo=None),
            london(day, 21).replace(tzinfo=None),
            title="Choir",
            tier_id=await tier(asked.venue.id, "free"),
        ),
    )


def ticked(text: str, series_id: int) -> list[str]:
    form = text.split(f'id="series-{series_id}"', 1)[1].split("</form>", 1)[0]
    return re.findall(r'name="date" value="([^"]+)" checked', form)


async def test_answering_a_request_already_answered_elsewhere_returns_to_the_queue_naming_it(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await weekly_request(factory, weeks=1)
    booking = await one_off(asked, factory)
    await sign_in(client, asked.manager)
    desk = f"/desk/venues/{asked.venue.id}"
    first = await post_form(client, f"/desk/bookings/{booking.id}/confirm", {}, desk)
    assert first.status_code == 303

    again = await post_form(client, f"/desk/bookings/{booking.id}/confirm", {}, desk)
    assert again.status_code == 409
    assert "Little Marsh Village Hall: requests" in again.text and 'href="/desk"' in again.text
    assert re.search(r"Choir, \w{3} \d+ \w{3}, 18:00–21:00 is already confirmed", again.text)
    assert f"Booking {booking.id}" not in again.text

    declined = await post_form(client, f"/desk/bookings/{booking.id}/decline", {"reason": "Too late"}, desk)
    assert declined.status_code == 409 and "is already confirmed" in declined.text
    stored = await Booking.objects().where(Booking.id == booking.id).first()
    assert stored is not None and (stored.status, stored.status_reason) == ("confirmed", "")


async def test_declining_ticked_dates_without_a_reason_keeps_the_ticks_and_changes_nothing(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await weekly_request(factory, weeks=4)
    await sign_in(client, asked.manager)
    desk = f"/desk/venues/{asked.venue.id}"
    chosen = [asked.dates[1].isoformat(), asked.dates[3].isoformat()]

    refused = await post_form(client, f"/desk/series/{asked.series_id}/decline", {"date": chosen}, desk)
    assert refused.status_code == 400
    assert "Birthday party, every week on Tuesday, 4 times in all: Say why you are declining" in refused.text
    assert ticked(refused.text, asked.series_id) == chosen
    assert await statuses(asked.series_id) == ["requested"] * 4


async def test_a_series_answer_on_dates_answered_meanwhile_changes_nothing_and_keeps_the_reason(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await weekly_request(factory, weeks=3)
    await sign_in(client, asked.manager)
    desk = f"/desk/venues/{asked.venue.id}"
    every = [day.isoformat() for day in asked.dates]
    assert (
        await post_form(client, f"/desk/series/{asked.series_id}/confirm", {"date": every[:1]}, desk)
    ).status_code == 303

    stale = await post_form(
        client, f"/desk/series/{asked.series_id}/decline", {"date": every, "reason": "Fete week"}, desk
    )
    assert stale.status_code == 409
    assert "some of the ticked dates were answered or have begun since the page was opened" in stale.text
    assert ticked(stale.text, asked.series_id) == every[1:]
    assert 'value="Fete week"' in stale.text
    assert await statuses(asked.series_id) == ["confirmed", "requested", "requested"]
