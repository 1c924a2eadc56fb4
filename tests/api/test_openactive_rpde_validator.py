"""OpenActive's own RPDE validator walks each feed of a live server and finds no failure.

``@openactive/rpde-validator`` (tests/js) runs offline: it fetches only the feed URL it is given and the
``next`` links the feed returns, here on a uvicorn server on this worker's database. It checks the HTTP
side too (status, Content-Type, Cache-Control), then asks for the page after the largest change number
and checks that it is an empty page naming itself. Locally a machine without Node skips; CI fails.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from scheduling.openactive.feeds import Feed
from scheduling.openactive.pages import PAGE_SIZE
from tests.live_app import running_app
from tests.node import require_node
from tests.openactive_items import store_sequence
from tests.openactive_walker import walk_feed

JS = Path(__file__).parents[1] / "js"
SCRIPT = JS / "rpde-validate.cjs"


def rpde_messages(node: str, url: str) -> list[dict[str, Any]]:
    result = subprocess.run([node, str(SCRIPT), url], capture_output=True, text=True, timeout=300, check=True, cwd=JS)
    messages: list[dict[str, Any]] = json.loads(result.stdout)
    return messages


@pytest.fixture(scope="module")
def live_feeds(migrated_database: None) -> Iterator[str]:
    with running_app() as url:
        yield url


async def test_the_rpde_validator_finds_no_failure_in_any_feed(live_feeds: str) -> None:
    node = require_node("@openactive/rpde-validator", "the OpenActive RPDE validator")
    expected = {}
    for index, feed in enumerate(Feed):
        # More than two full pages, tombstones among them, numbers interleaved between feeds as one counter gives them.
        expected[feed] = await store_sequence(feed, 2 * PAGE_SIZE + 9, first_number=1 + index, every_deleted=5, step=4)

    for feed in Feed:
        first = f"{live_feeds}/openactive/{feed.value}"
        messages = rpde_messages(node, first)
        failures = [message for message in messages if message["severity"] == "failure"]
        assert failures == [], (feed, failures)
        # It did walk the feed: every page it visited, then the last-page probe, and nothing else.
        assert all(message["url"].startswith(first) for message in messages), messages
        async with httpx.AsyncClient() as http:
            assert await walk_feed(http, first) == expected[feed]
