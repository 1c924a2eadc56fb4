"""Node for the checks that run other projects' readers and validators (ical.js, OpenActive's validators).

Outside CI a machine without Node or ``tests/js/node_modules`` skips those tests; in CI they fail, because CI
installs both (``npm ci`` in tests/js).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

JS = Path(__file__).parent / "js"
MODULES = JS / "node_modules"


def require_node(package: str, purpose: str) -> str:
    """The node binary, once ``package`` is installed in tests/js; else skip (fail in CI) naming ``purpose``."""
    node = shutil.which("node")
    if node is None or not (MODULES / package).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must install Node and run 'npm ci' in tests/js for {purpose}")
        pytest.skip(f"Node or tests/js/node_modules missing for {purpose}: run 'npm ci' in tests/js")
    return node
