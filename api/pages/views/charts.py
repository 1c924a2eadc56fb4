"""A report's charts: what each one shows (its numbers, the table behind it, a sentence saying it) and the SVG.

A chart is worked out from a ``Report`` as data first (``charts_for``): the page prints its table and summary
under the image, and the image is drawn from the same data (``draw_svg``), so the two cannot disagree. The
drawing is matplotlib's SVG (Agg backend): text stays text (``svg.fonttype`` none) so it scales and reads, a
fixed hash salt and no date make the same numbers draw the same bytes, and every bar carries an id
(``bar-{series}-{index}``, its value label ``label-{series}-{index}``) for tests and for anyone reading the
file. matplotlib is imported on the first drawing only, so a worker that never draws a chart does not load it,
and drawing runs in a worker thread one at a time (it is CPU work and matplotlib's settings are global).

A page draws its charts from the report it already built and carries each as a ``data:`` URI in ``<img alt>``
(``data_uri``), so a page view builds one report, not one more per chart. Not inlined ``<svg>``: matplotlib's SVG
carries style attributes the pages' policy (no inline styles) would refuse, while an SVG shown as an image is
its own document, with no script run. Each chart is also its own response (``/charts/{name}.svg``), linked from
the page as a download.
"""

from __future__ import annotations

import base64
import io
import threading
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from api.pages.support.wording import label
from scheduling.reports.figures import Figures, Report, SpaceUse
from venues.core.errors import NotFound
from venues.core.i18n import _, formatting, pgettext
from venues.core.worker_threads import WorkerThreads

COMPARISONS = ("This period", "Period before", "Same period last year")
TIER_NAMES = {"free": "Free", "low_cost": "Low cost", "standard": "Standard", "commercial": "Commercial"}
# Colours with enough contrast against white and against each other for the three periods.
COLOURS = ("#1d4f91", "#b35900", "#5b6770")
# The most spaces the use-by-space chart draws (the busiest); the table under it lists every one. The other charts
# have a fixed size (weekdays, the week's hours, three periods) or a few rows (price tiers).
MAX_SPACE_BARS = 20
_drawing = WorkerThreads(1)
_set_up = threading.Lock()
_ready = False


def comparisons() -> tuple[str, str, str]:
    """The three periods' names, in the page's language (``COMPARISONS`` in English)."""
    return (_("This period"), _("Period before"), _("Same period last year"))


def weekdays() -> list[str]:
    """``Monday`` … ``Sunday`` (``Dydd Llun`` …) in the page's language."""
    return formatting.weekday_names()


def short_days() -> list[str]:
    """``Mon`` … ``Sun`` (``Llun`` …) in the page's language."""
    return formatting.weekday_names(short=True)


def tier_name(kind: str) -> str:
    """A price tier's kind as the report names it (``Low cost``), in the page's language."""
    return label(kind) if kind in TIER_NAMES else kind.replace("_", " ").capitalize()


@dataclass(frozen=True)
class ChartTable:
    """The numbers behind a chart: a caption, column headings (the first heads the row names) and rows."""

    caption: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    alt: str
    summary: str
    table: ChartTable
    # Bars: one label per bar position, one (name, values) per series of bars.
    labels: list[str] = field(default_factory=list)
    series: list[tuple[str, list[float]]] = field(default_factory=list)
    value_labels: list[list[str]] = field(default_factory=list)
    axis: str = ""
    # The bars are shares (0–100): drawn on the whole scale, so a hall used 1% of the time never looks full.
    shares: bool = False
    # A heat map instead: rows of shares for the colours (0..1, clamped at 1; None where nothing was open), row and
    # column labels.
    heat: list[list[float | None]] | None = None
    heat_rows: list[str] = field(default_factory=list)
    heat_columns: list[str] = field(default_factory=list)


def hours(minutes: int) -> str:
    """Minutes as hours with one decimal, rounded half up from integers: ``90`` → ``1.5``, ``1251630`` → ``20,860.5``."""
    tenths = (minutes * 10 + 30) // 60
    return f"{tenths // 10:,}.{tenths % 10}"


def share(part: int, whole: int) -> float | None:
    return part / whole if whole > 0 else None


def percent(part: int, whole: int) -> str:
    """``42%`` (whole percent, half up, from integers), or ``–`` where nothing was open."""
    if whole <= 0:
        return "–"
    return f"{(part * 200 + whole) // (2 * whole)}%"


