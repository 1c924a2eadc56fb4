"""Reading a feed page by change number and rendering it from the stored text."""

from __future__ import annotations

import json

import pytest

from scheduling.models import OpenActiveItem
from scheduling.openactive.feeds import KINDS, LICENSE, Feed
from scheduling.openactive.pages import PAGE_SIZE, feed_page, read_items
from tests.openactive_items import store_items, store_sequence
from venues.core.database import current_engine, is_postgres

BASE = "https://halls.example"
FIRST = f"{BASE}/openactive/slots"


async def test_items_are_read_after_the_number_in_change_number_order() -> None:
    await store_items(Feed.slots, [("c", 30, False), ("a", 10, False), ("b", 20, True), ("d", 40, False)])

    assert [item.modified for item in await read_items(Feed.slots, None)] == [10, 20, 30, 40]
    assert [item.item_id for item in await read_items(Feed.slots, 10)] == ["b", "c", "d"]
    assert [item.item_id for item in await read_items(Feed.slots, 15, limit=2)] == ["b", "c"]
    assert await read_items(Feed.slots, 40) == []


async def test_a_page_holds_only_its_own_feeds_items() -> None:
    await store_items(Feed.slots, [("s1", 1, False), ("s2", 3, False)])
    await store_items(Feed.facility_uses, [("f1", 2, False)])

    assert [item.item_id for item in await read_items(Feed.slots, None)] == ["s1", "s2"]
    assert [item.item_id for item in await read_items(Feed.facility_uses, None)] == ["f1"]
    assert await read_items(Feed.session_series, None) == []


async def test_next_is_after_the_last_item_and_tombstones_carry_no_data() -> None:
    expected = await store_items(Feed.slots, [("a", 5, False), ("b", 9, True)])

    page = await feed_page(BASE, Feed.slots, None)
    body = json.loads(page.body)

    assert body["next"] == f"{FIRST}?afterChangeNumber=9"
    assert body["license"] == LICENSE
    assert body["items"] == [
        {"state": "updated", "kind": KINDS[Feed.slots], "id": "a", "modified": 5, "data": expected["a"][2]},
        {"state": "deleted", "kind": KINDS[Feed.slots], "id": "b", "modified": 9},
    ]
    assert page.items == 2


@pytest.mark.parametrize("after", [None, 9, 12])
async def test_a_page_without_items_links_to_itself(after: int | None) -> None:
    await store_items(Feed.slots, [("a", 5, False), ("b", 9, True)])
    empty_feed = after is None

    page = await feed_page(BASE, Feed.scheduled_sessions if empty_feed else Feed.slots, after)
    body = json.loads(page.body)

    own = f"{BASE}/openactive/scheduled-sessions" if empty_feed else f"{FIRST}?afterChangeNumber={after}"
    assert body == {"next": own, "items": [], "license": LICENSE}
    assert page.items == 0


async def test_data_is_put_on_the_page_as_stored_text() -> None:
    """Not parsed and dumped again: the stored bytes appear as they are (spacing and key order kept)."""
    stored = '{"name": "Caf\u00e9 \\"yoga\\"", "@type": "Slot", "z": [1, 2]}'
    await OpenActiveItem.insert(
        OpenActiveItem(
            feed="slots", item_id='id "1" é', kind="FacilityUse/Slot", change_number=3, state="updated", data=stored
        )
    )

    page = await feed_page(BASE, Feed.slots, None)

    assert stored.encode() in page.body
    item = json.loads(page.body)["items"][0]
    assert item["id"] == 'id "1" é'
    assert item["data"] == {"name": 'Café "yoga"', "@type": "Slot", "z": [1, 2]}


async def test_paging_from_the_start_replays_every_item_once() -> None:
    expected = await store_sequence(Feed.slots, 2 * PAGE_SIZE + 7)
    seen: dict[str, tuple[str, int]] = {}
    after = None
    pages = 0
    while True:
        page = await feed_page(BASE, Feed.slots, after)
        pages += 1
        body = json.loads(page.body)
        for item in body["items"]:
            assert item["id"] not in seen
            seen[item["id"]] = (item["state"], item["modified"])
        if not body["items"]:
            break
        after = body["items"][-1]["modified"]
        assert body["next"] == f"{FIRST}?afterChangeNumber={after}"

    assert pages == 4
    assert seen == {item_id: (state, number) for item_id, (state, number, _) in expected.items()}


@pytest.mark.parametrize("stored", [10, 10_000])
async def test_a_page_is_one_query_however_long_the_feed(stored: int, query_log: list[str]) -> None:
    await store_sequence(Feed.slots, stored)
    query_log.clear()

    first = await feed_page(BASE, Feed.slots, None)
    assert len(query_log) == 1
    await feed_page(BASE, Feed.slots, stored - 3)
    assert len(query_log) == 2

    assert first.items == min(stored, PAGE_SIZE)


async def test_a_page_is_read_from_the_feed_and_change_number_index() -> None:
    """Keyset paging on the unique (feed, change_number) index: the first page of a long feed reads 500 index
    entries, with no scan or sort of the feed's history."""
    await store_sequence(Feed.slots, 5_000)
    engine = current_engine()
    sql = (
        "SELECT item_id FROM openactive_item WHERE feed = 'slots' AND change_number > 0 "
        "ORDER BY change_number LIMIT 500"
    )
    if is_postgres():
        await engine.run_ddl("ANALYZE openactive_item")
        plan = " ".join(row["QUERY PLAN"] for row in await OpenActiveItem.raw(f"EXPLAIN {sql}"))
        assert "openactive_item_feed_change" in plan, plan
        assert "Sort" not in plan, plan
    else:
        plan = " ".join(str(row["detail"]) for row in await OpenActiveItem.raw(f"EXPLAIN QUERY PLAN {sql}"))
        assert "openactive_item_feed_change" in plan, plan
        assert "TEMP B-TREE" not in plan, plan
