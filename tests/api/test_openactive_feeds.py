"""GET /openactive/{feed}: the RPDE feeds over HTTP, walked as a consumer walks them."""

from __future__ import annotations

import httpx
import pytest

from scheduling.models import OpenActiveItem
from scheduling.openactive.feeds import Feed
from scheduling.openactive.pages import PAGE_SIZE
from tests.openactive_items import store_items, store_sequence
from tests.openactive_walker import walk_feed

BASE = "http://testserver"


@pytest.mark.parametrize("feed", list(Feed))
async def test_a_consumer_walking_each_feed_ends_with_what_is_stored(client: httpx.AsyncClient, feed: Feed) -> None:
    # Numbers interleave across the feeds as one counter gives them: each feed's own are not contiguous.
    expected = await store_sequence(feed, PAGE_SIZE + 13, first_number=1 + list(Feed).index(feed), step=4)

    assert await walk_feed(client, f"{BASE}/openactive/{feed.value}") == expected


async def test_polling_the_last_page_picks_up_items_numbered_later(client: httpx.AsyncClient) -> None:
    assert await walk_feed(client, f"{BASE}/openactive/slots") == {}
    await store_items(Feed.slots, [("a", 4, False), ("b", 6, False)])
    state = await walk_feed(client, f"{BASE}/openactive/slots")
    last_page = f"{BASE}/openactive/slots?afterChangeNumber=6"
    assert (await client.get(last_page)).json()["items"] == []

    # "a" becomes a tombstone with a later number, and "c" is new: polling the last page finds both.
    await OpenActiveItem.update(
        {OpenActiveItem.state: "deleted", OpenActiveItem.data: "", OpenActiveItem.change_number: 8}
    ).where(OpenActiveItem.item_id == "a")
    await store_items(Feed.slots, [("c", 9, False)])
    state = await walk_feed(client, last_page, state)

    assert {item_id: (kind, number) for item_id, (kind, number, _) in state.items()} == {
        "a": ("deleted", 8),
        "b": ("updated", 6),
        "c": ("updated", 9),
    }


async def test_pages_are_json_cacheable_and_cookie_free(client: httpx.AsyncClient) -> None:
    await store_sequence(Feed.session_series, 3)

    full = await client.get("/openactive/session-series")
    last = await client.get(full.json()["next"])

    assert full.headers["content-type"] == "application/json"
    assert full.headers["cache-control"] == "public, max-age=3600"
    assert last.headers["cache-control"] == "public, max-age=8"
    assert last.json()["items"] == []
    for response in (full, last):
        assert "set-cookie" not in response.headers
        assert "content-security-policy" not in response.headers


async def test_unknown_parameters_are_ignored_and_the_last_page_names_itself_without_them(
    client: httpx.AsyncClient,
) -> None:
    await store_sequence(Feed.slots, PAGE_SIZE + 1)

    first = (await client.get("/openactive/slots?limit=5&_=123")).json()
    last = (await client.get("/openactive/slots?afterChangeNumber=9999&limit=5")).json()

    assert len(first["items"]) == PAGE_SIZE
    assert last == {
        "next": f"{BASE}/openactive/slots?afterChangeNumber=9999",
        "items": [],
        "license": "https://creativecommons.org/licenses/by/4.0/",
    }


@pytest.mark.parametrize("after", ["0", "-1", "01", "1.0", "abc", "", " 5", "9223372036854775808", "1e3"])
async def test_an_after_change_number_that_is_not_a_positive_integer_is_a_400(
    client: httpx.AsyncClient, after: str
) -> None:
    response = await client.get("/openactive/slots", params={"afterChangeNumber": after})

    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_the_largest_change_number_is_an_empty_last_page(client: httpx.AsyncClient) -> None:
    """The OpenActive validator asks for its last page after 2**53 - 1; a BIGINT's largest is accepted too."""
    for after in (9007199254740991, 2**63 - 1):
        response = await client.get(f"/openactive/slots?afterChangeNumber={after}")
        assert response.status_code == 200
        assert response.json()["next"] == f"{BASE}/openactive/slots?afterChangeNumber={after}"


@pytest.mark.parametrize("name", ["sessions", "Slots", "slots.json", "facility-use"])
async def test_an_unknown_feed_is_a_404(client: httpx.AsyncClient, name: str) -> None:
    response = await client.get(f"/openactive/{name}")

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "session-series" in response.json()["detail"]


async def test_the_feeds_are_in_the_openapi_document_with_their_page_shape(client: httpx.AsyncClient) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    operation = document["paths"]["/openactive/{feed}"]["get"]

    assert {"200", "400", "404"} <= set(operation["responses"])
    assert "application/json" in operation["responses"]["200"]["content"]
    assert [p["name"] for p in operation["parameters"] if p["in"] == "query"] == ["afterChangeNumber"]
