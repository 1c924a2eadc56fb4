"""The money, invoice, report, area and outbox pages at /cy/: every interface string of theirs is in Welsh (no text
of the page is left as an English string the catalogue translates), with dates and amounts as Welsh writes them."""

from __future__ import annotations

import html
import re
from datetime import date

import httpx
from babel.messages.pofile import read_po

from scheduling.payments.record import PaymentDraft, record_payment
from tests.api.test_admin_outbox import failed_and_pending
from tests.factories import Factory
from tests.pages.support import post_form, sign_in
from tests.pages.test_desk_money import ENDS, STARTS, hall
from tests.pages.test_money_links import priced_booking
from tests.scheduling.payments.support import issued
from venues.core.i18n.catalogues import po_path

TAG = re.compile(r"<[^>]+>")


def _english_left() -> set[str]:
    """Every catalogue string whose Welsh differs from its English: seen whole in a Welsh page, it was missed."""
    with po_path("cy").open("rb") as source:
        catalogue = read_po(source, locale="cy")
    left = set()
    for message in catalogue:
        if message.id and isinstance(message.id, str) and message.string and message.string != message.id:
            if "%" not in message.id and "<" not in message.id and len(message.id) > 3:
                left.add(message.id)
    return left


def _texts(page: str) -> list[str]:
    """The page's text pieces and its attributes people read, between the skip link and the end of main."""
    main = page[page.find("<main") : page.find("</main>")]
    # The desk's tabs and breadcrumb are the desk pages' own (desk_tabs.html.j2), translated with them.
    main = re.sub(r'<p class="small"><a href="/desk">.*?</p>', "", main, count=1, flags=re.S)
    main = re.sub(r'<nav aria-label="[^"]*">\s*<ul class="tabs">.*?</nav>', "", main, count=1, flags=re.S)
    pieces = [html.unescape(piece).strip() for piece in TAG.split(main)]
    attributes = re.findall(r'(?:aria-label|title|placeholder|alt)="([^"]*)"', main)
    return [piece for piece in pieces + [html.unescape(a) for a in attributes] if piece]


def _untranslated(page: str) -> list[str]:
    english = _english_left()
    return [text for text in _texts(page) if text in english]


async def test_the_money_pages_speak_welsh(client: httpx.AsyncClient, factory: Factory) -> None:
    manager, booker, venue, booking, invoice = await priced_booking(factory)
    await record_payment(
        venue.id,
        PaymentDraft(kind="payment", method="bank_transfer", amount_minor=3000, booking_id=booking.id),
        manager.id,
    )
    await sign_in(client, manager)
    base = f"/cy/desk/venues/{venue.id}"
    for path in (
        f"{base}/money",
        f"{base}/money-settings",
        f"{base}/invoices",
        f"/cy/invoices/{invoice.id}",
        f"{base}/report",
    ):
        page = await client.get(path)
        assert page.status_code == 200, path
        assert '<html lang="cy"' in page.text, path
        assert _untranslated(page.text) == [], path
    money = html.unescape((await client.get(f"{base}/money")).text)
    assert "Cofnodi taliad" in money and "Trosglwyddiad banc" in money and "trosglwyddiad banc" in money
    shown = html.unescape((await client.get(f"/cy/invoices/{invoice.id}")).text)
    assert "Anfoneb" in shown and "Cyfanswm i'w dalu: £90.00" in shown
    report = html.unescape((await client.get(f"{base}/report")).text)
    assert "Y mis diwethaf" in report and "Defnydd yn ôl diwrnod o'r wythnos" in report
    pdf = await client.get(f"/cy/invoices/{invoice.id}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


async def test_a_statement_speaks_welsh(client: httpx.AsyncClient, factory: Factory) -> None:
    manager, treasurer, venue, space = await hall(factory)
    organiser = await factory.account("organiser")
    group = await factory.group(organiser, name="Choir")
    await factory.booking(space, STARTS, ENDS, group=group.id)
    await issued(venue.id, [(6000, 0)], date(2026, 3, 1), group=group.id)
    payment = PaymentDraft(kind="payment", method="bank_transfer", amount_minor=1000, group_id=group.id)
    await record_payment(venue.id, payment, manager.id)
    await sign_in(client, treasurer)
    page = await client.get(f"/cy/desk/venues/{venue.id}/money/groups/{group.id}")
    assert page.status_code == 200
    assert _untranslated(page.text) == []
    text = html.unescape(page.text)
    assert "Choir: datganiad yn" in text and "wedi'i dderbyn (trosglwyddiad banc)" in text


async def test_the_admin_pages_speak_welsh(client: httpx.AsyncClient, factory: Factory) -> None:
    await failed_and_pending()
    admin = await factory.account("admin", admin=True)
    await factory.venue(name="Bay Hall")
    await sign_in(client, admin)
    created = await post_form(client, "/admin/areas", {"name": "Marsh Valley Halls", "slug": ""}, "/admin/areas")
    area_page = created.headers["location"].split("?")[0]
    for path in (
        "/cy/admin/outbox",
        "/cy/admin/outbox?status=pending",
        "/cy/admin/areas",
        f"/cy{area_page}",
        f"/cy{area_page}/delete",
        f"/cy/areas/{area_page.rsplit('/', 1)[1]}/report",
    ):
        page = await client.get(path)
        assert page.status_code == 200, path
        assert _untranslated(page.text) == [], path
    outbox = html.unescape((await client.get("/cy/admin/outbox")).text)
    assert "Post sy'n mynd allan" in outbox and "Heb ei hanfon: rhoddwyd y gorau iddi" in outbox
