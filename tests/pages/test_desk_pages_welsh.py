"""The manager's desk in Welsh: every tab at /cy/… speaks Welsh, with names in Welsh where they have them."""

from __future__ import annotations

import html
import re
from datetime import datetime, time, timedelta

import httpx

from scheduling.bookings.workflow import BookingDraft, request_booking
from scheduling.recurrence.rules import parse_rrule
from scheduling.series.create import SeriesDraft, create_series
from tests.factories import Factory
from tests.pages.support import london, next_weekday, post_form, sign_in
from venues.models import Closure, PriceTier, SpacePart

_TAG = re.compile(r"<[^>]+>")
_ATTRIBUTE = re.compile(r'(?:aria-label|title|placeholder|alt)="([^"]*)"')
_HIDDEN = re.compile(r"<(script|style|code)\b.*?</\1>", re.S)
# Words of the desk's own pages that must not be left in English (the tabs, money macros and wording are others').
ENGLISH = (
    "Your venues",
    "Previous week",
    "Held by a related space",
    "Coming closures",
    "The whole venue",
    "Opening hours of",
    "Save the opening hours",
    "Hourly rates in pounds",
    "Agreed tier",
    "Invite a co-manager",
    "Add the rule",
    "Add an extra",
    "Questions asked on every request",
    "Note to the booker",
    "Asked by",
    "One-off requests",
)


def visible(page: str) -> str:
    """The text a reader meets: the page's text and its labelling attributes, tags gone."""
    body = page.split("<main", 1)[-1].split("</main>", 1)[0]
    body = _HIDDEN.sub(" ", body)
    words = _TAG.sub(" ", body) + " " + " ".join(_ATTRIBUTE.findall(body))
    return re.sub(r"\s+", " ", html.unescape(words))


async def test_every_desk_tab_is_in_welsh_at_cy(client: httpx.AsyncClient, factory: Factory) -> None:
    manager, organiser = await factory.account("manager"), await factory.account("organiser")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall", name_cy="Neuadd Pentref Cors Fach")
    main = await factory.space(
        venue,
        name="Main hall",
        name_cy="Prif neuadd",
        requires_approval=True,
        horizon_days=400,
        setup_buffer_minutes=15,
    )
    small = await factory.space(venue, name="Small hall", name_cy="Neuadd fach")
    whole = await factory.space(venue, name="Whole hall", name_cy="Y neuadd gyfan")
    await SpacePart.insert(SpacePart(combined=whole.id, part=main.id), SpacePart(combined=whole.id, part=small.id))
    await factory.rate(main, "standard", 2400)
    group = await factory.group(organiser, name="Marsh Mums", name_cy="Mamau'r Gors")
    free = (
        await PriceTier.select(PriceTier.id).where((PriceTier.venue == venue.id) & (PriceTier.kind == "free")).first()
    )
    first = next_weekday(1)
    await create_series(
        organiser.user,
        SeriesDraft(
            main.id,
            parse_rrule("FREQ=WEEKLY;BYDAY=TU;COUNT=3"),
            first,
            time(10),
            time(12),
            title="Birthday party",
            group_id=group.id,
            tier_id=free["id"],
        ),
    )
    day = next_weekday(3)
    await factory.booking(main, london(day, 22), london(day + timedelta(days=1), 1), title="Late disco")
    await factory.booking(small, london(day, 10), london(day, 12), title="Choir", status="requested", group=group.id)
    await Closure(
        venue=venue.id, starts_on=day + timedelta(days=2), ends_on=day + timedelta(days=2), reason="Boiler"
    ).save()
    await sign_in(client, manager)
    base = f"/cy/desk/venues/{venue.id}"
    pages = {
        "/cy/desk": "Eich lleoliadau",
        base: "Ceisiadau untro",
        f"{base}/week?week={day.isoformat()}": "Yr wythnos nesaf",
        f"{base}/closures": "Cyfnodau cau sydd i ddod",
        f"{base}/hours": "Cadw'r oriau agor",
        f"{base}/spaces/{main.id}/hours": "Yn dilyn oriau agor y lleoliad",
        f"{base}/rates": "Cadw'r cyfraddau",
        f"{base}/groups": "Haen y cytunwyd arni",
        f"{base}/managers": "Gwahodd cyd-reolwr",
        f"{base}/charges": "Ychwanegu'r rheol",
        f"{base}/extras": "Ychwanegu eitem ychwanegol",
        f"{base}/terms": "Cwestiynau a ofynnir ar bob cais",
    }
    for path, welsh in pages.items():
        response = await client.get(path)
        assert response.status_code == 200, (path, response.text[:500])
        text = visible(response.text)
        assert welsh in text, path
        assert not [words for words in ENGLISH if words in text], path
    week = visible((await client.get(f"{base}/week?week={day.isoformat()}")).text)
    assert "22:00–01:00 (y diwrnod wedyn) Late disco" in week and "yn parhau o Iau 22:00" in week
    assert "Mae Prif neuadd wedi'i archebu" in week and "Ar gau: Boiler" in week and "paratoi o 21:45" in week
    queue = visible((await client.get(base)).text)
    assert "Mae 2 cais yn aros" in queue and "3 dyddiad yn aros" in queue and "Ar gyfer Mamau'r Gors" in queue


