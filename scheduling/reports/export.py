"""A report as CSV, for a treasurer's or a funder's spreadsheet: one row per figure, the three periods beside it.

Columns: ``section, figure, key, current, previous, last_year, unit``. ``section`` is the part of the report
(``period``, ``use``, ``use_by_space``, ``use_by_weekday``, ``use_by_hour``, ``sessions``, ``activities_by_
category``, ``activities_by_audience``, ``activities_by_visibility``, ``activities_by_format``, ``groups``,
``group``, ``attendance``, ``money``, ``money_by_tier``); ``figure`` the field as the JSON names it; ``key``
what a breakdown row is of (a space, a weekday, a weekday and hour, a vocabulary key, a group's name, a tier),
empty for a total. Values are whole numbers (``minutes``, ``count``), pounds with two decimals from integer
pence (``pounds``), a percentage with one decimal (``percent``, blank where nothing was open), or text.
A blank comparison cell means the figure is not worked out for that period (the heat map and group rows are
the main period's only; a comparison without use by weekday leaves those cells blank): a blank is never a 0. UTF-8 without a byte-order mark, CRLF line ends, text cells that start like a
formula neutralised: the same as the treasurer's money CSV (``scheduling.payments.export``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from scheduling.payments.export import decimal_pounds, safe_cell
from scheduling.reports.figures import Figures, Report
from venues.core.i18n.formatting import weekday_names

COLUMNS = ["section", "figure", "key", "current", "previous", "last_year", "unit"]
# The export's day names, in English as before, from the one table of weekday names.
WEEKDAYS = weekday_names(language="en")


def percent(part: int, whole: int) -> str:
    """``part / whole`` as a percentage with one decimal, from integers (half up); blank when ``whole`` is 0."""
    if whole <= 0:
        return ""
    tenths = (part * 2000 + whole) // (2 * whole)
    return f"{tenths // 10}.{tenths % 10}"


Row = list[str]


def _three(
    section: str,
    figure: str,
    key: str,
    unit: str,
    report: Report,
    value: Callable[[Figures], Any],
    render: Callable[[Any], str] = str,
) -> Row:
    cells = []
    for figures in (report.current, report.previous, report.last_year):
        found = value(figures)
        cells.append("" if found is None else render(found))
    return [section, figure, key, *cells, unit]


def _keyed(items: Iterable[Any], key: Callable[[Any], Any]) -> dict[Any, Any]:
    return {key(item): item for item in items}


def report_rows(report: Report) -> list[Row]:
    rows: list[Row] = []
    rows.append(_three("period", "from", "", "date", report, lambda f: f.period.first.isoformat()))
    rows.append(_three("period", "to", "", "date", report, lambda f: f.period.last.isoformat()))
    rows.append(_three("period", "days", "", "count", report, lambda f: f.period.days))
    if report.current.use is not None:
        rows.extend(_use_rows(report))
    rows.extend(_session_rows(report))
    rows.extend(_activity_rows(report))
    rows.extend(_group_rows(report))
    rows.extend(_attendance_rows(report))
    rows.extend(_money_rows(report))
    return rows


def _use_rows(report: Report) -> list[Row]:
    rows = [
        _three("use", "open_minutes", "", "minutes", report, lambda f: f.use and f.use.open_minutes),
        _three("use", "occupied_minutes", "", "minutes", report, lambda f: f.use and f.use.occupied_minutes),
        _three("use", "booked_minutes", "", "minutes", report, lambda f: f.use and f.use.booked_minutes),
        _three(
            "use",
            "use_share",
            "",
            "percent",
            report,
            lambda f: f.use and percent(f.use.occupied_minutes, f.use.open_minutes),
        ),
    ]
    assert report.current.use is not None
    # Each period's rows indexed once (not once a cell: an area has hundreds of spaces).
    spaces = _indexed(report, lambda f: None if f.use is None else _keyed(f.use.by_space, lambda row: row.space_id))
    weekdays = _indexed(report, lambda f: None if f.use is None else _keyed(f.use.by_weekday, lambda row: row.weekday))
    several_venues = len({space.venue_id for space in report.current.use.by_space}) > 1
    for space in report.current.use.by_space:
        key = f"{space.space_name} ({space.venue_name})" if several_venues else space.space_name
        for figure in ("open_minutes", "occupied_minutes", "booked_minutes"):
            rows.append(
                _three(
                    "use_by_space",
                    figure,
                    key,
                    "minutes",
                    report,
                    partial(_space_value, spaces, space_id=space.space_id, figure=figure),
                )
            )
    for weekday, name in enumerate(WEEKDAYS):
        for figure in ("open_minutes", "occupied_minutes"):
            rows.append(
                _three(
                    "use_by_weekday",
                    figure,
                    name,
                    "minutes",
                    report,
                    partial(_weekday_value, weekdays, weekday=weekday, figure=figure),
                )
            )
    heat_occupied, heat_open = report.current.use.heat_occupied, report.current.use.heat_open
    for weekday, name in enumerate(WEEKDAYS):
        for hour in range(24):
            for figure, grid in (("open_minutes", heat_open), ("occupied_minutes", heat_occupied)):
                if weekday < len(grid) and hour < len(grid[weekday]):
                    rows.append(
                        _three(
                            "use_by_hour",
                            figure,
                            f"{name} {hour:02d}:00",
                            "minutes",
                            report,
                            partial(_heat_value, weekday=weekday, hour=hour, figure=figure),
                        )
                    )
    return rows


Index = Callable[[Figures], dict[Any, Any] | None]


def _indexed(report: Report, index: Callable[[Figures], dict[Any, Any] | None]) -> Index:
    """``index`` of each of the report's three periods, worked out once; looked up by the period's figures."""
    found = {id(figures): index(figures) for figures in (report.current, report.previous, report.last_year)}
    return lambda figures: found[id(figures)]


def _space_value(spaces: Index, figures: Figures, *, space_id: int, figure: str) -> int | None:
    """A space's minutes; 0 where the period has use figures but not this space (no open time, no bookings)."""
    index = spaces(figures)
    if index is None:
        return None
    found = index.get(space_id)
    return getattr(found, figure) if found is not None else 0


