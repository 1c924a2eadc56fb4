"""A booking's audit trail as a person reads it: who did what when, each change from what to what, in venue time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from api.pages.support.wording import local_time, short_day, status_label
from venues.core.i18n import gettext, lazy_gettext

ACTIONS = {
    "created": lazy_gettext("Booked"),
    "changed": lazy_gettext("Changed"),
    "confirmed": lazy_gettext("Confirmed"),
    "declined": lazy_gettext("Declined"),
    "cancelled": lazy_gettext("Cancelled"),
}

FIELDS = {
    "status": lazy_gettext("status"),
    "space": lazy_gettext("space"),
    "group": lazy_gettext("group"),
    "starts_at": lazy_gettext("start"),
    "ends_at": lazy_gettext("end"),
    "title": lazy_gettext("title"),
    "purpose": lazy_gettext("purpose"),
    "attendance": lazy_gettext("people"),
    "is_public": lazy_gettext("listing"),
    "booker_name": lazy_gettext("booker's name"),
    "booker_email": lazy_gettext("booker's email"),
    "booker_phone": lazy_gettext("booker's phone"),
    "tier": lazy_gettext("price tier"),
    "price_minor": lazy_gettext("price"),
    "currency": lazy_gettext("currency"),
    "rules_overridden": lazy_gettext("rules overridden"),
    "overridden_rules": lazy_gettext("rules overridden"),
}
# Bookkeeping a reader of the history does not need: the price shows in its own line.
HIDDEN = frozenset({"currency", "rules_overridden"})


@dataclass(frozen=True)
class HistoryLine:
    at: str
    action: str
    actor: str
    changes: list[str]
    reason: str


def _value(field: str, value: Any, tz_name: str, names: dict[str, dict[int, str]]) -> str:
    if value is None or value == "" or value == []:
        return gettext("nothing")
    if field in ("starts_at", "ends_at") and isinstance(value, str):
        moment = local_time(datetime.fromisoformat(value.replace("Z", "+00:00")), tz_name)
        return f"{short_day(moment.date())} {moment:%H:%M}"
    if field == "status":
        return status_label(str(value))
    if field == "is_public":
        return gettext("public") if value else gettext("private")
    if field == "price_minor" and isinstance(value, int):
        pounds, pence = divmod(value, 100)
        return f"{pounds:,}.{pence:02d}"
    if field in names and isinstance(value, int):
        return names[field].get(value, gettext("one no longer listed"))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def history_lines(rows: list[dict[str, Any]], tz_name: str, names: dict[str, dict[int, str]]) -> list[HistoryLine]:
    """``names`` maps ``space``, ``group`` and ``tier`` ids to their names."""
    lines = []
    for row in rows:
        action = str(row["action"])
        # What a booking was made with is on the page already; a change says from what to what.
        changes = row["changes"] if action == "changed" and isinstance(row["changes"], dict) else {}
        shown = []
        for field, pair in changes.items():
            if field in HIDDEN or not isinstance(pair, list) or len(pair) != 2:
                continue
            before, after = pair
            label = str(FIELDS.get(field, field.replace("_", " ")))
            shown.append(
                gettext("%(field)s from %(before)s to %(after)s")
                % {
                    "field": label,
                    "before": _value(field, before, tz_name, names),
                    "after": _value(field, after, tz_name, names),
                }
            )
        at = local_time(row["at"], tz_name)
        lines.append(
            HistoryLine(
                at=f"{short_day(at.date())} {at.year} {at:%H:%M}",
                action=str(ACTIONS.get(action, action.capitalize())),
                actor=row.get("actor.display_name") or "",
                changes=shown,
                reason=str(row["reason"] or ""),
            )
        )
    return lines
