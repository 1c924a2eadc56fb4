"""Report pages over HTTP: the desk's Report tab for managers, treasurers and area officers, a group's report for
its organisers, an area's for its officers, the public impact pages and the areas list; each chart served behind
the page's own guard and agreeing with the table under it; a period chosen with the picker or a preset."""

from __future__ import annotations

import base64
import re
from datetime import date, timedelta
from html import unescape
from typing import Any

import httpx
import pytest

from scheduling.reports import build
from tests.factories import Account, Factory
from tests.pages.support import london, sign_in
from tests.pages.svg_support import bar_height, bar_label, parse
from tests.report_support import NOW, World, report_world
from venues.core import clock

_TABLE = re.compile(r'<table class="chart-table" data-chart="([a-z-]+)">(.*?)</table>', re.S)
_ROW = re.compile(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', re.S)
_CELL = re.compile(r"<td>(.*?)</td>", re.S)
_IMG = re.compile(r'<img src="([^"]+)" alt="([^"]+)" class="chart"')
_SVG_LINK = re.compile(r'<a href="([^"]+/charts/([a-z-]+)\.svg\?[^"]*)" class="no-print" download>SVG')
_DATA = "data:image/svg+xml;base64,"


def drawn_charts(html: str) -> list[bytes]:
    """The charts the page carries itself, as SVG bytes."""
    sources = [src for src, _ in _IMG.findall(html)]
    assert all(src.startswith(_DATA) for src in sources), "a page carries its charts: no request per chart"
    return [base64.b64decode(src.removeprefix(_DATA)) for src in sources]


def svg_links(html: str) -> dict[str, str]:
    return {name: unescape(href) for href, name in _SVG_LINK.findall(html)}


@pytest.fixture
async def world(factory: Factory) -> World:
    return await report_world(factory)


async def fetch(client: httpx.AsyncClient, path: str, who: Account | None = None) -> httpx.Response:
    if who is not None:
        await sign_in(client, who)
    with clock.frozen_at(NOW):
        return await client.get(path)


def chart_tables(html: str) -> dict[str, list[tuple[str, list[str]]]]:
    return {
        name: [(unescape(head), [unescape(c) for c in _CELL.findall(cells)]) for head, cells in _ROW.findall(body)]
        for name, body in _TABLE.findall(html)
    }


def headline(html: str, label: str) -> list[str]:
    match = re.search(rf'<th scope="row">{re.escape(label)}(?:<span class="hint">[^<]*</span>)?</th>(.*?)</tr>', html)
    assert match is not None, label
    return _CELL.findall(match.group(1))


async def test_the_desk_report_tab_shows_last_month_beside_the_month_before_and_a_year_ago(
    client: httpx.AsyncClient, world: World
) -> None:
    response = await fetch(client, f"/desk/venues/{world.venue.id}/report", world.manager)
    assert response.status_code == 200, response.text
    html = response.text
    assert f'href="/desk/venues/{world.venue.id}/report" aria-current="page">Report</a>' in html
    assert "Period: 1 Oct 2026 to 31 Oct 2026" in html
    assert headline(html, "Sessions") == ["3", "0", "1"]
    assert headline(html, "Cancelled by the hirer") == ["1", "0", "0"]
    assert f'href="/desk/venues/{world.venue.id}/report/report.csv?from=2026-10-01&amp;to=2026-10-31" download' in html
    assert "Marsh Coffee Morning" in html, "the group rows are for those who read the report"
    images = _IMG.findall(html)
    assert len(drawn_charts(html)) == len(images) == 6
    assert set(svg_links(html)) == {
        "use-by-space",
        "use-by-weekday",
        "heat",
        "sessions",
        "attendance",
        "hours-by-tier",
    }
    assert all(alt.strip() for _, alt in images)
    assert set(chart_tables(html)) == {
        "use-by-space",
        "use-by-weekday",
        "heat",
        "sessions",
        "attendance",
        "hours-by-tier",
    }


async def test_the_chart_served_beside_the_page_draws_the_numbers_of_the_table_under_it(
    client: httpx.AsyncClient, world: World
) -> None:
    html = (await fetch(client, f"/desk/venues/{world.venue.id}/report", world.manager)).text
    table = chart_tables(html)["sessions"]
    names = list(chart_tables(html))
    drawn = drawn_charts(html)[names.index("sessions")]
    with clock.frozen_at(NOW):
        response = await client.get(svg_links(html)["sessions"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert response.content == drawn, "the SVG download is the drawing the page carries"
    root = parse(drawn)
    for period in range(3):
        for index, (_, cells) in enumerate(table):
            assert bar_label(root, period, index) == cells[period]
    assert [name for name, _ in table] == ["Sessions", "Held", "Cancelled"]
    sessions_now, sessions_before = int(table[0][1][0]), int(table[0][1][2])
    assert sessions_now == 3 and sessions_before == 1
    assert bar_height(root, 0, 0) == pytest.approx(3 * bar_height(root, 2, 0), rel=1e-3)


@pytest.mark.parametrize(("who", "tabs"), [("treasurer", {"Money", "Report"}), ("officer", {"Report"})])
async def test_treasurers_and_area_officers_read_the_report_with_only_their_own_tabs(
    client: httpx.AsyncClient, world: World, who: str, tabs: set[str]
) -> None:
    response = await fetch(client, f"/desk/venues/{world.venue.id}/report", getattr(world, who))
    assert response.status_code == 200
    shown = set(re.findall(rf'<a href="/desk/venues/{world.venue.id}/[a-z-]+"[^>]*>([^<]+)</a>', response.text))
    assert tabs <= shown
    assert "Requests" not in shown
    if who == "officer":
        assert "Money" not in shown


@pytest.mark.parametrize("who", ["stranger", "organiser", "other_officer"])
async def test_others_may_not_read_a_venues_report_or_its_charts(
    client: httpx.AsyncClient, world: World, who: str
) -> None:
    base = f"/desk/venues/{world.venue.id}/report"
    for path in (base, f"{base}/charts/sessions.svg", f"{base}/report.csv"):
        assert (await fetch(client, path, getattr(world, who))).status_code == 403, path


async def test_signing_in_comes_before_a_report(client: httpx.AsyncClient, world: World) -> None:
    response = await fetch(client, f"/desk/venues/{world.venue.id}/report")
    assert response.status_code in (302, 303) and "/sign-in" in response.headers["location"]


async def test_a_period_chosen_with_the_picker_or_a_preset_is_the_one_shown(
    client: httpx.AsyncClient, world: World
) -> None:
    base = f"/desk/venues/{world.venue.id}/report"
    html = (await fetch(client, f"{base}?from=2026-10-05&to=2026-10-14", world.manager)).text
    assert "Period: 5 Oct 2026 to 14 Oct 2026" in html
    assert headline(html, "Sessions")[0] == "2"
    assert 'value="2026-10-05"' in html and 'value="2026-10-14"' in html
    assert svg_links(html)["sessions"].endswith("/sessions.svg?from=2026-10-05&to=2026-10-14")
    assert f'href="{base}?from=2026-07-01&amp;to=2026-09-30">Last quarter</a>' in html
    assert f'href="{base}?from=2025-11-01&amp;to=2026-10-31">Last 12 months</a>' in html
    with clock.frozen_at(NOW):
        refused = await client.get(f"{base}?from=2026-10-31&to=2026-10-01")
    assert refused.status_code == 400
    assert "before it starts" in refused.text


async def test_a_groups_report_is_for_its_organisers_and_linked_from_its_page(
    client: httpx.AsyncClient, world: World
) -> None:
    group_page = await fetch(client, f"/groups/{world.group.id}", world.organiser)
    assert f'href="/groups/{world.group.id}/report"' in group_page.text
    with clock.frozen_at(NOW):
        response = await client.get(f"/groups/{world.group.id}/report")
    assert response.status_code == 200
    assert headline(response.text, "Sessions") == ["2", "0", "1"]
    assert "Hours open" not in response.text
    assert set(chart_tables(response.text)) == {"sessions", "attendance", "hours-by-tier"}
    assert (await fetch(client, f"/groups/{world.group.id}/report", world.manager)).status_code == 403


async def test_an_areas_report_is_for_its_officers_and_listed_for_them_on_the_areas_page(
    client: httpx.AsyncClient, world: World
) -> None:
    areas = await fetch(client, "/areas", world.officer)
    assert f'href="/areas/{world.area.id}/report"' in areas.text
    assert f'href="/areas/{world.other_area.id}/report"' not in areas.text
    assert f'href="/areas/{world.other_area.slug}/impact"' in areas.text
    with clock.frozen_at(NOW):
        response = await client.get(f"/areas/{world.area.id}/report")
    assert response.status_code == 200
    assert headline(response.text, "Sessions")[0] == "3"
    assert (await fetch(client, f"/areas/{world.area.id}/report", world.manager)).status_code == 403


async def test_the_impact_pages_are_public_printable_and_show_the_last_twelve_months(
    client: httpx.AsyncClient, world: World
) -> None:
    for path in (f"/venues/{world.venue.id}/impact", f"/areas/{world.area.slug}/impact"):
        response = await fetch(client, path)
        assert response.status_code == 200, path
        html = response.text
        assert "Period: 1 Nov 2025 to 31 Oct 2026" in html
        assert headline(html, "Sessions")[0] == "3"
        assert "Download CSV" not in html and "Hire charged" not in html
        assert "Marsh Coffee Morning" not in html, "no group is named on a public page"
        assert len(drawn_charts(html)) == 6
        src = svg_links(html)["hours-by-tier"]
        assert src.startswith(f"{path}/charts/")
        with clock.frozen_at(NOW):
            chart = await client.get(src)
        assert chart.status_code == 200 and chart.headers["content-type"] == "image/svg+xml"
        assert "whole calendar months" in html
    venue_page = await fetch(client, f"/venues/{world.venue.id}")
    assert f'href="/venues/{world.venue.id}/impact"' in venue_page.text
    assert (await fetch(client, "/areas/no-such-area/impact")).status_code == 404
    assert (await fetch(client, f"/venues/{world.venue.id}/impact/charts/nothing.svg")).status_code == 404


async def test_the_impact_pages_pick_whole_months_and_still_take_from_and_to(
    client: httpx.AsyncClient, world: World
) -> None:
    for path in (f"/venues/{world.venue.id}/impact", f"/areas/{world.area.slug}/impact"):
        html = (await fetch(client, path)).text
        assert '<label for="report-from-month">From (month)</label>' in html
        assert '<input type="month" id="report-from-month" name="from_month" value="2025-11" required>' in html
        assert '<label for="report-to-month">To (month)</label>' in html
        assert '<input type="month" id="report-to-month" name="to_month" value="2026-10" required>' in html
        assert 'type="date"' not in html, "a public page asks for months, not days"

        picked = (await fetch(client, f"{path}?from_month=2026-09&to_month=2026-10")).text
        assert "Period: 1 Sep 2026 to 31 Oct 2026" in picked
        assert headline(picked, "Sessions")[0] == "3"
        assert svg_links(picked)["sessions"].endswith("/sessions.svg?from=2026-09-01&to=2026-10-31")
        with clock.frozen_at(NOW):
            assert (await client.get(svg_links(picked)["sessions"])).status_code == 200
        february = (await fetch(client, f"{path}?from_month=2026-02&to_month=2026-02")).text
        assert "Period: 1 Feb 2026 to 28 Feb 2026" in february

        linked = (await fetch(client, f"{path}?from=2026-10-01&to=2026-10-31")).text
        assert "Period: 1 Oct 2026 to 31 Oct 2026" in linked
        assert 'value="2026-10"' in linked

        for query, words in (
            ("from_month=2026-13&to_month=2026-10", "is not a month such as 2026-10"),
            ("from_month=2026-09&to_month=October", "is not a month such as 2026-10"),
            ("from_month=2026-09", "Give both the first month and the last"),
            ("from_month=2026-10&to_month=2026-09", "before it starts"),
            ("from=2026-10-05&to=2026-10-31", "whole calendar months"),
        ):
            refused = await fetch(client, f"{path}?{query}")
            assert refused.status_code == 400, query
            assert words in unescape(refused.text), query


async def test_the_private_report_pages_keep_their_date_picker(client: httpx.AsyncClient, world: World) -> None:
    html = (await fetch(client, f"/desk/venues/{world.venue.id}/report", world.manager)).text
    assert '<input type="date" id="report-from" name="from" value="2026-10-01" required>' in html
    assert 'type="month"' not in html


async def test_the_report_csv_from_the_desk_is_the_apis(client: httpx.AsyncClient, world: World) -> None:
    page_csv = await fetch(
        client, f"/desk/venues/{world.venue.id}/report/report.csv?from=2026-10-01&to=2026-10-31", world.treasurer
    )
    with clock.frozen_at(NOW):
        api_csv = await client.get(f"/api/v1/venues/{world.venue.id}/report.csv", headers=world.treasurer.headers)
    assert page_csv.status_code == 200
    assert page_csv.text == api_csv.text
    first: Any = page_csv.text.splitlines()[0]
    assert first == "section,figure,key,current,previous,last_year,unit"


async def test_a_report_page_view_builds_one_report_and_carries_its_charts(
    client: httpx.AsyncClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []
    figures = build.figures

    async def counting(scope: Any, period: Any, now: Any, **options: Any) -> Any:
        built.append(f"{scope.kind}:{scope.id}")
        return await figures(scope, period, now, **options)

    monkeypatch.setattr(build, "figures", counting)
    pages: list[tuple[str, Account | None]] = [
        (f"/venues/{world.venue.id}/impact", None),
        (f"/areas/{world.area.slug}/impact", None),
        (f"/desk/venues/{world.venue.id}/report", world.manager),
        (f"/areas/{world.area.id}/report", world.officer),
        (f"/groups/{world.group.id}/report", world.organiser),
    ]
    for path, who in pages:
        built.clear()
        response = await fetch(client, path, who)
        assert response.status_code == 200, path
        drawn_charts(response.text)  # every image is in the page: loading it asks nothing more
        assert len(built) == 3, (path, built)  # one report: the period and its two comparisons


async def test_an_area_officer_opens_each_venues_report_from_the_areas_report(
    client: httpx.AsyncClient, world: World
) -> None:
    query = "from=2026-09-01&to=2026-10-31"
    html = (await fetch(client, f"/areas/{world.area.id}/report?{query}", world.officer)).text
    href = f"/desk/venues/{world.venue.id}/report?{query}"
    assert f'<a href="{href.replace("&", "&amp;")}">Marsh Village Hall</a>' in html
    with clock.frozen_at(NOW):
        venue_report = await client.get(href)
    assert venue_report.status_code == 200
    assert "Period: 1 Sep 2026 to 31 Oct 2026" in venue_report.text
    assert headline(venue_report.text, "Sessions")[0] == "3"
    admin = (await fetch(client, f"/areas/{world.area.id}/report?{query}", world.admin)).text
    assert f'href="{href.replace("&", "&amp;")}"' in admin


async def test_a_groups_hours_in_the_report_use_the_same_hours_as_every_other_figure(
    client: httpx.AsyncClient, world: World, factory: Factory
) -> None:
    choir = await factory.group(name="Marsh Evening Choir")
    starts = london(date(2026, 10, 9), 19)
    # 2 h 09 min is 2.15 hours: 2.2 half up, as every hours figure is shown (a float rounding gives 2.1).
    await factory.booking(world.space, starts, starts + timedelta(minutes=129), group=choir.id, title="Choir")
    html = (await fetch(client, f"/desk/venues/{world.venue.id}/report", world.manager)).text
    row = re.search(r'<th scope="row">Marsh Evening Choir</th><td>1</td><td>([^<]*)</td>', html)
    assert row is not None and row.group(1) == "2.2"