async def test_the_desks_notices_problems_and_choices_are_in_welsh(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall", name_cy="Neuadd Pentref Cors Fach")
    space = await factory.space(venue, name="Main hall", name_cy="Prif neuadd")
    await factory.rate(space, "standard", 2400)
    day = next_weekday(4, weeks_ahead=3)
    await factory.booking(space, london(day, 10), london(day, 12), title="Coffee morning")
    asked = await factory.booking(space, london(day, 14), london(day, 16), title="Craft club", status="requested")
    shut = day + timedelta(days=7)
    closed_request = await factory.booking(space, london(shut, 10), london(shut, 12), title="Quiz", status="requested")
    await Closure(venue=venue.id, starts_on=shut, ends_on=shut, reason="Boiler").save()
    await sign_in(client, manager)
    base = f"/cy/desk/venues/{venue.id}"

    async def sent(path: str, form: dict[str, str], page: str, status: int) -> str:
        response = await post_form(client, path, form, page)
        assert response.status_code == status, (path, response.text[:300])
        if status == 303:
            response = await client.get(response.headers["location"])
        text = visible(response.text)
        return text

    closures = f"{base}/closures"
    text = await sent(
        closures,
        {"starts_on": day.isoformat(), "ends_on": (day - timedelta(days=1)).isoformat(), "reason": "x"},
        closures,
        400,
    )
    assert "Ni ychwanegwyd y cyfnod cau" in text and "Mae'r diwrnod olaf ar gau" in text
    text = await sent(closures, {"starts_on": day.isoformat(), "reason": "Christmas"}, closures, 409)
    assert "Byddai hyn yn gadael 2 archeb y tu allan i'r oriau agor" in text and "Cais, heb ei gadarnhau eto" in text
    text = await sent(
        closures,
        {"starts_on": day.isoformat(), "reason": "Christmas", "resolving": "1", "fate-all": "keep"},
        closures,
        303,
    )
    assert "Ychwanegwyd y cyfnod cau. Cadwyd 2 archeb fel eithriadau." in text
    hours = f"{base}/hours"
    text = await sent(hours, {"opens-0-0": "09:00"}, hours, 400)
    assert "Dydd Llun: rhowch amser agor ac amser cau, neu ddim un o'r ddau." in text
    extras = f"{base}/extras"
    text = await sent(extras, {"new-name": " ", "new-price": "12.50"}, extras, 400)
    assert "Rhowch enw o hyd at 100 nod i'r eitem ychwanegol" in text
    text = await sent(extras, {"new-name": "Projector", "new-price": "12.50"}, extras, 303)
    assert "Mae'r eitem ychwanegol wedi'i hychwanegu." in text and "Cadw Projector" in text
    charges = f"{base}/charges"
    standard = (
        await PriceTier.select(PriceTier.id)
        .where((PriceTier.venue == venue.id) & (PriceTier.kind == "standard"))
        .first()
    )
    text = await sent(f"{base}/rates", {f"rate-{space.id}-{standard['id']}": "lots"}, f"{base}/rates", 400)
    assert "Prif neuadd, Standard: nid yw 'lots' yn swm fel 18.50." in text
    text = await sent(
        f"{charges}/rules",
        {
            "space_id": str(space.id),
            "tier_id": str(standard["id"]),
            "kind": "band",
            "name": "",
            "amount": "18",
            "weekday": "0",
            "band_starts": "18:00",
            "band_ends": "22:00",
        },
        charges,
        303,
    )
    assert "Band cyfradd: £18.00 yr awr, Llun, 18:00–22:00" in text
    text = await sent(
        f"{charges}/rules",
        {"space_id": str(space.id), "tier_id": str(standard["id"]), "kind": "minimum", "amount": "20"},
        charges,
        303,
    )
    assert "Isafswm tâl: isafswm tâl o £20.00" in text
    terms = f"{base}/terms"
    text = await sent(terms, {"text": "Leave it tidy."}, terms, 303)
    assert "Fersiwn 1 yw'r un gyfredol" in text
    text = await sent(
        f"{base}/questions", {"prompt": "Will you serve food?", "kind": "yes_no", "required": "1"}, terms, 303
    )
    assert "Will you serve food? (Ie neu na, gofynnol)" in text
    queue = base
    text = await sent(f"/cy/desk/bookings/{closed_request.id}/confirm", {"reason": ""}, queue, 422)
    assert "Heb ei chadarnhau eto" in text and "Cadarnhau beth bynnag" in text and "Neuadd Pentref Cors Fach" in text
    text = await sent(f"/cy/desk/bookings/{asked.id}/decline", {"reason": ""}, queue, 400)
    assert "Dywedwch pam rydych chi'n gwrthod" in text
    text = await sent(f"/cy/desk/bookings/{asked.id}/confirm", {"reason": "Croeso"}, queue, 303)
    assert "wedi'i chadarnhau." in text and "Craft club" in text


async def test_a_weekly_requests_conflict_report_is_in_welsh(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    space = await factory.space(venue, name="Main hall")
    first = next_weekday(2)
    taken = first + timedelta(days=7)
    await request_booking(
        manager.user,
        BookingDraft(
            space.id, datetime.combine(taken, time(18)), datetime.combine(taken, time(20)), title="Choir practice"
        ),
    )
    await sign_in(client, manager)
    form = {
        "date": first.isoformat(),
        "start": "18:00",
        "end": "20:00",
        "repeat": "weekly",
        "until": (first + timedelta(days=28)).isoformat(),
        "title": "Whist drive",
        "attendance": "10",
    }
    page = f"/cy/book/spaces/{space.id}"
    refused = await post_form(client, page, form, page)

    assert refused.status_code == 409, refused.text
    report = visible(refused.text.split('id="conflicts"')[1].split("</section>")[0])
    assert "Mae 1 o'ch 5 dyddiad yn gwrthdaro ag archeb arall" in report
    assert "Wedi'i archebu ar gyfer “Choir practice”." in report
