"""The time window a what's-on search covers: dates or instants, a week by default, never more than a quarter."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from venues.core import clock
from venues.core.errors import InvalidInput
from venues.core.i18n import _
from venues.core.ids import in_id_range
from venues.core.timezones import DEFAULT_TIMEZONE, to_utc
from venues.models import Space, Venue

DEFAULT_DAYS = 7
MAX_DAYS = 92

Moment = date | datetime


def _start_of(moment: Moment, tz: str) -> datetime:
    if isinstance(moment, datetime):
        return to_utc(moment, tz)
    return to_utc(datetime.combine(moment, time()), tz)


def _end_of(moment: Moment, tz: str) -> datetime:
    """A date as the end of the window includes that whole day."""
    if isinstance(moment, datetime):
        return to_utc(moment, tz)
    return to_utc(datetime.combine(moment + timedelta(days=1), time()), tz)


def needs_zone(*moments: Moment | None) -> bool:
    """Only dates and naive times need a zone to become instants."""
    return any(moment is not None and (not isinstance(moment, datetime) or moment.tzinfo is None) for moment in moments)


def window(start: Moment | None, end: Moment | None, tz: str, now: datetime | None = None) -> tuple[datetime, datetime]:
    """``[from, to)`` in UTC whole seconds; dates and naive times are read in ``tz``.

    Without ``from`` the window starts at the current minute (so a minute's default searches are the
    same search, which listings keep per version); without ``to`` it lasts a week.
    """
    current = to_utc(now or clock.now_exact(), "UTC").replace(second=0)
    starts = _start_of(start, tz) if start is not None else current
    ends = _end_of(end, tz) if end is not None else starts + timedelta(days=DEFAULT_DAYS)
    if ends <= starts:
        raise InvalidInput("to", _("'to' must be after 'from'."))
    if ends - starts > timedelta(days=MAX_DAYS):
        raise InvalidInput(
            "to",
            _("A what's-on window spans at most %(MAX_DAYS)s days; ask for less or page through.")
            % {"MAX_DAYS": MAX_DAYS},
        )
    return starts, ends


async def zone_for(venue_id: int | None, space_id: int | None) -> str:
    """The zone dates are read in: the venue's (or the space's venue's) when the search names one, else the default."""
    if venue_id is not None and in_id_range(venue_id):
        row = await Venue.select(Venue.timezone).where(Venue.id == venue_id).first()
    elif space_id is not None and in_id_range(space_id):
        row = await Space.select(Space.venue.timezone.as_alias("timezone")).where(Space.id == space_id).first()
    else:
        row = None
    return row["timezone"] if row else DEFAULT_TIMEZONE
