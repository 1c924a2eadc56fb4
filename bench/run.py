"""``python -m bench run``: generate a size, serve it, load it, compare it with the ceiling, the floor and a peer.

One engine per process (Piccolo binds tables to ``DATABASE_URL`` at import),
so ``--engine both`` runs this module once per engine in a child process.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import base64
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "bench" / ".data"
RESULTS_DIR = ROOT / "bench" / "results"
GENERATOR_VERSION = 4
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"


@dataclass
class Options:
    size: str
    engine: str
    workers: int
    duration: float
    warmup: float
    connections: int
    threads: int
    seed: int
    reuse: bool
    driver: str
    pg_url: str
    results: Path
    feeds_budget: float
    smoke: bool
    report_repeats: int


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def ensure_bench_extra() -> None:
    """The bench's own dependencies (Radicale), installed from pyproject's ``bench`` extra when missing."""
    try:
        import radicale  # noqa: F401
    except ImportError:
        log("installing the bench extra (pip install -e '.[bench]')")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[bench]"], check=True)


# ---------------------------------------------------------------- databases


def _pg_parts(url: str, database: str) -> str:
    base = url.rsplit("/", 1)[0]
    return f"{base}/{database}"


async def _pg_recreate(admin_url: str, name: str) -> None:
    import asyncpg

    connection = await asyncio.wait_for(asyncpg.connect(admin_url), timeout=10)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


def database_url(options: Options) -> str:
    if options.engine == "sqlite":
        return f"sqlite:///{DATA_DIR / (options.size + '.sqlite')}"
    return _pg_parts(options.pg_url, f"commonroom_bench_{options.size}")


def _migrate_command() -> list[str]:
    script = Path(sys.executable).parent / "commonroom"
    return [str(script)] if script.exists() else [sys.executable, "-m", "api.cli"]


def prepare_database(options: Options, url: str, jobs: int | None = None) -> dict[str, Any]:
    """Migrate with ``commonroom migrate`` and generate, unless ``--reuse`` finds today's data for this seed.

    What was generated is recorded in ``bench/.data/<engine>-<size>.json`` and, on PostgreSQL, also as the
    database's comment, so another checkout of the project (a worktree, main after a merge) reuses the same
    database. A reuse migrates first (the code may bring new migrations), then refreshes the statistics."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    today = datetime.now(UTC).date().isoformat()
    wanted = {"seed": options.seed, "generator": GENERATOR_VERSION, "date": today, "url": url}
    if options.reuse:
        records = stored_generations(options)
        meta = next((r for r in records if all(r.get(key) == value for key, value in wanted.items())), None)
        if meta is not None:
            log(
                f"reusing the {options.size} data generated {meta['date']} (migrated to this code, statistics refreshed)"
            )
            subprocess.run(
                [*_migrate_command(), "migrate"],
                check=True,
                env={**os.environ, "DATABASE_URL": url},
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                timeout=3600,
            )
            subprocess.run(
                [sys.executable, "-m", "bench.generate", "--analyze-only"],
                check=True,
                cwd=ROOT,
                env={**os.environ, "DATABASE_URL": url},
                timeout=3600,
            )
            return {**meta["generation"], "reused": True}
        if records:
            log(f"not reusing the {options.size} data: it is not today's, or not this seed's or generator's")
    forget_generation(options)
    if options.engine == "sqlite":
        path = DATA_DIR / f"{options.size}.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    else:
        asyncio.run(_pg_recreate(options.pg_url, f"commonroom_bench_{options.size}"))
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run(
        [*_migrate_command(), "migrate"], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, timeout=600
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "bench.generate", "--size", options.size, "--seed", str(options.seed)]
        + (["--quiet"] if not sys.stderr.isatty() and options.smoke else [])
        + (["--jobs", str(jobs)] if jobs else []),
        check=True,
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        timeout=7200,
    )
    generation = json.loads(done.stdout.strip().splitlines()[-1])
    generation["wall_seconds"] = round(time.monotonic() - started, 1)
    _store_generation(options, {**wanted, "generation": generation})
    return {**generation, "reused": False}


