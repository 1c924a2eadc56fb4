"""A venue keeps at least one manager and a group one organiser, even when two remove each other at once.

Both removals of each pair run concurrently through the ASGI app, so on
PostgreSQL both transactions are open together; the count has to be taken
under a lock on the venue (or group) row for the second to see the first's
removal. Afterwards the tables are counted directly.
"""

from __future__ import annotations

import asyncio

import httpx

from scheduling.models import GroupOrganiser
from tests.factories import Factory
from venues.models import VenueManager

PAIRS = 15


async def test_two_managers_removing_each_other_at_once_leave_every_venue_a_manager(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue_ids, calls = [], []
    for _ in range(PAIRS):
        first, second = await factory.account("first"), await factory.account("second")
        venue = await factory.venue(manager=first)
        await VenueManager(venue=venue.id, user=second.id).save()
        venue_ids.append(venue.id)
        calls.append(client.delete(f"/api/v1/venues/{venue.id}/managers/{second.id}", headers=first.headers))
        calls.append(client.delete(f"/api/v1/venues/{venue.id}/managers/{first.id}", headers=second.headers))
    responses = await asyncio.gather(*calls)
    assert {r.status_code for r in responses} <= {204, 403, 409}, [r.text for r in responses if r.status_code >= 500][
        :3
    ]
    left = {venue_id: await VenueManager.count().where(VenueManager.venue == venue_id) for venue_id in venue_ids}
    assert [venue_id for venue_id, count in left.items() if count == 0] == []
    assert sum(r.status_code == 204 for r in responses) == PAIRS


async def test_two_organisers_removing_each_other_at_once_leave_every_group_an_organiser(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    group_ids, calls = [], []
    for _ in range(PAIRS):
        first, second = await factory.account("first"), await factory.account("second")
        group = await factory.group(organiser=first)
        await GroupOrganiser(group=group.id, user=second.id).save()
        group_ids.append(group.id)
        calls.append(client.delete(f"/api/v1/groups/{group.id}/organisers/{second.id}", headers=first.headers))
        calls.append(client.delete(f"/api/v1/groups/{group.id}/organisers/{first.id}", headers=second.headers))
    responses = await asyncio.gather(*calls)
    assert {r.status_code for r in responses} <= {204, 403, 409}, [r.text for r in responses if r.status_code >= 500][
        :3
    ]
    left = {group_id: await GroupOrganiser.count().where(GroupOrganiser.group == group_id) for group_id in group_ids}
    assert [group_id for group_id, count in left.items() if count == 0] == []
    assert sum(r.status_code == 204 for r in responses) == PAIRS