def _change_before(now: str, before: str) -> str:
    """How a share compares with the period before's, as a whole phrase."""
    if before == "–":
        return _("nothing to compare with the period before")
    if now == before:
        return _("the same as the period before")
    if _number(now) > _number(before):
        return _("up from %(share)s the period before") % {"share": before}
    return _("down from %(share)s the period before") % {"share": before}


def _change_year(now: str, before: str) -> str:
    """How a share compares with a year ago's, as a whole phrase."""
    if before == "–":
        return _("nothing open a year ago")
    if now == before:
        return _("the same as a year ago")
    if _number(now) > _number(before):
        return _("up from %(share)s a year ago") % {"share": before}
    return _("down from %(share)s a year ago") % {"share": before}


def _number(text: str) -> float:
    return float(text.rstrip("%")) if text not in ("–", "") else 0.0


def use_sentence(report: Report) -> str:
    """``Use was 42% of open hours, up from 35% the period before and 38% a year ago.``"""
    shares = [
        percent(f.use.occupied_minutes, f.use.open_minutes) if f.use else "–"
        for f in (report.current, report.previous, report.last_year)
    ]
    if shares[0] == "–":
        return _("Nothing was open in this period, so there is no share of open hours to show.")
    # Translators: "Use was 42% of open hours, up from 35% the period before and the same as a year ago."
    return _("Use was %(share)s of open hours, %(before)s and %(year_ago)s.") % {
        "share": shares[0],
        "before": _change_before(shares[0], shares[1]),
        "year_ago": _change_year(shares[0], shares[2]),
    }


def charts_for(report: Report) -> list[Chart]:
    """Every chart a report has: use by space, weekday and hour (venues and areas), sessions, attendance and hours
    by tier (every report)."""
    charts: list[Chart] = []
    if report.current.use is not None:
        charts.extend([_use_by_space(report), _use_by_weekday(report), _heat(report)])
    charts.extend([_sessions(report), _attendance(report), _hours_by_tier(report.current)])
    return charts


def chart_named(report: Report, name: str) -> Chart:
    for chart in charts_for(report):
        if chart.name == name:
            return chart
    raise NotFound(_("This report has no chart called %(name)s.") % {"name": repr(name)})


def busiest_spaces(spaces: list[SpaceUse], limit: int = MAX_SPACE_BARS) -> list[int]:
    """The positions (in ``spaces``' own order) of the ``limit`` busiest spaces: by share of their open hours, then
    hours used, the earlier space first on a tie. Every position where there are no more than ``limit``."""
    if len(spaces) <= limit:
        return list(range(len(spaces)))

    def busyness(index: int) -> tuple[Fraction, int, int]:
        space = spaces[index]
        used = Fraction(space.occupied_minutes, space.open_minutes) if space.open_minutes > 0 else Fraction(0)
        return (used, space.occupied_minutes, -index)

    return sorted(sorted(range(len(spaces)), key=busyness, reverse=True)[:limit])


def _use_by_space(report: Report) -> Chart:
    """One bar per space up to ``MAX_SPACE_BARS``; past that the busiest only (an area of a thousand spaces drew a
    megabyte of bars no one could read), in the table's order, and the title says so. The table keeps every space."""
    use = report.current.use
    assert use is not None
    several = len({space.venue_id for space in use.by_space}) > 1
    names = [f"{s.space_name} ({s.venue_name})" if several else s.space_name for s in use.by_space]
    rows = [
        (name, [hours(s.open_minutes), hours(s.occupied_minutes), percent(s.occupied_minutes, s.open_minutes)])
        for name, s in zip(names, use.by_space, strict=True)
    ]
    values = [100 * (share(s.occupied_minutes, s.open_minutes) or 0.0) for s in use.by_space]
    drawn = busiest_spaces(use.by_space)
    busiest = max(range(len(values)), key=lambda i: values[i]) if values else None
    summary = use_sentence(report)
    if busiest is not None and len(values) > 1:
        summary += " " + _("The busiest space was %(space)s, used for %(share)s of its open hours.") % {
            "space": names[busiest],
            "share": rows[busiest][1][2],
        }
    title = _("Use of each space (share of its open hours)")
    alt = _("Bar chart: each space's use as a share of its open hours. The table below gives the numbers.")
    if len(drawn) < len(rows):
        some = {"shown": len(drawn), "total": f"{len(rows):,}"}
        title = _("Use of the %(shown)s busiest of %(total)s spaces (share of open hours)") % some
        alt = (
            _(
                "Bar chart: use of the %(shown)s busiest of %(total)s spaces as a share of their open hours. "
                "The table below gives every space's numbers."
            )
            % some
        )
        summary += " " + (
            _(
                "The chart draws the %(shown)s busiest of %(total)s spaces (by share of open hours, then hours "
                "used); the table lists every space."
            )
            % some
        )
    return Chart(
        name="use-by-space",
        title=title,
        alt=alt,
        summary=summary,
        table=ChartTable(_("Use of each space"), [_("Space"), _("Hours open"), _("Hours used"), _("Use")], rows),
        labels=[names[i] for i in drawn],
        series=[(_("Use"), [values[i] for i in drawn])],
        value_labels=[[rows[i][1][2] for i in drawn]],
        axis=_("% of open hours"),
        shares=True,
    )


