"""Expanding a feed with Mozilla's ical.js under Node (tests/js), as Thunderbird would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parent / "js" / "expand.mjs"
MODULES = Path(__file__).parent / "js" / "node_modules" / "ical.js"


def require_icaljs() -> str:
    """The node binary; outside CI a machine without Node skips, in CI it fails."""
    node = shutil.which("node")
    if node is None or not MODULES.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI must install Node and run 'npm ci' in tests/js for the ical.js checks")
        pytest.skip("Node or tests/js/node_modules missing: run 'npm ci' in tests/js")
    return node


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
