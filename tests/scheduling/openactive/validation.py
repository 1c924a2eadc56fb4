"""OpenActive items through the OpenActive data model validator (``tests/js/validate-openactive.cjs``), offline.

Outside CI a machine without Node or ``tests/js/node_modules`` skips; in CI it fails, as the other Node checks do.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

JS = Path(__file__).parents[2] / "js"
SCRIPT = JS / "validate-openactive.cjs"
MODULES = JS / "node_modules" / "@openactive" / "data-model-validator"


def require_validator() -> str:
    node = shutil.which("node")
    if node is None or not MODULES.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI must install Node and run 'npm ci' in tests/js for the OpenActive validator")
        pytest.skip("Node or tests/js/node_modules missing: run 'npm ci' in tests/js")
    return node


def validator_messages(models: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The validator's messages for each model, in order: {severity, type, path, message}."""
    node = require_validator()
    result = subprocess.run(
        [node, str(SCRIPT)], input=json.dumps(models), capture_output=True, text=True, timeout=120, check=True
    )
    messages: list[list[dict[str, Any]]] = json.loads(result.stdout)
    return messages


def failures(models: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Every message of severity "failure", with the ``@id`` of the model it is about."""
    return [
        (str(model.get("@id")), message)
        for model, messages in zip(models, validator_messages(models), strict=True)
        for message in messages
        if message["severity"] == "failure"
    ]
