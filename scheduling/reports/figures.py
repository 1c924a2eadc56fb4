"""The shapes of a report. Durations are whole minutes, money integer minor units; shares are worked out where
they are shown. What each figure means (the README repeats it in a sentence each):

- ``use``: ``open_minutes`` is the time the spaces were open by their weekly hours less closures, summed over
  physical spaces that are not archived (a combined space such as "Whole hall" counts through its parts);
  ``occupied_minutes`` the time confirmed bookings held those same spaces, a booking of a combined space
  counting on each part, so ``occupied / open`` is the use share. An archived space leaves the use share
  altogether, for past periods too (no open time, no occupied time; its bookings stay in ``booked_minutes``
  and in its ``by_space`` row). Occupied time is not clipped to the opening, so the share can pass 1 only
  where bookings were confirmed outside opening hours. ``booked_minutes`` is the length of every confirmed
  booking in the period counted once (what "hours booked" means to a hall). Per space, per local weekday
  (0 Monday; in every period) and per local weekday and hour of day (``heat``: 7 rows of 24 cells, in the
  main period only).
- Sessions count by their start; minutes by the time inside the period. A session belongs to the period its
  start falls in, while every figure's minutes (activities, groups, money, as ``use``'s booked minutes) are the
  time of the confirmed bookings overlapping the period clipped to it at both ends: a booking over midnight at
  a period's edge gives each period its part (the parts add up to its length), and the period after counts its
  minutes with no session.
- ``sessions``: confirmed bookings that started in the period (a series date is one session): ``held`` and
  ``not_held`` as recorded, ``unrecorded`` started with no record,
  ``to_come`` not yet started (the four add up to ``sessions``); ``cancelled`` by the hirer or by the venue
  (closures and a space's changes are the venue's), counted by start (one cancelled before who cancelled was
  kept counts in neither).
- ``activities``: sessions and booked minutes by listing category and audience (a series date has its
  series' listing, taken whole, else the booking's own; sessions without one under ``unlisted``), public or private (the booking's ``is_public``),
  and run sessions against drop-ins (a listing's ``drop_in``; listed sessions only).
- ``groups``: groups with a confirmed session starting in the period (their minutes: all their time in it); ``new`` those with no confirmed booking at the
  scope's venues that started before it (requests and cancelled bookings do not count); ``regular`` those with
  a session in it from a series that meets weekly or more often (WEEKLY every week, DAILY up to every 7 days).
- ``attendance``: over sessions with a record saying held: how many were counted, everyone who came, and
  the first-timers where counted (``first_timer_sessions`` says over how many sessions).
- ``money``: by tier kind (``unknown`` for a booking without a tier), the sessions, minutes booked and the hire
  charged (hire and value given by the session's start, so once); ``value_given_minor`` what the free and low-cost bookings would have cost at the standard tier less
  what they were charged (never below nothing per booking), over the bookings whose standard price is known
  (``unvalued_sessions`` counts the free and low-cost ones whose standard price is not).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from scheduling.reports.period import Period


@dataclass(frozen=True)
class SpaceUse:
    space_id: int
    space_name: str
    venue_id: int
    venue_name: str
    open_minutes: int
    occupied_minutes: int
    booked_minutes: int


@dataclass(frozen=True)
class WeekdayUse:
    weekday: int
    open_minutes: int
    occupied_minutes: int


@dataclass(frozen=True)
class Use:
    open_minutes: int
    occupied_minutes: int
    booked_minutes: int
    by_space: list[SpaceUse] = field(default_factory=list)
    by_weekday: list[WeekdayUse] = field(default_factory=list)
    # heat[weekday][hour]: occupied minutes, and open minutes beside them.
    heat_occupied: list[list[int]] = field(default_factory=list)
    heat_open: list[list[int]] = field(default_factory=list)


@dataclass(frozen=True)
class Sessions:
    sessions: int
    held: int
    not_held: int
    unrecorded: int
    to_come: int
    cancelled_by_hirer: int
    cancelled_by_venue: int

    @property
    def cancelled(self) -> int:
        return self.cancelled_by_hirer + self.cancelled_by_venue


@dataclass(frozen=True)
class Breakdown:
    """One row of a breakdown: a key from the vocabulary (``coffee_morning``, ``older_people``, ``public``…)."""

    key: str
    sessions: int
    booked_minutes: int


@dataclass(frozen=True)
class Activities:
    by_category: list[Breakdown] = field(default_factory=list)
    by_audience: list[Breakdown] = field(default_factory=list)
    # keys "public" and "private"
    by_visibility: list[Breakdown] = field(default_factory=list)
    # keys "run" and "drop_in" (listed sessions only)
    by_format: list[Breakdown] = field(default_factory=list)


@dataclass(frozen=True)
class GroupRow:
    """A group in the period, for those who may read the report (never on a public page)."""

    group_id: int
    name: str
    sessions: int
    booked_minutes: int
    new: bool
    regular: bool


@dataclass(frozen=True)
class Groups:
    hosted: int
    new: int
    regular: int
    rows: list[GroupRow] = field(default_factory=list)


@dataclass(frozen=True)
class Attendance:
    recorded_sessions: int
    headcount: int
    first_timers: int
    first_timer_sessions: int

    @property
    def per_session(self) -> float | None:
        return self.headcount / self.recorded_sessions if self.recorded_sessions else None


@dataclass(frozen=True)
class TierMoney:
    tier_kind: str
    sessions: int
    booked_minutes: int
    hire_minor: int


@dataclass(frozen=True)
class Money:
    currency: str
    free_minutes: int
    low_cost_minutes: int
    value_given_minor: int
    unvalued_sessions: int
    by_tier: list[TierMoney] = field(default_factory=list)


@dataclass(frozen=True)
class Figures:
    period: Period
    use: Use | None  # None for a group's report (it holds no keys)
    sessions: Sessions
    activities: Activities
    groups: Groups
    attendance: Attendance
    money: Money

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["period"] = self.period.as_json()
        return data


@dataclass(frozen=True)
class Report:
    """``current`` in full; ``previous`` and ``last_year`` beside it (their heat maps may be left empty)."""

    scope_kind: str
    scope_id: int
    scope_name: str
    current: Figures
    previous: Figures
    last_year: Figures
