"""Closures of venues and their spaces over HTTP."""

from __future__ import annotations

import httpx

from tests.factories import Factory


async def test_manager_adds_lists_and_removes_closures(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    url = f"/api/v1/venues/{venue.id}/closures"

    christmas = await client.post(
        url, json={"starts_on": "2027-12-24", "ends_on": "2027-12-27", "reason": "Christmas"}, headers=manager.headers
    )
    assert christmas.status_code == 201, christmas.text
    assert christmas.json() == {
        "id": christmas.json()["id"],
        "venue_id": venue.id,
        "space_id": None,
        "starts_on": "2027-12-24",
        "ends_on": "2027-12-27",
        "reason": "Christmas",
    }
    floor = await client.post(
        url,
        json={"starts_on": "2027-08-01", "ends_on": "2027-08-01", "reason": "Floor sanding", "space_id": space.id},
        headers=manager.headers,
    )
    assert floor.status_code == 201 and floor.json()["space_id"] == space.id

    listed = (await client.get(url)).json()
    assert [item["reason"] for item in listed["items"]] == ["Floor sanding", "Christmas"]
    assert listed["total"] == 2

    removed = await client.delete(f"/api/v1/closures/{floor.json()['id']}", headers=manager.headers)
    assert removed.status_code == 204
    assert (await client.get(url)).json()["total"] == 1
    assert (await client.delete(f"/api/v1/closures/{floor.json()['id']}", headers=manager.headers)).status_code == 404


async def test_from_and_to_keep_closures_touching_the_range(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    url = f"/api/v1/venues/{venue.id}/closures"
    for starts, ends, reason in [
        ("2027-01-01", "2027-01-01", "New Year"),
        ("2027-03-30", "2027-04-02", "Easter"),
        ("2027-12-24", "2027-12-27", "Christmas"),
    ]:
        await client.post(url, json={"starts_on": starts, "ends_on": ends, "reason": reason}, headers=manager.headers)

    async def reasons(**params: str) -> list[str]:
        response = await client.get(url, params=params)
        assert response.status_code == 200, response.text
        return [item["reason"] for item in response.json()["items"]]

    assert await reasons(**{"from": "2027-04-01"}) == ["Easter", "Christmas"]
    assert await reasons(to="2027-03-30") == ["New Year", "Easter"]
    assert await reasons(**{"from": "2027-04-03", "to": "2027-12-23"}) == []
    assert await reasons(**{"from": "2027-04-02", "to": "2027-04-02"}) == ["Easter"]

    page = (await client.get(url, params={"limit": 2})).json()
    assert page["total"] == 3 and page["next"] is not None
    assert [item["reason"] for item in (await client.get(page["next"])).json()["items"]] == ["Christmas"]

    reversed_range = await client.get(url, params={"from": "2027-05-01", "to": "2027-04-01"})
    assert reversed_range.status_code == 400 and reversed_range.json()["field"] == "to"


async def test_closure_rules(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    other_space = await factory.space(await factory.venue())
    url = f"/api/v1/venues/{venue.id}/closures"
    cases = [
        ({"starts_on": "2027-05-02", "ends_on": "2027-05-01", "reason": "Backwards"}, "ends_on"),
        ({"starts_on": "2027-05-01", "ends_on": "2027-05-01", "reason": "   "}, "reason"),
        ({"starts_on": "2027-05-01", "ends_on": "2027-05-01", "reason": ""}, "reason"),
        ({"starts_on": "2027-05-01", "ends_on": "2027-05-01", "reason": "x" * 201}, "reason"),
        (
            {"starts_on": "2027-05-01", "ends_on": "2027-05-01", "reason": "Other", "space_id": other_space.id},
            "space_id",
        ),
        ({"starts_on": "2027-02-30", "ends_on": "2027-05-01", "reason": "No such day"}, "starts_on"),
    ]
    for body, field in cases:
        response = await client.post(url, json=body, headers=manager.headers)
        assert response.status_code == 400, (body, response.text)
        assert response.json()["field"] == field
    assert (await client.get(url)).json()["total"] == 0
