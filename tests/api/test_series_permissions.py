"""Who may create, change and read a series: organisers for their group, the venue's managers, nobody else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx

from tests.bookings_support import local
from tests.factories import Account, Factory
from tests.series_support import next_weekday, post_series

RULE = "FREQ=WEEKLY;BYDAY=TU;COUNT=4"


@dataclass
class Cast:
    manager: Account
    organiser: Account
    other_organiser: Account
    other_manager: Account
    stranger: Account
    admin: Account
    space_id: int
    group_id: int
    other_group_id: int

    def who(self, role: str) -> Account | None:
        return None if role == "anonymous" else getattr(self, role)


async def cast(factory: Factory) -> Cast:
    manager, other_manager = await factory.account("manager"), await factory.account("other-manager")
    organiser, other_organiser = await factory.account("organiser"), await factory.account("other-organiser")
    venue = await factory.venue(manager=manager)
    await factory.venue(manager=other_manager)
    space = await factory.space(venue)
    group, other_group = await factory.group(organiser), await factory.group(other_organiser)
    return Cast(
        manager=manager,
        organiser=organiser,
        other_organiser=other_organiser,
        other_manager=other_manager,
        stranger=await factory.account("stranger"),
        admin=await factory.account("admin", admin=True),
        space_id=space.id,
        group_id=group.id,
        other_group_id=other_group.id,
    )


CREATORS = [
    ("anonymous", True, 401, None),
    ("stranger", True, 403, None),
    ("stranger", False, 403, None),
    ("other_organiser", True, 403, None),
    ("other_manager", False, 403, None),
    ("organiser", False, 403, None),
    ("organiser", True, 201, "requested"),
    ("manager", False, 201, "confirmed"),
    ("manager", True, 201, "confirmed"),
    ("admin", False, 201, "confirmed"),
]


async def test_who_may_create_a_series(client: httpx.AsyncClient, factory: Factory) -> None:
    """Organisers for their own group (as requests, the space needs approval); managers and admins for any."""
    people = await cast(factory)
    for hour, (role, for_group, expected, status) in enumerate(CREATORS, start=8):
        fields: dict[str, Any] = {"group_id": people.group_id} if for_group else {}
        response = await post_series(
            client,
            people.who(role),
            people.space_id,
            RULE,
            next_weekday(1),
            f"{hour:02d}:00",
            f"{hour:02d}:30",
            **fields,
        )
        assert (role, for_group, response.status_code) == (role, for_group, expected), response.text
        if status is not None:
            listed = await client.get(
                f"/api/v1/series/{response.json()['series']['id']}/occurrences", headers=people.manager.headers
            )
            assert {item["status"] for item in listed.json()["items"]} == {status}


async def test_unknown_spaces_and_groups_are_404(client: httpx.AsyncClient, factory: Factory) -> None:
    people = await cast(factory)
    unknown_space = await post_series(client, people.manager, 999_999, RULE, next_weekday(1))
    assert unknown_space.status_code == 404
    unknown_group = await post_series(
        client, people.organiser, people.space_id, RULE, next_weekday(1), group_id=999_999
    )
    assert (unknown_group.status_code, unknown_group.json()["field"]) == (404, "group_id")
    assert (await client.get("/api/v1/series/999999")).status_code == 404
    assert (await client.post("/api/v1/series/999999/end", json={"last_date": "2030-01-01"})).status_code == 404


def change_requests(series_id: int, booking_id: int) -> list[tuple[str, str, dict[str, Any]]]:
    base = f"/api/v1/series/{series_id}"
    day = next_weekday(1) + timedelta(weeks=1)
    return [
        ("post", f"{base}/occurrences/{booking_id}/cancel", {}),
        (
            "patch",
            f"{base}/occurrences/{booking_id}",
            {"starts_at": local(day, "15:00"), "ends_at": local(day, "16:00")},
        ),
        (
            "post",
            f"{base}/split",
            {"from_date": (day + timedelta(weeks=1)).isoformat(), "start_time": "17:00", "end_time": "18:00"},
        ),
        ("post", f"{base}/end", {"last_date": (day + timedelta(weeks=1)).isoformat()}),
    ]


async def test_nobody_but_organisers_and_managers_may_change_a_series(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    people = await cast(factory)
    created = await post_series(
        client, people.organiser, people.space_id, RULE, next_weekday(1), group_id=people.group_id
    )
    series_id = created.json()["series"]["id"]

    async def state() -> tuple[Any, Any]:
        headers = people.organiser.headers
        series = (await client.get(f"/api/v1/series/{series_id}", headers=headers)).json()
        return series, (await client.get(f"/api/v1/series/{series_id}/occurrences", headers=headers)).json()

    before = await state()
    requests = change_requests(series_id, before[1]["items"][1]["id"])
    for role, expected in [("anonymous", 401), ("stranger", 403), ("other_organiser", 403), ("other_manager", 403)]:
        who = people.who(role)
        for method, url, body in requests:
            response = await client.request(method, url, json=body, headers=who.headers if who else {})
            assert (role, url, response.status_code) == (role, url, expected), response.text
    assert await state() == before


async def test_organisers_managers_and_site_admins_may_change_a_series(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    people = await cast(factory)
    created = await post_series(
        client,
        people.organiser,
        people.space_id,
        "FREQ=WEEKLY;BYDAY=TU;COUNT=6",
        next_weekday(1),
        group_id=people.group_id,
    )
    series_id = created.json()["series"]["id"]
    url = f"/api/v1/series/{series_id}"
    items = (await client.get(f"{url}/occurrences", headers=people.organiser.headers)).json()["items"]
    days = [next_weekday(1) + timedelta(weeks=n) for n in range(6)]

    cancelled = await client.post(f"{url}/occurrences/{items[1]['id']}/cancel", headers=people.organiser.headers)
    assert cancelled.status_code == 200, cancelled.text
    moved = await client.patch(
        f"{url}/occurrences/{items[2]['id']}",
        json={"starts_at": local(days[2], "15:00"), "ends_at": local(days[2], "16:00")},
        headers=people.manager.headers,
    )
    assert moved.status_code == 200, moved.text
    ended = await client.post(f"{url}/end", json={"last_date": days[4].isoformat()}, headers=people.manager.headers)
    assert (ended.status_code, ended.json()["cancelled"]) == (200, 1)
    split = await client.post(
        f"{url}/split",
        json={"from_date": days[3].isoformat(), "start_time": "17:00", "end_time": "18:00"},
        headers=people.admin.headers,
    )
    assert split.status_code == 201, split.text
    assert (split.json()["cancelled"], split.json()["booked"]) == (2, 2)
    assert (await client.get(url, headers=people.organiser.headers)).json()["sequence"] == 4


async def test_the_public_reads_a_public_series_without_its_private_fields_or_purpose_and_a_private_one_is_a_404(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    people = await cast(factory)
    public = await post_series(
        client,
        people.manager,
        people.space_id,
        RULE,
        next_weekday(1),
        group_id=people.group_id,
        is_public=True,
        purpose="Gentle exercise",
        booker={"phone": "01234 567890"},
    )
    private = await post_series(
        client,
        people.organiser,
        people.space_id,
        RULE,
        next_weekday(1),
        "14:00",
        "15:00",
        group_id=people.group_id,
        purpose="Committee business",
    )
    public_id, private_id = public.json()["series"]["id"], private.json()["series"]["id"]

    seen = await client.get(f"/api/v1/series/{public_id}")
    assert seen.status_code == 200
    assert "purpose" not in seen.json() and "Gentle exercise" not in seen.text
    assert "booker" not in seen.json() and "01234" not in seen.text and people.organiser.user.email not in seen.text
    listed = await client.get(f"/api/v1/series/{public_id}/occurrences")
    assert listed.status_code == 200 and listed.json()["total"] == 4
    assert all("booker" not in item and "price" not in item for item in listed.json()["items"])
    involved = await client.get(f"/api/v1/series/{public_id}", headers=people.organiser.headers)
    assert involved.json()["purpose"] == "Gentle exercise"

    unknown = await client.get("/api/v1/series/999999")
    for who in (None, people.stranger):
        for url in (f"/api/v1/series/{private_id}", f"/api/v1/series/{private_id}/occurrences"):
            response = await client.get(url, headers=who.headers if who else {})
            assert response.status_code == 404, response.text
            assert response.json()["detail"] == unknown.json()["detail"].replace("999999", str(private_id))
    mine = await client.get(f"/api/v1/series/{private_id}", headers=people.organiser.headers)
    assert mine.status_code == 200
    assert (
        mine.json()["purpose"] == "Committee business" and mine.json()["booker"]["email"] == people.organiser.user.email
    )
    managed = await client.get(f"/api/v1/series/{private_id}", headers=people.manager.headers)
    assert managed.status_code == 200 and "booker" in managed.json()


async def test_the_public_sees_only_the_confirmed_dates_of_a_public_series(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    people = await cast(factory)
    created = await post_series(
        client, people.manager, people.space_id, RULE, next_weekday(1), group_id=people.group_id, is_public=True
    )
    url = f"/api/v1/series/{created.json()['series']['id']}"
    every = (await client.get(f"{url}/occurrences", headers=people.organiser.headers)).json()["items"]
    cancelled = await client.post(f"{url}/occurrences/{every[1]['id']}/cancel", headers=people.organiser.headers)
    assert cancelled.status_code == 200, cancelled.text
    every = (await client.get(f"{url}/occurrences", headers=people.organiser.headers)).json()["items"]
    confirmed = [item["id"] for item in every if item["status"] == "confirmed"]
    assert 0 < len(confirmed) < len(every)
    public = (await client.get(f"{url}/occurrences")).json()
    assert ([item["id"] for item in public["items"]], public["total"]) == (confirmed, len(confirmed))
