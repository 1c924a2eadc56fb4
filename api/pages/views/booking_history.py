"""A booking's audit trail as a person reads it: who did what when, each change from what to what, in venue time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from api.pages.support.wording import local_time, short_day, status_label

ACTIONS = {
    "created": "Booked",
    "changed": "Changed",
    "confirmed": "Confirmed",
    "declined": "Declined",
    "cancelled": "Cancelled",
}

FIELDS = {
    "status": "status",
    "space": "space",
    "group": "group",
    "starts_at": "start",
    "ends_at": "end",
    "title": "title",
    "purpose": "purpose",
    "attendance": "people",
    "is_public": "listing",
    "booker_name": "booker's name",
    "booker_email": "booker's email",
    "booker_phone": "booker's phone",
    "tier": "price tier",
    "price_minor": "price",
    "currency": "currency",
    "rules_overridden": "rules overridden",
    "overridden_rules": "rules overridden",
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
        return "nothing"
    if field in ("starts_at", "ends_at") and isinstance(value, str):
        moment = local_time(datetime.fromisoformat(value.replace("Z", "+00:00")), tz_name)
        return f"{short_day(moment.date())} {moment:%H:%M}"
    if field == "status":
        return status_label(str(value))
    if field == "is_public":
        return "public" if value else "private"
    if field == "price_minor" and isinstance(value, int):
        pounds, pence = divmod(value, 100)
        return f"{pounds:,}.{pence:02d}"
    if field in names and isinstance(value, int):
        return names[field].get(value, "one no longer listed")
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
            label = FIELDS.get(field, field.replace("_", " "))
            shown.append(
                f"{label} from {_value(field, before, tz_name, names)} to {_value(field, after, tz_name, names)}"
            )
        at = local_time(row["at"], tz_name)
        lines.append(
            HistoryLine(
                at=f"{short_day(at.date())} {at.year} {at:%H:%M}",
                action=ACTIONS.get(action, action.capitalize()),
                actor=row.get("actor.display_name") or "",
                changes=shown,
                reason=str(row["reason"] or ""),
            )
        )
    return lines
