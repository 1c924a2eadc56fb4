"""Slugs: the short names in public addresses (``/groups/marsh-coffee-morning``, ``/areas/marsh-valley-halls``).

One rule for every table with a unique ``slug`` column: made from a name with accents dropped, never empty,
numbered ("-2", "-3"…) past the ones already taken. The unique index stays the guard against two writers.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from piccolo.table import Table

from venues.core.errors import Conflict
from venues.core.i18n import _


def slugify(name: str, length: int, fallback: str) -> str:
    """ "Marsh Coffee Morning!" → "marsh-coffee-morning"; at most ``length`` characters, ``fallback`` if nothing is left."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:length].strip("-")
    return slug or fallback


async def slug_taken(table: type[Table], slug: str, except_id: int | None = None) -> bool:
    column: Any = table._meta.get_column_by_name("slug")
    query = table.exists().where(column == slug)
    if except_id is not None:
        query = query.where(table._meta.primary_key != except_id)
    return await query


async def free_slug(table: type[Table], name: str, length: int, fallback: str, plural: str) -> str:
    """The name's slug in ``table``, numbered past any already taken."""
    base = slugify(name, length, fallback)
    for number in range(1, 101):
        suffix = "" if number == 1 else f"-{number}"
        candidate = base[: length - len(suffix)].rstrip("-") + suffix
        if not await slug_taken(table, candidate):
            return candidate
    raise Conflict(
        {
            "areas": _("Too many areas are called %(name)r; choose a slug."),
            "groups": _("Too many groups are called %(name)r; choose a slug."),
        }.get(plural, _("Too many %(plural)s are called %(name)r; choose a slug."))
        % {"plural": plural, "name": name},
        field="slug",
    )
