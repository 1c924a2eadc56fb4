"""A weekly request some of whose dates cannot be booked, told in plain words at the top of the page.

The series' 409 (``scheduling.series.conflicts.series_conflict``) lists every clashing date; the
report says how many of the dates asked for they are, why each one cannot be booked, and offers
the page's equivalent of ``skip_conflicts``: a button that sends the same request again, booking
the other dates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from venues.core.i18n import _, ngettext

# The form fields that are never sent back: the token is the page's own, and the button adds the choice.
NOT_RESENT = frozenset({"_csrf_token", "skip_conflicts"})


@dataclass(frozen=True)
class ClashLine:
    """One date that cannot be booked: when, and why in a sentence."""

    day: date
    starts: str
    ends: str
    why: str
    taken: bool


@dataclass(frozen=True)
class ConflictReport:
    total: int
    lines: list[ClashLine]
    resend: list[tuple[str, str]]

    @property
    def clashing(self) -> int:
        return len(self.lines)

    @property
    def others(self) -> int:
        """The dates that could be booked if the clashing ones are skipped."""
        return max(0, self.total - self.clashing)

    @property
    def all_overlaps(self) -> bool:
        return all(line.taken for line in self.lines)

    @property
    def heading(self) -> str:
        """``2 of your 10 dates clash with other bookings``: whole sentences, counted by the dates asked for."""
        if self.others == 0:
            words = ngettext(
                "None of your %(total)d date can be booked", "None of your %(total)d dates can be booked", self.total
            )
        elif self.clashing == 1 and self.all_overlaps:
            words = ngettext(
                "%(clashing)d of your %(total)d date clashes with another booking",
                "%(clashing)d of your %(total)d dates clashes with another booking",
                self.total,
            )
        elif self.clashing == 1:
            words = ngettext(
                "%(clashing)d of your %(total)d date can't be booked",
                "%(clashing)d of your %(total)d dates can't be booked",
                self.total,
            )
        elif self.all_overlaps:
            words = ngettext(
                "%(clashing)d of your %(total)d date clash with other bookings",
                "%(clashing)d of your %(total)d dates clash with other bookings",
                self.total,
            )
        else:
            words = ngettext(
                "%(clashing)d of your %(total)d date can't be booked",
                "%(clashing)d of your %(total)d dates can't be booked",
                self.total,
            )
        return words % {"clashing": self.clashing, "total": self.total}


def _why(item: dict[str, Any]) -> str:
    """The reason for a person: who holds the time when they may know it, else the rule's own sentence."""
    if item.get("reason") == "taken":
        title = item.get("title")
        if title:
            return _("Booked for “%(title)s”. %(detail)s") % {"title": title, "detail": item["detail"]}
        return _("Booked. %(detail)s") % {"detail": item["detail"]}
    return str(item["detail"])


def conflict_report(
    clashes: list[dict[str, Any]], total: int | None, posted: Iterable[tuple[str, Any]]
) -> ConflictReport:
    """``clashes`` as ``clash_json`` gives them; ``posted`` the request's form fields, sent again by the button."""
    lines = [
        ClashLine(
            day=date.fromisoformat(item["date"]),
            starts=datetime.fromisoformat(item["starts_local"]).strftime("%H:%M"),
            ends=datetime.fromisoformat(item["ends_local"]).strftime("%H:%M"),
            why=_why(item),
            taken=item.get("reason") == "taken",
        )
        for item in clashes
    ]
    resend = [(key, str(value)) for key, value in posted if key not in NOT_RESENT]
    return ConflictReport(total=total if total is not None else len(lines), lines=lines, resend=resend)
