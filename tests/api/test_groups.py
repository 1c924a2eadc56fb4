"""Community groups, their organisers and the tiers venues agree for them, over HTTP."""

from __future__ import annotations

import httpx

from tests.factories import Factory
from venues.models import PriceTier, Venue


def group_body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "name": "Marsh Coffee Morning",
        "description": "Tea, coffee and a chat every Tuesday.",
        "website": "https://coffee.example",
        "public_email": "hello@coffee.example",
        "private_contact": {"name": "Sam Organiser", "email": "sam@home.example", "phone": "07700 900123"},
    }
    body.update(overrides)
    return body


async def tier_id(venue: Venue, kind: str) -> int:
    tier = await PriceTier.objects().where((PriceTier.venue == venue.id) & (PriceTier.kind == kind)).first()
    return tier.id


async def test_signed_in_account_creates_group_and_becomes_its_organiser(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    sam = await factory.account("sam")
    created = await client.post("/api/v1/groups", json=group_body(), headers=sam.headers)
    assert created.status_code == 201, created.text
    group = created.json()
    assert group["slug"] == "marsh-coffee-morning"
    assert group["private_contact"]["email"] == "sam@home.example"
    assert group["url"].endswith(f"/api/v1/groups/{group['id']}")

    organisers = await client.get(f"/api/v1/groups/{group['id']}/organisers", headers=sam.headers)
    assert organisers.status_code == 200
    assert [o["user_id"] for o in organisers.json()["items"]] == [sam.id]

    again = await client.post("/api/v1/groups", json=group_body(), headers=sam.headers)
    assert again.status_code == 201
    assert again.json()["slug"] == "marsh-coffee-morning-2"

    taken = await client.post("/api/v1/groups", json=group_body(slug="marsh-coffee-morning"), headers=sam.headers)
    assert taken.status_code == 409
    assert taken.json()["field"] == "slug"


async def test_anonymous_cannot_create_and_bad_input_is_refused(client: httpx.AsyncClient, factory: Factory) -> None:
    anonymous = await client.post("/api/v1/groups", json=group_body())
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"].startswith("application/problem+json")

    sam = await factory.account("sam")
    for bad in (
        group_body(name=""),
        group_body(slug="Not A Slug"),
        group_body(website="ftp://coffee.example"),
        group_body(public_email="not-an-email"),
        group_body(colour="blue"),
    ):
        refused = await client.post("/api/v1/groups", json=bad, headers=sam.headers)
        assert refused.status_code == 400, bad
    assert (await client.get("/api/v1/groups")).json()["total"] == 0


async def test_public_sees_public_fields_only(client: httpx.AsyncClient, factory: Factory) -> None:
    sam = await factory.account("sam")
    admin = await factory.account("admin", admin=True)
    stranger = await factory.account("stranger")
    group = await factory.group(organiser=sam, private_email="secret@home.example", public_email="hi@group.example")

    for headers in ({}, stranger.headers):
        public = await client.get(f"/api/v1/groups/{group.id}", headers=headers)
        assert public.status_code == 200
        assert public.json()["public_email"] == "hi@group.example"
        assert "private_contact" not in public.json()
        assert "secret@home.example" not in public.text
        listing = await client.get("/api/v1/groups", headers=headers)
        assert "secret@home.example" not in listing.text

    for headers in (sam.headers, admin.headers):
        private = await client.get(f"/api/v1/groups/{group.id}", headers=headers)
        assert private.json()["private_contact"]["email"] == "secret@home.example"
    assert (await client.get("/api/v1/groups", headers=sam.headers)).json()["items"][0]["private_contact"]["email"] == (
        "secret@home.example"
    )

    assert (await client.get("/api/v1/groups/999999")).status_code == 404
    assert (await client.get("/api/v1/groups/99999999999")).status_code == 404


async def test_list_searches_by_name_in_any_case_and_pages(client: httpx.AsyncClient, factory: Factory) -> None:
    await factory.group(name="Marsh Coffee Morning")
    await factory.group(name="Eastside Youth Club")
    await factory.group(name="Coffee and Crafts")

    found = await client.get("/api/v1/groups", params={"name": "coffee"})
    assert [g["name"] for g in found.json()["items"]] == ["Coffee and Crafts", "Marsh Coffee Morning"]

    first = await client.get("/api/v1/groups", params={"limit": 2})
    assert first.json()["total"] == 3
    assert [g["name"] for g in first.json()["items"]] == ["Coffee and Crafts", "Eastside Youth Club"]
    following = await client.get(first.json()["next"])
    assert [g["name"] for g in following.json()["items"]] == ["Marsh Coffee Morning"]

    assert (await client.get("/api/v1/groups", params={"name": "%"})).json()["total"] == 3
    assert (await client.get("/api/v1/groups", params={"name": "knitting"})).json()["total"] == 0


async def test_only_organisers_change_a_group(client: httpx.AsyncClient, factory: Factory) -> None:
    sam = await factory.account("sam")
    stranger = await factory.account("stranger")
    admin = await factory.account("admin", admin=True)
    group = await factory.group(organiser=sam)
    other = await factory.group(slug="taken-slug")
    url = f"/api/v1/groups/{group.id}"

    assert (await client.patch(url, json={"name": "Mine now"})).status_code == 401
    assert (await client.patch(url, json={"name": "Mine now"}, headers=stranger.headers)).status_code == 403
    assert (await client.patch("/api/v1/groups/999999", json={"name": "x"}, headers=sam.headers)).status_code == 404
    assert (await client.patch(url, json={"slug": other.slug}, headers=sam.headers)).status_code == 409
    assert (await client.patch(url, json={"name": ""}, headers=sam.headers)).status_code == 400
    assert (await client.patch(url, json={"owner": 1}, headers=sam.headers)).status_code == 400

    changed = await client.patch(
        url,
        json={"description": "Now fortnightly", "private_contact": {"email": "new@home.example"}},
        headers=sam.headers,
    )
    assert changed.status_code == 200
    assert changed.json()["description"] == "Now fortnightly"
    assert changed.json()["name"] == group.name
    assert changed.json()["private_contact"] == {"name": "", "email": "new@home.example", "phone": ""}

    by_admin = await client.patch(url, json={"name": "Renamed by admin"}, headers=admin.headers)
    assert by_admin.json()["name"] == "Renamed by admin"


async def test_organisers_add_and_remove_organisers_but_keep_one(client: httpx.AsyncClient, factory: Factory) -> None:
    sam = await factory.account("sam")
    alex = await factory.account("alex")
    stranger = await factory.account("stranger")
    group = await factory.group(organiser=sam)
    url = f"/api/v1/groups/{group.id}/organisers"

    assert (await client.get(url)).status_code == 401
    assert (await client.get(url, headers=stranger.headers)).status_code == 403
    assert (await client.post(url, json={"email": alex.user.email}, headers=stranger.headers)).status_code == 403
    assert (await client.get("/api/v1/groups/999999/organisers", headers=sam.headers)).status_code == 404

    unknown = await client.post(url, json={"email": "nobody@example.org"}, headers=sam.headers)
    assert unknown.status_code == 404
    assert unknown.json()["field"] == "email"
    assert (await client.post(url, json={"email": "not an email"}, headers=sam.headers)).status_code == 400

    added = await client.post(url, json={"email": alex.user.email.upper()}, headers=sam.headers)
    assert added.status_code == 201
    assert added.json()["user_id"] == alex.id
    assert (await client.post(url, json={"email": alex.user.email}, headers=sam.headers)).status_code == 409

    # The new organiser may now edit, and remove the one who added them.
    assert (
        await client.patch(f"/api/v1/groups/{group.id}", json={"name": "Ours"}, headers=alex.headers)
    ).status_code == 200
    assert (await client.delete(f"{url}/{sam.id}", headers=stranger.headers)).status_code == 403
    assert (await client.delete(f"{url}/{sam.id}", headers=alex.headers)).status_code == 204
    assert (await client.delete(f"{url}/{sam.id}", headers=alex.headers)).status_code == 404
    last = await client.delete(f"{url}/{alex.id}", headers=alex.headers)
    assert last.status_code == 409
    assert (await client.get(url, headers=alex.headers)).json()["total"] == 1
    assert (
        await client.patch(f"/api/v1/groups/{group.id}", json={"name": "x"}, headers=sam.headers)
    ).status_code == 403


async def test_venue_managers_agree_tiers_for_groups(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account("manager")
    other_manager = await factory.account("other")
    sam = await factory.account("sam")
    hall = await factory.venue(manager=manager, name="Little Marsh Hall")
    other_venue = await factory.venue(manager=other_manager, name="Eastside Hub")
    group = await factory.group(organiser=sam)
    community = await tier_id(hall, "low_cost")
    url = f"/api/v1/venues/{hall.id}/group-tiers/{group.id}"

    assert (await client.put(url, json={"tier_id": community})).status_code == 401
    assert (await client.put(url, json={"tier_id": community}, headers=other_manager.headers)).status_code == 403
    assert (await client.put(url, json={"tier_id": community}, headers=sam.headers)).status_code == 403
    assert (
        await client.put(
            f"/api/v1/venues/999999/group-tiers/{group.id}", json={"tier_id": community}, headers=manager.headers
        )
    ).status_code == 404
    assert (
        await client.put(
            f"/api/v1/venues/{hall.id}/group-tiers/999999", json={"tier_id": community}, headers=manager.headers
        )
    ).status_code == 404

    foreign_tier = await client.put(url, json={"tier_id": await tier_id(other_venue, "free")}, headers=manager.headers)
    assert foreign_tier.status_code == 400
    assert foreign_tier.json()["field"] == "tier_id"
    assert (await client.put(url, json={"tier_id": 0}, headers=manager.headers)).status_code == 400
    assert (await client.put(url, json={"tier": community}, headers=manager.headers)).status_code == 400

    agreed = await client.put(url, json={"tier_id": community}, headers=manager.headers)
    assert agreed.status_code == 200, agreed.text
    assert agreed.json() == {
        "group_id": group.id,
        "group_name": group.name,
        "venue_id": hall.id,
        "venue_name": "Little Marsh Hall",
        "tier_id": community,
        "tier_kind": "low_cost",
        "tier_name": "Community",
    }
    replaced = await client.put(url, json={"tier_id": await tier_id(hall, "free")}, headers=manager.headers)
    assert replaced.json()["tier_kind"] == "free"
    listing = await client.get(f"/api/v1/venues/{hall.id}/group-tiers", headers=manager.headers)
    assert [(a["group_id"], a["tier_kind"]) for a in listing.json()["items"]] == [(group.id, "free")]

    assert (await client.delete(url, headers=other_manager.headers)).status_code == 403
    assert (await client.delete(url, headers=manager.headers)).status_code == 204
    assert (await client.delete(url, headers=manager.headers)).status_code == 404
    assert (await client.get(f"/api/v1/venues/{hall.id}/group-tiers", headers=manager.headers)).json()["total"] == 0


async def test_group_tiers_are_seen_by_organisers_and_by_each_venue_for_its_own(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    hall_manager = await factory.account("hall")
    hub_manager = await factory.account("hub")
    unrelated_manager = await factory.account("unrelated")
    sam = await factory.account("sam")
    stranger = await factory.account("stranger")
    hall = await factory.venue(manager=hall_manager, name="A Hall")
    hub = await factory.venue(manager=hub_manager, name="B Hub")
    await factory.venue(manager=unrelated_manager)
    group = await factory.group(organiser=sam)
    for venue, manager in ((hall, hall_manager), (hub, hub_manager)):
        response = await client.put(
            f"/api/v1/venues/{venue.id}/group-tiers/{group.id}",
            json={"tier_id": await tier_id(venue, "low_cost")},
            headers=manager.headers,
        )
        assert response.status_code == 200
    url = f"/api/v1/groups/{group.id}/venue-tiers"

    everything = await client.get(url, headers=sam.headers)
    assert everything.status_code == 200
    assert [a["venue_name"] for a in everything.json()["items"]] == ["A Hall", "B Hub"]
    own = await client.get(url, headers=hub_manager.headers)
    assert [a["venue_id"] for a in own.json()["items"]] == [hub.id]

    assert (await client.get(url)).status_code == 401
    assert (await client.get(url, headers=stranger.headers)).status_code == 403
    assert (await client.get(url, headers=unrelated_manager.headers)).status_code == 403
    assert (await client.get("/api/v1/groups/999999/venue-tiers", headers=sam.headers)).status_code == 404
