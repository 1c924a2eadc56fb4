"""The three journeys of the pages issue, in a real browser against the real app."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import expect

from scheduling.bookings.workflow import BookingDraft, request_booking
from tests.factories import PASSWORD, Account, Factory
from tests.pages.support import days_ahead, london
from venues.models import SpacePart


async def sign_in(page: Any, account: Account) -> None:
    await page.goto("/sign-in")
    await page.get_by_label("Email address").fill(account.user.email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_text(f"Signed in as {account.user.display_name}")).to_be_visible()


def short_day(day: Any) -> str:
    return f"{day:%a} {day.day} {day:%b}"


async def test_a_resident_finds_a_free_coffee_morning_near_a_postcode_and_subscribes(
    page: Any, live_server: str, factory: Factory
) -> None:
    hall = await factory.venue(name="Little Marsh Village Hall", postcode="LM1 2AB", latitude=51.752, longitude=-1.2577)
    far = await factory.venue(name="Farley Hub", postcode="FA9 9ZZ", latitude=52.6, longitude=-2.1)
    room, studio = await factory.space(hall, name="Small hall"), await factory.space(far, name="Studio")
    day = days_ahead(3)
    free = await factory.booking(room, london(day, 10), london(day, 12))
    await factory.activity(free, title="Marsh coffee morning", category="coffee_morning")
    paid = await factory.booking(room, london(day, 14), london(day, 15))
    await factory.activity(
        paid, title="Barista masterclass", category="coffee_morning", cost_kind="priced", price_minor=500
    )
    elsewhere = await factory.booking(studio, london(day, 10), london(day, 12))
    await factory.activity(elsewhere, title="Farley coffee", category="coffee_morning")

    await page.goto("/")
    await page.get_by_label("Near a postcode or place").fill("lm1 2ab")
    await page.get_by_label("Kind of activity").select_option("coffee_morning")
    await page.get_by_label("Free only").check()
    await page.get_by_role("button", name="Show activities").click()

    await expect(page.locator(".event h4")).to_have_text(["Marsh coffee morning"])
    await expect(page.locator("#placed")).to_contain_text("placed using the postcode of Little Marsh Village Hall")
    webcal = await page.get_by_role("link", name="Subscribe to this list").get_attribute("href")
    download = await page.get_by_role("link", name="Download the calendar file (.ics)").get_attribute("href")
    host = urlsplit(live_server).netloc
    assert webcal == download.replace("http://", "webcal://", 1)
    assert webcal.startswith(f"webcal://{host}/feeds/whats-on.ics?category=coffee_morning&free_only=true&lat=51.752")
    feed = await page.request.get(download)
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    body = await feed.text()
    assert "SUMMARY;LANGUAGE=en:Marsh coffee morning" in body
    assert "Barista" not in body and "Farley" not in body

    await page.get_by_role("link", name="Marsh coffee morning").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Marsh coffee morning")
    await expect(page.locator(".facts")).to_contain_text("Free")


async def test_a_group_asks_to_book_weekly_and_sees_the_conflict_report(page: Any, factory: Factory) -> None:
    manager = await factory.account("manager")
    organiser = await factory.account("organiser")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    space = await factory.space(venue, name="Main hall")
    await factory.rate(space, "low_cost", 800)
    await factory.group(organiser, name="Marsh Coffee Morning")
    first = days_ahead(8)
    clash = first + timedelta(days=7)
    await request_booking(
        manager.user,
        BookingDraft(space.id, datetime.combine(clash, time(11)), datetime.combine(clash, time(13)), title="Yoga"),
    )

    await sign_in(page, organiser)
    await page.goto(f"/book/spaces/{space.id}?week={first.isoformat()}")
    await page.get_by_role("link", name=f"Free {short_day(first)} 10:00").click()
    await expect(page.get_by_label("Date", exact=True)).to_have_value(first.isoformat())
    await page.get_by_label("Ends").fill("12:00")
    await page.get_by_label("Every week on that day").check()
    await page.get_by_label("Last date for a weekly booking").fill((first + timedelta(days=21)).isoformat())
    await page.get_by_label("Booking for", exact=True).select_option(label="Marsh Coffee Morning")
    await page.get_by_label("Price tier", exact=True).select_option(label="Community")
    await page.get_by_role("button", name="Check the price").click()
    await expect(page.locator("#quote")).to_contain_text("£16.00")

    await page.get_by_label("What is it called?").fill("Coffee morning")
    await page.get_by_label("How many people?").fill("20")
    await page.get_by_role("button", name="Send the request").click()
    report = page.locator("#conflicts")
    await expect(report).to_contain_text("1 of your 4 dates clashes with another booking")
    await expect(report.locator("li")).to_have_count(1)
    await expect(report.locator("li")).to_contain_text(f"{short_day(clash)}, 10:00–12:00")
    await expect(report.locator("li")).to_contain_text("Booked")

    await report.get_by_role("button", name="Book the other 3 dates").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Weekly request sent")
    await expect(page.get_by_role("status")).to_contain_text("3 dates sent for the venue to confirm")
    await page.get_by_role("link", name="See all my bookings").click()
    await expect(page.locator("section.series")).to_have_count(1)
    await expect(page.locator("section.series tbody tr")).to_have_count(3)
    await expect(page.locator("section.series tbody tr").first).to_contain_text("Waiting for the venue")


async def test_a_manager_confirms_a_request_and_it_shows_in_the_week_and_the_feed(
    page: Any, live_server: str, factory: Factory
) -> None:
    manager = await factory.account("manager")
    resident = await factory.account("resident")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    space = await factory.space(venue, name="Small hall")
    day = days_ahead(6)
    booking = await request_booking(
        resident.user,
        BookingDraft(
            space.id,
            datetime.combine(day, time(14)),
            datetime.combine(day, time(16)),
            title="Knit and natter",
            is_public=True,
        ),
    )
    await factory.activity(booking, title="Knit and natter", category="arts_and_crafts")
    feed_url = f"{live_server}/feeds/venues/{venue.id}.ics"
    assert "Knit and natter" not in await (await page.request.get(feed_url)).text()

    await sign_in(page, manager)
    await page.get_by_role("link", name="Manager desk").click()
    await page.get_by_role("link", name="Little Marsh Village Hall", exact=True).click()
    request = page.locator(f"#request-{booking.id}")
    await expect(request).to_contain_text("Knit and natter")
    await request.get_by_label("Note to the booker").fill("Tables are in the store")
    await request.get_by_role("button", name="Confirm").click()
    await expect(page.get_by_role("status")).to_have_text(
        f"Knit and natter, {short_day(day)}, 14:00–16:00 is confirmed."
    )

    await page.get_by_role("link", name="Week").click()
    await page.goto(f"/desk/venues/{venue.id}/week?week={day.isoformat()}")
    await expect(page.locator(".item.confirmed a")).to_have_text(["14:00–16:00 Knit and natter (confirmed)"])
    feed = await (await page.request.get(feed_url)).text()
    assert "SUMMARY;LANGUAGE=en:Knit and natter" in feed and "STATUS:CONFIRMED" in feed


async def test_a_manager_changes_a_spaces_set_up_on_the_desk_and_sees_the_bookings_that_stop_an_archive(
    page: Any, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    main, small = await factory.space(venue, name="Main hall"), await factory.space(venue, name="Small hall")
    whole = await factory.space(venue, name="Whole hall")
    await SpacePart.insert(SpacePart(combined=whole.id, part=main.id), SpacePart(combined=whole.id, part=small.id))
    day = days_ahead(6)
    await request_booking(
        manager.user,
        BookingDraft(whole.id, datetime.combine(day, time(10)), datetime.combine(day, time(12)), title="Jumble sale"),
    )

    await sign_in(page, manager)
    await page.goto(f"/desk/venues/{venue.id}")
    await page.get_by_role("link", name="Spaces", exact=True).click()
    whole_hall = page.locator("section", has=page.get_by_role("heading", name="Whole hall", exact=True))
    await whole_hall.get_by_role("button", name="Archive Whole hall").click()
    in_the_way = page.locator("section", has=page.get_by_role("heading", name="Bookings in the way"))
    await expect(in_the_way.get_by_role("listitem").first).to_contain_text("Jumble sale")

    whole_hall = page.locator("section", has=page.get_by_role("heading", name="Whole hall", exact=True))
    await whole_hall.get_by_label("Clean-up time after each booking (minutes)").fill("60")
    await whole_hall.get_by_role("button", name="Save Whole hall").click()
    await expect(page.get_by_role("status")).to_contain_text("The space is saved")
