"""Every page type, seeded with the demo: no serious or critical axe-core violations, nothing wider than a
phone's screen, and screenshots at phone and desktop widths."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from playwright.async_api import expect

from api.demo import seed_demo
from scheduling.activities import attach_activity
from scheduling.activity_access import booking_owner, series_owner
from scheduling.models import Booking, GroupOrganiser
from scheduling.recurrence import WEEKDAYS, RecurrenceRule
from scheduling.series_bookings import SeriesDraft, create_series
from scheduling.vocabulary import Frequency
from tests.browser.conftest import PHONE, screenshot_both, serious_violations
from tests.factories import Factory
from venues.closures import add_closure
from venues.models import Space, User, Venue

ORGANISER = ("organiser@commonroom.example", "demo-organiser-pass")
MANAGER = ("hall@commonroom.example", "demo-manager-pass")


async def seed(factory: Factory) -> dict[str, int]:
    """The demo venues and accounts, a weekly coffee morning and a few listed one-offs."""
    await seed_demo()
    organiser = await User.objects().where(User.email == ORGANISER[0]).first()
    hall = await Venue.objects().where(Venue.slug == "little-marsh-village-hall").first()
    small = await Space.objects().where((Space.venue == hall.id) & (Space.name == "Small hall")).first()
    group = await factory.group(
        name="Marsh Coffee Morning",
        description="Tea, cake and company for everyone in the village.",
        website="https://coffee.example",
        public_email="coffee@example.org",
    )
    await GroupOrganiser(group=group.id, user=organiser.id).save()
    first = date.today() + timedelta(days=2)
    made = await create_series(
        organiser,
        SeriesDraft(
            small.id,
            RecurrenceRule(Frequency.weekly, 1, (WEEKDAYS[first.weekday()],)),
            first,
            time(10),
            time(12),
            title="Marsh coffee morning",
            attendance=25,
            is_public=True,
            group_id=group.id,
        ),
    )
    coffee = await attach_activity(
        organiser,
        series_owner(made.series),
        {
            "title": "Marsh coffee morning",
            "description": "Drop in for tea, coffee and home-made cake. Everyone welcome.",
            "category": "coffee_morning",
            "audience": "older_people",
            "cost_kind": "free",
            "public_email": "coffee@example.org",
            "accessibility_notes": "Step-free from the car park; a quiet corner is kept free.",
        },
    )
    listed = {
        "Knit and natter": ("arts_and_crafts", "free", 0),
        "Harvest supper": ("family", "priced", 800),
        "Open mic": ("music", "pay_what_you_can", 0),
    }
    for booking in await Booking.objects().where(Booking.title.is_in(list(listed)) & (Booking.status == "confirmed")):
        category, cost, price = listed[booking.title]
        manager = await User.objects().where(User.id == booking.booked_by).first()
        await attach_activity(
            manager,
            booking_owner(booking),
            {"title": booking.title, "category": category, "cost_kind": cost, "price_minor": price},
        )
    await add_closure(hall.id, first + timedelta(days=20), first + timedelta(days=21), "Floor repairs", None)
    return {"hall": hall.id, "small": small.id, "group": group.id, "coffee": coffee.id}


async def sign_in(page: Any, email: str, password: str) -> None:
    await page.goto("/sign-in")
    await page.get_by_label("Email address").fill(email)
    await page.get_by_label("Password").fill(password)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("button", name="Sign out")).to_be_visible()


async def test_every_page_type_passes_axe_and_is_photographed_at_phone_and_desktop_width(
    page: Any, factory: Factory
) -> None:
    ids = await seed(factory)
    today = datetime.now(timezone.utc).date()
    week = (today + timedelta(days=2)).isoformat()
    public = {
        "whats-on": "/",
        "activity": f"/activities/{ids['coffee']}",
        "venue": f"/venues/{ids['hall']}",
        "group": f"/groups/{ids['group']}",
        "venues": "/venues",
        "book": "/book",
        "sign-in": "/sign-in",
        "not-found": "/venues/999999",
    }
    organiser = {
        "book-space": f"/book/spaces/{ids['small']}?week={week}&date={week}&start=14:00&end=16:00",
        "my-bookings": "/my/bookings",
    }
    manager = {
        "desk": "/desk",
        "desk-requests": f"/desk/venues/{ids['hall']}",
        "desk-week": f"/desk/venues/{ids['hall']}/week?week={week}",
        "desk-closures": f"/desk/venues/{ids['hall']}/closures",
        "desk-hours": f"/desk/venues/{ids['hall']}/hours",
        "desk-rates": f"/desk/venues/{ids['hall']}/rates",
    }
    violations: dict[str, list[dict[str, Any]]] = {}
    too_wide: dict[str, int] = {}
    for account, pages in ((None, public), (ORGANISER, organiser), (MANAGER, manager)):
        if account is not None:
            await page.context.clear_cookies()
            await sign_in(page, *account)
        for name, path in pages.items():
            await page.goto(path)
            await expect(page.get_by_role("heading", level=1)).to_be_visible()
            width = await screenshot_both(page, name)
            if width > PHONE["width"]:
                too_wide[name] = width
            found = await serious_violations(page)
            if found:
                violations[name] = found
    assert violations == {}
    assert too_wide == {}
