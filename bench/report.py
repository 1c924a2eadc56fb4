"""Ratios, targets and the results files: ``bench/results/<date>-<engine>.json`` and ``.md``.

The JSON file of a date and engine holds one record per size run that day
(a later run of a size replaces the earlier one), so the cost growth from
village to county can be read off one file.
"""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SCENARIO_LABELS = [
    ("ceiling", "ceiling: bare Litestar JSON (mean of before/after)"),
    ("availability_month", "(a) availability, one space, one month"),
    ("whats_on_week", "(b) what's on, a week, all venues, one category"),
    ("feed_full", "(c) venue feed, unchanged, full body"),
    ("feed_304", "(c) venue feed, If-None-Match → 304"),
    ("radicale_feed", "peer: Radicale, same events, whole collection"),
    ("bookings_contention", "(d) bookings, 8 clients, half colliding"),
    ("series_52_weeks", "(e) 52-week series, 2 clients"),
]


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def add_ratios(result: dict[str, Any]) -> None:
    s, ceiling = result["scenarios"], result["ceiling"]["rps"]
    ratios = {
        "availability_vs_ceiling": _ratio(s["availability_month"]["rps"], ceiling),
        "whats_on_vs_ceiling": _ratio(s["whats_on_week"]["rps"], ceiling),
        "feed_full_vs_ceiling": _ratio(s["feed_full"]["rps"], ceiling),
        "feed_304_vs_ceiling": _ratio(s["feed_304"]["rps"], ceiling),
        "feed_full_vs_radicale": _ratio(s["feed_full"]["rps"], s["radicale_feed"]["rps"]),
        "feed_cold_render_vs_icalendar_alone": result["feed_render"]["ratio_cold_to_icalendar_alone"],
        "bookings_vs_ceiling": _ratio(s["bookings_contention"]["rps"], ceiling),
    }
    result["ratios"] = ratios


def _targets(result: dict[str, Any], village: dict[str, Any] | None) -> list[tuple[str, str, str, bool | None]]:
    """(what, measured, target, met); met is None where the target does not apply to this size or engine."""
    s, r = result["scenarios"], result["ratios"]
    county = result["size"] == "county"
    rows: list[tuple[str, str, str, bool | None]] = []

    def pct(value: float | None) -> str:
        return f"{value * 100:.0f}%" if value is not None else "n/a"

    rows.append(
        (
            "availability vs ceiling",
            pct(r["availability_vs_ceiling"]),
            "≥ 25%",
            r["availability_vs_ceiling"] is not None and r["availability_vs_ceiling"] >= 0.25,
        )
    )
    p99 = s["availability_month"]["p99_ms"]
    rows.append(
        (
            "availability p99",
            f"{p99:.1f} ms",
            "≤ 25 ms (county, PostgreSQL)",
            p99 <= 25 if county and result["engine"] == "postgres" else None,
        )
    )
    ratio = r["feed_cold_render_vs_icalendar_alone"]
    rows.append(
        (
            "feed cold render vs icalendar alone",
            f"{ratio}×" if ratio else "n/a",
            "≤ 1.2×",
            ratio is not None and ratio <= 1.2,
        )
    )
    rows.append(
        (
            "feed full body vs ceiling",
            pct(r["feed_full_vs_ceiling"]),
            "≥ 25%",
            r["feed_full_vs_ceiling"] is not None and r["feed_full_vs_ceiling"] >= 0.25,
        )
    )
    rows.append(
        (
            "feed 304 vs ceiling",
            pct(r["feed_304_vs_ceiling"]),
            "≥ 50%",
            r["feed_304_vs_ceiling"] is not None and r["feed_304_vs_ceiling"] >= 0.5,
        )
    )
    vs = r["feed_full_vs_radicale"]
    rows.append(("feed full body vs Radicale", f"{vs:.1f}×" if vs else "n/a", "≥ 3×", vs is not None and vs >= 3))
    if village is not None and result["size"] != "village":
        for key, label in (("availability_month", "availability"), ("whats_on_week", "what's on")):
            base, here = village["scenarios"][key], s[key]
            growth = _ratio(here["p50_ms"], base["p50_ms"])
            rps_growth = _ratio(base["rps"] / village["ceiling"]["rps"], here["rps"] / result["ceiling"]["rps"])
            rows.append(
                (
                    f"{label} cost growth from village (p50; throughput vs ceiling)",
                    f"{growth}×; {rps_growth}×",
                    "≤ 2×",
                    (growth or 0) <= 2 and (rps_growth or 0) <= 2 if county else None,
                )
            )
    queries = s["series_52_weeks"].get("queries", {})
    rows.append(
        (
            "52-week series queries (check + write; whole HTTP request)",
            f"{queries.get('queries_check_and_write')}; {queries.get('queries_whole_request')}",
            "≤ 10",
            queries.get("queries_check_and_write", 99) <= 10,
        )
    )
    contention = s["bookings_contention"]
    rows.append(
        (
            "overlapping occupancy after contention",
            str(contention.get("overlapping_occupancy_rows")),
            "0",
            contention.get("overlapping_occupancy_rows") == 0,
        )
    )
    reports = result.get("reports") or {}
    on_postgres = county and result["engine"] == "postgres"
    for key, label, limit_ms, target in (
        ("venue_year", "report: a venue's year (p50, × floor)", 50, "≤ 50 ms (county, PostgreSQL)"),
        ("area_year", "report: the area's year (p50, × floor)", 1000, "≤ 1 s (county, PostgreSQL)"),
    ):
        if key in reports:
            p50 = reports[key]["report"]["p50_ms"]
            rows.append(
                (
                    label,
                    f"{p50:,.1f} ms ({reports[key]['ratio_to_floor']}×)",
                    target,
                    p50 <= limit_ms if on_postgres else None,
                )
            )
    rss = result["memory"]["worker_peak_rss_mb_after_every_feed"]
    complete = s["every_feed_once"].get("complete")
    rows.append(
        (
            "worker peak RSS after every feed once",
            f"{rss} MB" + ("" if complete else " (feeds budget ran out)"),
            "≤ 150 MB (county)",
            rss <= 150 if county else None,
        )
    )
    return rows