def generate_only(size: str, engine: str, seed: int, pg_url: str | None, jobs: int | None = None) -> None:
    """``python -m bench generate --size S --engine E``: the bench's own database for the size, made afresh as
    ``run`` makes it (and recorded, so ``run --reuse`` takes it the same day); the generation's record printed."""
    options = Options(
        size=size,
        engine=engine,
        workers=1,
        duration=0,
        warmup=0,
        connections=1,
        threads=1,
        seed=seed,
        reuse=False,
        driver="httpx",
        pg_url=pg_url or os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG),
        results=RESULTS_DIR,
        feeds_budget=0,
        smoke=False,
        report_repeats=0,
    )
    if engine == "postgres" and not _postgres_reachable(options.pg_url):
        raise SystemExit(f"bench: PostgreSQL is unreachable at {options.pg_url} (set BENCH_POSTGRES_URL)")
    url = database_url(options)
    log(f"generating {size} on {engine} into {url}")
    print(json.dumps(prepare_database(options, url, jobs)))


def _meta_path(options: Options) -> Path:
    return DATA_DIR / f"{options.engine}-{options.size}.json"


def stored_generations(options: Options) -> list[dict[str, Any]]:
    """What was generated into this size's database, as recorded: the local record and (PostgreSQL) the
    database's comment; another checkout may hold an older local record than the database's own."""
    found = []
    path = _meta_path(options)
    if path.exists():
        found.append(dict(json.loads(path.read_text())))
    if options.engine == "postgres":
        text = asyncio.run(_pg_comment(options.pg_url, f"commonroom_bench_{options.size}"))
        if text:
            try:
                found.append(dict(json.loads(text)))
            except ValueError:
                pass
    return found


def _store_generation(options: Options, meta: dict[str, Any]) -> None:
    _meta_path(options).write_text(json.dumps(meta))
    if options.engine == "postgres":
        asyncio.run(_pg_comment(options.pg_url, f"commonroom_bench_{options.size}", json.dumps(meta)))


def forget_generation(options: Options) -> None:
    """No reuse of this size's database: its local record and its comment go."""
    _meta_path(options).unlink(missing_ok=True)
    if options.engine == "postgres":
        asyncio.run(_pg_comment(options.pg_url, f"commonroom_bench_{options.size}", ""))


async def _pg_comment(admin_url: str, name: str, text: str | None = None) -> str | None:
    """The database's comment; with ``text``, set it first (empty: none). Nothing when there is no such database."""
    import asyncpg

    connection = await asyncio.wait_for(asyncpg.connect(admin_url), timeout=10)
    try:
        exists = await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            return None
        if text is not None:
            literal = "NULL" if not text else "'" + text.replace("'", "''") + "'"
            await connection.execute(f'COMMENT ON DATABASE "{name}" IS {literal}')
        return await connection.fetchval(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1", name
        )
    finally:
        await connection.close()


# ---------------------------------------------------------------- scenarios


