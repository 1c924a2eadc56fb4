"""Expanding a feed with Mozilla's ical.js under Node (tests/js), as Thunderbird would."""

from __future__ import annotations

import json
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

from tests.node import require_node

SCRIPT = Path(__file__).parent / "js" / "expand.mjs"


def require_icaljs() -> str:
    return require_node("ical.js", "the ical.js checks")


def icaljs_occurrences(body: bytes, start: datetime, end: datetime) -> list[tuple[str, str, str]]:
    node = require_icaljs()
    with tempfile.NamedTemporaryFile(suffix=".ics") as handle:
        handle.write(body)
        handle.flush()
        result = subprocess.run(
            [node, str(SCRIPT), handle.name, start.isoformat(), end.isoformat()],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
    return [tuple(row) for row in json.loads(result.stdout)]
