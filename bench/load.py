"""Load drivers: wrk (Debian's package) with the Lua scripts in bench/lua, or an async httpx fallback.

Both run from another process than the server, for a fixed duration and a
fixed concurrency, with a warm-up run first whose figures are thrown away,
and both stop at a request cap too, so no run is unbounded. Only 127.0.0.1
is ever a target.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LUA_DIR = Path(__file__).parent / "lua"
LOCAL_PREFIXES = ("http://127.0.0.1:",)


@dataclass
class LoadResult:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: dict[str, int]
    statuses: dict[str, int] = field(default_factory=dict)
    driver: str = "wrk"
    connections: int = 0

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def ensure_wrk(allow_install: bool = True) -> str | None:
    """wrk's path; installed from Debian's packages when missing and we are root; None to fall back to httpx."""
    found = shutil.which("wrk")
    if found or not allow_install:
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("bench: wrk is missing; installing it with apt-get", file=sys.stderr)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        try:
            subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, timeout=300)
            subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env, timeout=300)
        except (subprocess.SubprocessError, OSError) as exc:
            print(f"bench: could not install wrk ({exc}); using the httpx driver", file=sys.stderr)
        return shutil.which("wrk")
    return None


def _check_local(base_url: str) -> None:
    if not base_url.startswith(LOCAL_PREFIXES):
        raise SystemExit(f"bench: refusing to send load to {base_url}: only 127.0.0.1 is a target")


class Wrk:
    name = "wrk"

    def __init__(self, path: str) -> None:
        self.path = path

    def _once(
        self, base_url: str, script: str, args: list[str], connections: int, threads: int, seconds: float
    ) -> dict[str, Any]:
        command = [
            self.path,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "-s",
            str(LUA_DIR / script),
            base_url,
            "--",
            *args,
        ]
        env = {**os.environ, "BENCH_LUA_DIR": str(LUA_DIR)}
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, env=env)
        for line in done.stdout.splitlines():
            if line.startswith("BENCH_JSON "):
                return json.loads(line[len("BENCH_JSON ") :])
        raise RuntimeError(f"wrk gave no summary (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")

    def run(
        self,
        base_url: str,
        script: str,
        args: list[str],
        connections: int,
        threads: int,
        seconds: float,
        warmup: float,
        warm_args: list[str] | None = None,
    ) -> LoadResult:
        _check_local(base_url)
        threads = max(1, min(threads, connections))
        if warmup > 0:
            self._once(base_url, script, warm_args if warm_args is not None else args, connections, threads, warmup)
        raw = self._once(base_url, script, args, connections, threads, seconds)
        latency, seconds_taken = raw["latency_us"], raw["duration_us"] / 1e6
        return LoadResult(
            requests=raw["requests"],
            seconds=round(seconds_taken, 2),
            rps=round(raw["requests"] / seconds_taken, 1) if seconds_taken else 0.0,
            p50_ms=round(latency["p50"] / 1000, 2),
            p90_ms=round(latency["p90"] / 1000, 2),
            p99_ms=round(latency["p99"] / 1000, 2),
            max_ms=round(latency["max"] / 1000, 2),
            errors={k: v for k, v in raw["errors"].items() if v},
            statuses={str(k): v for k, v in raw.get("statuses", {}).items()},
            driver="wrk",
            connections=connections,
        )


RequestMaker = Callable[[int, int], tuple[str, str, dict[str, str], bytes | None]]


class HttpxDriver:
    """Bounded concurrency (one task per connection), fixed duration and a request cap, like the wrk scripts."""

    name = "httpx"

    def __init__(self, max_requests: int = 200_000) -> None:
        self.max_requests = max_requests

    async def _once(self, base_url: str, make: RequestMaker, connections: int, seconds: float) -> dict[str, Any]:
        import httpx

        latencies: list[float] = []
        statuses: Counter[int] = Counter()
        errors: Counter[str] = Counter()
        deadline = time.monotonic() + seconds
        limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        per_client = max(1, self.max_requests // connections)

        async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=10.0) as client:

            async def worker(client_id: int) -> None:
                for n in range(per_client):
                    if time.monotonic() >= deadline:
                        return
                    method, path, headers, body = make(client_id, n)
                    started = time.perf_counter()
                    try:
                        response = await client.request(method, path, headers=headers, content=body)
                        await response.aread()
                    except httpx.HTTPError as exc:
                        errors[type(exc).__name__] += 1
                        continue
                    latencies.append(time.perf_counter() - started)
                    statuses[response.status_code] += 1

            started = time.monotonic()
            await asyncio.gather(*(worker(i) for i in range(connections)))
            elapsed = time.monotonic() - started
        return {"latencies": latencies, "statuses": statuses, "errors": errors, "seconds": elapsed}

    def run_requests(
        self,
        base_url: str,
        make: RequestMaker,
        connections: int,
        seconds: float,
        warmup: float,
        warm_make: RequestMaker | None = None,
    ) -> LoadResult:
        _check_local(base_url)
        if warmup > 0:
            asyncio.run(self._once(base_url, warm_make or make, connections, warmup))
        raw = asyncio.run(self._once(base_url, make, connections, seconds))
        latencies = sorted(raw["latencies"])

        def pct(p: float) -> float:
            return (
                round(latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000, 2) if latencies else 0.0
            )

        statuses = raw["statuses"]
        bad = sum(n for code, n in statuses.items() if code >= 400)
        errors = dict(raw["errors"])
        if bad:
            errors["status"] = bad
        return LoadResult(
            requests=len(latencies),
            seconds=round(raw["seconds"], 2),
            rps=round(len(latencies) / raw["seconds"], 1) if raw["seconds"] else 0.0,
            p50_ms=pct(50),
            p90_ms=pct(90),
            p99_ms=pct(99),
            max_ms=pct(100),
            errors=errors,
            statuses={str(k): v for k, v in statuses.items()},
            driver="httpx",
            connections=connections,
        )
