"""What an activity hangs on (a booking or a series), who may change it, and when the public sees it."""

from __future__ import annotations

from dataclasses import dataclass

from scheduling.bookings.access import get_booking, shown_to_public, shown_to_public_conditions, standing
from scheduling.bookings.status import BookingStatus
from scheduling.models import Activity, Booking, Series
from scheduling.series.access import get_series, series_standing
from scheduling.vocabulary import SeriesStatus
from venues.core.errors import NotFound
from venues.core.i18n import _
from venues.core.ids import in_id_range
from venues.models import User

# A booking in one of these never happens, so nothing about it is published.
GONE_BOOKING = frozenset({BookingStatus.cancelled, BookingStatus.declined})


@dataclass(frozen=True)
class Owner:
    """The booking or series an activity is (or would be) attached to, reduced to what the rules need."""

    venue_id: int
    is_public: bool
    gone: bool
    # A booking: it is ``shown_to_public``. A series: it is public and still on (whether the public sees its
    # listing also takes a confirmed date: ``is_live``).
    shown: bool
    booking: Booking | None = None
    series: Series | None = None

    @property
    def noun(self) -> str:
        return "booking" if self.booking is not None else "series"


async def is_live(owner: Owner) -> bool:
    """The one rule for when the public sees an activity: its booking is ``shown_to_public``, or its series is
    public, still on and has a date ``shown_to_public`` (a listing on dates only requested waits for the venue's
    answer, as those dates wait to appear on What's on and the feeds)."""
    if owner.series is None:
        return owner.shown
    return owner.shown and await Booking.exists().where(
        Booking.series == owner.series.id, *shown_to_public_conditions()
    )


def booking_owner(booking: Booking) -> Owner:
    return Owner(
        venue_id=booking.venue,
        is_public=booking.is_public,
        gone=booking.status in GONE_BOOKING,
        shown=shown_to_public(booking),
        booking=booking,
    )


def series_owner(series: Series) -> Owner:
    return Owner(
        venue_id=series.venue,
        is_public=series.is_public,
        gone=series.status == SeriesStatus.cancelled,
        shown=series.is_public and series.status != SeriesStatus.cancelled,
        series=series,
    )


async def owner_of_booking(booking_id: int) -> Owner:
    return booking_owner(await get_booking(booking_id))


async def owner_of_series(series_id: int) -> Owner:
    return series_owner(await get_series(series_id))


async def get_activity(activity_id: int) -> Activity:
    activity = await Activity.objects().where(Activity.id == activity_id).first() if in_id_range(activity_id) else None
    if activity is None:
        raise NotFound(_("There is no activity with id %(activity_id)s.") % {"activity_id": activity_id})
    return activity


@dataclass(frozen=True)
class Carried:
    """A listing on a series: the activity itself, or one that carries it on after a split."""

    activity_id: int
    series_id: int
    series_uid: str


async def carried_on(activity: Activity) -> list[Carried]:
    """A series' activity and every listing that ``continues`` it, through any number of splits, oldest first.

    One query per split in the chain (a few at most), none for a one-off's activity.
    """
    if activity.series is None:
        return []
    own = await Series.select(Series.uid).where(Series.id == activity.series).first()
    found = [Carried(activity.id, activity.series, own["uid"] if own else "")]
    seen, frontier = {activity.id}, [activity.id]
    while frontier:
        rows = (
            await Activity.select(Activity.id, Activity.series, Activity.series.uid.as_alias("series_uid"))
            .where(Activity.continues.is_in(frontier) & Activity.series.is_not_null())
            .order_by(Activity.id)
        )
        frontier = [row["id"] for row in rows if row["id"] not in seen]
        seen.update(frontier)
        found.extend(Carried(row["id"], row["series"], row["series_uid"]) for row in rows if row["id"] in frontier)
    return found


async def owner_of(activity: Activity) -> Owner:
    if activity.booking is not None:
        return await owner_of_booking(activity.booking)
    return await owner_of_series(activity.series)


async def may_change(user: User | None, owner: Owner) -> bool:
    """Whoever may change the booking or series: its booker, its group's organisers, the venue's managers."""
    if user is None:
        return False
    if owner.booking is not None:
        return (await standing(user, owner.booking)).sees_private
    assert owner.series is not None
    return (await series_standing(user, owner.series)).sees_private
