"""/openactive/{feed}: the OpenActive RPDE 1.0 feeds (public, no sign-in, no cookies).

Ordering is RPDE's "incrementing unique change number": the only parameter is ``afterChangeNumber``,
a positive integer written as the ``next`` links write it (``^[1-9][0-9]*$``); the first page has no
parameter. Anything else in the query string is ignored, as most RPDE publishers do (a consumer
passing the spec's optional ``limit`` or a cache-busting parameter still gets the feed), and the
last page's ``next`` is the page's own URL without them. Pages are a fixed 500 items.

Cache-Control follows OpenActive's guidance (and its validator): a page with items never changes,
so it is cached for an hour; the last page is where new items appear, so only for 8 seconds.
"""

from __future__ import annotations

import re
from typing import Annotated

from litestar import Controller, Response, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, QueryParameter

from api.errors import problem_responses
from api.openactive.schemas import RpdePage
from api.settings import get_settings
from scheduling.openactive.feeds import Feed
from scheduling.openactive.pages import AFTER_PARAMETER, MAX_CHANGE_NUMBER, PAGE_SIZE, feed_page
from venues.core.errors import InvalidInput, NotFound

FULL_PAGE_CACHE = "public, max-age=3600"
LAST_PAGE_CACHE = "public, max-age=8"
_CHANGE_NUMBER = re.compile(r"^[1-9][0-9]*$")
_FEEDS = ", ".join(feed.value for feed in Feed)

AfterChangeNumber = Annotated[
    str | None,
    QueryParameter(
        name=AFTER_PARAMETER,
        pattern=r"^[1-9][0-9]{0,18}$",
        description="Items after this change number (take it from the previous page's `next`); none for the first page.",
    ),
]


def parse_after(raw: str | None) -> int | None:
    if raw is None:
        return None
    if not _CHANGE_NUMBER.match(raw) or int(raw) > MAX_CHANGE_NUMBER:
        raise InvalidInput(
            AFTER_PARAMETER, f"{AFTER_PARAMETER} is a positive whole number, as the previous page's next link gives it."
        )
    return int(raw)


def feed_named(name: str) -> Feed:
    try:
        return Feed(name)
    except ValueError:
        raise NotFound(f"There is no OpenActive feed {name!r}; the feeds are {_FEEDS}.") from None


class OpenActiveFeedController(Controller):
    path = "/openactive"
    tags = ["openactive"]

    @get(
        "/{feed:str}",
        summary="An OpenActive RPDE feed",
        description=(
            f"One of {_FEEDS}: RPDE 1.0 pages of {PAGE_SIZE} items ordered by change number (`modified`), "
            "OpenActive Modelling Opportunity Data 2.0 in each item's `data`, deleted items as tombstones without "
            "`data`. Follow `next` until a page has no items (its `next` is its own URL); poll that URL for changes. "
            "Licence CC BY 4.0; the dataset site is /openactive."
        ),
        media_type="application/json",
        responses={
            **problem_responses(400, 404),
            200: ResponseSpec(data_container=RpdePage, description="One page of the feed", generate_examples=False),
        },
    )
    async def feed(self, feed: FromPath[str], after: AfterChangeNumber = None) -> Response[bytes]:
        found = feed_named(feed)
        after_number = parse_after(after)
        page = await feed_page(get_settings().public_base_url, found, after_number)
        return Response(
            content=page.body,
            media_type="application/json",
            headers={"Cache-Control": FULL_PAGE_CACHE if page.items else LAST_PAGE_CACHE},
        )
