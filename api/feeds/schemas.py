"""Bodies for managing private feed links."""

from __future__ import annotations

from typing import Literal

from msgspec import Struct

from api.feeds.links import FeedLinks


class PrivateFeed(Struct):
    scope: Literal["manager", "group"]
    name: str
    links: FeedLinks
    group_id: int | None = None


class RotateRequest(Struct, forbid_unknown_fields=True):
    scope: Literal["manager", "group"]
    group_id: int | None = None
