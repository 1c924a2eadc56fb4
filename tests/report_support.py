"""A report built by hand, for the presentation's tests (pages, charts, CSV) apart from the numbers' own."""

from __future__ import annotations

from datetime import date

from scheduling.reports.figures import (
    Activities,
    Attendance,
    Breakdown,
    Figures,
    GroupRow,
    Groups,
    Money,
    Report,
    Sessions,
    SpaceUse,
    TierMoney,
    Use,
    WeekdayUse,
)
from scheduling.reports.period import Period


def heat(open_hours: range, used: dict[tuple[int, int], int]) -> tuple[list[list[int]], list[list[int]]]:
    opened = [[60 if hour in open_hours else 0 for hour in range(24)] for _ in range(7)]
    occupied = [[used.get((day, hour), 0) for hour in range(24)] for day in range(7)]
    return occupied, opened


def sample_figures(period: Period, scale: int, *, detail: bool = True, group: bool = False) -> Figures:
    occupied, opened = heat(range(9, 21), {(0, 10): 60, (0, 11): 30, (5, 14): 60, (5, 15): 60}) if detail else ([], [])
    use = Use(
        open_minutes=10_000,
        occupied_minutes=420 * scale,
        booked_minutes=480 * scale,
        by_space=[
            SpaceUse(1, "Main hall", 1, "Village hall", 6_000, 300 * scale, 330 * scale),
            SpaceUse(2, "Small room", 1, "Village hall", 4_000, 120 * scale, 150 * scale),
        ],
        by_weekday=[WeekdayUse(day, 1_440, (60 * scale if day in (0, 5) else 0)) for day in range(7)],
        heat_occupied=occupied,
        heat_open=opened,
    )
    return Figures(
        period=period,
        use=None if group else use,
        sessions=Sessions(8 * scale, 5 * scale, 1, 1, scale, 2, 1),
        activities=Activities(
            by_category=[Breakdown("coffee_morning", 4 * scale, 240 * scale), Breakdown("sport", 2, 120)],
            by_audience=[Breakdown("older_people", 4 * scale, 240 * scale)],
            by_visibility=[Breakdown("public", 6 * scale, 360 * scale), Breakdown("private", 2 * scale, 120 * scale)],
            by_format=[Breakdown("run", 4 * scale, 240 * scale), Breakdown("drop_in", 2, 120)],
        ),
        groups=Groups(2, 1, 1, [GroupRow(7, "Marsh Coffee Morning", 4, 240, False, True)] if detail else []),
        attendance=Attendance(5 * scale, 60 * scale, 4, 2),
        money=Money(
            "GBP",
            free_minutes=120 * scale,
            low_cost_minutes=60,
            value_given_minor=4_550 * scale,
            unvalued_sessions=0,
            by_tier=[
                TierMoney("free", 2 * scale, 120 * scale, 0),
                TierMoney("low_cost", 1, 60, 1_000),
                TierMoney("standard", 5, 300 * scale, 12_345 * scale),
            ],
        ),
    )


def sample_report(kind: str = "venue") -> Report:
    period = Period(date(2026, 10, 1), date(2026, 10, 31))
    group = kind == "group"
    return Report(
        scope_kind=kind,
        scope_id=1,
        scope_name="Village hall" if not group else "Marsh Coffee Morning",
        current=sample_figures(period, 3, group=group),
        previous=sample_figures(period.previous(), 2, detail=False, group=group),
        last_year=sample_figures(period.last_year(), 1, detail=False, group=group),
    )
