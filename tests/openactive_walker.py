"""Walking an OpenActive RPDE feed over HTTP as a consumer does, checking the RPDE 1.0 rules on every page.

``walk_feed`` starts at a feed's first URL and follows ``next`` until a page has no items, and
returns the state a consumer that replayed the feed ends with: ``{id: (state, modified, data)}``.
It fails on any page that breaks the rules a consumer relies on: every page has the licence, items
are in strictly increasing integer ``modified`` order across the whole walk, ``next`` is absolute,
on the same feed, and after the last item's ``modified``, deleted items carry no ``data``, no id is
seen twice with the same ``modified``, and the last page's ``next`` is its own URL. Tests of the
feeds over the ASGI client and against a live server (and the consistency tests) share it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from scheduling.openactive.feeds import LICENSE

State = dict[str, tuple[str, int, dict[str, Any] | None]]
MAX_PAGES = 10_000


def _after(url: str) -> int | None:
    values = parse_qs(urlsplit(url).query).get("afterChangeNumber")
    return int(values[0]) if values else None


async def walk_feed(http: httpx.AsyncClient, first_url: str, state: State | None = None) -> State:
    """Follow ``next`` from ``first_url`` to the last page; ``state`` (updated in place) lets a consumer go on polling."""
    state = {} if state is None else state
    url = first_url
    path = urlsplit(first_url).path
    seen: set[tuple[str, int]] = set()
    last_modified = _after(first_url) or 0
    for _ in range(MAX_PAGES):
        response = await http.get(url)
        assert response.status_code == 200, (url, response.status_code, response.text[:300])
        assert response.headers["content-type"].startswith("application/json"), response.headers["content-type"]
        body = response.json()
        assert set(body) == {"next", "items", "license"}, sorted(body)
        assert body["license"] == LICENSE, body["license"]
        items = body["items"]
        next_url = body["next"]
        assert isinstance(next_url, str) and urlsplit(next_url).scheme in ("http", "https"), next_url
        assert urlsplit(next_url).path == path, (next_url, path)
        for item in items:
            modified = item["modified"]
            assert type(modified) is int, item
            assert modified > last_modified, ("modified must increase strictly", last_modified, item)
            last_modified = modified
            assert item["state"] in ("updated", "deleted"), item
            assert isinstance(item["id"], str) and isinstance(item["kind"], str), item
            assert (item["id"], modified) not in seen, ("seen twice", item["id"], modified)
            seen.add((item["id"], modified))
            if item["state"] == "deleted":
                assert "data" not in item, item
                assert set(item) == {"state", "kind", "id", "modified"}, item
                state[item["id"]] = ("deleted", modified, None)
            else:
                assert isinstance(item["data"], dict), item
                assert set(item) == {"state", "kind", "id", "modified", "data"}, item
                state[item["id"]] = ("updated", modified, item["data"])
        if not items:
            assert next_url == url, ("the last page's next must be its own URL", url, next_url)
            assert response.headers["cache-control"] == "public, max-age=8", response.headers.get("cache-control")
            return state
        assert next_url != url, url
        assert _after(next_url) == items[-1]["modified"], (next_url, items[-1]["modified"])
        assert response.headers["cache-control"] == "public, max-age=3600", response.headers.get("cache-control")
        url = next_url
    raise AssertionError(f"{first_url} did not reach a page without items in {MAX_PAGES} pages")
