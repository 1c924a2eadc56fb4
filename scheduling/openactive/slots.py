"""A space's bookable time as OpenActive Slots: its opening cut into the venue's slot length, each free or taken."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from scheduling.openactive.feeds import Owned


async def window_days(space_ids: Sequence[int], now: datetime) -> dict[int, list[date]]:
    """The local days each asked space publishes slots for at ``now`` (today and the venue's
    ``days_ahead`` - 1 after it, in the venue's zone); an empty list when it publishes none."""
    raise NotImplementedError


async def slot_items(days_by_space: Mapping[int, Sequence[date]], now: datetime) -> list[Owned]:
    """One ``Owned`` per asked (space, local day), owner ``slots:{space}:{day}``, with that day's
    slots still to end after ``now``; none when the day is outside the window, closed, or the
    space does not publish."""
    raise NotImplementedError
