"""/api/v1/areas: areas are public (no officer in sight), only admins change them, adding twice is a 409, unknown
ids are 404s; and who reads which report (venue, area, group) by role."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from scheduling.groups import reads_group_reports
from tests.factories import Account, Factory
from venues.models import AreaOfficer, AreaVenue
from venues.permissions import area_ids_read_by, reads_area_reports, reads_venue_reports

API = "/api/v1/areas"


async def make_area(client: httpx.AsyncClient, admin: Account, **body: Any) -> dict[str, Any]:
    response = await client.post(API, json={"name": "Marsh Valley Halls", **body}, headers=admin.headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_an_admin_creates_an_area_fills_it_and_names_an_officer(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    admin = await factory.account("admin", admin=True)
    officer = await factory.account("officer")
    first, second = await factory.venue(name="Bay Hall"), await factory.venue(name="Acorn Hall")
    area = await make_area(client, admin, description="Halls along the marsh")
    assert (area["slug"], area["venues"], area["venue_count"]) == ("marsh-valley-halls", [], 0)
    for venue in (first, second):
        added = await client.put(f"{API}/{area['id']}/venues/{venue.id}", headers=admin.headers)
        assert added.status_code == 204
    named = await client.post(f"{API}/{area['id']}/officers", json={"email": officer.user.email}, headers=admin.headers)
    assert named.status_code == 201 and named.json()["user_id"] == officer.id

    shown = (await client.get(f"{API}/{area['id']}")).json()
    assert shown["venues"] == [{"id": second.id, "name": "Acorn Hall"}, {"id": first.id, "name": "Bay Hall"}]
    listed = (await client.get(API)).json()
    assert listed["total"] == 1 and listed["items"][0]["venue_count"] == 2
    officers = (await client.get(f"{API}/{area['id']}/officers", headers=admin.headers)).json()
    assert [o["email"] for o in officers["items"]] == [officer.user.email]
    mine = (await client.get(f"{API}/mine", headers=officer.headers)).json()
    assert [a["id"] for a in mine["items"]] == [area["id"]]

    renamed = await client.patch(f"{API}/{area['id']}", json={"name": "Marsh Halls"}, headers=admin.headers)
    assert renamed.status_code == 200 and renamed.json()["name"] == "Marsh Halls"
    assert renamed.json()["slug"] == "marsh-valley-halls"  # a public address stays put
    out = await client.delete(f"{API}/{area['id']}/venues/{first.id}", headers=admin.headers)
    assert out.status_code == 204 and (await client.get(f"{API}/{area['id']}")).json()["venue_count"] == 1
    gone = await client.delete(f"{API}/{area['id']}/officers/{officer.id}", headers=admin.headers)
    assert gone.status_code == 204 and (await client.get(f"{API}/mine", headers=officer.headers)).json()["total"] == 0
    deleted = await client.delete(f"{API}/{area['id']}", headers=admin.headers)
    assert deleted.status_code == 204 and (await client.get(API)).json()["total"] == 0


async def test_the_public_list_and_an_area_hold_no_officer_email_or_name(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    admin = await factory.account("admin", admin=True)
    officer = await factory.account("zzmarkerofficer")
    area = await make_area(client, admin)
    await client.put(f"{API}/{area['id']}/venues/{(await factory.venue()).id}", headers=admin.headers)
    await client.post(f"{API}/{area['id']}/officers", json={"email": officer.user.email}, headers=admin.headers)
    for path in (API, f"{API}/{area['id']}"):
        public = await client.get(path)
        assert public.status_code == 200
        assert "zzmarkerofficer" not in public.text.lower() and officer.user.email not in public.text
    assert "zzmarkerofficer" in (await client.get(f"{API}/{area['id']}/officers", headers=admin.headers)).text


async def test_only_an_admin_changes_an_area_or_sees_its_officers(client: httpx.AsyncClient, factory: Factory) -> None:
    admin = await factory.account("admin", admin=True)
    manager = await factory.account("manager")
    venue = await factory.venue(manager)
    area = await make_area(client, admin)
    await client.post(f"{API}/{area['id']}/officers", json={"email": manager.user.email}, headers=admin.headers)
    writes = [
        ("POST", API, {"name": "Mine"}),
        ("PATCH", f"{API}/{area['id']}", {"name": "Taken over"}),
        ("DELETE", f"{API}/{area['id']}", None),
        ("PUT", f"{API}/{area['id']}/venues/{venue.id}", None),
        ("DELETE", f"{API}/{area['id']}/venues/{venue.id}", None),
        ("GET", f"{API}/{area['id']}/officers", None),
        ("POST", f"{API}/{area['id']}/officers", {"email": manager.user.email}),
        ("DELETE", f"{API}/{area['id']}/officers/{manager.id}", None),
    ]
    for method, path, body in writes:
        anonymous = await client.request(method, path, json=body)
        assert anonymous.status_code == 401, (method, path)
        # Even an officer of the area who manages the venue may not change the area.
        refused = await client.request(method, path, json=body, headers=manager.headers)
        assert refused.status_code == 403, (method, path, refused.text)
        assert refused.headers["content-type"].startswith("application/problem+json")
    assert (await client.get(f"{API}/{area['id']}")).json()["name"] == "Marsh Valley Halls"
    assert await AreaVenue.count() == 0 and await AreaOfficer.count() == 1
    assert (await client.get(f"{API}/mine")).status_code == 401


async def test_adding_twice_and_a_slug_taken_are_conflicts_not_errors(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    admin = await factory.account("admin", admin=True)
    officer = await factory.account("officer")
    venue = await factory.venue()
    area = await make_area(client, admin, slug="marsh")
    again = await client.post(API, json={"name": "Other", "slug": "marsh"}, headers=admin.headers)
    assert again.status_code == 409 and again.json()["field"] == "slug"
    other = await make_area(client, admin, name="Other")
    clash = await client.patch(f"{API}/{other['id']}", json={"slug": "marsh"}, headers=admin.headers)
    assert clash.status_code == 409
    path = f"{API}/{area['id']}/venues/{venue.id}"
    assert (await client.put(path, headers=admin.headers)).status_code == 204
    twice = await client.put(path, headers=admin.headers)
    assert twice.status_code == 409 and twice.headers["content-type"].startswith("application/problem+json")
    officers = f"{API}/{area['id']}/officers"
    assert (await client.post(officers, json={"email": officer.user.email}, headers=admin.headers)).status_code == 201
    named_twice = await client.post(officers, json={"email": officer.user.email}, headers=admin.headers)
    assert named_twice.status_code == 409 and named_twice.json()["field"] == "email"


async def test_unknown_areas_venues_accounts_and_bad_input(client: httpx.AsyncClient, factory: Factory) -> None:
    admin = await factory.account("admin", admin=True)
    venue = await factory.venue()
    area = await make_area(client, admin)
    missing = area["id"] + 1
    not_found = [
        ("GET", f"{API}/{missing}", None),
        ("PATCH", f"{API}/{missing}", {"name": "X"}),
        ("DELETE", f"{API}/{missing}", None),
        ("PUT", f"{API}/{missing}/venues/{venue.id}", None),
        ("PUT", f"{API}/{area['id']}/venues/{venue.id + 1}", None),
        ("DELETE", f"{API}/{area['id']}/venues/{venue.id}", None),
        ("GET", f"{API}/{missing}/officers", None),
        ("POST", f"{API}/{area['id']}/officers", {"email": "nobody@example.org"}),
        ("DELETE", f"{API}/{area['id']}/officers/{admin.id}", None),
        ("GET", f"{API}/99999999999999", None),
    ]
    for method, path, body in not_found:
        response = await client.request(method, path, json=body, headers=admin.headers)
        assert response.status_code == 404, (method, path, response.text)
    bad = [
        {"name": ""},
        {"name": "Line\nbreak"},
        {"name": "Ok", "slug": "Not A Slug"},
        {"name": "Ok", "slug": "x" * 81},
        {"name": "Ok", "officers": []},
    ]
    for body in bad:
        response = await client.post(API, json=body, headers=admin.headers)
        assert response.status_code == 400, (body, response.text)
    bad_email = await client.post(f"{API}/{area['id']}/officers", json={"email": "not-an-email"}, headers=admin.headers)
    assert bad_email.status_code == 400


@pytest.mark.parametrize("role", ["nobody", "manager", "treasurer", "officer", "other_officer", "admin", "anonymous"])
async def test_who_reads_which_report(client: httpx.AsyncClient, factory: Factory, role: str) -> None:
    admin = await factory.account("admin", admin=True)
    manager = await factory.account("manager")
    venue = await factory.venue(manager)
    elsewhere = await factory.venue()
    area = await make_area(client, admin)
    other = await make_area(client, admin, name="Elsewhere")
    await client.put(f"{API}/{area['id']}/venues/{venue.id}", headers=admin.headers)
    await client.put(f"{API}/{other['id']}/venues/{elsewhere.id}", headers=admin.headers)
    person = await factory.account(role)
    if role == "treasurer":
        named = await client.post(
            f"/api/v1/venues/{venue.id}/treasurers", json={"email": person.user.email}, headers=manager.headers
        )
        assert named.status_code == 201, named.text
    if role in ("officer", "other_officer"):
        target = area if role == "officer" else other
        await client.post(f"{API}/{target['id']}/officers", json={"email": person.user.email}, headers=admin.headers)
    user = {"manager": manager.user, "admin": admin.user, "anonymous": None}.get(role, person.user)
    group = await factory.group(organiser=manager if role == "manager" else None)
    expected = {
        # role: (reads venue, reads elsewhere, reads area, reads other area, areas listed, reads group)
        "nobody": (False, False, False, False, [], False),
        "manager": (True, False, False, False, [], True),
        "treasurer": (True, False, False, False, [], False),
        "officer": (True, False, True, False, [area["id"]], False),
        "other_officer": (False, True, False, True, [other["id"]], False),
        "admin": (True, True, True, True, [area["id"], other["id"]], True),
        "anonymous": (False, False, False, False, [], False),
    }[role]
    actual = (
        await reads_venue_reports(user, venue.id),
        await reads_venue_reports(user, elsewhere.id),
        await reads_area_reports(user, area["id"]),
        await reads_area_reports(user, other["id"]),
        await area_ids_read_by(user),
        await reads_group_reports(user, group.id),
    )
    assert actual == expected
