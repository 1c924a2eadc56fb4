"""A group's private feed link dies with its holder's right to it, cached bodies and 304s included."""

from __future__ import annotations

import httpx

from scheduling.models import FeedToken, GroupOrganiser
from tests.factories import Account, Factory


async def group_feed_url(client: httpx.AsyncClient, account: Account, group_id: int) -> str:
    links = await client.get("/api/v1/feeds/private", headers=account.headers)
    assert links.status_code == 200, links.text
    (feed,) = [f for f in links.json() if f["scope"] == "group" and f["group_id"] == group_id]
    return feed["links"]["url"].removeprefix("http://testserver")


async def test_removing_an_organiser_revokes_their_group_feed_link(client: httpx.AsyncClient, factory: Factory) -> None:
    stays, leaves = await factory.account("stays"), await factory.account("leaves")
    group = await factory.group(organiser=stays)
    await GroupOrganiser(group=group.id, user=leaves.id).save()
    kept_url, old_url = await group_feed_url(client, stays, group.id), await group_feed_url(client, leaves, group.id)
    cached = await client.get(old_url)
    assert cached.status_code == 200  # its body is now kept for this version, and its ETag known

    removed = await client.delete(f"/api/v1/groups/{group.id}/organisers/{leaves.id}", headers=stays.headers)
    assert removed.status_code == 204, removed.text
    assert await FeedToken.count().where(FeedToken.owner == leaves.id) == 0
    assert (await client.get(old_url)).status_code == 404
    assert (await client.get(old_url, headers={"If-None-Match": cached.headers["etag"]})).status_code == 404
    assert (await client.get(kept_url)).status_code == 200
    rotate = await client.post(
        "/api/v1/feeds/private/rotate", json={"scope": "group", "group_id": group.id}, headers=leaves.headers
    )
    assert rotate.status_code == 403


async def test_a_group_feed_token_opens_nothing_once_its_holder_no_longer_organises(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    stays, leaves = await factory.account("stays"), await factory.account("leaves")
    group = await factory.group(organiser=stays)
    await GroupOrganiser(group=group.id, user=leaves.id).save()
    url = await group_feed_url(client, leaves, group.id)
    cached = await client.get(url)
    assert cached.status_code == 200
    # Any path that ends their standing without going through the removal (the token row stays).
    await GroupOrganiser.delete().where((GroupOrganiser.group == group.id) & (GroupOrganiser.user == leaves.id))
    assert await FeedToken.count().where(FeedToken.owner == leaves.id) == 1
    assert (await client.get(url)).status_code == 404
    assert (await client.get(url, headers={"If-None-Match": cached.headers["etag"]})).status_code == 404
    assert (await client.head(url)).status_code == 404
