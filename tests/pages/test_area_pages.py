"""/admin/areas: a site admin creates an area, adds and takes out venues, names and removes officers, renames it
and deletes it after a confirmation; nobody else reaches the pages; an officer finds their areas on the account
page, linked to each area's report."""

from __future__ import annotations

import httpx

from tests.factories import Factory
from tests.pages.support import post_form, sign_in
from venues.models import Area, AreaOfficer, AreaVenue

PAGE = "/admin/areas"


async def test_an_admin_builds_an_area_from_the_desk_and_deletes_it_after_confirming(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    admin = await factory.account("admin", admin=True)
    officer = await factory.account("officer")
    bay = await factory.venue(name="Bay Hall")
    acorn = await factory.venue(name="Acorn Hall")
    await factory.venue(name="Zephyr Pavilion")
    await sign_in(client, admin)
    assert f'href="{PAGE}"' in (await client.get("/desk")).text

    created = await post_form(
        client, PAGE, {"name": "Marsh Valley Halls", "slug": "", "description": "Along\nthe marsh"}, PAGE
    )
    assert created.status_code == 303
    area_page = created.headers["location"].split("?")[0]
    area = await Area.objects().first()
    assert area is not None and area_page == f"{PAGE}/{area.id}"
    assert (area.slug, area.description) == ("marsh-valley-halls", "Along\nthe marsh")

    shown = await client.get(area_page)
    assert "No venue is in this area yet" in shown.text and "Zephyr Pavilion" in shown.text
    found = await client.get(area_page, params={"find": "hall"})
    assert "Bay Hall" in found.text and "Zephyr Pavilion" not in found.text  # the search narrows the list
    for venue in (bay, acorn):
        added = await post_form(client, f"{area_page}/venues", {"venue_id": str(venue.id)}, area_page)
        assert added.status_code == 303 and added.headers["location"] == f"{area_page}?done=venue-added"
    named = await post_form(client, f"{area_page}/officers", {"email": officer.user.email}, area_page)
    assert named.status_code == 303
    shown = await client.get(area_page)
    assert officer.user.email in shown.text and f'href="/areas/{area.id}/report"' in shown.text
    assert await AreaVenue.count() == 2 and await AreaOfficer.count() == 1
    assert "2 venues" in (await client.get(PAGE)).text

    out = await post_form(client, f"{area_page}/venues/{bay.id}/remove", {}, area_page)
    assert out.status_code == 303 and await AreaVenue.count() == 1
    removed = await post_form(client, f"{area_page}/officers/{officer.id}/remove", {}, area_page)
    assert removed.status_code == 303 and await AreaOfficer.count() == 0
    renamed = await post_form(client, area_page, {"name": "Marsh Halls", "slug": "marsh", "description": ""}, area_page)
    assert renamed.status_code == 303
    assert (await Area.select(Area.name, Area.slug).first()) == {"name": "Marsh Halls", "slug": "marsh"}

    confirm = await client.get(f"{area_page}/delete")
    assert confirm.status_code == 200 and "Delete Marsh Halls?" in confirm.text and await Area.count() == 1
    deleted = await post_form(client, f"{area_page}/delete", {}, f"{area_page}/delete")
    assert deleted.status_code == 303 and deleted.headers["location"] == f"{PAGE}?done=deleted"
    assert await Area.count() == 0
    assert "The area is deleted" in (await client.get(deleted.headers["location"])).text


async def test_refusals_read_as_the_api_gives_them_on_the_page(client: httpx.AsyncClient, factory: Factory) -> None:
    admin = await factory.account("admin", admin=True)
    venue = await factory.venue(name="Bay Hall")
    await sign_in(client, admin)
    await post_form(client, PAGE, {"name": "Marsh", "slug": "marsh"}, PAGE)
    taken = await post_form(client, PAGE, {"name": "Other", "slug": "marsh"}, PAGE)
    assert taken.status_code == 409 and "already used by another area" in taken.text and 'value="Other"' in taken.text
    bad_slug = await post_form(client, PAGE, {"name": "Other", "slug": "Not A Slug"}, PAGE)
    assert bad_slug.status_code == 400 and "lower-case letters" in bad_slug.text
    blank = await post_form(client, PAGE, {"name": "  "}, PAGE)
    assert blank.status_code == 400 and "Give the area a name" in blank.text
    area = await Area.objects().first()
    assert area is not None
    area_page = f"{PAGE}/{area.id}"
    await post_form(client, f"{area_page}/venues", {"venue_id": str(venue.id)}, area_page)
    twice = await post_form(client, f"{area_page}/venues", {"venue_id": str(venue.id)}, area_page)
    assert twice.status_code == 409 and "Bay Hall is already in this area" in twice.text
    odd = await post_form(client, f"{area_page}/venues", {"venue_id": "x"}, area_page)
    assert odd.status_code == 400
    nobody = await post_form(client, f"{area_page}/officers", {"email": "nobody@example.org"}, area_page)
    assert nobody.status_code == 404 and "No account has the email nobody@example.org" in nobody.text
    assert (await client.get(f"{PAGE}/{area.id + 1}")).status_code == 404


async def test_nobody_but_an_admin_reaches_the_area_pages(client: httpx.AsyncClient, factory: Factory) -> None:
    admin = await factory.account("admin", admin=True)
    manager = await factory.account("manager")
    await factory.venue(manager)
    await sign_in(client, admin)
    await post_form(client, PAGE, {"name": "Marsh"}, PAGE)
    area = await Area.objects().first()
    assert area is not None
    await client.post("/sign-out")
    client.cookies.clear()
    anonymous = await client.get(PAGE)
    assert anonymous.status_code in (302, 303) and "/sign-in" in anonymous.headers["location"]
    await sign_in(client, manager)
    assert f'href="{PAGE}"' not in (await client.get("/desk")).text
    for path in (PAGE, f"{PAGE}/{area.id}", f"{PAGE}/{area.id}/delete"):
        assert (await client.get(path)).status_code == 403
    refused = await post_form(client, f"{PAGE}/{area.id}/delete", {}, "/desk")
    assert refused.status_code == 403 and await Area.count() == 1


async def test_an_officer_finds_their_areas_on_the_account_page_linked_to_each_report(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    admin = await factory.account("admin", admin=True)
    officer = await factory.account("officer")
    await sign_in(client, admin)
    await post_form(client, PAGE, {"name": "Marsh Valley Halls"}, PAGE)
    await post_form(client, PAGE, {"name": "Not theirs"}, PAGE)
    mine = await Area.objects().where(Area.name == "Marsh Valley Halls").first()
    assert mine is not None
    await post_form(client, f"{PAGE}/{mine.id}/officers", {"email": officer.user.email}, f"{PAGE}/{mine.id}")
    client.cookies.clear()
    await sign_in(client, officer)
    account = await client.get("/account")
    assert "My areas" in account.text and f'href="/areas/{mine.id}/report"' in account.text
    assert "Not theirs" not in account.text
    client.cookies.clear()
    await sign_in(client, await factory.account("someone"))
    assert "My areas" not in (await client.get("/account")).text
