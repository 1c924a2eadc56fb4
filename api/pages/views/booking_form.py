"""What someone asking to book has chosen so far, read from the query string or the form, and turned into drafts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from api.pages.support.rendering import checked, form_date, form_int, form_time
from api.pages.support.wording import short_day
from api.pages.views.listing_form import ListingChoice
from scheduling.bookings.workflow import BookingDraft
from scheduling.listings.activities import check_fields
from scheduling.recurrence.rules import WEEKDAYS, RecurrenceRule
from scheduling.series.create import SeriesDraft
from scheduling.vocabulary import Frequency
from venues.core.errors import InvalidInput
from venues.core.i18n import _
from venues.core.ids import in_id_range

ONCE, WEEKLY = "once", "weekly"
EXTRA_FIELD = re.compile(r"^extra-([0-9]{1,9})$")
ANSWER = "answer-"


@dataclass(frozen=True)
class Choice:
    """Raw text as sent, so a refused form comes back exactly as it was filled in."""

    date: str = ""
    start: str = ""
    end: str = ""
    repeat: str = ONCE
    until: str = ""
    group_id: str = ""
    tier_id: str = ""
    title: str = ""
    purpose: str = ""
    billing_address: str = ""
    attendance: str = "1"
    is_public: bool = False
    skip_conflicts: bool = False
    listing: ListingChoice = ListingChoice()
    # (extra id, quantity) as typed: ``extra-<id>`` fields of the venue's extras.
    extras: tuple[tuple[str, str], ...] = ()
    # The hire terms accepted (checkbox and the version it names) and answers by question id ("answer-<id>").
    accept_terms: bool = False
    terms_version: str = ""
    answers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def read(cls, values: Mapping[str, Any]) -> Choice:
        def text(key: str, default: str = "") -> str:
            value = values.get(key)
            return str(value).strip()[:5000] if value is not None else default

        return cls(
            date=text("date"),
            start=text("start"),
            end=text("end"),
            repeat=WEEKLY if text("repeat") == WEEKLY else ONCE,
            until=text("until"),
            group_id=text("group_id"),
            tier_id=text("tier_id"),
            title=text("title")[:200],
            purpose=text("purpose"),
            billing_address=text("billing_address")[:2000],
            attendance=text("attendance", "1") or "1",
            is_public=checked(values.get("is_public")),
            skip_conflicts=checked(values.get("skip_conflicts")),
            listing=ListingChoice.read(values),
            extras=tuple(
                (found.group(1), text(key)[:9]) for key in values.keys() if (found := EXTRA_FIELD.match(str(key)))
            ),
            accept_terms=checked(values.get("accept_terms")),
            terms_version=text("terms_version"),
            answers=tuple(
                (str(key).removeprefix(ANSWER), str(value).strip()[:5000])
                for key, value in values.items()
                if str(key).startswith(ANSWER)
            ),
        )

    def answer_to(self, question_id: int) -> str:
        return dict(self.answers).get(str(question_id), "")

    def hire(self) -> dict[str, Any]:
        """The draft's terms and answers: the version only when the box was ticked, blank answers left out."""
        return {
            "terms_version": form_int(self.terms_version, "terms_version") if self.accept_terms else None,
            "answers": tuple(
                (int(question_id), answer)
                for question_id, answer in self.answers
                # only ASCII digits name a question ("²".isdigit() is true, int("²") fails); an id no row has is ignored
                if answer
                and question_id.isascii()
                and question_id.isdigit()
                and len(question_id) <= 10
                and in_id_range(int(question_id))
            ),
        }

    def listing_columns(self) -> dict[str, Any] | None:
        """The activity residents see when the booking is public (checked now, before anything is booked)."""
        if not self.is_public:
            return None
        return check_fields(self.listing.columns(default_title=self.title))

    @property
    def has_time(self) -> bool:
        return bool(self.date and self.start and self.end)

    def day(self) -> dt.date:  # `date` here is the form field
        found = form_date(self.date, "date")
        assert found is not None
        return found

    def times(self) -> tuple[time, time]:
        """The start and end times; an end earlier than the start is on the next day (20:00–01:00)."""
        starts, ends = form_time(self.start, "start"), form_time(self.end, "end")
        if ends == starts:
            raise InvalidInput("end", _("The end time must differ from the start time."))
        return starts, ends

    def span(self) -> tuple[datetime, datetime]:
        """Naive wall-clock times: the domain reads them in the venue's zone. An end earlier than the start
        is on the next day, so a party from 20:00 to 01:00 ends at 01:00 the morning after."""
        day = self.day()
        starts, ends = self.times()
        end_day = day + dt.timedelta(days=1) if ends < starts else day
        return datetime.combine(day, starts), datetime.combine(end_day, ends)

    def group(self) -> int | None:
        return form_int(self.group_id, "group_id")

    def tier(self) -> int | None:
        return form_int(self.tier_id, "tier_id")

    def booking_draft(self, space_id: int) -> BookingDraft:
        starts_at, ends_at = self.span()
        return BookingDraft(
            space_id=space_id,
            starts_at=starts_at,
            ends_at=ends_at,
            title=self.title,
            purpose=self.purpose,
            billing_address=self.billing_address,
            attendance=form_int(self.attendance, "attendance", 1) or 1,
            is_public=self.is_public,
            group_id=self.group(),
            tier_id=self.tier(),
            extras=self.extra_choices(),
            **self.hire(),
        )

    def extra_quantity(self, extra_id: int) -> str:
        return dict(self.extras).get(str(extra_id), "")

    def extra_choices(self) -> tuple[tuple[int, int], ...]:
        """The extras asked for with their quantities (a blank or 0 is not asked for)."""
        chosen = []
        for extra_id, quantity in self.extras:
            count = form_int(quantity, "extras", 0) or 0
            if count:
                chosen.append((int(extra_id), count))
        return tuple(chosen)

    def series_draft(self, space_id: int) -> SeriesDraft:
        """Every week on the chosen date's weekday, until the chosen last date (or until further notice)."""
        day = self.day()
        starts, ends = self.times()
        if ends < starts:
            raise InvalidInput(
                "end", _("A weekly booking must end on the day it starts: choose an end time after the start time.")
            )
        until = form_date(self.until, "until", required=False)
        if until is not None and until < day:
            raise InvalidInput(
                "until",
                _(
                    "The last date for the weekly booking (%(last)s) is before its first date (%(first)s): "
                    "choose a last date on or after it, or leave it empty."
                )
                % {"last": short_day(until), "first": short_day(day)},
            )
        if self.extra_choices():
            # A series has no extras of its own (each week would need its own units); say so rather than drop them.
            raise InvalidInput(
                "extras", _("Extras can be chosen for one-off bookings; ask the venue for a weekly booking's extras.")
            )
        rule = RecurrenceRule(Frequency.weekly, 1, (WEEKDAYS[day.weekday()],), None, until)
        return SeriesDraft(
            space_id=space_id,
            rule=rule,
            dtstart=day,
            start_time=starts,
            end_time=ends,
            title=self.title,
            purpose=self.purpose,
            attendance=form_int(self.attendance, "attendance", 1) or 1,
            is_public=self.is_public,
            group_id=self.group(),
            tier_id=self.tier(),
            skip_conflicts=self.skip_conflicts,
            **self.hire(),
        )