def markdown(records: dict[str, Any]) -> str:
    order = [size for size in ("village", "town", "county", "nation") if size in records]
    first = records[order[0]]
    lines = [f"# Commonroom bench, {first['engine']}, {first['when'][:10]}", ""]
    for size in order:
        result = records[size]
        s, ceiling, m, g = result["scenarios"], result["ceiling"]["rps"], result["machine"], result["generation"]
        counts = g.get("counts", {})
        lines += [
            f"## {size} on {result['engine']}",
            "",
            f"{counts.get('venues')} venues, {counts.get('spaces')} spaces, {counts.get('bookings', 0):,} bookings "
            f"({counts.get('series')} series), generated in {g.get('seconds')} s{' (reused)' if g.get('reused') else ''}. "
            f"{result['settings']['workers']} workers, {result['settings']['connections']} connections, "
            f"{result['settings']['duration_s']:g} s per scenario after {result['settings']['warmup_s']:g} s warm-up, "
            f"driver {result['settings']['driver']}. Load average {m['load_before'][0]} before, "
            f"{m['load_after'][0]} after ({m['cpus']} CPUs, shared machine). Code: "
            f"{result.get('code', {}).get('commit', '?')}"
            f"{' with uncommitted changes' if result.get('code', {}).get('uncommitted_changes') else ''}.",
            "",
            "| scenario | req/s | p50 ms | p99 ms | vs ceiling | notes |",
            "| --- | ---: | ---: | ---: | ---: | --- |",
        ]
        for key, label in SCENARIO_LABELS:
            if key == "ceiling":
                before, after = result["ceiling"]["before"], result["ceiling"]["after"]
                lines.append(
                    f"| {label} | {ceiling:,.0f} | {before['p50_ms']:.2f} | {before['p99_ms']:.2f} | 100% | "
                    f"before {before['rps']:,.0f}, after {after['rps']:,.0f} |"
                )
                continue
            row = s[key]
            notes = []
            if key == "bookings_contention":
                st = row.get("statuses", {})
                notes.append(
                    f"201: {st.get('201', 0)}, 409: {st.get('409', 0)}, other: "
                    f"{sum(v for k, v in st.items() if k not in ('201', '409'))}; "
                    f"overlaps after: {row.get('overlapping_occupancy_rows')}"
                )
            elif key == "series_52_weeks":
                st, q = row.get("statuses", {}), row.get("queries", {})
                notes.append(
                    f"201: {st.get('201', 0)}, other: {sum(v for k, v in st.items() if k != '201')}; "
                    f"queries: {q.get('queries_check_and_write')} check+write, "
                    f"{q.get('queries_whole_request')} whole request"
                )
            elif key == "radicale_feed":
                notes.append(
                    f"{row.get('vevents')} VEVENTs, {row.get('body_bytes', 0):,} bytes; Commonroom "
                    f"{_ratio(s['feed_full']['rps'], row['rps'])}× Radicale"
                )
            elif key == "feed_full":
                notes.append(f"{row.get('body_bytes', 0):,} bytes")
            if row.get("errors"):
                notes.append(f"errors {row['errors']}")
            vs = _ratio(row["rps"], ceiling)
            lines.append(
                f"| {label} | {row['rps']:,.0f} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} | "
                f"{vs * 100:.0f}% | {'; '.join(notes)} |"
                if vs is not None
                else f"| {label} | {row['rps']:,.0f} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} | n/a | "
                f"{'; '.join(notes)} |"
            )
        fr, cold = result["feed_render"], s["feed_cold_http"]
        every = s["every_feed_once"]
        lines += [
            "",
            f"Feed render in process (venue {fr['venue_id']}: {fr['feed_events']} events, {fr['vevents']} VEVENTs, "
            f"{fr['masters_with_rrule']} series masters, {fr['body_bytes']:,} bytes): cold {fr['cold_render_ms']} ms "
            f"(queries {fr['cold_query_ms']} ms + serialise {fr['cold_serialise_ms']} ms; very first "
            f"{fr['first_render_ms']} ms) vs icalendar alone {fr['icalendar_alone_ms']} ms "
            f"({fr['icalendar_alone_ms_per_event']} ms/event) = **{fr['ratio_cold_to_icalendar_alone']}×** "
            f"(serialising alone {fr.get('ratio_serialise_to_icalendar_alone')}×). "
            f"First HTTP request per venue feed: p50 {cold['p50_ms']} ms, max {cold['max_ms']} ms.",
            "",
            f"Every public feed once: {every['served']}/{every['feeds']} in {every['seconds']} s; worker peak RSS "
            f"{result['memory']['worker_peak_rss_mb_after_every_feed']} MB after, "
            f"{result['memory']['worker_peak_rss_mb_end']} MB at the end.",
            "",
            *_report_lines(result.get("reports")),
            "| target | measured | target | met |",
            "| --- | --- | --- | --- |",
        ]
        village = records.get("village") if size != "village" else None
        for what, measured, target, met in _targets(result, village):
            lines.append(f"| {what} | {measured} | {target} | {'yes' if met else 'no' if met is False else '—'} |")
        lines.append("")
    return "\n".join(lines)