def _use_by_weekday(report: Report) -> Chart:
    use = report.current.use
    assert use is not None
    by_day = {row.weekday: row for row in use.by_weekday}
    rows: list[tuple[str, list[str]]] = []
    values: list[float] = []
    day_names = weekdays()
    for weekday, name in enumerate(day_names):
        row = by_day.get(weekday)
        opened, used = (row.open_minutes, row.occupied_minutes) if row else (0, 0)
        rows.append((name, [hours(opened), hours(used), percent(used, opened)]))
        values.append(100 * (share(used, opened) or 0.0))
    busiest = max(range(7), key=lambda i: values[i])
    summary = (
        _("%(day)s was the busiest day, used for %(share)s of its open hours.")
        % {"day": day_names[busiest], "share": rows[busiest][1][2]}
        if values[busiest] > 0
        else _("No day had any of its open hours used.")
    )
    return Chart(
        name="use-by-weekday",
        title=_("Use by day of the week (share of open hours)"),
        alt=_("Bar chart: use on each day of the week as a share of open hours. The table below gives the numbers."),
        summary=summary,
        table=ChartTable(_("Use by day of the week"), [_("Day"), _("Hours open"), _("Hours used"), _("Use")], rows),
        labels=short_days(),
        series=[(_("Use"), values)],
        value_labels=[[row[1][2] for row in rows]],
        axis=_("% of open hours"),
        shares=True,
    )


def _heat(report: Report) -> Chart:
    use = report.current.use
    assert use is not None
    opened, used = use.heat_open, use.heat_occupied
    open_hours = [h for h in range(24) if any(len(day) > h and day[h] > 0 for day in opened)]
    shown = list(range(min(open_hours), max(open_hours) + 1)) if open_hours else list(range(24))
    shares: list[list[float | None]] = []
    rows: list[tuple[str, list[str]]] = []
    day_names = weekdays()
    for weekday, name in enumerate(day_names):
        day_open = opened[weekday] if weekday < len(opened) else [0] * 24
        day_used = used[weekday] if weekday < len(used) else [0] * 24
        shares.append([share(day_used[h], day_open[h]) for h in shown])
        rows.append((name, [percent(day_used[h], day_open[h]) for h in shown]))
    # An hour can be used for more than its open time (a booking confirmed outside the hours): the table says
    # so, and the colour stops at full.
    grid = [[None if cell is None else min(cell, 1.0) for cell in row] for row in shares]
    cells = [(weekday, h) for weekday in range(7) for h in shown if (shares[weekday][shown.index(h)] or 0) > 0]
    if cells:
        weekday, h = max(cells, key=lambda cell: shares[cell[0]][shown.index(cell[1])] or 0.0)
        summary = _(
            "The busiest hour of the week was %(day)s %(start)s to %(end)s, used for %(share)s of its open time."
        ) % {
            "day": day_names[weekday],
            "start": f"{h:02d}:00",
            "end": f"{h + 1:02d}:00",
            "share": rows[weekday][1][shown.index(h)],
        }
    else:
        summary = _("No hour of the week had any of its open time used.")
    return Chart(
        name="heat",
        title=_("Use by day and hour (share of open time)"),
        alt=_(
            "Heat map: use of open time for each hour of each day of the week, darker for busier. "
            "The table below gives the numbers."
        ),
        summary=summary,
        table=ChartTable(_("Use by day and hour (– where closed)"), [_("Day"), *[f"{h:02d}:00" for h in shown]], rows),
        heat=grid,
        heat_rows=short_days(),
        heat_columns=[f"{h:02d}" for h in shown],
    )


