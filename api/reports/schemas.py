"""Response bodies of reports, mirroring ``scheduling.reports.figures`` (read its docstring for what each figure
means). Durations are whole minutes, money integer minor units; ``use_share`` is ``occupied / open`` as a fraction
(null where nothing was open). The public impact bodies (``Impact…``) leave out group rows and what each tier paid:
see ``scheduling.reports.impact``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import msgspec
from msgspec import Meta, Struct

from scheduling.reports.figures import Figures, Report, Use

Share = Annotated[float, Meta(ge=0, description="a fraction from 0 to 1")]


def share(part: int, whole: int) -> float | None:
    return part / whole if whole > 0 else None


class PeriodOut(Struct, rename={"first": "from", "last": "to"}):
    first: date
    last: date
    days: int


class SpaceUseOut(Struct):
    space_id: int
    space_name: str
    venue_id: int
    venue_name: str
    open_minutes: int
    occupied_minutes: int
    booked_minutes: int
    use_share: Share | None


class WeekdayUseOut(Struct):
    weekday: Annotated[int, Meta(ge=0, le=6, description="0 Monday … 6 Sunday, venue time")]
    open_minutes: int
    occupied_minutes: int
    use_share: Share | None


class UseOut(Struct):
    open_minutes: int
    occupied_minutes: int
    booked_minutes: int
    use_share: Share | None
    by_space: list[SpaceUseOut]
    by_weekday: list[WeekdayUseOut]
    heat_occupied: Annotated[list[list[int]], Meta(description="[weekday][hour]: minutes held (empty for comparisons)")]
    heat_open: Annotated[list[list[int]], Meta(description="[weekday][hour]: minutes open")]
    heat_share: Annotated[list[list[float | None]], Meta(description="[weekday][hour]: occupied / open, or null")]


class SessionsOut(Struct):
    sessions: int
    held: int
    not_held: int
    unrecorded: int
    to_come: int
    cancelled: int
    cancelled_by_hirer: int
    cancelled_by_venue: int


class BreakdownOut(Struct):
    key: str
    sessions: int
    booked_minutes: int


class ActivitiesOut(Struct):
    by_category: list[BreakdownOut]
    by_audience: list[BreakdownOut]
    by_visibility: list[BreakdownOut]
    by_format: list[BreakdownOut]


class GroupRowOut(Struct):
    group_id: int
    name: str
    sessions: int
    booked_minutes: int
    new: bool
    regular: bool


class GroupsOut(Struct):
    hosted: int
    new: int
    regular: int
    rows: list[GroupRowOut]


class GroupCountsOut(Struct):
    hosted: int
    new: int
    regular: int


class AttendanceOut(Struct):
    recorded_sessions: int
    headcount: int
    per_session: float | None
    first_timers: int
    first_timer_sessions: int


class TierMoneyOut(Struct):
    tier_kind: str
    sessions: int
    booked_minutes: int
    hire_minor: int


class TierHoursOut(Struct):
    tier_kind: str
    sessions: int
    booked_minutes: int


class MoneyOut(Struct):
    currency: str
    free_minutes: int
    low_cost_minutes: int
    value_given_minor: int
    unvalued_sessions: int
    by_tier: list[TierMoneyOut]


class GivenOut(Struct):
    """Free and low-cost hours and their value: what a venue gave, without what anyone paid."""

    currency: str
    free_minutes: int
    low_cost_minutes: int
    value_given_minor: int
    unvalued_sessions: int
    by_tier: list[TierHoursOut]


class FiguresOut(Struct):
    period: PeriodOut
    use: UseOut | None
    sessions: SessionsOut
    activities: ActivitiesOut
    groups: GroupsOut
    attendance: AttendanceOut
    money: MoneyOut


class ImpactFiguresOut(Struct):
    period: PeriodOut
    use: UseOut
    sessions: SessionsOut
    activities: ActivitiesOut
    groups: GroupCountsOut
    attendance: AttendanceOut
    money: GivenOut


class ReportOut(Struct):
    scope: Annotated[str, Meta(description="venue, group or area")]
    id: int
    name: str
    current: FiguresOut
    previous: FiguresOut
    last_year: FiguresOut


class ImpactOut(Struct):
    scope: Annotated[str, Meta(description="venue or area")]
    id: int
    name: str
    current: ImpactFiguresOut
    previous: ImpactFiguresOut
    last_year: ImpactFiguresOut


def _use_out(use: Use) -> UseOut:
    return UseOut(
        open_minutes=use.open_minutes,
        occupied_minutes=use.occupied_minutes,
        booked_minutes=use.booked_minutes,
        use_share=share(use.occupied_minutes, use.open_minutes),
        by_space=[
            SpaceUseOut(
                space_id=s.space_id,
                space_name=s.space_name,
                venue_id=s.venue_id,
                venue_name=s.venue_name,
                open_minutes=s.open_minutes,
                occupied_minutes=s.occupied_minutes,
                booked_minutes=s.booked_minutes,
                use_share=share(s.occupied_minutes, s.open_minutes),
            )
            for s in use.by_space
        ],
        by_weekday=[
            WeekdayUseOut(d.weekday, d.open_minutes, d.occupied_minutes, share(d.occupied_minutes, d.open_minutes))
            for d in use.by_weekday
        ],
        heat_occupied=use.heat_occupied,
        heat_open=use.heat_open,
        heat_share=[
            [share(used, opened) for used, opened in zip(day_used, day_open, strict=False)]
            for day_used, day_open in zip(use.heat_occupied, use.heat_open, strict=False)
        ],
    )


def _common(figures: Figures) -> dict[str, Any]:
    return {
        "period": PeriodOut(figures.period.first, figures.period.last, figures.period.days),
        "sessions": SessionsOut(
            sessions=figures.sessions.sessions,
            held=figures.sessions.held,
            not_held=figures.sessions.not_held,
            unrecorded=figures.sessions.unrecorded,
            to_come=figures.sessions.to_come,
            cancelled=figures.sessions.cancelled,
            cancelled_by_hirer=figures.sessions.cancelled_by_hirer,
            cancelled_by_venue=figures.sessions.cancelled_by_venue,
        ),
        "activities": msgspec.convert(figures.activities, ActivitiesOut, from_attributes=True),
        "attendance": AttendanceOut(
            recorded_sessions=figures.attendance.recorded_sessions,
            headcount=figures.attendance.headcount,
            per_session=figures.attendance.per_session,
            first_timers=figures.attendance.first_timers,
            first_timer_sessions=figures.attendance.first_timer_sessions,
        ),
    }


def figures_out(figures: Figures) -> FiguresOut:
    return FiguresOut(
        use=_use_out(figures.use) if figures.use is not None else None,
        groups=msgspec.convert(figures.groups, GroupsOut, from_attributes=True),
        money=msgspec.convert(figures.money, MoneyOut, from_attributes=True),
        **_common(figures),
    )


def impact_figures_out(figures: Figures) -> ImpactFiguresOut:
    """The public shape: group counts without rows, hours given without money paid."""
    assert figures.use is not None  # a venue's or an area's
    return ImpactFiguresOut(
        use=_use_out(figures.use),
        groups=GroupCountsOut(figures.groups.hosted, figures.groups.new, figures.groups.regular),
        money=GivenOut(
            currency=figures.money.currency,
            free_minutes=figures.money.free_minutes,
            low_cost_minutes=figures.money.low_cost_minutes,
            value_given_minor=figures.money.value_given_minor,
            unvalued_sessions=figures.money.unvalued_sessions,
            by_tier=[TierHoursOut(t.tier_kind, t.sessions, t.booked_minutes) for t in figures.money.by_tier],
        ),
        **_common(figures),
    )


def report_out(report: Report) -> ReportOut:
    return ReportOut(
        scope=report.scope_kind,
        id=report.scope_id,
        name=report.scope_name,
        current=figures_out(report.current),
        previous=figures_out(report.previous),
        last_year=figures_out(report.last_year),
    )


def impact_out(report: Report) -> ImpactOut:
    return ImpactOut(
        scope=report.scope_kind,
        id=report.scope_id,
        name=report.scope_name,
        current=impact_figures_out(report.current),
        previous=impact_figures_out(report.previous),
        last_year=impact_figures_out(report.last_year),
    )