REPORT_LABELS = [("venue_year", "report: a venue's year"), ("area_year", "report: the area's year")]


def _report_lines(reports: dict[str, Any] | None) -> list[str]:
    """The report scenarios beside their floor, in process (records from before them have none)."""
    if not reports:
        return []
    some = next(iter(reports.values()))
    lines = [
        f"Reports in process, {some['period']['from']} to {some['period']['to']} read at {some['as_of']} (the "
        "generated year at its end; the full report with the period before and a year before, which hold no "
        "bookings); floor `SELECT count(*)` over the same bookings, run alternately with the report:",
        "",
        "| scenario | venues | bookings | first ms | p50 ms | p90 ms | max ms | floor p50 ms | × floor "
        "| one period full / lean ms | three full periods at once ms | sessions, held, headcount |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |",
    ]
    for key, label in REPORT_LABELS:
        if key not in reports:
            continue
        r = reports[key]
        rep, floor, parts, found = r["report"], r["floor"], r["figures_ms"], r["found"]
        lines.append(
            f"| {label} ({rep['runs']} runs) | {r['scope']['venues']} | {r['bookings_in_period']:,} | {r['first_ms']:,.1f} "
            f"| {rep['p50_ms']:,.1f} | {rep['p90_ms']:,.1f} | {rep['max_ms']:,.1f} | {floor['p50_ms']:,.2f} "
            f"| {r['ratio_to_floor']}× | {parts['current_detail']:,.1f} / {parts['one_period_without_detail']:,.1f} "
            f"| {parts.get('three_populated_periods_at_once', 0):,.1f} | {found['sessions']:,}, {found['held']:,}, {found['headcount']:,} |"
        )
    return [*lines, ""]