def _sessions(report: Report) -> Chart:
    periods = (report.current, report.previous, report.last_year)
    measures = [
        (_("Sessions"), [f.sessions.sessions for f in periods]),
        (pgettext("sessions in a report chart", "Held"), [f.sessions.held for f in periods]),
        (pgettext("sessions in a report chart", "Cancelled"), [f.sessions.cancelled for f in periods]),
    ]
    rows = [(name, [str(v) for v in values]) for name, values in measures]
    now, before, year_ago = measures[0][1]
    periods_named = comparisons()
    return Chart(
        name="sessions",
        title=_("Sessions, held and cancelled: this period, the period before and a year ago"),
        alt=_(
            "Grouped bar chart: sessions booked, held and cancelled in this period, the period before and the same "
            "period last year. The table below gives the numbers."
        ),
        summary=_(
            "There were %(now)s sessions, against %(before)s the period before and %(year_ago)s a year ago; "
            "%(held)s were recorded as held and %(cancelled)s were cancelled."
        )
        % {
            "now": now,
            "before": before,
            "year_ago": year_ago,
            "held": measures[1][1][0],
            "cancelled": measures[2][1][0],
        },
        table=ChartTable(_("Sessions in each period"), [_("Sessions"), *periods_named], rows),
        labels=[name for name, _values in measures],
        series=[(periods_named[i], [float(values[i]) for _name, values in measures]) for i in range(3)],
        value_labels=[[str(values[i]) for _name, values in measures] for i in range(3)],
        axis=_("sessions"),
    )


def _attendance(report: Report) -> Chart:
    periods = (report.current, report.previous, report.last_year)
    counted = [f.attendance.headcount for f in periods]
    rows = [
        (_("People counted"), [str(v) for v in counted]),
        (_("Sessions counted"), [str(f.attendance.recorded_sessions) for f in periods]),
        (_("First-timers"), [str(f.attendance.first_timers) for f in periods]),
    ]
    per = report.current.attendance.per_session
    words = {
        "people": counted[0],
        "sessions": report.current.attendance.recorded_sessions,
        "before": counted[1],
        "year_ago": counted[2],
    }
    if per is not None:
        summary = _(
            "%(people)s people were counted at %(sessions)s sessions (%(per)s a session), against %(before)s the "
            "period before and %(year_ago)s a year ago."
        ) % {**words, "per": f"{per:.1f}"}
    else:
        summary = (
            _(
                "%(people)s people were counted at %(sessions)s sessions, against %(before)s the period before and "
                "%(year_ago)s a year ago."
            )
            % words
        )
    periods_named = comparisons()
    return Chart(
        name="attendance",
        title=_("People counted: this period, the period before and a year ago"),
        alt=_(
            "Bar chart: people counted at sessions in this period, the period before and the same period last year. "
            "The table below gives the numbers."
        ),
        summary=summary,
        table=ChartTable(_("Attendance in each period"), [_("Attendance"), *periods_named], rows),
        labels=list(periods_named),
        series=[(_("People counted"), [float(v) for v in counted])],
        value_labels=[[str(v) for v in counted]],
        axis=_("people"),
    )


def _hours_by_tier(current: Figures) -> Chart:
    tiers = [tier for tier in current.money.by_tier]
    names = [tier_name(tier.tier_kind) for tier in tiers]
    rows = [(name, [str(tier.sessions), hours(tier.booked_minutes)]) for name, tier in zip(names, tiers, strict=True)]
    given = current.money.free_minutes + current.money.low_cost_minutes
    total = sum(tier.booked_minutes for tier in tiers)
    summary = (
        _("%(given)s of the %(total)s hours booked were free or low cost.")
        % {"given": hours(given), "total": hours(total)}
        if total
        else _("No hours were booked in this period.")
    )
    return Chart(
        name="hours-by-tier",
        title=_("Hours booked by price tier"),
        alt=_(
            "Bar chart: hours booked at each price tier (free, low cost, standard, commercial). "
            "The table below gives the numbers."
        ),
        summary=summary,
        table=ChartTable(_("Hours booked by price tier"), [_("Tier"), _("Sessions"), _("Hours booked")], rows),
        labels=names,
        series=[(_("Hours booked"), [tier.booked_minutes / 60 for tier in tiers])],
        value_labels=[[row[1][1] for row in rows]],
        axis=_("hours"),
    )


