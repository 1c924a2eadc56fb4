"""A report as its pages show it: headline figures in plain words with the two comparisons beside them, the
breakdowns as labelled tables, the charts with their tables and sentences, the period picker's presets.

The report pages (a venue's on the desk, a group's, an area's) and the public impact pages share this; the
public ones are given the public figures (``scheduling.reports.impact``) and ``public=True``, which leaves out
the group rows and the money paid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_date

from api.pages.support.wording import AUDIENCE, label
from api.pages.views.charts import (
    Chart,
    charts_for,
    data_uri,
    hours,
    percent,
    render_svgs,
    tier_name,
    use_sentence,
)
from scheduling.reports.figures import Breakdown, Figures, Report
from scheduling.reports.period import Period
from scheduling.reports.presets import PRESETS_WITH_YEAR
from scheduling.wording import money
from venues.core.i18n import DEFAULT_LANGUAGE, _, current_language, lazy_gettext
from venues.core.i18n.formatting import babel_locale

VISIBILITY = {"public": lazy_gettext("Public (listed) sessions"), "private": lazy_gettext("Private sessions")}
FORMAT = {"run": lazy_gettext("Run sessions"), "drop_in": lazy_gettext("Drop-in sessions")}


@dataclass(frozen=True)
class Headline:
    label: str
    values: tuple[str, str, str]
    note: str = ""


@dataclass(frozen=True)
class BreakdownTable:
    caption: str
    rows: list[tuple[str, list[str]]]


@dataclass(frozen=True)
class Preset:
    label: str
    href: str
    current: bool


def period_words(period: Period) -> str:
    """``1 Oct 2026 to 31 Oct 2026`` (``1 Hyd 2026 i 31 Hyd 2026``)."""
    return _("%(first)s to %(last)s") % {"first": _day(period.first), "last": _day(period.last)}


def _day(day: date) -> str:
    if current_language() != DEFAULT_LANGUAGE:
        return format_date(day, "d MMM y", locale=babel_locale())
    return f"{day.day} {day:%b %Y}"


def _three(report: Report, value: Any) -> tuple[str, str, str]:
    return (value(report.current), value(report.previous), value(report.last_year))


def headlines(report: Report, public: bool) -> list[Headline]:
    """The figures a trustee asks about first, in their words."""
    rows: list[Headline] = []
    if report.current.use is not None:
        rows += [
            Headline(_("Hours open"), _three(report, lambda f: hours(f.use.open_minutes)), _("all spaces together")),
            Headline(
                _("Hours in use"),
                _three(report, lambda f: hours(f.use.occupied_minutes)),
                _("open time that confirmed bookings held"),
            ),
            Headline(
                _("Use of open hours"),
                _three(report, lambda f: percent(f.use.occupied_minutes, f.use.open_minutes)),
            ),
        ]
    rows += [
        Headline(
            _("Hours booked"), _three(report, lambda f: hours(_booked(f))), _("every confirmed booking's length, once")
        ),
        Headline(
            _("Sessions"), _three(report, lambda f: str(f.sessions.sessions)), _("confirmed bookings that started")
        ),
        Headline(_("Sessions held"), _three(report, lambda f: str(f.sessions.held)), _("as recorded")),
        Headline(_("Sessions not held"), _three(report, lambda f: str(f.sessions.not_held)), _("as recorded")),
        Headline(_("Sessions not yet recorded"), _three(report, lambda f: str(f.sessions.unrecorded))),
        Headline(_("Cancelled by the hirer"), _three(report, lambda f: str(f.sessions.cancelled_by_hirer))),
        Headline(
            _("Cancelled by the venue"),
            _three(report, lambda f: str(f.sessions.cancelled_by_venue)),
            _("closures and changes to a space"),
        ),
        Headline(_("Groups hosted"), _three(report, lambda f: str(f.groups.hosted))),
        Headline(_("New groups"), _three(report, lambda f: str(f.groups.new)), _("first booking here in this period")),
        Headline(_("Regular groups"), _three(report, lambda f: str(f.groups.regular)), _("meeting weekly or more")),
        Headline(_("People counted"), _three(report, lambda f: str(f.attendance.headcount)), _("recorded headcounts")),
        Headline(_("People per session"), _three(report, lambda f: _per_session(f))),
        Headline(
            _("First-timers"),
            _three(report, lambda f: str(f.attendance.first_timers)),
            _("where sessions counted them"),
        ),
        Headline(_("Free hours given"), _three(report, lambda f: hours(f.money.free_minutes))),
        Headline(_("Low-cost hours given"), _three(report, lambda f: hours(f.money.low_cost_minutes))),
        Headline(
            _("Value of free and low-cost hours"),
            _three(report, lambda f: money(f.money.value_given_minor, f.money.currency)),
            _("the standard price less what was charged"),
        ),
    ]
    if not public:
        rows.append(
            Headline(
                _("Hire charged"),
                _three(report, lambda f: money(sum(t.hire_minor for t in f.money.by_tier), f.money.currency)),
            )
        )
    return rows


def _booked(figures: Figures) -> int:
    if figures.use is not None:
        return figures.use.booked_minutes
    return sum(tier.booked_minutes for tier in figures.money.by_tier)


def _per_session(figures: Figures) -> str:
    per = figures.attendance.per_session
    return "–" if per is None else f"{per:.1f}"


def _breakdown(caption: str, rows: list[Breakdown], names: dict[str, Any]) -> BreakdownTable:
    def name(key: str) -> str:
        known = names.get(key)
        return str(known) if known is not None else (label(key) or _("Not given"))

    return BreakdownTable(caption, [(name(row.key), [str(row.sessions), hours(row.booked_minutes)]) for row in rows])


def breakdowns(figures: Figures) -> list[BreakdownTable]:
    activities = figures.activities
    return [
        _breakdown(_("Sessions by kind of activity"), activities.by_category, {}),
        _breakdown(_("Sessions by who they are for"), activities.by_audience, AUDIENCE),
        _breakdown(_("Public and private sessions"), activities.by_visibility, VISIBILITY),
        _breakdown(_("Run sessions and drop-ins"), activities.by_format, FORMAT),
    ]


def tier_rows(figures: Figures) -> list[tuple[str, list[str]]]:
    return [
        (
            tier_name(tier.tier_kind),
            [str(tier.sessions), hours(tier.booked_minutes), money(tier.hire_minor, figures.money.currency)],
        )
        for tier in figures.money.by_tier
    ]


def presets(base: str, today: date, period: Period) -> list[Preset]:
    found = []
    for _key, name, choose in PRESETS_WITH_YEAR:
        chosen = choose(today)
        query = urlencode({"from": chosen.first.isoformat(), "to": chosen.last.isoformat()})
        found.append(Preset(str(name), f"{base}?{query}", chosen == period))
    return found


def chart_src(charts_base: str, chart: Chart, period: Period) -> str:
    return f"{charts_base}/{chart.name}.svg?" + urlencode(
        {"from": period.first.isoformat(), "to": period.last.isoformat()}
    )


@dataclass(frozen=True)
class ShownChart:
    chart: Chart
    # The drawing the page carries (a data: URI) and the same drawing as its own download.
    image: str
    download: str


async def report_context(
    report: Report, *, base: str, charts_base: str, csv_href: str | None, today: date, public: bool
) -> dict[str, Any]:
    """The page's context; its charts are drawn here, from ``report``: a page view builds one report."""
    period = report.current.period
    query = urlencode({"from": period.first.isoformat(), "to": period.last.isoformat()})
    charts = charts_for(report)
    drawn = await render_svgs(charts)
    return {
        "report": report,
        "public": public,
        "period": period,
        "period_words": period_words(period),
        "previous_words": period_words(report.previous.period),
        "last_year_words": period_words(report.last_year.period),
        "headlines": headlines(report, public),
        "use_sentence": use_sentence(report) if report.current.use is not None else "",
        "charts": [
            ShownChart(chart, data_uri(svg), chart_src(charts_base, chart, period))
            for chart, svg in zip(charts, drawn, strict=True)
        ],
        "breakdowns": breakdowns(report.current),
        "tiers": [] if public else tier_rows(report.current),
        "groups": [] if public else report.current.groups.rows,
        "hours": hours,
        "presets": presets(base, today, period),
        "base": base,
        "csv_href": f"{csv_href}?{query}" if csv_href else None,
    }
