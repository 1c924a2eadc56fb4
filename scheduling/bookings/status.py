"""The life of a booking: which statuses hold time and which moves between them are allowed."""

from __future__ import annotations

from enum import StrEnum

from scheduling.vocabulary import CancelledBy
from venues.core.errors import Conflict


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

_VERB = {
    BookingStatus.confirmed: "confirmed",
    BookingStatus.declined: "declined",
    BookingStatus.cancelled: "cancelled",
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


def check_move(current: str, target: BookingStatus) -> None:
    status = BookingStatus(current)
    if target not in _NEXT.get(status, frozenset()):
        allowed = " or ".join(sorted(s for s, nexts in _NEXT.items() if target in nexts))
        raise WrongStatus(
            f"This booking is {status}; only {allowed} bookings can be {_VERB[target]}.",
            rule="booking_status",
            current_status=str(status),
        )
