"""Reports over the API: the JSON's shape and periods, who may read which report, the CSV agreeing with the JSON,
and periods refused with a 400."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from typing import Any

import httpx
import pytest

from scheduling.reports import export
from scheduling.reports.export import report_csv
from scheduling.reports.figures import SpaceUse
from tests.factories import Factory
from tests.report_support import NOW, World, report_world, sample_report
from venues.core import clock


@pytest.fixture
async def world(factory: Factory) -> World:
    return await report_world(factory)


async def get(client: httpx.AsyncClient, path: str, who: Any = None, **params: str) -> httpx.Response:
    with clock.frozen_at(NOW):
        return await client.get(path, params=params, headers=who.headers if who is not None else {})


async def test_a_venue_report_is_last_month_beside_the_month_before_and_a_year_earlier(
    client: httpx.AsyncClient, world: World
) -> None:
    response = await get(client, f"/api/v1/venues/{world.venue.id}/report", world.manager)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["scope"], body["id"], body["name"]) == ("venue", world.venue.id, "Marsh Village Hall")
    assert body["current"]["period"] == {"from": "2026-10-01", "to": "2026-10-31", "days": 31}
    assert body["previous"]["period"] == {"from": "2026-09-01", "to": "2026-09-30", "days": 30}
    assert body["last_year"]["period"] == {"from": "2025-10-01", "to": "2025-10-31", "days": 31}
    for key in ("current", "previous", "last_year"):
        figures = body[key]
        assert set(figures) == {"period", "use", "sessions", "activities", "groups", "attendance", "money"}
        use = figures["use"]
        expected = use["occupied_minutes"] / use["open_minutes"] if use["open_minutes"] else None
        assert use["use_share"] == expected
        assert figures["sessions"]["cancelled"] == (
            figures["sessions"]["cancelled_by_hirer"] + figures["sessions"]["cancelled_by_venue"]
        )
    assert body["current"]["sessions"]["sessions"] == 3
    assert body["current"]["sessions"]["cancelled_by_hirer"] == 1
    assert body["last_year"]["sessions"]["sessions"] == 1


async def test_a_chosen_period_is_reported_with_the_same_length_before_it(
    client: httpx.AsyncClient, world: World
) -> None:
    response = await get(
        client, f"/api/v1/venues/{world.venue.id}/report", world.manager, **{"from": "2026-10-05", "to": "2026-10-14"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["current"]["period"] == {"from": "2026-10-05", "to": "2026-10-14", "days": 10}
    assert body["previous"]["period"] == {"from": "2026-09-25", "to": "2026-10-04", "days": 10}
    assert body["current"]["sessions"]["sessions"] == 2


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 401),
        ("stranger", 403),
        ("organiser", 403),
        ("other_officer", 403),
        ("manager", 200),
        ("treasurer", 200),
        ("officer", 200),
        ("admin", 200),
    ],
)
async def test_a_venues_report_is_read_by_its_managers_treasurers_area_officers_and_admins(
    client: httpx.AsyncClient, world: World, who: str | None, status: int
) -> None:
    account = getattr(world, who) if who else None
    for suffix in ("report", "report.csv"):
        response = await get(client, f"/api/v1/venues/{world.venue.id}/{suffix}", account)
        assert response.status_code == status, (suffix, response.text)
        if status != 200:
            assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 401), ("stranger", 403), ("manager", 403), ("officer", 403), ("organiser", 200), ("admin", 200)],
)
async def test_a_groups_report_is_read_by_its_organisers_and_admins(
    client: httpx.AsyncClient, world: World, who: str | None, status: int
) -> None:
    account = getattr(world, who) if who else None
    for suffix in ("report", "report.csv"):
        response = await get(client, f"/api/v1/groups/{world.group.id}/{suffix}", account)
        assert response.status_code == status, (suffix, response.text)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 401),
        ("stranger", 403),
        ("manager", 403),
        ("treasurer", 403),
        ("other_officer", 403),
        ("officer", 200),
        ("admin", 200),
    ],
)
async def test_an_areas_report_is_read_by_its_officers_and_admins(
    client: httpx.AsyncClient, world: World, who: str | None, status: int
) -> None:
    account = getattr(world, who) if who else None
    for suffix in ("report", "report.csv"):
        response = await get(client, f"/api/v1/areas/{world.area.id}/{suffix}", account)
        assert response.status_code == status, (suffix, response.text)


@pytest.mark.parametrize(
    "path", ["/api/v1/venues/999999/report", "/api/v1/groups/999999/report", "/api/v1/areas/999999/report.csv"]
)
async def test_an_unknown_venue_group_or_area_is_404(client: httpx.AsyncClient, world: World, path: str) -> None:
    response = await get(client, path, world.admin)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


async def test_the_csv_holds_the_same_figures_as_the_json_and_its_breakdowns_add_up(
    client: httpx.AsyncClient, world: World
) -> None:
    body = (await get(client, f"/api/v1/venues/{world.venue.id}/report", world.treasurer)).json()
    response = await get(client, f"/api/v1/venues/{world.venue.id}/report.csv", world.treasurer)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert not response.content.startswith(b"\xef\xbb\xbf"), "the same encoding as the treasurer's money CSV: no BOM"
    rows = csv_rows(response.text)
    assert list(rows[0]) == ["section", "figure", "key", "current", "previous", "last_year", "unit"]

    def total(section: str, figure: str) -> dict[str, str]:
        [row] = [r for r in rows if r["section"] == section and r["figure"] == figure and r["key"] == ""]
        return row

    for column in ("current", "previous", "last_year"):
        figures = body[column]
        for name in ("sessions", "held", "not_held", "unrecorded", "to_come", "cancelled_by_hirer"):
            assert int(total("sessions", name)[column]) == figures["sessions"][name], (column, name)
        for name in ("open_minutes", "occupied_minutes", "booked_minutes"):
            assert int(total("use", name)[column]) == figures["use"][name], (column, name)
        assert int(total("groups", "hosted")[column]) == figures["groups"]["hosted"]
        assert int(total("attendance", "headcount")[column]) == figures["attendance"]["headcount"]
        pounds = total("money", "value_given")[column]
        assert round(float(pounds) * 100) == figures["money"]["value_given_minor"]
        tier_hire = [r for r in rows if r["section"] == "money_by_tier" and r["figure"] == "hire"]
        assert sum(round(float(r[column]) * 100) for r in tier_hire) == sum(
            t["hire_minor"] for t in figures["money"]["by_tier"]
        )
        weekday_open = [r for r in rows if r["section"] == "use_by_weekday" and r["figure"] == "open_minutes"]
        by_weekday = {d["weekday"]: d["open_minutes"] for d in figures["use"]["by_weekday"]}
        # A weekday the period has no figure for is a blank cell, never an invented 0.
        assert [r[column] for r in weekday_open] == [
            str(by_weekday[day]) if day in by_weekday else "" for day in range(7)
        ]
    space_rows = [r for r in rows if r["section"] == "use_by_space" and r["figure"] == "occupied_minutes"]
    assert [r["key"] for r in space_rows] == ["Main hall"]
    assert sum(int(r["current"]) for r in space_rows) == body["current"]["use"]["occupied_minutes"]
    heat = [r for r in rows if r["section"] == "use_by_hour" and r["figure"] == "occupied_minutes"]
    assert len(heat) == 7 * 24
    assert sum(int(r["current"]) for r in heat) == sum(map(sum, body["current"]["use"]["heat_occupied"]))


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2026-10-31", "to": "2026-10-01"},
        {"from": "2024-01-01", "to": "2026-10-31"},
        {"from": "2026-10-01"},
        {"to": "2026-10-31"},
        {"from": "2026-13-01", "to": "2026-10-31"},
        {"from": "1999-12-31", "to": "2000-01-31"},
        {"from": "yesterday", "to": "2026-10-31"},
    ],
)
async def test_a_period_that_is_not_one_is_a_400_problem(
    client: httpx.AsyncClient, world: World, params: dict[str, str]
) -> None:
    for path in (
        f"/api/v1/venues/{world.venue.id}/report",
        f"/api/v1/venues/{world.venue.id}/report.csv",
        f"/api/v1/venues/{world.venue.id}/impact",
    ):
        response = await get(client, path, world.manager, **params)
        assert response.status_code == 400, (path, params, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")


async def test_a_groups_report_counts_its_bookings_without_hours_open(client: httpx.AsyncClient, world: World) -> None:
    response = await get(client, f"/api/v1/groups/{world.group.id}/report", world.organiser)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["scope"] == "group"
    assert body["current"]["use"] is None
    assert body["current"]["sessions"]["sessions"] == 2
    assert [row["name"] for row in body["current"]["groups"]["rows"]] == ["Marsh Coffee Morning"]


async def test_the_public_impact_is_the_last_twelve_months_without_group_rows_or_money_paid(
    client: httpx.AsyncClient, world: World
) -> None:
    for path in (f"/api/v1/venues/{world.venue.id}/impact", f"/api/v1/areas/{world.area.id}/impact"):
        response = await get(client, path)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["current"]["period"] == {"from": "2025-11-01", "to": "2026-10-31", "days": 365}
        assert set(body["current"]["groups"]) == {"hosted", "new", "regular"}
        assert all("hire_minor" not in tier for tier in body["current"]["money"]["by_tier"])
        assert body["current"]["sessions"]["sessions"] == 3


async def test_an_archived_venue_has_no_public_impact(client: httpx.AsyncClient, world: World) -> None:
    world.venue.archived = True
    await world.venue.save()
    assert (await get(client, f"/api/v1/venues/{world.venue.id}/impact")).status_code == 404
    assert (await get(client, "/api/v1/areas/999999/impact")).status_code == 404


def test_the_csv_leaves_a_comparisons_missing_weekday_figures_blank_never_zero() -> None:
    found = sample_report()
    found = replace(found, previous=replace(found.previous, use=replace(found.previous.use, by_weekday=[])))
    rows = csv_rows(report_csv(found))
    weekday = [r for r in rows if r["section"] == "use_by_weekday"]
    assert len(weekday) == 14
    assert all(r["previous"] == "" for r in weekday), "a figure the period lacks is blank"
    assert all(r["current"] != "" and r["last_year"] != "" for r in weekday)
    assert [r["current"] for r in weekday if r["figure"] == "open_minutes"] == ["1440"] * 7


def test_the_csv_indexes_each_periods_spaces_once_not_once_a_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    found = sample_report()
    many = [SpaceUse(i, f"Room {i}", 1, "Village hall", 60, 30, 30) for i in range(1, 1_201)]
    found = replace(
        found,
        current=replace(found.current, use=replace(found.current.use, by_space=many)),
        previous=replace(found.previous, use=replace(found.previous.use, by_space=many[:600])),
    )
    calls = 0
    keyed = export._keyed

    def counting(items: Any, key: Any) -> dict[Any, Any]:
        nonlocal calls
        calls += 1
        return keyed(items, key)

    monkeypatch.setattr(export, "_keyed", counting)
    rows = csv_rows(report_csv(found))
    spaces = [r for r in rows if r["section"] == "use_by_space" and r["figure"] == "open_minutes"]
    assert len(spaces) == 1_200
    assert spaces[0]["previous"] == "60" and spaces[-1]["previous"] == "0" and spaces[-1]["last_year"] == "0"
    # A handful of indexes per period (spaces, weekdays, breakdowns, tiers), however many spaces there are.
    assert calls <= 3 * 10, calls
