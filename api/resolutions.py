"""The request member that says what becomes of the bookings a change to a venue's opening reaches."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta, Struct

from api.schemas import LongText, RowId
from scheduling.venue_changes.resolve import Fate, Resolution
from venues.core.errors import InvalidInput

FateName = Literal["cancel", "keep"]


class BookingFate(Struct, forbid_unknown_fields=True):
    """``cancel`` or ``keep`` one booking the change reaches (an id from the 409's ``bookings``)."""

    booking_id: RowId
    action: FateName


class ResolutionIn(Struct, forbid_unknown_fields=True):
    """What becomes of the bookings the change reaches: ``each`` by id, the rest ``all``.

    Without it (or with bookings left unresolved) the change is refused with a 409
    ``affects-bookings`` listing them. ``cancel`` needs a ``reason``: the booker sees it.
    ``keep`` leaves the booking as an exception, recorded in its history.
    """

    all: FateName | None = None
    each: Annotated[list[BookingFate], Meta(max_length=1000)] = []
    reason: LongText = ""


def resolution_of(data: ResolutionIn | None) -> Resolution | None:
    """The domain's resolution; a booking named twice in ``each`` is a 400."""
    if data is None:
        return None
    each: dict[int, Fate] = {}
    for index, item in enumerate(data.each):
        if item.booking_id in each:
            raise InvalidInput(f"resolve.each[{index}].booking_id", f"Booking {item.booking_id} is named twice.")
        each[item.booking_id] = Fate(item.action)
    return Resolution(every=Fate(data.all) if data.all else None, each=each, reason=data.reason)
