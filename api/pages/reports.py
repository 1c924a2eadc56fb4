"""Report pages: a venue's (a desk tab, for its managers, treasurers and area officers), a group's (its organisers),
an area's (its officers), each page carrying its charts drawn from the report it built (one report a view), and
each chart also its own SVG download behind the same guard; and the public
impact pages of venues and areas (``/venues/{id}/impact``, ``/areas/{slug}/impact``, the ``/areas`` list), which
show the public figures only (``scheduling.reports.impact``). The figures come from the same domain functions and
guards as the API (``api.reports``)."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get
from litestar.params import FromPath
from litestar.response import Template

from api.pages.support.rendering import current_user, form_date, form_month, page
from api.pages.views.charts import chart_named, render_svg
from api.pages.views.report_view import report_context
from api.reports.controllers import csv_response, public_venue_scope, scoped_impact, scoped_report
from api.reports.guards import reads_path_area_reports, reads_path_group_reports, reads_path_venue_reports
from scheduling.reports.build import area_scope, group_scope, scope_of_venue, venue_scope
from scheduling.reports.figures import Report
from scheduling.reports.presets import scope_today
from scheduling.reports.scope import Scope
from venues.areas.areas import area_by_slug, areas_read_by, list_areas
from venues.core.errors import InvalidInput
from venues.core.i18n import _
from venues.lookups import get_venue
from venues.permissions import handles_money, manages_venue

SVG_MEDIA_TYPE = "image/svg+xml"
# An SVG opened on its own is a document: no script, its own styles only.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def asked_period(request: Request[Any, Any, Any]) -> tuple[date | None, date | None]:
    """``from`` and ``to`` from the page's address (the period picker's GET form)."""
    return (
        form_date(request.query_params.get("from"), "from", required=False),
        form_date(request.query_params.get("to"), "to", required=False),
    )


def asked_months(request: Request[Any, Any, Any]) -> tuple[date | None, date | None]:
    """A public page's period: the picker's ``from_month`` and ``to_month`` (``2026-10``) as the 1st of the first
    month and the last day of the last (both or neither); where neither is given, ``from`` and ``to`` as on every report page
    (the presets, the chart links and links people share carry those)."""
    from_month = form_month(request.query_params.get("from_month"), "from_month")
    to_month = form_month(request.query_params.get("to_month"), "to_month")
    if from_month is None and to_month is None:
        return asked_period(request)
    if from_month is None or to_month is None:
        raise InvalidInput(
            "from_month" if from_month is None else "to_month",
            _("Give both the first month and the last, or neither for the last twelve months."),
        )
    return (from_month, to_month.replace(day=calendar.monthrange(to_month.year, to_month.month)[1]))


async def svg_response(found: Report, chart: str, private: bool) -> Response[bytes]:
    name = chart.removesuffix(".svg")
    body = await render_svg(chart_named(found, name))
    return Response(
        body,
        media_type=SVG_MEDIA_TYPE,
        headers={
            "Content-Security-Policy": SVG_POLICY,
            "Cache-Control": "private, no-store" if private else "public, max-age=300",
        },
    )


async def report_page(
    request: Request[Any, Any, Any], template: str, scope: Scope, found: Report, base: str, public: bool, **extra: Any
) -> Template:
    return await page(
        request,
        template,
        **await report_context(
            found,
            base=base,
            charts_base=f"{base}/charts",
            csv_href=None if public else f"{base}/report.csv",
            today=scope_today(scope),
            public=public,
        ),
        **extra,
    )


class VenueReportPages(Controller):
    path = "/desk/venues/{venue_id:int}/report"
    guards = [reads_path_venue_reports]

    @get("/", name="desk_report")
    async def report(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template:
        user = current_user(request)
        venue = await get_venue(venue_id)
        scope = scope_of_venue(venue)
        found = await scoped_report(scope, *asked_period(request))
        manages = await manages_venue(user, venue_id)
        return await report_page(
            request,
            "report.html.j2",
            scope,
            found,
            f"/desk/venues/{venue_id}/report",
            False,
            nav="desk",
            tab="report",
            venue=venue,
            money_only=not manages,
            report_only=not manages and not await handles_money(user, venue_id),
        )

    @get("/report.csv", name="desk_report_csv", media_type="text/csv")
    async def csv_file(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Response[str]:
        return csv_response(await scoped_report(await venue_scope(venue_id), *asked_period(request)))

    @get("/charts/{chart:str}", name="desk_report_chart", media_type=SVG_MEDIA_TYPE)
    async def chart(
        self, request: Request[Any, Any, Any], venue_id: FromPath[int], chart: FromPath[str]
    ) -> Response[bytes]:
        found = await scoped_report(await venue_scope(venue_id), *asked_period(request))
        return await svg_response(found, chart, private=True)


class GroupReportPages(Controller):
    path = "/groups/{group_id:int}/report"
    guards = [reads_path_group_reports]

    @get("/", name="group_report")
    async def report(self, request: Request[Any, Any, Any], group_id: FromPath[int]) -> Template:
        scope = await group_scope(group_id)
        found = await scoped_report(scope, *asked_period(request))
        return await report_page(request, "report.html.j2", scope, found, f"/groups/{group_id}/report", False)

    @get("/report.csv", name="group_report_csv", media_type="text/csv")
    async def csv_file(self, request: Request[Any, Any, Any], group_id: FromPath[int]) -> Response[str]:
        return csv_response(await scoped_report(await group_scope(group_id), *asked_period(request)))

    @get("/charts/{chart:str}", name="group_report_chart", media_type=SVG_MEDIA_TYPE)
    async def chart(
        self, request: Request[Any, Any, Any], group_id: FromPath[int], chart: FromPath[str]
    ) -> Response[bytes]:
        found = await scoped_report(await group_scope(group_id), *asked_period(request))
        return await svg_response(found, chart, private=True)


class AreaReportPages(Controller):
    path = "/areas/{area_id:int}/report"
    guards = [reads_path_area_reports]

    @get("/", name="area_report")
    async def report(self, request: Request[Any, Any, Any], area_id: FromPath[int]) -> Template:
        scope = await area_scope(area_id)
        found = await scoped_report(scope, *asked_period(request))
        period = found.current.period
        query = urlencode({"from": period.first.isoformat(), "to": period.last.isoformat()})
        # Each venue's own report for the same period: whoever reads an area's report (its officers, admins)
        # reads each of its venues' reports (venues.permissions.reads_venue_reports), so no check per venue.
        venue_reports = [(venue.name, f"/desk/venues/{venue.id}/report?{query}") for venue in scope.venues]
        return await report_page(
            request,
            "report.html.j2",
            scope,
            found,
            f"/areas/{area_id}/report",
            False,
            venue_reports=venue_reports,
        )

    @get("/report.csv", name="area_report_csv", media_type="text/csv")
    async def csv_file(self, request: Request[Any, Any, Any], area_id: FromPath[int]) -> Response[str]:
        return csv_response(await scoped_report(await area_scope(area_id), *asked_period(request)))

    @get("/charts/{chart:str}", name="area_report_chart", media_type=SVG_MEDIA_TYPE)
    async def chart(
        self, request: Request[Any, Any, Any], area_id: FromPath[int], chart: FromPath[str]
    ) -> Response[bytes]:
        found = await scoped_report(await area_scope(area_id), *asked_period(request))
        return await svg_response(found, chart, private=True)


class ImpactPages(Controller):
    """Public: no sign-in, nothing private."""

    path = "/"

    @get("/venues/{venue_id:int}/impact", name="venue_impact")
    async def venue_impact(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template:
        scope = await public_venue_scope(venue_id)
        found = await scoped_impact(scope, *asked_months(request))
        return await report_page(
            request, "impact.html.j2", scope, found, f"/venues/{venue_id}/impact", True, nav="venues", venue_id=venue_id
        )

    @get("/venues/{venue_id:int}/impact/charts/{chart:str}", name="venue_impact_chart", media_type=SVG_MEDIA_TYPE)
    async def venue_chart(
        self, request: Request[Any, Any, Any], venue_id: FromPath[int], chart: FromPath[str]
    ) -> Response[bytes]:
        found = await scoped_impact(await public_venue_scope(venue_id), *asked_months(request))
        return await svg_response(found, chart, private=False)

    @get("/areas", name="areas")
    async def areas(self, request: Request[Any, Any, Any]) -> Template:
        found, _ = await list_areas(500, 0)
        readable, _ = await areas_read_by(current_user(request), 500, 0)
        return await page(request, "areas.html.j2", areas=found, readable={area.id for area in readable})

    @get("/areas/{slug:str}/impact", name="area_impact")
    async def area_impact(self, request: Request[Any, Any, Any], slug: FromPath[str]) -> Template:
        area = await area_by_slug(slug)
        scope = await area_scope(area.id, public=True)
        found = await scoped_impact(scope, *asked_months(request))
        return await report_page(request, "impact.html.j2", scope, found, f"/areas/{area.slug}/impact", True, area=area)

    @get("/areas/{slug:str}/impact/charts/{chart:str}", name="area_impact_chart", media_type=SVG_MEDIA_TYPE)
    async def area_chart(
        self, request: Request[Any, Any, Any], slug: FromPath[str], chart: FromPath[str]
    ) -> Response[bytes]:
        area = await area_by_slug(slug)
        found = await scoped_impact(await area_scope(area.id, public=True), *asked_months(request))
        return await svg_response(found, chart, private=False)