def _weekday_value(weekdays: Index, figures: Figures, *, weekday: int, figure: str) -> int | None:
    """A weekday's minutes, or None (a blank cell) where the period has no row for it: never an invented 0."""
    index = weekdays(figures)
    found = index.get(weekday) if index else None
    return getattr(found, figure) if found is not None else None


def _heat_value(figures: Figures, *, weekday: int, hour: int, figure: str) -> int | None:
    if figures.use is None:
        return None
    grid = figures.use.heat_open if figure == "open_minutes" else figures.use.heat_occupied
    if weekday < len(grid) and hour < len(grid[weekday]):
        return grid[weekday][hour]
    return None


def _session_rows(report: Report) -> list[Row]:
    names = ("sessions", "held", "not_held", "unrecorded", "to_come", "cancelled_by_hirer", "cancelled_by_venue")
    return [
        _three("sessions", name, "", "count", report, partial(_attribute, part="sessions", name=name)) for name in names
    ]


def _activity_rows(report: Report) -> list[Row]:
    rows: list[Row] = []
    for part in ("by_category", "by_audience", "by_visibility", "by_format"):
        index = _indexed(report, partial(_breakdown_index, part=part))
        keys: list[str] = []
        for figures in (report.current, report.previous, report.last_year):
            keys.extend(row.key for row in getattr(figures.activities, part) if row.key not in keys)
        for key in keys:
            for figure, unit in (("sessions", "count"), ("booked_minutes", "minutes")):
                rows.append(
                    _three(
                        f"activities_{part}",
                        figure,
                        key,
                        unit,
                        report,
                        partial(_row_value, index, key=key, attribute=figure),
                    )
                )
    return rows


def _breakdown_index(figures: Figures, *, part: str) -> dict[Any, Any]:
    return _keyed(getattr(figures.activities, part), _key_of)


def _key_of(row: Any) -> Any:
    return row.key


def _row_value(index: Index, figures: Figures, *, key: str, attribute: str) -> int:
    """A keyed row's figure in one period (an activity breakdown's or a tier's), 0 where the period has no row."""
    found = (index(figures) or {}).get(key)
    return getattr(found, attribute) if found is not None else 0


def _attribute(figures: Figures, *, part: str, name: str) -> Any:
    return getattr(getattr(figures, part), name)


def _group_rows(report: Report) -> list[Row]:
    rows = [
        _three("groups", name, "", "count", report, partial(_attribute, part="groups", name=name))
        for name in ("hosted", "new", "regular")
    ]
    for group in report.current.groups.rows:
        for figure, unit in (
            ("sessions", "count"),
            ("booked_minutes", "minutes"),
            ("new", "yes/no"),
            ("regular", "yes/no"),
        ):
            value = getattr(group, figure)
            shown = ("yes" if value else "no") if isinstance(value, bool) else str(value)
            rows.append(["group", figure, group.name, shown, "", "", unit])
    return rows


def _attendance_rows(report: Report) -> list[Row]:
    return [
        _three("attendance", name, "", "count", report, partial(_attribute, part="attendance", name=name))
        for name in ("recorded_sessions", "headcount", "first_timers", "first_timer_sessions")
    ]


def _money_rows(report: Report) -> list[Row]:
    rows = [
        _three("money", "currency", "", "text", report, lambda f: f.money.currency),
        _three("money", "free_minutes", "", "minutes", report, lambda f: f.money.free_minutes),
        _three("money", "low_cost_minutes", "", "minutes", report, lambda f: f.money.low_cost_minutes),
        _three("money", "value_given", "", "pounds", report, lambda f: f.money.value_given_minor, decimal_pounds),
        _three("money", "unvalued_sessions", "", "count", report, lambda f: f.money.unvalued_sessions),
    ]
    index = _indexed(report, lambda f: _keyed(f.money.by_tier, lambda row: row.tier_kind))
    tiers: list[str] = []
    for figures in (report.current, report.previous, report.last_year):
        tiers.extend(row.tier_kind for row in figures.money.by_tier if row.tier_kind not in tiers)
    for tier in tiers:
        for figure, unit in (("sessions", "count"), ("booked_minutes", "minutes"), ("hire", "pounds")):
            attribute = "hire_minor" if figure == "hire" else figure
            rows.append(
                _three(
                    "money_by_tier",
                    figure,
                    tier,
                    unit,
                    report,
                    partial(_row_value, index, key=tier, attribute=attribute),
                    decimal_pounds if figure == "hire" else str,
                )
            )
    return rows


def report_csv(report: Report) -> str:
    """The CSV text, header first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in report_rows(report):
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
