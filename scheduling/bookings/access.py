"""Who stands where with a booking: its venue's managers, its booker, its group's organisers, or nobody.

What the public sees of a booking is one rule, ``shown_to_public``: a confirmed public booking,
by its public listing fields only (title, times, space, its activity), never its booker or
purpose. Any other booking (private, or public but still requested, declined or cancelled) is
to the public exactly what an unknown id is: a 404. What's on, the public feeds and the
activity pages follow the same rule (a space feed shows other held time only as anonymous
"Booked" blocks).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scheduling.bookings.status import BookingStatus
from scheduling.groups import organises
from scheduling.models import Booking, Group
from venues.core.errors import Forbidden, NotFound
from venues.core.i18n import _
from venues.core.ids import in_id_range
from venues.models import User
from venues.permissions import manages_venue


@dataclass(frozen=True)
class Standing:
    manages: bool = False
    booked_it: bool = False
    organises: bool = False

    @property
    def acts_for_booker(self) -> bool:
        """The booker and the group's organisers may cancel and edit the booking."""
        return self.booked_it or self.organises

    @property
    def sees_private(self) -> bool:
        return self.manages or self.acts_for_booker


def shown_to_public(booking: Booking) -> bool:
    return bool(booking.is_public) and booking.status == BookingStatus.confirmed


def shown_to_public_conditions() -> list[Any]:
    """``shown_to_public`` as query conditions, for lists of bookings read straight from the table."""
    return [Booking.is_public.eq(True), Booking.status == BookingStatus.confirmed]


async def require_group_standing(user: User, group_id: int, manages: bool) -> None:
    """Booking for a group takes one of its organisers or a manager of the venue."""
    if not in_id_range(group_id) or not await Group.exists().where(Group.id == group_id):
        raise NotFound(_("There is no group with id %(group_id)s.") % {"group_id": group_id}, field="group_id")
    if not manages and not await organises(user, group_id):
        raise Forbidden(_("Only the group's organisers (or the venue's managers) may book for this group."))


async def standing(user: User | None, booking: Booking) -> Standing:
    if user is None:
        return Standing()
    return Standing(
        manages=await manages_venue(user, booking.venue),
        booked_it=booking.booked_by == user.id,
        organises=booking.group is not None and await organises(user, booking.group),
    )


async def get_booking(booking_id: int) -> Booking:
    booking = await Booking.objects().where(Booking.id == booking_id).first() if in_id_range(booking_id) else None
    if booking is None:
        raise NotFound(_("There is no booking with id %(booking_id)s.") % {"booking_id": booking_id})
    return booking


def require_involved(booking: Booking, found: Standing, refusal: str) -> None:
    """Refuse a caller not involved in ``booking``: 404 when they may not see it at all (as ``readable_booking``
    answers, so a private booking's id tells a stranger nothing a missing one would not), else 403 ``refusal``."""
    if found.sees_private:
        return
    if not shown_to_public(booking):
        raise NotFound(_("There is no booking with id %(id)s.") % {"id": booking.id})
    raise Forbidden(refusal)


async def readable_booking(user: User | None, booking_id: int) -> tuple[Booking, Standing]:
    """Anyone may read a booking ``shown_to_public`` (without private fields); any other only those involved."""
    booking = await get_booking(booking_id)
    found = await standing(user, booking)
    if not shown_to_public(booking) and not found.sees_private:
        raise NotFound(_("There is no booking with id %(booking_id)s.") % {"booking_id": booking_id})
    return booking, found
