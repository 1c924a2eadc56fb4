"""Who stands where with a series, finding one of its occurrences, and listing them.

A group's organisers and the venue's managers (site admins among them) run a
series; whoever booked it may also read its private fields. Anyone may read a
public series without them (and without its purpose), and of its dates only those a
booking would show the public (``shown_to_public``); a private series is to the public
what an unknown id is, a 404.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from piccolo.columns.combination import And, Where

from scheduling.bookings.access import shown_to_public_conditions
from scheduling.groups import organises
from scheduling.holds.windows import booking_overlaps
from scheduling.models import Booking, Series
from scheduling.recurrence.rules import Occurrence, expand
from scheduling.recurrence.schedule import schedule_of
from venues.core.errors import Forbidden, InvalidInput, NotFound
from venues.core.i18n import _
from venues.core.ids import in_id_range
from venues.core.timezones import check_day, local_datetime, to_utc, zone
from venues.models import User
from venues.permissions import manages_venue


@dataclass(frozen=True)
class SeriesStanding:
    manages: bool = False
    organises: bool = False
    booked_it: bool = False

    @property
    def runs(self) -> bool:
        """May change the series: its group's organisers and the venue's managers."""
        return self.manages or self.organises

    @property
    def sees_private(self) -> bool:
        return self.runs or self.booked_it


async def get_series(series_id: int) -> Series:
    series = await Series.objects().where(Series.id == series_id).first() if in_id_range(series_id) else None
    if series is None:
        raise NotFound(_("There is no series with id %(series_id)s.") % {"series_id": series_id})
    return series


async def series_standing(user: User | None, series: Series) -> SeriesStanding:
    if user is None:
        return SeriesStanding()
    return SeriesStanding(
        manages=await manages_venue(user, series.venue),
        organises=series.group is not None and await organises(user, series.group),
        booked_it=series.booked_by == user.id,
    )


async def series_to_run(user: User, series_id: int) -> tuple[Series, SeriesStanding]:
    series = await get_series(series_id)
    found = await series_standing(user, series)
    if not found.runs:
        raise Forbidden(_("Only the series' group organisers or the venue's managers may change this series."))
    return series, found


async def readable_series(user: User | None, series_id: int) -> tuple[Series, SeriesStanding]:
    """Anyone may read a public series (without private fields); a private one only those involved."""
    series = await get_series(series_id)
    found = await series_standing(user, series)
    if not series.is_public and not found.sees_private:
        raise NotFound(_("There is no series with id %(series_id)s.") % {"series_id": series_id})
    return series, found


_PLAIN_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def day_start(day: date, tz_name: str) -> datetime:
    """The UTC instant a venue-local day begins."""
    return to_utc(local_datetime(day, time(0), tz_name), tz_name)


def occurrence_day(reference: str, field: str = "occurrence") -> date | None:
    """A reference that is a plain venue-local date (``2027-02-16``), checked; None for any other reference."""
    if not _PLAIN_DATE.match(reference):
        return None
    try:
        day = date.fromisoformat(reference)
    except ValueError:
        raise InvalidInput(
            field, _("%(reference)r is not a real date; give it as YYYY-MM-DD.") % {"reference": reference}
        ) from None
    check_day(field, day)
    return day


def day_window(day: date, tz_name: str) -> tuple[datetime, datetime]:
    """The UTC instants from the start of a venue-local day to the start of the next."""
    return day_start(day, tz_name), day_start(day + timedelta(days=1), tz_name)


def recurrence_instant(reference: str, tz_name: str) -> datetime:
    """An occurrence's RECURRENCE-ID given as ISO 8601 (a time without an offset is venue time)."""
    try:
        moment = datetime.fromisoformat(reference)
    except ValueError:
        raise InvalidInput(
            "occurrence",
            _(
                "%(reference)r names no occurrence: give its booking id or its recurrence id (original start, e.g. 2027-01-05T10:00:00Z)."
            )
            % {"reference": reference},
        ) from None
    return to_utc(moment, tz_name)


async def find_occurrence(series: Series, reference: str) -> Booking:
    """The occurrence booking named by its booking id (digits), its venue-local date or its recurrence id.

    A date names the occurrence the rule put on that day (its recurrence id falls in it), even when that
    occurrence has since been moved to another time.
    """
    day = occurrence_day(reference)
    if day is not None:
        first, after = day_window(day, series.timezone)
        booking = (
            await Booking.objects()
            .where((Booking.series == series.id) & (Booking.recurrence_id >= first) & (Booking.recurrence_id < after))
            .order_by(Booking.recurrence_id)
            .first()
        )
        if booking is None:
            raise NotFound(
                _("Series %(id)s has no booked date on %(value)s (venue time).")
                % {"id": series.id, "value": day.isoformat()}
            )
        return booking
    if reference.isdigit():
        number = int(reference)
        where = Booking.id == number if in_id_range(number) else None
    else:
        where = Booking.recurrence_id == recurrence_instant(reference, series.timezone)
    booking = (
        await Booking.objects().where(where & (Booking.series == series.id)).first() if where is not None else None
    )
    if booking is None:
        raise NotFound(
            _("Series %(id)s has no booked occurrence %(reference)s.") % {"id": series.id, "reference": reference}
        )
    return booking


async def series_occurrences(
    series_id: int,
    starts_from: datetime | None,
    ends_by: datetime | None,
    status: str | None,
    limit: int,
    offset: int,
    public_only: bool = False,
) -> tuple[list[Booking], int]:
    """Occurrence bookings by start, moved ones where they now are: two queries."""
    query = Booking.objects().where(Booking.series == series_id)
    count = Booking.count().where(Booking.series == series_id)
    conditions: list[Where | And] = shown_to_public_conditions() if public_only else []
    conditions.extend(booking_overlaps(starts_from, ends_by))
    if status:
        conditions.append(Booking.status == status)
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    rows = await query.order_by(Booking.starts_at).order_by(Booking.id).limit(limit).offset(offset)
    return rows, await count


async def skipped_occurrences(series: Series) -> list[Occurrence]:
    """The rule's dates from the series' making up to ``materialised_until`` that have no booking at all.

    Every date the rule gives in that range became a booking unless it was skipped (a clash, a closure):
    a date cancelled or declined later keeps its booking, so it is not counted here. One query and no table
    of its own: the rule expanded over the range, minus the venue-local days its bookings were put on
    (``recurrence_id``).
    """
    if series.materialised_until is None:
        return []
    # Dates earlier than the moment it was made were never due (a first date whose time had passed).
    start = max(series.created_at, day_start(series.dtstart, series.timezone))
    if series.materialised_until <= start:
        return []
    tz = zone(series.timezone)
    booked = {
        row["recurrence_id"].astimezone(tz).date()
        for row in await Booking.select(Booking.recurrence_id).where(
            (Booking.series == series.id) & Booking.recurrence_id.is_not_null()
        )
    }
    expansion = expand(schedule_of(series), start, series.materialised_until)
    return [each for each in expansion.occurrences if each.local_date not in booked]


CALLED_OFF = ("cancelled", "declined")


async def called_off_counts(series_ids: list[int]) -> dict[int, dict[str, int]]:
    """How many dates of each series are cancelled or declined (by status), so a rule's "26 times in all" can say
    how many of them will not happen: one query. A series with none is left out."""
    if not series_ids:
        return {}
    rows = await Booking.select(Booking.series, Booking.status).where(
        Booking.series.is_in(sorted(set(series_ids))) & Booking.status.is_in(list(CALLED_OFF))
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        found = counts.setdefault(row["series"], {})
        found[row["status"]] = found.get(row["status"], 0) + 1
    return counts
