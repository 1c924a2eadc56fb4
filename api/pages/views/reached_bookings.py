"""The bookings a change to a venue's opening reaches, as the desk lists them, and the manager's choices back.

The desk's closure and hours forms carry a ``resolving`` field once the list has been shown: then
``fate-all`` (cancel or keep every booking listed), ``fate-<id>`` per booking (wins over the
choice for all) and ``resolve_reason`` (what the bookers of cancelled bookings are told).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from api.pages.support.rendering import query_int
from api.pages.support.wording import booking_named, status_label
from scheduling.venue_changes.resolve import Fate, Resolution
from venues.core.errors import AffectsBookings, InvalidInput
from venues.core.i18n import _, ngettext

_FATE_FIELD = re.compile(r"^fate-([0-9]{1,18})$")
MAX_REASON = 5000
T = TypeVar("T")


def desk_status(status: str) -> str:
    """A reached booking's status as the desk says it, in the language in force."""
    if status == "requested":
        return _("Request, not yet confirmed")
    if status == "confirmed":
        return _("Confirmed")
    return status_label(status)


@dataclass(frozen=True)
class ReachedRow:
    id: int
    named: str
    space: str
    booker: str
    status: str
    why: str


@dataclass(frozen=True)
class ReachedList:
    rows: list[ReachedRow]
    total: int


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def reached_list(error: AffectsBookings, tz_name: str) -> ReachedList:
    """The refusal's bookings named by title and venue-time span, never by number."""
    rows = [
        ReachedRow(
            id=int(item["id"]),
            named=booking_named(item["title"], _instant(item["starts_at"]), _instant(item["ends_at"]), tz_name),
            space=str(item.get("space", "")),
            booker=str(item.get("booker", "")),
            status=desk_status(str(item.get("status", ""))),
            why=str(item.get("why", "")),
        )
        for item in error.extra.get("bookings", [])
    ]
    return ReachedList(rows, int(error.extra.get("total", len(rows))))


def resolution_from_form(form: dict[str, str]) -> Resolution | None:
    """The manager's choices, or None before the list was shown (the first time the form is sent)."""
    if form.get("resolving") != "1":
        return None
    every = form.get("fate-all", "")
    if every and every not in Fate.__members__:
        raise InvalidInput("fate-all", _("Choose to cancel or keep the bookings."))
    each: dict[int, Fate] = {}
    for key, value in form.items():
        match = _FATE_FIELD.match(key)
        if match and value:
            if value not in Fate.__members__:
                raise InvalidInput(key, _("Choose to cancel or keep the booking."))
            each[int(match.group(1))] = Fate(value)
    return Resolution(Fate(every) if every else None, each, form.get("resolve_reason", "").strip()[:MAX_REASON])


async def with_current_choices(attempt: Callable[[dict[str, str]], Awaitable[T]], form: dict[str, str]) -> T:
    """``attempt(form)``; if its choices name a booking the change no longer reaches, or the change reaches
    none any more (the form was old, or the change was edited), once more without them, so the page lists the
    bookings it reaches now or saves a change that reaches none."""
    try:
        return await attempt(form)
    except InvalidInput as error:
        if error.field not in ("resolve.each", "resolve"):
            raise
    return await attempt(
        {key: value for key, value in form.items() if key != "resolving" and not key.startswith("fate-")}
    )


def resolved_notice(query: Any) -> str:
    """``The closure was added.`` and what became of the bookings it reached, from the redirect's query."""
    cancelled, kept = query_int(query.get("cancelled"), 0) or 0, query_int(query.get("kept"), 0) or 0
    parts = []
    if cancelled:
        parts.append(
            ngettext(
                "%(num)d booking was cancelled; the booker sees your reason",
                "%(num)d bookings were cancelled; the bookers see your reason",
                cancelled,
            )
            % {"num": cancelled}
        )
    if kept:
        parts.append(
            ngettext("%(num)d booking was kept as an exception", "%(num)d bookings were kept as an exception", kept)
            % {"num": kept}
        )
    return ("; ".join(parts) + ".") if parts else ""
