"""Who may book, confirm, decline, cancel and read: the permission matrix and the status machine."""

from __future__ import annotations

import httpx

from scheduling.models import GroupVenueTier, Occupancy
from tests.bookings_support import book, future_day, local
from tests.factories import Account, Factory
from venues.models import PriceTier, Venue

DAY = future_day()


async def setup_people(factory: Factory) -> dict[str, Account]:
    names = ("manager", "other_manager", "booker", "stranger", "organiser")
    return {name: await factory.account(name) for name in names}


async def test_signed_in_accounts_book_and_group_bookings_need_an_organiser_or_a_manager(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    people = await setup_people(factory)
    venue = await factory.venue(manager=people["manager"])
    await factory.venue(manager=people["other_manager"])
    space = await factory.space(venue)
    group = await factory.group(organiser=people["organiser"])

    anonymous = await book(client, None, space.id, local(DAY, "09:00"), local(DAY, "10:00"))
    assert anonymous.status_code == 401
    for who in ("stranger", "other_manager"):
        refused = await book(client, people[who], space.id, local(DAY, "09:00"), local(DAY, "10:00"), group_id=group.id)
        assert refused.status_code == 403, who
    missing = await book(
        client, people["organiser"], space.id, local(DAY, "09:00"), local(DAY, "10:00"), group_id=999999
    )
    assert missing.status_code == 404
    by_organiser = await book(
        client, people["organiser"], space.id, local(DAY, "09:00"), local(DAY, "10:00"), group_id=group.id
    )
    assert (by_organiser.status_code, by_organiser.json()["status"]) == (201, "requested")
    by_manager = await book(
        client, people["manager"], space.id, local(DAY, "10:00"), local(DAY, "11:00"), group_id=group.id
    )
    assert (by_manager.status_code, by_manager.json()["status"]) == (201, "confirmed")
    unknown_space = await book(client, people["booker"], 999999, local(DAY, "10:00"), local(DAY, "11:00"))
    assert unknown_space.status_code == 404


async def test_only_the_venues_managers_confirm_or_decline_and_a_decision_is_final(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    people = await setup_people(factory)
    venue = await factory.venue(manager=people["manager"])
    await factory.venue(manager=people["other_manager"])
    space = await factory.space(venue)
    booking = (await book(client, people["booker"], space.id, local(DAY, "09:00"), local(DAY, "10:00"))).json()
    path = f"/api/v1/bookings/{booking['id']}"

    assert (await client.post(f"{path}/confirm")).status_code == 401
    for who in ("booker", "stranger", "other_manager"):
        assert (await client.post(f"{path}/confirm", headers=people[who].headers)).status_code == 403, who
    assert (await client.post("/api/v1/bookings/999999/confirm", headers=people["manager"].headers)).status_code == 404
    no_reason = await client.post(f"{path}/decline", json={}, headers=people["manager"].headers)
    assert no_reason.status_code == 400

    declined = await client.post(
        f"{path}/decline", json={"reason": "Hall booked for repairs"}, headers=people["manager"].headers
    )
    assert declined.status_code == 200
    assert declined.json()["status"] == "declined" and declined.json()["status_reason"] == "Hall booked for repairs"
    assert await Occupancy.count() == 0
    again = await client.post(f"{path}/confirm", headers=people["manager"].headers)
    assert again.status_code == 409 and again.json()["type"].endswith("/booking-status")
    # The freed time can be booked again; the declined record and its history stay.
    assert (
        await book(client, people["stranger"], space.id, local(DAY, "09:00"), local(DAY, "10:00"))
    ).status_code == 201
    history = await client.get(f"{path}/history", headers=people["booker"].headers)
    assert [e["action"] for e in history.json()["items"]] == ["created", "declined"]
    assert history.json()["items"][1]["reason"] == "Hall booked for repairs"
    assert history.json()["items"][1]["actor_id"] == people["manager"].id


async def test_the_booker_organisers_and_managers_cancel_and_others_may_not(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    people = await setup_people(factory)
    venue = await factory.venue(manager=people["manager"])
    await factory.venue(manager=people["other_manager"])
    space = await factory.space(venue, requires_approval=False)
    group = await factory.group(organiser=people["organiser"])
    await factory.group(organiser=people["stranger"])

    own = (await book(client, people["booker"], space.id, local(DAY, "09:00"), local(DAY, "10:00"))).json()
    grouped = (
        await book(client, people["manager"], space.id, local(DAY, "10:00"), local(DAY, "11:00"), group_id=group.id)
    ).json()
    managed = (await book(client, people["stranger"], space.id, local(DAY, "11:00"), local(DAY, "12:00"))).json()
    assert own["status"] == "confirmed"

    # A private booking is an unknown id to those not involved (as at its own address).
    for who in ("stranger", "other_manager", "organiser"):
        assert (
            await client.post(f"/api/v1/bookings/{own['id']}/cancel", headers=people[who].headers)
        ).status_code == 404
    assert (await client.post(f"/api/v1/bookings/{own['id']}/cancel")).status_code == 401
    cancelled = await client.post(
        f"/api/v1/bookings/{own['id']}/cancel", json={"reason": "Rained off"}, headers=people["booker"].headers
    )
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    assert (
        await client.post(f"/api/v1/bookings/{grouped['id']}/cancel", headers=people["organiser"].headers)
    ).status_code == 200
    assert (
        await client.post(f"/api/v1/bookings/{managed['id']}/cancel", headers=people["manager"].headers)
    ).status_code == 200
    twice = await client.post(f"/api/v1/bookings/{own['id']}/cancel", headers=people["booker"].headers)
    assert twice.status_code == 409
    assert await Occupancy.count() == 0


async def test_private_bookings_are_for_those_involved_and_public_ones_hide_private_fields(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    people = await setup_people(factory)
    venue = await factory.venue(manager=people["manager"])
    await factory.venue(manager=people["other_manager"])
    space = await factory.space(venue)
    group = await factory.group(organiser=people["organiser"])
    private = (
        await book(
            client, people["booker"], space.id, local(DAY, "09:00"), local(DAY, "10:00"), group_id=None, purpose="Wake"
        )
    ).json()
    grouped = (
        await book(
            client,
            people["organiser"],
            space.id,
            local(DAY, "10:00"),
            local(DAY, "11:00"),
            group_id=group.id,
            purpose="AGM",
        )
    ).json()
    public = (
        await book(
            client,
            people["booker"],
            space.id,
            local(DAY, "12:00"),
            local(DAY, "13:00"),
            is_public=True,
            purpose="Open day",
        )
    ).json()

    assert (await client.get(f"/api/v1/bookings/{private['id']}")).status_code == 404
    for who in ("stranger", "other_manager", "organiser"):
        assert (
            await client.get(f"/api/v1/bookings/{private['id']}", headers=people[who].headers)
        ).status_code == 404, who
        # Its history answers as its address does: a private booking is an unknown id to those not involved.
        assert (
            await client.get(f"/api/v1/bookings/{private['id']}/history", headers=people[who].headers)
        ).status_code == 404
    for who in ("booker", "manager"):
        seen = await client.get(f"/api/v1/bookings/{private['id']}", headers=people[who].headers)
        assert seen.json()["purpose"] == "Wake" and seen.json()["booker"]["email"] == people["booker"].user.email
    assert (await client.get(f"/api/v1/bookings/{grouped['id']}", headers=people["organiser"].headers)).json()[
        "purpose"
    ] == "AGM"

    assert (
        await client.post(f"/api/v1/bookings/{public['id']}/confirm", headers=people["manager"].headers)
    ).status_code == 200
    for headers in ({}, people["stranger"].headers):
        shown = await client.get(f"/api/v1/bookings/{public['id']}", headers=headers)
        assert shown.status_code == 200
        assert not {"booker", "price", "booked_by", "status_reason", "purpose"} & shown.json().keys()
    # A booking the public sees is no secret: its history is refused (403), not hidden.
    history = await client.get(f"/api/v1/bookings/{public['id']}/history", headers=people["stranger"].headers)
    assert history.status_code == 403
    assert (await client.get("/api/v1/bookings/999999")).status_code == 404


async def test_mine_lists_my_bookings_and_my_groups_and_the_venue_list_is_for_its_managers(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    people = await setup_people(factory)
    venue = await factory.venue(manager=people["manager"])
    await factory.venue(manager=people["other_manager"])
    hall = await factory.space(venue)
    room = await factory.space(venue)
    group = await factory.group(organiser=people["organiser"])
    mine = (await book(client, people["booker"], hall.id, local(DAY, "09:00"), local(DAY, "10:00"))).json()
    for_group = (
        await book(client, people["manager"], room.id, local(DAY, "09:00"), local(DAY, "10:00"), group_id=group.id)
    ).json()
    later = (await book(client, people["stranger"], hall.id, local(DAY, "18:00"), local(DAY, "19:00"))).json()
    await client.post(f"/api/v1/bookings/{later['id']}/cancel", headers=people["stranger"].headers)

    assert [
        b["id"] for b in (await client.get("/api/v1/bookings/mine", headers=people["booker"].headers)).json()["items"]
    ] == [mine["id"]]
    assert [
        b["id"]
        for b in (await client.get("/api/v1/bookings/mine", headers=people["organiser"].headers)).json()["items"]
    ] == [for_group["id"]]
    assert (await client.get("/api/v1/bookings/mine")).status_code == 401

    path = f"/api/v1/venues/{venue.id}/bookings"
    assert (await client.get(path)).status_code == 401
    assert (await client.get(path, headers=people["other_manager"].headers)).status_code == 403
    assert (await client.get(path, headers=people["booker"].headers)).status_code == 403
    everything = await client.get(path, headers=people["manager"].headers)
    assert everything.json()["total"] == 3
    assert everything.json()["items"][0]["booker"]["email"]
    cancelled = await client.get(path, params={"status": "cancelled"}, headers=people["manager"].headers)
    assert [b["id"] for b in cancelled.json()["items"]] == [later["id"]]
    in_room = await client.get(path, params={"space_id": room.id}, headers=people["manager"].headers)
    assert [b["id"] for b in in_room.json()["items"]] == [for_group["id"]]
    morning = await client.get(
        path, params={"from": mine["starts_at"], "to": mine["ends_at"], "limit": 1}, headers=people["manager"].headers
    )
    assert morning.json()["total"] == 2 and len(morning.json()["items"]) == 1
    assert "offset=1" in morning.json()["next"] and "from=" in morning.json()["next"]
    venue_time = await client.get(
        path, params={"from": local(DAY, "09:00"), "to": local(DAY, "10:00")}, headers=people["manager"].headers
    )
    assert venue_time.json()["total"] == 2


async def test_tiers_come_from_the_request_then_the_group_then_standard(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    people = await setup_people(factory)
    venue = await factory.venue(manager=people["manager"])
    other = await factory.venue()
    space = await factory.space(venue, requires_approval=False)
    group = await factory.group(organiser=people["organiser"])
    tiers = {t.kind: t for t in await PriceTier.objects().where(PriceTier.venue == venue.id)}
    foreign = await PriceTier.objects().where(PriceTier.venue == other.id).first()
    await GroupVenueTier(group=group.id, venue=venue.id, tier=tiers["low_cost"].id).save()
    await factory.rate(space, "standard", 2000)
    await factory.rate(space, "low_cost", 600)

    standard = await book(client, people["booker"], space.id, local(DAY, "09:00"), local(DAY, "10:30"))
    assert (standard.json()["tier_id"], standard.json()["price"]["total_minor"]) == (tiers["standard"].id, 3000)
    agreed = await book(
        client, people["organiser"], space.id, local(DAY, "11:00"), local(DAY, "12:00"), group_id=group.id
    )
    assert (agreed.json()["tier_id"], agreed.json()["price"]["total_minor"]) == (tiers["low_cost"].id, 600)
    free = await book(
        client,
        people["organiser"],
        space.id,
        local(DAY, "13:00"),
        local(DAY, "14:00"),
        group_id=group.id,
        tier_id=tiers["free"].id,
    )
    # Asking for a cheaper tier than agreed goes to the managers, even on an instant-confirm space.
    assert (free.json()["tier_id"], free.json()["status"], free.json()["price"]) == (
        tiers["free"].id,
        "requested",
        None,
    )
    wrong = await book(client, people["booker"], space.id, local(DAY, "15:00"), local(DAY, "16:00"), tier_id=foreign.id)
    assert (wrong.status_code, wrong.json()["field"]) == (400, "tier_id")


async def test_every_change_bumps_the_venue_version(client: httpx.AsyncClient, factory: Factory) -> None:
    people = await setup_people(factory)
    venue = await factory.venue(manager=people["manager"])
    space = await factory.space(venue)

    async def version() -> int:
        return (await Venue.select(Venue.version).where(Venue.id == venue.id).first())["version"]

    start = await version()
    booking = (await book(client, people["booker"], space.id, local(DAY, "09:00"), local(DAY, "10:00"))).json()
    assert await version() == start + 1
    await client.post(f"/api/v1/bookings/{booking['id']}/confirm", headers=people["manager"].headers)
    assert await version() == start + 2
    await client.post(f"/api/v1/bookings/{booking['id']}/cancel", headers=people["booker"].headers)
    assert await version() == start + 3