class Driver:
    def __init__(self, options: Options, workdir: Path) -> None:
        from bench.load import HttpxDriver, Wrk, ensure_wrk

        self.options, self.workdir = options, workdir
        path = ensure_wrk() if options.driver in ("auto", "wrk") else None
        if options.driver == "wrk" and path is None:
            raise SystemExit("bench: --driver wrk but wrk is not installed and could not be")
        self.wrk = Wrk(path) if path else None
        self.httpx = HttpxDriver()
        self.name = "wrk" if self.wrk else "httpx"

    def _file(self, name: str, lines: list[str]) -> str:
        path = self.workdir / name
        path.write_text("\n".join(lines) + "\n")
        return str(path)

    def get(
        self,
        base_url: str,
        name: str,
        paths: list[str],
        header: tuple[str, str] | None = None,
        connections: int | None = None,
    ) -> dict[str, Any]:
        o = self.options
        connections = connections or o.connections
        cap = max(1000, int(o.duration * 20_000))
        if self.wrk:
            args = [self._file(f"{name}.paths", paths), str(cap)] + (list(header) if header else [])
            result = self.wrk.run(base_url, "paths.lua", args, connections, o.threads, o.duration, o.warmup)
        else:
            headers = {header[0]: header[1]} if header else {}

            def make(client: int, n: int) -> tuple[str, str, dict[str, str], None]:
                return "GET", paths[(client + n) % len(paths)], headers, None

            result = self.httpx.run_requests(base_url, make, connections, o.duration, o.warmup)
        return result.as_json()

    def bookings(self, base_url: str, setup: Any) -> dict[str, Any]:
        o = self.options
        clients = len(setup.client_tokens)
        lines = [f"token {n} {token}" for n, token in enumerate(setup.client_tokens)]
        lines += [f"shared {setup.shared_space}", f"colliders {setup.colliders}", f"base {setup.base_epoch}"]
        lines += [f"own {n} {space}" for n, space in setup.own_spaces.items()]
        config = self._file("bookings.conf", lines)
        warm_slots, slots = 2_000, 3_000  # 14 a day: warm-up within ~140 days, measured run after it
        if self.wrk:
            result = self.wrk.run(
                base_url,
                "bookings.lua",
                [config, str(warm_slots + 50), str(slots)],
                clients,
                clients,
                o.duration,
                o.warmup,
                warm_args=[config, "0", str(warm_slots)],
            )
        else:

            def maker(first: int, count: int) -> Any:
                def make(client: int, n: int) -> tuple[str, str, dict[str, str], bytes | None]:
                    slot = first + min(n, count - 1)
                    space = setup.shared_space if client < setup.colliders else setup.own_spaces[client]
                    start = setup.base_epoch + (slot // 14) * 86400 + (6 + slot % 14) * 3600
                    body = json.dumps(
                        {
                            "space_id": space,
                            "starts_at": _iso(start),
                            "ends_at": _iso(start + 3600),
                            "title": "Bench booking",
                        }
                    ).encode()
                    return (
                        "POST",
                        "/api/v1/bookings",
                        {"Authorization": f"Bearer {setup.client_tokens[client]}", "Content-Type": "application/json"},
                        body,
                    )

                return make

            result = self.httpx.run_requests(
                base_url, maker(warm_slots + 50, slots), clients, o.duration, o.warmup, warm_make=maker(0, warm_slots)
            )
        return result.as_json()

    def series(self, base_url: str, setup: Any, connections: int = 2) -> dict[str, Any]:
        o = self.options
        lines = [
            f"token {setup.manager_token}",
            f"dtstart {setup.series_dtstart.isoformat()}",
            f"threads {connections}",
        ] + [f"space {n} {space}" for n, space in enumerate(setup.series_spaces)]
        config = self._file("series.conf", lines)
        total = len(setup.series_spaces) * 7 * 14
        warm = total // 4
        if self.wrk:
            result = self.wrk.run(
                base_url,
                "series.lua",
                [config, str(warm), str((total - warm) // connections)],
                connections,
                connections,
                o.duration,
                o.warmup,
                warm_args=[config, "0", str(warm // connections)],
            )
        else:
            days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

            def maker(first: int, count: int) -> Any:
                def make(client: int, n: int) -> tuple[str, str, dict[str, str], bytes | None]:
                    slot = first + client + connections * min(n, count - 1)
                    k = len(setup.series_spaces)
                    hour = 6 + (slot // (7 * k)) % 14
                    body = json.dumps(
                        {
                            "space_id": setup.series_spaces[slot % k],
                            "rule": f"FREQ=WEEKLY;BYDAY={days[(slot // k) % 7]};COUNT=52",
                            "dtstart": setup.series_dtstart.isoformat(),
                            "start_time": f"{hour:02d}:00",
                            "end_time": f"{hour + 1:02d}:00",
                            "title": "Bench series",
                        }
                    ).encode()
                    return (
                        "POST",
                        "/api/v1/series",
                        {"Authorization": f"Bearer {setup.manager_token}", "Content-Type": "application/json"},
                        body,
                    )

                return make

            result = self.httpx.run_requests(
                base_url,
                maker(warm, (total - warm) // connections),
                connections,
                o.duration,
                o.warmup,
                warm_make=maker(0, warm // connections),
            )
        return result.as_json()


def _iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def fetch(
    url: str,
    headers: dict[str, str] | None = None,
    method: str = "GET",
    data: bytes | None = None,
    timeout: float = 120,
) -> tuple[int, dict[str, str], bytes, float]:
    request = urllib.request.Request(url, headers=headers or {}, method=method, data=data)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            body = reply.read()
            return reply.status, dict(reply.headers), body, time.perf_counter() - started
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read(), time.perf_counter() - started


def serve_every_feed(base_url: str, paths: list[str], budget: float, concurrency: int = 4) -> dict[str, Any]:
    """Every public feed once (bounded in time), so the workers' peak memory includes rendering all of them."""
    import httpx

    async def run() -> dict[str, Any]:
        deadline = time.monotonic() + budget
        queue = list(reversed(paths))
        served, failed, biggest = 0, 0, 0
        async with httpx.AsyncClient(base_url=base_url, timeout=120) as client:

            async def worker() -> None:
                nonlocal served, failed, biggest
                while queue and time.monotonic() < deadline:
                    path = queue.pop()
                    reply = await client.get(path)
                    if reply.status_code == 200:
                        served += 1
                        biggest = max(biggest, len(reply.content))
                    else:
                        failed += 1

            started = time.monotonic()
            await asyncio.gather(*(worker() for _ in range(concurrency)))
            return {
                "feeds": len(paths),
                "served": served,
                "failed": failed,
                "largest_bytes": biggest,
                "seconds": round(time.monotonic() - started, 1),
                "complete": served + failed == len(paths),
            }

    return asyncio.run(run())


def measure_bare(options: Options, driver: Driver) -> dict[str, Any]:
    from bench.servers import Server, bare_command, free_port

    port = free_port()
    with Server("bare", bare_command(port, options.workers), port, "/", cwd=str(ROOT)) as server:
        return driver.get(server.base_url, "bare", ["/"])


def run_engine(options: Options) -> dict[str, Any]:
    """Everything for one size on one engine; returns the result record."""
    ensure_bench_extra()
    url = database_url(options)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("COMMONROOM_SECRET", "commonroom-bench-secret")
    sys.path.insert(0, str(ROOT))
    load_before = os.getloadavg()
    generation = prepare_database(options, url)
    targets, writes = _choose_targets()
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    atexit.register(shutil.rmtree, workdir, True)  # also when a scenario fails
    driver = Driver(options, workdir)
    results: dict[str, Any] = {"scenarios": {}}
    scenarios = results["scenarios"]

    log(f"{options.size}/{options.engine}: ceiling (bare Litestar endpoint), before")
    bare_before = measure_bare(options, driver)
    every, final_memory = _measure_app(options, driver, url, targets, writes, workdir, scenarios)
    log("ceiling again, after")
    bare_after = measure_bare(options, driver)

    log("in process: overlaps, feed render against icalendar alone, series query count, reports against their floor")
    overlaps, statuses, render, queries, reports = _check_in_process(
        targets, writes, date.fromisoformat(generation["first_day"]), options.report_repeats
    )
    scenarios["bookings_contention"]["overlapping_occupancy_rows"] = overlaps
    scenarios["bookings_contention"]["bookings_in_db"] = statuses
    scenarios["series_52_weeks"]["queries"] = queries
    results["feed_render"] = render
    results["reports"] = reports
    results["ceiling"] = {
        "before": bare_before,
        "after": bare_after,
        "rps": round((bare_before["rps"] + bare_after["rps"]) / 2, 1),
    }
    results["memory"] = _memory(every, final_memory)
    results.update(_describe_run(options, driver, targets, generation, load_before))
    from bench.report import add_ratios

    add_ratios(results)
    shutil.rmtree(workdir, ignore_errors=True)
    return results


def _choose_targets() -> tuple[Any, Any]:
    """In process, before any server starts: which spaces, venues and feeds to load, and the writes' fixtures."""
    from bench import inprocess

    async def setup_phase() -> tuple[Any, Any]:
        from venues.core.database import close_pool, start_pool

        await start_pool()
        try:
            return await inprocess.choose_targets(), await inprocess.prepare_writes()
        finally:
            await close_pool()

    return asyncio.run(setup_phase())


def _measure_app(
    options: Options,
    driver: Driver,
    url: str,
    targets: Any,
    writes: Any,
    workdir: Path,
    scenarios: dict[str, Any],
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Every scenario against one served Commonroom, filling ``scenarios``; returns the every-feed run and memory.

    The scenarios run in this order on purpose: reads first, then the feeds
    (cold, full, 304, Radicale, every feed once), then the writes, which change
    what the reads would see.
    """
    from bench.servers import Server, commonroom_command, free_port, memory_of

    port = free_port()
    # The periodic jobs stay off in the measured server: a freshly generated world has no OpenActive items, so
    # the stamper's first build (minutes at county, most of an hour at nation: bench/openactive_scenarios.py
    # measures it) and the first extension of every series would run inside the measurements and take the
    # cores they share. In service those are one-off costs; the jobs' steady turns are small.
    env = {
        "DATABASE_URL": url,
        "COMMONROOM_PUBLIC_URL": f"http://127.0.0.1:{port}",
        **{f"COMMONROOM_{job}_EVERY": "0" for job in ("EXTEND_SERIES", "SEND_MAIL", "SEND_DIGESTS", "OPENACTIVE")},
    }
    with Server(
        "commonroom", commonroom_command(port, options.workers), port, "/healthz", env=env, cwd=str(ROOT)
    ) as app:
        base = app.base_url
        log("availability of a space for a month")
        scenarios["availability_month"] = driver.get(base, "availability", targets.availability_paths)
        log("what's on for a week, all venues, one category")
        scenarios["whats_on_week"] = driver.get(base, "whats_on", targets.whats_on_paths)
        body = _measure_venue_feed(base, driver, targets, scenarios)
        log("Radicale holding the same events")
        scenarios["radicale_feed"] = _measure_radicale(driver, workdir, body)

        log(f"every public feed once ({len(targets.all_feed_paths)} feeds, at most {options.feeds_budget:.0f}s)")
        every = serve_every_feed(base, targets.all_feed_paths, options.feeds_budget)
        workers = app.workers()
        every["workers"] = {str(pid): memory_of(pid) for pid in workers}
        scenarios["every_feed_once"] = every

        log("bookings: 8 clients, half of them colliding")
        scenarios["bookings_contention"] = driver.bookings(base, writes)
        log("52-week series")
        scenarios["series_52_weeks"] = driver.series(base, writes)
        final_memory = {str(pid): memory_of(pid) for pid in app.workers()}
    return every, final_memory


def _measure_venue_feed(base: str, driver: Driver, targets: Any, scenarios: dict[str, Any]) -> bytes:
    """The biggest venue feed first cold (with a few others), then in full and conditionally; returns its body."""
    log("venue feeds, first request (cold)")
    cold = [fetch(f"{base}/feeds/venues/{venue_id}.ics")[3] * 1000 for venue_id in targets.cold_feed_venue_ids]
    feed_path = f"/feeds/venues/{targets.feed_venue_id}.ics"
    status, headers, body, first = fetch(base + feed_path)
    cold.append(first * 1000)
    cold.sort()
    scenarios["feed_cold_http"] = {
        "requests": len(cold),
        "p50_ms": round(cold[len(cold) // 2], 2),
        "max_ms": round(cold[-1], 2),
        "biggest_feed_first_ms": round(first * 1000, 2),
    }
    etag = headers.get("ETag") or headers.get("etag") or ""
    log("venue feed again, full body")
    scenarios["feed_full"] = driver.get(base, "feed_full", [feed_path])
    scenarios["feed_full"]["body_bytes"] = len(body)
    log("venue feed, conditional (304)")
    scenarios["feed_304"] = driver.get(base, "feed_304", [feed_path], header=("If-None-Match", etag))
    check = fetch(base + feed_path, headers={"If-None-Match": etag})[0]
    scenarios["feed_304"]["checked_status"] = check
    return body


def _measure_radicale(driver: Driver, workdir: Path, body: bytes) -> dict[str, Any]:
    """The peer: Radicale serving the same feed body, stored once with a PUT."""
    from bench.servers import Server, free_port, radicale_command

    radicale_port = free_port()
    with Server(
        "radicale", radicale_command(radicale_port, workdir / "radicale"), radicale_port, "/", cwd=str(workdir)
    ) as radicale:
        auth = {"Authorization": "Basic " + base64.b64encode(b"bench:bench").decode()}
        fetch(radicale.base_url + "/bench/", headers={**auth, "Depth": "0"}, method="PROPFIND")
        put = fetch(
            radicale.base_url + "/bench/venue/",
            headers={**auth, "Content-Type": "text/calendar"},
            method="PUT",
            data=body,
        )[0]
        got = fetch(radicale.base_url + "/bench/venue/")
        scenario = driver.get(radicale.base_url, "radicale", ["/bench/venue/"])
        scenario.update(put_status=put, body_bytes=len(got[2]), vevents=got[2].count(b"BEGIN:VEVENT"))
    return scenario


def _check_in_process(
    targets: Any, writes: Any, first_day: date, report_repeats: int
) -> tuple[int, dict[str, int], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """After the servers stop: no overlapping holds, the bookings written, a feed rendered alone, series queries,
    and the report scenarios beside their floor (the writes' own venue is in no area and never the busiest)."""
    from bench import inprocess, report_scenarios

    async def check_phase() -> tuple[int, dict[str, int], dict[str, Any], dict[str, Any], dict[str, Any]]:
        from venues.core.database import close_pool, start_pool

        await start_pool()
        try:
            overlaps = await inprocess.overlapping_occupancy()
            statuses = await inprocess.venue_booking_count(writes.venue_id)
            render = await inprocess.feed_render(targets.feed_venue_id)
            queries = await inprocess.series_queries(writes)
            reports = await report_scenarios.report_scenarios(first_day, report_repeats)
            return overlaps, statuses, render, queries, reports
        finally:
            await close_pool()

    return asyncio.run(check_phase())


def _memory(every: dict[str, Any], final_memory: dict[str, Any]) -> dict[str, Any]:
    """The workers' peak memory after every feed was served once, and at the end."""
    peak = max((m.get("VmHWM", 0) for m in final_memory.values()), default=0)
    after_feeds = max((m.get("VmHWM", 0) for m in every["workers"].values()), default=0)
    return {
        "worker_peak_rss_mb_after_every_feed": round(after_feeds / 1024, 1),
        "worker_peak_rss_mb_end": round(peak / 1024, 1),
        "workers": final_memory,
    }


def _describe_run(
    options: Options, driver: Driver, targets: Any, generation: dict[str, Any], load_before: tuple[float, float, float]
) -> dict[str, Any]:
    """What a reader needs to compare two results: the code, the data, the machine and the settings."""
    return dict(
        code=_code_version(),
        size=options.size,
        engine=options.engine,
        generation=generation,
        when=datetime.now(UTC).replace(microsecond=0).isoformat(),
        machine={
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()],
        },
        settings={
            "workers": options.workers,
            "duration_s": options.duration,
            "warmup_s": options.warmup,
            "connections": options.connections,
            "threads": options.threads,
            "driver": driver.name,
            "server": "uvicorn (httptools, uvloop) via `commonroom serve --workers N`",
            "seed": options.seed,
            "feed_venue_listed_bookings": targets.feed_venue_events,
        },
    )


def _code_version() -> dict[str, Any]:
    """The commit measured, and whether the working tree had changes on top of it."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = bool(
            subprocess.run(
                ["git", "status", "--porcelain", "--untracked-files=no"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=10,
            ).stdout.strip()
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    return {"commit": commit, "uncommitted_changes": dirty}


def main_run(args: argparse.Namespace) -> None:
    from bench.report import write_results

    engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
    sizes = [args.size] if args.size != "all" else ["village", "town", "county"]
    if len(engines) > 1 or len(sizes) > 1:
        failed = False
        for engine in engines:
            for size in sizes:
                command = [sys.executable, "-m", "bench", "run", "--size", size, "--engine", engine, *args.passthrough]
                log(f"== {size} on {engine}")
                failed |= subprocess.run(command, cwd=ROOT).returncode != 0
        if failed:
            raise SystemExit(1)
        return
    options = Options(
        size=args.size,
        engine=args.engine,
        workers=args.workers,
        duration=args.duration,
        warmup=args.warmup,
        connections=args.connections,
        threads=args.threads,
        seed=args.seed,
        reuse=args.reuse,
        driver=args.driver,
        pg_url=args.pg_url,
        results=Path(args.results),
        feeds_budget=args.feeds_budget,
        smoke=args.smoke,
        report_repeats=args.report_repeats if args.report_repeats is not None else (2 if args.smoke else 10),
    )
    if options.engine == "postgres" and not _postgres_reachable(options.pg_url):
        raise SystemExit(f"bench: PostgreSQL is unreachable at {options.pg_url} (set BENCH_POSTGRES_URL)")
    result = run_engine(options)
    json_path, md_path = write_results(result, options.results, smoke=options.smoke)
    print(md_path.read_text())
    log(f"wrote {json_path.relative_to(ROOT) if json_path.is_relative_to(ROOT) else json_path} and {md_path.name}")


def _postgres_reachable(url: str) -> bool:
    import asyncpg

    async def ping() -> None:
        connection = await asyncio.wait_for(asyncpg.connect(url), timeout=10)
        await connection.close()

    try:
        asyncio.run(ping())
        return True
    except Exception:
        return False


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # "all" is the three sizes a run on this machine takes minutes for; nation is asked for by name.
    parser.add_argument("--size", choices=["village", "town", "county", "nation", "all"], default="village")
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (default 2: one per core)")
    parser.add_argument("--duration", type=float, default=10, help="seconds measured per scenario")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of warm-up per scenario, discarded")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections for the GET scenarios")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads for the GET scenarios")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="reuse today's generated data for this size and seed")
    parser.add_argument("--driver", choices=["auto", "wrk", "httpx"], default="auto")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG),
        help="PostgreSQL server (a database commonroom_bench_<size> is made on it)",
    )
    parser.add_argument("--results", default=str(RESULTS_DIR), help="folder for <date>-<engine>.json and .md")
    parser.add_argument("--feeds-budget", type=float, default=600, help="seconds at most for serving every feed once")
    parser.add_argument("--smoke", action="store_true", help="a short CI run: results go to a temporary folder")
    parser.add_argument(
        "--report-repeats",
        type=int,
        default=None,
        help="timed runs of the venue's year report after the first (the area's: half); default 10, smoke 2",
    )
