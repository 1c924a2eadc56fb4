"""The life of a booking: which statuses hold time and which moves between them are allowed."""

from __future__ import annotations

from enum import StrEnum

from scheduling.vocabulary import CancelledBy
from venues.core.errors import Conflict
from venues.core.i18n import _, pgettext


class BookingStatus(StrEnum):
    requested = "requested"
    confirmed = "confirmed"
    declined = "declined"
    cancelled = "cancelled"


# Requested and confirmed bookings hold their time (they have occupancy rows); the others free it.
HOLDS_TIME = frozenset({BookingStatus.requested, BookingStatus.confirmed})
HOLDS_TIME_VALUES = sorted(str(status) for status in HOLDS_TIME)  # the same, as a query's IN list

_NEXT: dict[BookingStatus, frozenset[BookingStatus]] = {
    BookingStatus.requested: frozenset({BookingStatus.confirmed, BookingStatus.declined, BookingStatus.cancelled}),
    BookingStatus.confirmed: frozenset({BookingStatus.cancelled}),
}


def cancelled_by(venue_acted: bool) -> CancelledBy:
    """Who called a booking off, by the same decision that sets what cancelling gives back
    (``scheduling.payments.cancellations.credit_cancelled_by``): the venue when one of its managers acted (as a
    manager, even one who booked it) or a closure, new hours or a space's change cancelled it; else the hirer
    (the booker or the group's organisers)."""
    return CancelledBy.venue if venue_acted else CancelledBy.hirer


class WrongStatus(Conflict):
    """The booking is not in a status that allows this move."""

    rule = "booking_status"


def status_word(status: str) -> str:
    """A booking's status as a reader's word (``confirmed``, ``wedi'i chadarnhau``); an unknown value as it is."""
    words = {
        BookingStatus.requested: pgettext("booking status", "requested"),
        BookingStatus.confirmed: pgettext("booking status", "confirmed"),
        BookingStatus.declined: pgettext("booking status", "declined"),
        BookingStatus.cancelled: pgettext("booking status", "cancelled"),
    }
    try:
        return words[BookingStatus(status)]
    except ValueError:
        return str(status)


def _refusal(status: BookingStatus, target: BookingStatus) -> str:
    """Why ``status`` cannot move to ``target``: one whole sentence for each pair ``_NEXT`` refuses."""
    if target == BookingStatus.cancelled:
        return {
            BookingStatus.declined: _(
                "This booking is declined; only confirmed or requested bookings can be cancelled."
            ),
            BookingStatus.cancelled: _(
                "This booking is cancelled; only confirmed or requested bookings can be cancelled."
            ),
        }[status]
    if target == BookingStatus.declined:
        return {
            BookingStatus.confirmed: _("This booking is confirmed; only requested bookings can be declined."),
            BookingStatus.declined: _("This booking is declined; only requested bookings can be declined."),
            BookingStatus.cancelled: _("This booking is cancelled; only requested bookings can be declined."),
        }[status]
    return {
        BookingStatus.confirmed: _("This booking is confirmed; only requested bookings can be confirmed."),
        BookingStatus.declined: _("This booking is declined; only requested bookings can be confirmed."),
        BookingStatus.cancelled: _("This booking is cancelled; only requested bookings can be confirmed."),
    }[status]


def check_move(current: str, target: BookingStatus) -> None:
    status = BookingStatus(current)
    if target not in _NEXT.get(status, frozenset()):
        raise WrongStatus(
            _refusal(status, target),
            rule="booking_status",
            current_status=str(status),
        )