def _matplotlib() -> Any:
    """matplotlib, loaded and set up once (Agg, text as text, a fixed salt): on the first chart only."""
    global _ready
    import matplotlib

    with _set_up:
        if not _ready:
            matplotlib.use("Agg")
            matplotlib.rcParams.update(
                {
                    "svg.fonttype": "none",
                    "svg.hashsalt": "commonroom-report-charts",
                    "font.family": "sans-serif",
                    "font.sans-serif": ["DejaVu Sans"],
                    "font.size": 10,
                    "axes.spines.top": False,
                    "axes.spines.right": False,
                }
            )
            _ready = True
    return matplotlib


def draw_svg(chart: Chart) -> bytes:
    """The chart as SVG bytes; the same chart always gives the same bytes."""
    _matplotlib()
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.2, 3.6) if chart.heat is None else (7.2, 3.2))
    axes = figure.add_subplot()
    if chart.heat is not None:
        _draw_heat(figure, axes, chart)
    else:
        _draw_bars(axes, chart)
    axes.set_title(chart.title, fontsize=11, loc="left")
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": "Commonroom", "Title": chart.title})
    return out.getvalue()


def _draw_bars(axes: Any, chart: Chart) -> None:
    count = len(chart.series)
    width = 0.8 / max(count, 1)
    positions = list(range(len(chart.labels)))
    for index, (name, values) in enumerate(chart.series):
        offset = (index - (count - 1) / 2) * width
        bars = axes.bar([p + offset for p in positions], values, width, label=name, color=COLOURS[index % len(COLOURS)])
        for position, bar in enumerate(bars):
            bar.set_gid(f"bar-{index}-{position}")
        texts = axes.bar_label(bars, labels=chart.value_labels[index], padding=2, fontsize=8)
        for position, text in enumerate(texts):
            text.set_gid(f"label-{index}-{position}")
    axes.set_xticks(positions, chart.labels)
    axes.set_ylabel(chart.axis)
    top = max((max(values) for _name, values in chart.series if values), default=0.0)
    # Shares are drawn on the whole 0–100 scale, so a hall used 1% of the time never looks full.
    axes.set_ylim(0, 105 if chart.shares else (top * 1.15 if top > 0 else 1))
    if count > 1:
        axes.legend(frameon=False, fontsize=8)
    if len(chart.labels) > 6 and max((len(label) for label in chart.labels), default=0) > 6:
        for tick in axes.get_xticklabels():
            tick.set_rotation(30)
            tick.set_horizontalalignment("right")


def _draw_heat(figure: Any, axes: Any, chart: Chart) -> None:
    assert chart.heat is not None
    import numpy

    grid = numpy.ma.masked_invalid(
        numpy.array([[numpy.nan if cell is None else 100 * cell for cell in row] for row in chart.heat], dtype=float)
    )
    # Cells as vector shapes (pcolormesh, not a raster image): sharp in print and at any zoom.
    image = axes.pcolormesh(grid, cmap="Blues", vmin=0, vmax=100, edgecolors="white", linewidth=0.5)
    image.set_gid("heat")
    axes.invert_yaxis()
    axes.set_yticks([row + 0.5 for row in range(len(chart.heat_rows))], chart.heat_rows)
    axes.set_xticks([column + 0.5 for column in range(len(chart.heat_columns))], chart.heat_columns, fontsize=8)
    axes.set_xlabel(_("hour of the day (grey where closed)"))
    axes.set_facecolor("#d9d9d9")
    bar = figure.colorbar(image, ax=axes)
    bar.set_label(_("% of open time used"))


async def render_svg(chart: Chart) -> bytes:
    """``draw_svg`` in a worker thread, one drawing at a time per process."""
    return await _drawing.run(draw_svg, chart)


def _draw_all(charts: list[Chart]) -> list[bytes]:
    return [draw_svg(chart) for chart in charts]


async def render_svgs(charts: list[Chart]) -> list[bytes]:
    """Every chart of a page in one trip to the drawing thread."""
    return await _drawing.run(_draw_all, charts)


def data_uri(svg: bytes) -> str:
    """The SVG as an ``<img src>`` the page carries itself (the policy's ``img-src data:``)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
