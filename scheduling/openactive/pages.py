"""One page of an OpenActive feed, read by change number and rendered from the stored JSON text.

RPDE 1.0's "incrementing unique change number" ordering: a page is the items whose change number
is greater than ``afterChangeNumber`` (from the beginning when it is absent), in change-number order.
The read is one keyed query on the unique index ``(feed, change_number)``, so the fiftieth thousandth
page costs what the first does (no OFFSET), and the ``next`` URL comes from the last item that same
query returned (the spec's warning: a second query could see another state of the table).

The body is joined from the stored text: an item's ``data`` is stored as canonical JSON
(``feeds.data_text``) and is put on the page as it is, never parsed and dumped again, so a page of
500 slots costs string joins rather than 500 parses. Tombstones carry no ``data``, as the spec requires.

Numbers are only ever given while the stamper holds the counter row (``stamping``), so a number a
reader has seen is never followed by a lower one becoming visible: paging past it misses nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from scheduling.models import OpenActiveItem
from scheduling.openactive.feeds import LICENSE, Feed

# Items per page: the RPDE spec's suggested default, and the least the OpenActive validator accepts without warning.
PAGE_SIZE = 500
# The largest change number a BIGINT holds; a request after it is refused rather than overflowing the query.
MAX_CHANGE_NUMBER = 2**63 - 1
AFTER_PARAMETER = "afterChangeNumber"

_PAGE_SQL = (
    'SELECT "item_id", "kind", "change_number", "state", "data" FROM "openactive_item" '
    'WHERE "feed" = {} AND "change_number" > {} ORDER BY "change_number" LIMIT {}'
)


@dataclass(frozen=True)
class StoredItem:
    """One row of a page as stored: ``data`` is the JSON text of an updated item, "" for a tombstone."""

    item_id: str
    kind: str
    modified: int
    state: str
    data: str


@dataclass(frozen=True)
class FeedPage:
    """A rendered page: its JSON ``body`` and whether it had items (the last page of a feed has none)."""

    body: bytes
    items: int
    next_url: str


def feed_url(base_url: str, feed: Feed) -> str:
    """The feed's first page: no parameter, so a consumer starts from the beginning of time."""
    return f"{base_url}/openactive/{feed.value}"


def page_url(base_url: str, feed: Feed, after: int | None) -> str:
    first = feed_url(base_url, feed)
    return first if after is None else f"{first}?{AFTER_PARAMETER}={after}"


async def read_items(feed: Feed, after: int | None, limit: int = PAGE_SIZE) -> list[StoredItem]:
    """Items of ``feed`` numbered after ``after`` (all from the start when None), lowest first, at most ``limit``.

    One query, answered by walking the unique ``(feed, change_number)`` index from ``after``.
    """
    rows = await OpenActiveItem.raw(_PAGE_SQL, feed.value, 0 if after is None else after, limit)
    return [
        StoredItem(
            item_id=row["item_id"],
            kind=row["kind"],
            modified=int(row["change_number"]),
            state=row["state"],
            data=row["data"] or "",
        )
        for row in rows
    ]


def _item_json(item: StoredItem) -> str:
    head = (
        f'{{"state":{json.dumps(item.state)},"kind":{json.dumps(item.kind)},'
        f'"id":{json.dumps(item.item_id, ensure_ascii=False)},"modified":{item.modified}'
    )
    if item.state == "deleted":
        return head + "}"
    return f'{head},"data":{item.data}}}'


def render_page(base_url: str, feed: Feed, after: int | None, items: list[StoredItem]) -> FeedPage:
    """The RPDE page: ``next`` is after the last item's number, or (no items: the last page) the page's own URL."""
    next_url = page_url(base_url, feed, items[-1].modified if items else after)
    body = (
        f'{{"next":{json.dumps(next_url, ensure_ascii=False)},'
        f'"items":[{",".join(_item_json(item) for item in items)}],'
        f'"license":{json.dumps(LICENSE)}}}'
    )
    return FeedPage(body=body.encode("utf-8"), items=len(items), next_url=next_url)


async def feed_page(base_url: str, feed: Feed, after: int | None, limit: int = PAGE_SIZE) -> FeedPage:
    """Read and render one page of ``feed`` (one query)."""
    return render_page(base_url, feed, after, await read_items(feed, after, limit))
