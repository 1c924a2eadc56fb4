"""Report charts drawn from a report built by hand: each chart's bars and labels say what its table says, the
drawing is the same bytes every time, text stays text, and a chart a report has not is a 404."""

from __future__ import annotations

from dataclasses import replace

import pytest

from api.pages.views.charts import MAX_SPACE_BARS, chart_named, charts_for, draw_svg
from scheduling.reports.figures import SpaceUse
from tests.pages.svg_support import SVG, bar_height, bar_label, parse, texts
from tests.report_support import sample_report
from venues.core.errors import NotFound


def test_each_bar_is_as_tall_as_its_table_says_and_labelled_with_the_tables_number() -> None:
    chart = chart_named(sample_report(), "sessions")
    root = parse(draw_svg(chart))
    # The table: one row per measure, one column per period; the bars: one series per period.
    for period in range(3):
        for index, (_, cells) in enumerate(chart.table.rows):
            assert bar_label(root, period, index) == cells[period]
    heights = {(p, i): bar_height(root, p, i) for p in range(3) for i in range(len(chart.table.rows))}
    numbers = {(p, i): int(cells[p]) for p in range(3) for i, (_, cells) in enumerate(chart.table.rows)}
    tallest = max(numbers, key=lambda key: numbers[key])
    unit = heights[tallest] / numbers[tallest]
    for key, number in numbers.items():
        assert heights[key] == pytest.approx(number * unit, rel=1e-3), key


def test_the_use_by_space_bars_match_the_share_column_of_their_table() -> None:
    chart = chart_named(sample_report(), "use-by-space")
    root = parse(draw_svg(chart))
    shares = [cells[2] for _, cells in chart.table.rows]
    assert [bar_label(root, 0, index) for index in range(len(shares))] == shares
    first, second = (bar_height(root, 0, index) for index in range(2))
    assert first / second == pytest.approx(15 / 9, rel=1e-3)  # 900 of 6,000 minutes against 360 of 4,000


def test_a_chart_is_the_same_svg_every_time_with_its_words_as_text() -> None:
    for chart in charts_for(sample_report()):
        svg = draw_svg(chart)
        assert svg == draw_svg(chart), chart.name
        assert b"<dc:date>" not in svg
        assert chart.title in texts(parse(svg))


def test_a_groups_report_has_no_charts_of_hours_open() -> None:
    names = [chart.name for chart in charts_for(sample_report("group"))]
    assert names == ["sessions", "attendance", "hours-by-tier"]
    with pytest.raises(NotFound):
        chart_named(sample_report("group"), "heat")


def test_each_chart_says_what_it_shows_in_a_sentence() -> None:
    summaries = {chart.name: chart.summary for chart in charts_for(sample_report())}
    assert summaries["use-by-space"].startswith(
        "Use was 13% of open hours, up from 8% the period before and up from 4% a year ago."
    )
    assert summaries["sessions"] == (
        "There were 24 sessions, against 16 the period before and 8 a year ago; 15 were recorded as held and 3 were "
        "cancelled."
    )
    assert (
        summaries["heat"] == "The busiest hour of the week was Monday 10:00 to 11:00, used for 100% of its open time."
    )


def test_an_hour_used_past_its_open_time_says_so_in_the_table_and_colours_as_full() -> None:
    report = sample_report()
    assert report.current.use is not None
    # Monday 10:00: 90 minutes held of 60 open (bookings a manager confirmed outside the opening hours).
    occupied = [row[:] for row in report.current.use.heat_occupied]
    opened = [row[:] for row in report.current.use.heat_open]
    occupied[0][10] = 90
    use = replace(report.current.use, heat_occupied=occupied, heat_open=opened)
    chart = chart_named(replace(report, current=replace(report.current, use=use)), "heat")

    column = chart.heat_columns.index("10")
    assert chart.table.rows[0][1][column] == "150%"
    assert chart.heat is not None and chart.heat[0][column] == 1.0
    assert all(cell is None or 0 <= cell <= 1 for row in chart.heat for cell in row)
    assert chart.summary == "The busiest hour of the week was Monday 10:00 to 11:00, used for 150% of its open time."


def test_a_use_chart_of_more_spaces_than_it_draws_draws_the_busiest_and_its_table_lists_every_space() -> None:
    # 40 quiet spaces (1%), 19 busy ones (30% to 48%) among them, and two at 25%: the one with more hours used is
    # the 20th busiest, the other is left out.
    spaces = [SpaceUse(i, f"Quiet {i}", i % 3, f"Hall {i % 3}", 6_000, 60, 0) for i in range(40)]
    for n in range(19):
        spaces.insert(2 * n + 1, SpaceUse(100 + n, f"Busy {n}", n % 3, f"Hall {n % 3}", 1_000, 300 + 10 * n, 0))
    spaces.insert(5, SpaceUse(200, "Tied small", 0, "Hall 0", 2_000, 500, 0))
    spaces.insert(30, SpaceUse(201, "Tied big", 1, "Hall 1", 4_000, 1_000, 0))
    report = sample_report()
    assert report.current.use is not None
    use = replace(report.current.use, by_space=spaces)
    chart = chart_named(replace(report, current=replace(report.current, use=use)), "use-by-space")

    assert MAX_SPACE_BARS == 20
    assert len(chart.table.rows) == 61, "the table lists every space"
    drawn = [(name, cells) for name, cells in chart.table.rows if name.startswith(("Busy", "Tied big"))]
    assert len(drawn) == 20
    assert chart.labels == [name for name, _ in drawn], "the busiest, in the table's order"
    root = parse(draw_svg(chart))
    bars = [g.get("id") for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith("bar-")]
    assert len(bars) == 20
    assert [bar_label(root, 0, index) for index in range(20)] == [cells[2] for _, cells in drawn]
    assert chart.title == "Use of the 20 busiest of 61 spaces (share of open hours)"
    assert "The chart draws the 20 busiest of 61 spaces" in chart.summary
    assert chart.title in texts(root)


def test_a_use_chart_of_few_spaces_draws_every_one() -> None:
    chart = chart_named(sample_report(), "use-by-space")
    assert chart.labels == [name for name, _ in chart.table.rows]
    assert chart.title == "Use of each space (share of its open hours)"
