"""/api/v1/{venues,groups,areas}/{id}/report(.csv) for those who may read them, and /api/v1/{venues,areas}/{id}/impact
for anyone. The figures come from ``scheduling.reports``; who may read them from the guards; the public shape from
``scheduling.reports.impact``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated

from litestar import Controller, Response, get
from litestar.params import FromPath, QueryParameter

from api.errors import problem_responses
from api.reports.guards import reads_path_area_reports, reads_path_group_reports, reads_path_venue_reports
from api.reports.schemas import ImpactOut, ReportOut, impact_out, report_out
from scheduling.reports.build import area_scope, group_scope, report, venue_scope
from scheduling.reports.export import report_csv
from scheduling.reports.figures import Report
from scheduling.reports.impact import impact
from scheduling.reports.period import Period, whole_months
from scheduling.reports.presets import chosen_period, last_month, last_twelve_months
from scheduling.reports.scope import Scope
from venues.visibility import visible_venue

FromDay = Annotated[
    date | None, QueryParameter(name="from", description="first date, YYYY-MM-DD (venue time); with `to`")
]
ToDay = Annotated[date | None, QueryParameter(name="to", description="last date, YYYY-MM-DD (venue time); with `from`")]
CSV_MEDIA_TYPE = "text/csv"
CSV_LAYOUT = (
    "One row per figure, UTF-8, CRLF: columns section, figure, key, current, previous, last_year, unit. `key` names "
    "a breakdown's row (a space, a weekday, a weekday and hour, a vocabulary key, a group, a tier), empty for a "
    "total; units are minutes, count, pounds (two decimals), percent (one decimal), date, text or yes/no; a blank "
    "comparison is a figure that period lacks (heat map and group rows are the main period's only), never a 0."
)
REPORT_DESCRIPTION = (
    "The figures for the period (`from`–`to`, local dates; by default last calendar month), the period just "
    "before it and the same period last year. Minutes, counts and minor units; `use_share` a fraction or null."
)
IMPACT_DESCRIPTION = (
    "Public: use, sessions, activities, group counts, attendance and free or low-cost hours given, for the period "
    "(whole calendar months: `from` a 1st, `to` a month's last day; by default the last twelve) beside the period before and a year earlier. No group is named "
    "and nothing private is shown (no booker, no private booking's title or purpose, nothing any hirer paid)."
)

Scoper = Callable[[int], Awaitable[Scope]]


async def scoped_report(scope: Scope, first: date | None, last: date | None) -> Report:
    return await report(scope, chosen_period(scope, first, last, last_month))


async def scoped_impact(scope: Scope, first: date | None, last: date | None) -> Report:
    """A public scope's impact, for whole calendar months only (``whole_months``)."""
    return await impact(scope, whole_months(chosen_period(scope, first, last, last_twelve_months)))


def csv_response(found: Report) -> Response[str]:
    period: Period = found.current.period
    name = f"{found.scope_kind}-{found.scope_id}-report-{period.first.isoformat()}-to-{period.last.isoformat()}.csv"
    return Response(
        report_csv(found),
        media_type=CSV_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store"},
    )


class ReportController(Controller):
    path = "/api/v1"
    tags = ["reports"]

    @get(
        "/venues/{venue_id:int}/report",
        guards=[reads_path_venue_reports],
        summary="A venue's report",
        description=REPORT_DESCRIPTION + " Its managers and treasurers, officers of its areas, and admins.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def venue_report(self, venue_id: FromPath[int], first: FromDay = None, last: ToDay = None) -> ReportOut:
        return report_out(await scoped_report(await venue_scope(venue_id), first, last))

    @get(
        "/venues/{venue_id:int}/report.csv",
        guards=[reads_path_venue_reports],
        media_type=CSV_MEDIA_TYPE,
        summary="A venue's report as CSV",
        description=CSV_LAYOUT,
        responses=problem_responses(400, 401, 403, 404),
    )
    async def venue_report_csv(
        self, venue_id: FromPath[int], first: FromDay = None, last: ToDay = None
    ) -> Response[str]:
        return csv_response(await scoped_report(await venue_scope(venue_id), first, last))

    @get(
        "/groups/{group_id:int}/report",
        guards=[reads_path_group_reports],
        summary="A group's report",
        description=REPORT_DESCRIPTION + " Its bookings at every venue, without hours open. Its organisers and admins.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def group_report(self, group_id: FromPath[int], first: FromDay = None, last: ToDay = None) -> ReportOut:
        return report_out(await scoped_report(await group_scope(group_id), first, last))

    @get(
        "/groups/{group_id:int}/report.csv",
        guards=[reads_path_group_reports],
        media_type=CSV_MEDIA_TYPE,
        summary="A group's report as CSV",
        description=CSV_LAYOUT,
        responses=problem_responses(400, 401, 403, 404),
    )
    async def group_report_csv(
        self, group_id: FromPath[int], first: FromDay = None, last: ToDay = None
    ) -> Response[str]:
        return csv_response(await scoped_report(await group_scope(group_id), first, last))

    @get(
        "/areas/{area_id:int}/report",
        guards=[reads_path_area_reports],
        summary="An area's report",
        description=REPORT_DESCRIPTION + " Its venues together. Its officers and admins.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def area_report(self, area_id: FromPath[int], first: FromDay = None, last: ToDay = None) -> ReportOut:
        return report_out(await scoped_report(await area_scope(area_id), first, last))

    @get(
        "/areas/{area_id:int}/report.csv",
        guards=[reads_path_area_reports],
        media_type=CSV_MEDIA_TYPE,
        summary="An area's report as CSV",
        description=CSV_LAYOUT,
        responses=problem_responses(400, 401, 403, 404),
    )
    async def area_report_csv(self, area_id: FromPath[int], first: FromDay = None, last: ToDay = None) -> Response[str]:
        return csv_response(await scoped_report(await area_scope(area_id), first, last))


async def public_venue_scope(venue_id: int) -> Scope:
    """A venue the public may see (not archived), as a report's scope."""
    await visible_venue(None, venue_id)
    return await venue_scope(venue_id)


class ImpactController(Controller):
    path = "/api/v1"
    tags = ["reports"]

    @get(
        "/venues/{venue_id:int}/impact",
        summary="A venue's public impact",
        description=IMPACT_DESCRIPTION,
        responses=problem_responses(400, 404),
    )
    async def venue_impact(self, venue_id: FromPath[int], first: FromDay = None, last: ToDay = None) -> ImpactOut:
        return impact_out(await scoped_impact(await public_venue_scope(venue_id), first, last))

    @get(
        "/areas/{area_id:int}/impact",
        summary="An area's public impact",
        description=IMPACT_DESCRIPTION + " The area's venues together.",
        responses=problem_responses(400, 404),
    )
    async def area_impact(self, area_id: FromPath[int], first: FromDay = None, last: ToDay = None) -> ImpactOut:
        return impact_out(await scoped_impact(await area_scope(area_id, public=True), first, last))
