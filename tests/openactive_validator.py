"""OpenActive items checked by the OpenActive data model validator under Node (tests/js/validate-openactive.cjs),
offline: the only remote document it reads is the Activity List, from the copy Commonroom ships."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from tests.node import require_node

SCRIPT = Path(__file__).parent / "js" / "validate-openactive.cjs"
ACTIVITY_LIST = Path(__file__).parent.parent / "scheduling" / "openactive" / "data" / "activity-list.jsonld"


def require_validator() -> str:
    """The node binary; the Activity List is shipped, so its absence fails everywhere."""
    assert ACTIVITY_LIST.exists(), "the shipped OpenActive Activity List is missing"
    return require_node("@openactive/data-model-validator", "the OpenActive data model validator")


def validator_messages(models: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The validator's messages for each model, in order: ``{severity, type, path, message}``."""
    node = require_validator()
    result = subprocess.run(
        [node, str(SCRIPT)], input=json.dumps(models), capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(result.stdout)


def assert_no_failures(models: list[dict[str, Any]]) -> None:
    """Every model passes with no message of severity ``failure`` (warnings and suggestions are allowed)."""
    assert models, "nothing to validate"
    for model, messages in zip(models, validator_messages(models), strict=True):
        failures = [message for message in messages if message["severity"] == "failure"]
        assert not failures, (model.get("@type"), model.get("@id"), failures)
