"""/openactive: the OpenActive dataset site, a public page naming the feeds, their licence and what is left out.

Finder apps and OpenActive's own catalogue read the page's schema.org ``Dataset`` JSON-LD
(``scheduling.openactive.dataset``); people read the same facts in the page's words.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.response import Template

from api.pages.support.rendering import page
from api.pages.views.structured_data import json_ld
from api.settings import get_settings
from scheduling.openactive.dataset import ACTIVITY_LIST, DATASET_PATH, FEEDS, dataset_data
from scheduling.openactive.feeds import LICENSE, Feed
from scheduling.openactive.pages import feed_url
from venues.core.i18n import _
from venues.mail.settings import mail_settings
from venues.publication import public_version


def feed_what(feed: Feed, english: str) -> str:
    """What a feed holds (``scheduling.openactive.dataset.FEEDS``' words) in the page's language."""
    words = {
        Feed.session_series: _(
            "Listed activities that are physical activity: what, where, who runs it, cost, ages and access."
        ),
        Feed.scheduled_sessions: _("Each date of those activities, with cancelled dates marked as cancelled."),
        Feed.facility_uses: _("Bookable halls, rooms and pitches, with where they are and how to ask to book."),
        Feed.slots: _("Free times to book those spaces over the days ahead, by the venue's own booking rules."),
    }
    return words.get(feed, english)


class OpenActivePages(Controller):
    """Public: no sign-in, nothing private."""

    path = DATASET_PATH

    @get("/", name="openactive_dataset")
    async def dataset(self, request: Request[Any, Any, Any]) -> Template:
        base_url = get_settings().public_base_url
        publisher = mail_settings().from_name
        _, changed_at = await public_version()
        feeds = [
            (described, feed_url(base_url, described.feed), feed_what(described.feed, described.what))
            for described in FEEDS
        ]
        return await page(
            request,
            "openactive.html.j2",
            feeds=feeds,
            publisher=publisher,
            license_url=LICENSE,
            activity_list=ACTIVITY_LIST,
            json_ld=json_ld(dataset_data(base_url, publisher, changed_at)),
        )
