"""Content in two languages: a venue's, a space's, a group's or an activity's own words, chosen for a reader.

Each such row keeps its English text in the existing column (``name``, ``title``, ``description``; the API's
fields of those names) and its Welsh in a ``_cy`` twin (``name_cy``, ``title_cy``, ``description_cy``). Either may be
empty, except that a name is required in English as before; a reader is shown their own language's text where
there is one and the other where not, marked with its own language so screen readers and calendars read it right.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from venues.core.i18n.languages import DEFAULT_LANGUAGE, current_language

# The columns that carry a second language, by table: English column → Welsh column.
WELSH_TWIN = {"name": "name_cy", "title": "title_cy", "description": "description_cy"}


@dataclass(frozen=True, slots=True)
class Shown:
    """Text chosen for a reader and the language it is written in (``en`` or ``cy``)."""

    text: str
    language: str

    def __str__(self) -> str:
        return self.text


def choose(english: str | None, welsh: str | None, language: str | None = None) -> Shown:
    """The reader's language's text when it has some, else the other's, with the language it is in."""
    want = language or current_language()
    english, welsh = english or "", welsh or ""
    if want == "cy":
        return Shown(welsh, "cy") if welsh.strip() else Shown(english, DEFAULT_LANGUAGE)
    return Shown(english, DEFAULT_LANGUAGE) if english.strip() or not welsh.strip() else Shown(welsh, "cy")


def shown(row: Any, field: str, language: str | None = None) -> Shown:
    """``choose`` on a row's ``field`` and its Welsh twin (a Piccolo row, a dict or any object with attributes)."""
    twin = WELSH_TWIN[field]
    if isinstance(row, dict):
        return choose(row.get(field), row.get(twin), language)
    return choose(getattr(row, field, ""), getattr(row, twin, ""), language)


def folded(text: str) -> str:
    """``Bore Coffi`` and ``BORE COFFI`` alike, ``Ŵyl`` and ``wyl`` alike: case folded beyond ASCII and accents
    dropped, so a search matches however it was typed, on SQLite (whose LIKE folds only ASCII) as on PostgreSQL."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_text(*parts: str | None) -> str:
    """What a row's ``search_text`` column holds: its texts in both languages, folded, one per line."""
    return "\n".join(folded(part) for part in parts if part and part.strip())
