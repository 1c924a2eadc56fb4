"""Feed addresses as API responses carry them: an https link and a webcal:// subscribe link."""

from __future__ import annotations

from msgspec import Struct

from api.settings import get_settings
from venues.core.i18n import DEFAULT_LANGUAGE, current_language


class FeedLinks(Struct):
    """``url`` downloads the .ics; ``subscribe_url`` opens the calendar app to subscribe."""

    url: str
    subscribe_url: str


def in_language(path: str, language: str | None = None) -> str:
    """``path`` asking for the feed in ``language`` (the language in force by default): ``?lang=cy`` added for
    Welsh, so subscribing from a Welsh page gives a Welsh feed; English, the default, adds nothing."""
    language = language or current_language()
    if language == DEFAULT_LANGUAGE or "lang=" in path:
        return path
    return f"{path}{'&' if '?' in path else '?'}lang={language}"


def feed_links(path: str) -> FeedLinks:
    """The links to the feed at ``path``, in the language of the page (or request) that shows them."""
    url = f"{get_settings().public_base_url}{in_language(path)}"
    scheme, rest = url.split("://", 1)
    return FeedLinks(url=url, subscribe_url=f"webcal://{rest}")
