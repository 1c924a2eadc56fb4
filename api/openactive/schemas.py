"""The RPDE page's shape, for the OpenAPI document only: pages are rendered from stored text (``scheduling.openactive.pages``)."""

from __future__ import annotations

from typing import Any, Literal

from msgspec import UNSET, Struct, UnsetType


class RpdeItem(Struct):
    state: Literal["updated", "deleted"]
    kind: str
    id: str
    modified: int
    data: dict[str, Any] | UnsetType = UNSET
    """OpenActive Modelling Opportunity Data 2.0 JSON-LD; absent on a deleted item."""


class RpdePage(Struct):
    next: str
    """Absolute URL of the next page; on the last page (no items) the page's own URL."""
    items: list[RpdeItem]
    license: str
