"""Feed addresses as API responses carry them: an https link and a webcal:// subscribe link."""

from __future__ import annotations

from msgspec import Struct

from api.settings import get_settings


class FeedLinks(Struct):
    """``url`` downloads the .ics; ``subscribe_url`` opens the calendar app to subscribe."""

    url: str
    subscribe_url: str


def feed_links(path: str) -> FeedLinks:
    url = f"{get_settings().public_base_url}{path}"
    scheme, rest = url.split("://", 1)
    return FeedLinks(url=url, subscribe_url=f"webcal://{rest}")
