"""The demo data includes bookings: confirmed ones and a request waiting for the hall's manager."""

from __future__ import annotations

from datetime import date, timedelta

import httpx

from api.demo import DEMO_BOOKINGS, seed_demo
from scheduling.models import Booking
from venues.models import Venue


async def test_the_demo_has_confirmed_bookings_and_one_request() -> None:
    await seed_demo()
    titles = [title for *_, title, _ in DEMO_BOOKINGS]
    rows = await Booking.select(Booking.title, Booking.status).where(Booking.title.is_in(titles))
    assert sorted(row["status"] for row in rows) == ["confirmed"] * 4 + ["requested"]
    assert next(row for row in rows if row["status"] == "requested")["title"] == "Village quiz night"


async def test_the_demo_fills_whats_on_with_series_and_activities(client: httpx.AsyncClient) -> None:
    await seed_demo()
    listed = (
        await client.get("/api/v1/whats-on", params={"to": (date.today() + timedelta(days=30)).isoformat()})
    ).json()
    titles = {item["activity"]["title"] for item in listed["items"]}
    assert {"Marsh coffee morning", "Five-a-side", "Knit and natter", "Open mic"} <= titles
    assert "Village quiz night" not in titles  # still a request, not yet confirmed
    coffee = next(item for item in listed["items"] if item["activity"]["title"] == "Marsh coffee morning")
    assert coffee["series_id"] is not None and coffee["group"]["name"] == "Marsh Coffee Morning"
    await seed_demo()  # a second run changes nothing
    assert (
        await client.get("/api/v1/whats-on", params={"to": (date.today() + timedelta(days=30)).isoformat()})
    ).json()["total"] == listed["total"]


async def test_the_demo_hall_has_invoices_a_part_payment_and_one_overdue(client: httpx.AsyncClient) -> None:
    from scheduling.models import Invoice, Payment
    from scheduling.payments.balances import booking_balance

    await seed_demo()
    rows = await Invoice.select(Invoice.reference, Invoice.due_on, Invoice.booking.title, Invoice.total_minor).where(
        Invoice.venue.slug == "little-marsh-village-hall"
    )
    by_title = {row["booking.title"]: row for row in rows}
    # Evening band 4 h x £25, kitchen £15, PA £20, four tables x £3, and the Main hall's £50 deposit.
    assert by_title["60th birthday party"]["total_minor"] == 10000 + 1500 + 2000 + 1200 + 5000
    assert by_title["Antiques and collectables fair"]["due_on"] < date.today()  # overdue
    assert all(row["reference"].startswith("LMVH-") for row in rows)
    party = await Booking.select(Booking.id, Booking.venue).where(Booking.title == "60th birthday party").first()
    assert party is not None
    assert (await booking_balance(party["venue"], party["id"])).paid_minor == 5000
    assert await Payment.count() == 1
    await seed_demo()  # a second run issues nothing more
    assert await Invoice.count().where(Invoice.venue.slug == "little-marsh-village-hall") == len(rows)


async def test_the_demo_treasurer_signs_in_and_sees_the_money_tab_not_requests(client: httpx.AsyncClient) -> None:
    from api.demo import DEMO_ACCOUNTS
    from tests.pages.support import post_form

    await seed_demo()
    email, password = next((e, p) for e, p, *_ in DEMO_ACCOUNTS if e.startswith("treasurer@"))
    signed = await post_form(client, "/sign-in", {"email": email, "password": password, "next": "/"}, "/sign-in")
    assert signed.status_code == 303
    hall = await Venue.objects().where(Venue.slug == "little-marsh-village-hall").first()
    assert hall is not None
    desk = f"/desk/venues/{hall.id}"
    money = await client.get(f"{desk}/money")
    assert money.status_code == 200
    assert "Marsh Antiques Ltd" in money.text  # the overdue invoice
    assert f'href="{desk}/invoices"' in money.text
    assert (await client.get(desk)).status_code == 403  # the requests tab is the managers'
    assert (await client.get(f"{desk}/invoices")).status_code == 200


async def test_the_demo_has_past_sessions_recorded_and_two_waiting_for_the_organiser() -> None:
    from api.demo import DEMO_ATTENDANCE
    from scheduling.attendance.waiting import waiting_for
    from scheduling.models import SessionRecord
    from venues.core import clock
    from venues.models import User

    await seed_demo()
    rows = await SessionRecord.select(
        SessionRecord.held, SessionRecord.headcount, SessionRecord.first_timers, SessionRecord.booking.title
    ).order_by(SessionRecord.booking.starts_at)
    assert [(r["held"], r["headcount"], r["first_timers"]) for r in rows] == DEMO_ATTENDANCE
    assert {r["booking.title"] for r in rows} == {"Coffee and crafts"}
    organiser = await User.objects().where(User.email == "organiser@commonroom.example").first()
    assert organiser is not None
    waiting, total = await waiting_for(organiser, clock.now(), 50, 0)
    assert [item.booking.title for item in waiting] == ["Coffee and crafts"] * 2 and total == 2
    await seed_demo()  # a second run records nothing more
    assert await SessionRecord.count() == len(DEMO_ATTENDANCE)


async def test_the_demo_area_holds_the_demo_venues_and_its_officer_reads_them(client: httpx.AsyncClient) -> None:
    from api.demo import DEMO_ACCOUNTS, DEMO_AREA

    await seed_demo()
    email, password = next((e, p) for e, p, *_ in DEMO_ACCOUNTS if e.startswith("officer@"))
    login = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert login.status_code == 200, login.text
    mine = (await client.get("/api/v1/areas/mine", headers={"Authorization": f"Bearer {login.json()['token']}"})).json()
    assert [(area["name"], area["venue_count"]) for area in mine["items"]] == [(DEMO_AREA, 3)]
    await seed_demo()  # a second run adds no second area
    assert (await client.get("/api/v1/areas")).json()["total"] == 1


async def test_the_demos_confirmed_bookings_carry_their_hire_and_standard_price_and_one_listing_is_drop_in() -> None:
    from scheduling.models import Activity

    await seed_demo()
    confirmed = await Booking.select(Booking.title, Booking.hire_minor, Booking.standard_hire_minor).where(
        Booking.status == "confirmed"
    )
    assert confirmed and all(row["standard_hire_minor"] is not None for row in confirmed), confirmed
    # The coffee morning's group has the hall's free tier: nothing charged, its standard price kept for reports.
    coffee = [row for row in confirmed if row["title"] == "Marsh coffee morning"]
    assert coffee and all(row["hire_minor"] == 0 < row["standard_hire_minor"] for row in coffee), coffee
    drop_in = await Activity.select(Activity.title).where(Activity.drop_in.eq(True))
    assert [row["title"] for row in drop_in] == ["Marsh coffee morning"]
