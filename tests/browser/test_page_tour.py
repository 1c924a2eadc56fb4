"""Every page type, seeded with the demo: no serious or critical axe-core violations, nothing wider than a
phone's screen, and screenshots at phone and desktop widths; a representative set again in Welsh (``/cy/``), with
the same rules, photographed as ``<name>-cy``."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from playwright.async_api import expect

from api.demo import seed_demo
from scheduling.models import Activity, Booking, Group, Invoice
from tests.browser.conftest import PHONE, screenshot_both, serious_violations
from tests.factories import Factory
from venues.models import Area, Space, Venue
from venues.opening.closures import add_closure

ORGANISER = ("organiser@commonroom.example", "demo-organiser-pass")
MANAGER = ("hall@commonroom.example", "demo-manager-pass")
ADMIN = ("admin@commonroom.example", "demo-admin-pass")
TREASURER = ("treasurer@commonroom.example", "demo-treasurer-pass")
OFFICER = ("officer@commonroom.example", "demo-officer-pass")


async def seed(factory: Factory) -> dict[str, int]:
    """The demo: venues, accounts, a weekly coffee morning run by a group, listed one-offs; and a closure."""
    await seed_demo()
    hall = await Venue.objects().where(Venue.slug == "little-marsh-village-hall").first()
    small = await Space.objects().where((Space.venue == hall.id) & (Space.name == "Small hall")).first()
    group = await Group.objects().where(Group.slug == "marsh-coffee-morning").first()
    coffee = await Activity.objects().where(Activity.series.group == group.id).first()
    first = date.today() + timedelta(days=2)
    await add_closure(hall.id, first + timedelta(days=20), first + timedelta(days=21), "Floor repairs", None)
    party = await Booking.objects().where(Booking.title == "60th birthday party").first()
    invoice = await Invoice.objects().where(Invoice.venue == hall.id).order_by(Invoice.id).first()
    assert invoice is not None, "the demo confirms no paid booking: the tour has no invoice to show"
    crafts = (
        await Booking.objects()
        .where(Booking.title == "Coffee and crafts")
        .order_by(Booking.starts_at, ascending=False)
        .first()
    )
    assert crafts is not None, "the demo has no past sessions: the tour has no attendance to show"
    area = await Area.objects().first()
    assert area is not None, "the demo defines no area: the tour has no admin area page to show"
    return {
        "area": area.id,
        "hall": hall.id,
        "small": small.id,
        "group": group.id,
        "coffee": coffee.id,
        "party": party.id,
        "invoice": invoice.id,
        "crafts": crafts.id,
    }


async def sign_in(page: Any, email: str, password: str) -> None:
    await page.goto("/sign-in")
    await page.get_by_label("Email address").fill(email)
    await page.get_by_label("Password").fill(password)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("button", name="Sign out")).to_be_visible()


async def time_range_gap(page: Any) -> float:
    """Pixels between the first listed date's start time and its end time, across the dash between them."""
    await page.set_viewport_size({"width": 1280, "height": 800})
    times = page.locator("ul.dates li").first.locator("time")
    start, end = await times.nth(0).bounding_box(), await times.nth(1).bounding_box()
    assert start is not None and end is not None
    return float(end["x"] - (start["x"] + start["width"]))


async def test_every_page_type_passes_axe_and_is_photographed_at_phone_and_desktop_width(
    page: Any, factory: Factory
) -> None:
    ids = await seed(factory)
    today = datetime.now(UTC).date()
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
        "venue-impact": f"/venues/{ids['hall']}/impact",
        "areas": "/areas",
        "open-data": "/openactive",
        "area-impact": "/areas/marsh-valley-halls/impact",
    }
    organiser = {
        "book-space": f"/book/spaces/{ids['small']}?week={week}&date={week}&start=14:00&end=16:00",
        "my-bookings": "/my/bookings",
        "booking-money": f"/bookings/{ids['party']}",
        "group-organiser": f"/groups/{ids['group']}",
        "attendance": f"/bookings/{ids['crafts']}/attendance?back=mine",
        "group-report": f"/groups/{ids['group']}/report",
    }
    manager = {
        "desk": "/desk",
        "desk-requests": f"/desk/venues/{ids['hall']}",
        "desk-week": f"/desk/venues/{ids['hall']}/week?week={week}",
        "desk-attendance": f"/desk/venues/{ids['hall']}/attendance",
        "desk-closures": f"/desk/venues/{ids['hall']}/closures",
        "desk-hours": f"/desk/venues/{ids['hall']}/hours",
        "desk-rates": f"/desk/venues/{ids['hall']}/rates",
        "desk-spaces": f"/desk/venues/{ids['hall']}/spaces",
        "desk-charges": f"/desk/venues/{ids['hall']}/charges",
        "desk-extras": f"/desk/venues/{ids['hall']}/extras",
        "desk-terms": f"/desk/venues/{ids['hall']}/terms",
        "desk-open-data": f"/desk/venues/{ids['hall']}/open-data",
        "desk-money-statement": f"/desk/venues/{ids['hall']}/money/groups/{ids['group']}",
        "invoice": f"/invoices/{ids['invoice']}",
    }
    treasurer = {
        "desk-invoices": f"/desk/venues/{ids['hall']}/invoices",
        "desk-money": f"/desk/venues/{ids['hall']}/money",
        "desk-money-settings": f"/desk/venues/{ids['hall']}/money-settings",
        "desk-report": f"/desk/venues/{ids['hall']}/report",
    }
    officer = {"account-officer": "/account", "area-report": f"/areas/{ids['area']}/report"}
    admin = {
        "admin-outbox": "/admin/outbox",
        "admin-areas": "/admin/areas",
        "admin-area": f"/admin/areas/{ids['area']}",
        "admin-area-delete": f"/admin/areas/{ids['area']}/delete",
    }
    # The same pages in Welsh (``/cy/…``), a representative set: longer words, another <html lang>, same rules.
    welsh = {
        None: {name: public[name] for name in ("whats-on", "venue", "activity")},
        ORGANISER: {"book-space": organiser["book-space"]},
        MANAGER: {"desk": manager["desk"], "desk-requests": manager["desk-requests"]},
        TREASURER: {"desk-report": treasurer["desk-report"]},
    }
    violations: dict[str, list[dict[str, Any]]] = {}
    too_wide: dict[str, int] = {}
    split_times: dict[str, float] = {}
    for account, pages in (
        (None, public),
        (ORGANISER, organiser),
        (MANAGER, manager),
        (TREASURER, treasurer),
        (OFFICER, officer),
        (ADMIN, admin),
    ):
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
            if name == "activity":
                split_times[name] = await time_range_gap(page)
    for account, pages in welsh.items():
        await page.context.clear_cookies()
        if account is not None:
            await sign_in(page, *account)
        for name, path in pages.items():
            await page.goto(f"/cy{path}")
            await expect(page.locator("html")).to_have_attribute("lang", "cy")
            await expect(page.get_by_role("heading", level=1)).to_be_visible()
            width = await screenshot_both(page, f"{name}-cy")
            if width > PHONE["width"]:
                too_wide[f"{name}-cy"] = width
            found = await serious_violations(page)
            if found:
                violations[f"{name}-cy"] = found
    assert violations == {}
    assert split_times["activity"] < 20, "an activity's start and end times are spread apart by another page's style"
    assert too_wide == {}