def write_results(result: dict[str, Any], folder: Path, smoke: bool = False) -> tuple[Path, Path]:
    if smoke:
        folder = Path(tempfile.mkdtemp(prefix="bench-smoke-"))
    folder.mkdir(parents=True, exist_ok=True)
    day = datetime.now(UTC).date().isoformat()
    json_path = folder / f"{day}-{result['engine']}.json"
    records = json.loads(json_path.read_text()) if json_path.exists() else {}
    records[result["size"]] = result
    json_path.write_text(json.dumps(records, indent=2, sort_keys=True) + "\n")
    md_path = json_path.with_suffix(".md")
    md_path.write_text(markdown(records))
    return json_path, md_path


def rewrite(paths: list[str]) -> None:
    for name in paths:
        path = Path(name)
        records = json.loads(path.read_text())
        for record in records.values():
            add_ratios(record)
        path.write_text(json.dumps(records, indent=2, sort_keys=True) + "\n")
        path.with_suffix(".md").write_text(markdown(records))
        print(path.with_suffix(".md").read_text())


def summary(paths: list[str]) -> str:
    """One line per size and engine: the headline figures and ratios, for the README."""
    lines = [
        "| size | engine | ceiling req/s | (a) availability req/s, p99 | (b) what's on req/s, p99 | (c) feed full / 304 req/s "
        "| feed vs Radicale | cold render vs icalendar | (d) 201/409, overlaps | (e) series queries | worker peak RSS "
        "| report: venue year / area year p50 (× floor) | load |",
        "| --- | --- | ---: | --- | --- | --- | ---: | ---: | --- | --- | ---: | --- | ---: |",
    ]
    for name in paths:
        records = json.loads(Path(name).read_text())
        for size in ("village", "town", "county", "nation"):
            if size not in records:
                continue
            r = records[size]
            s, c = r["scenarios"], r["ceiling"]["rps"]

            def pct(key: str, s: dict = s, c: float = c) -> str:
                return f"{s[key]['rps'] / c * 100:.1f}%"

            st = s["bookings_contention"].get("statuses", {})
            q = s["series_52_weeks"].get("queries", {})
            lines.append(
                f"| {size} | {r['engine']} | {c:,.0f} "
                f"| {s['availability_month']['rps']:,.0f} ({pct('availability_month')}), {s['availability_month']['p99_ms']:.0f} ms "
                f"| {s['whats_on_week']['rps']:,.0f} ({pct('whats_on_week')}), {s['whats_on_week']['p99_ms']:.0f} ms "
                f"| {s['feed_full']['rps']:,.0f} ({pct('feed_full')}) / {s['feed_304']['rps']:,.0f} ({pct('feed_304')}) "
                f"| {r['ratios']['feed_full_vs_radicale']:.1f}× "
                f"| {r['feed_render']['ratio_cold_to_icalendar_alone']}× "
                f"| {st.get('201', 0)}/{st.get('409', 0)}, {s['bookings_contention'].get('overlapping_occupancy_rows')} "
                f"| {q.get('queries_check_and_write')} (request {q.get('queries_whole_request')}) "
                f"| {r['memory']['worker_peak_rss_mb_after_every_feed']:.0f} MB "
                f"| {_report_summary(r.get('reports'))} "
                f"| {r['machine']['load_before'][0]:.1f} |"
            )
    return "\n".join(lines)


def _report_summary(reports: dict[str, Any] | None) -> str:
    if not reports:
        return "—"
    return " / ".join(
        f"{reports[key]['report']['p50_ms']:,.1f} ms ({reports[key]['ratio_to_floor']}×)"
        for key, _ in REPORT_LABELS
        if key in reports
    )
