"""Who may record a session, and which sessions may be recorded at all.

The people who may record what happened are those involved in the booking: its booker, its group's organisers
and its venue's managers (``scheduling.bookings.access.standing``, the same standing that sees a booking's
private fields). A session may be recorded only once it has started and only while it is confirmed: a request
never took place, and a cancelled or declined booking did not happen by definition (reports count those apart).
"""

from __future__ import annotations

from datetime import datetime

from piccolo.columns.combination import Or, Where

from scheduling.bookings.access import Standing, require_involved, standing
from scheduling.bookings.status import BookingStatus, status_word
from scheduling.groups import organised_group_ids
from scheduling.models import Booking
from scheduling.wording import when
from venues.core.errors import RuleViolation
from venues.core.i18n import _
from venues.models import User
from venues.permissions import managed_venue_ids


async def require_recorder(user: User | None, booking: Booking) -> Standing:
    """The caller's standing with ``booking``; unless they booked it, organise its group or run its venue, 404
    when the booking is not shown to the public (as for an unknown id), else 403."""
    found = await standing(user, booking)
    require_involved(
        booking,
        found,
        _("Only whoever booked this session, its group's organisers or the venue's managers may record it."),
    )
    return found


def require_recordable(booking: Booking, now: datetime, tz_name: str) -> None:
    """422 unless ``booking`` is confirmed and has started by ``now``."""
    if booking.status != BookingStatus.confirmed:
        raise RuleViolation(
            "session-not-confirmed",
            _("Only a confirmed booking can be recorded as held or not held; this one is %(status)s.")
            % {"status": status_word(booking.status)},
        )
    if booking.starts_at > now:
        raise RuleViolation(
            "session-not-started",
            _("This session starts %(starts_at)s: record what happened once it has started.")
            % {"starts_at": when(booking.starts_at, tz_name)},
        )


async def recordable_condition(user: User) -> Where | Or | None:
    """Bookings ``user`` may record, as one query condition: theirs, their groups' and their venues'.

    None for a site admin, who may record any booking."""
    if user.is_admin:
        return None
    condition: Where | Or = Booking.booked_by == user.id
    groups = sorted(await organised_group_ids(user))
    if groups:
        condition = condition | Booking.group.is_in(groups)
    venues = sorted(await managed_venue_ids(user))
    if venues:
        condition = condition | Booking.venue.is_in(venues)
    return condition
