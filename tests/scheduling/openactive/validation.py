"""The OpenActive validator's failures for the builders' tests, through the one runner (``tests.openactive_validator``)."""

from __future__ import annotations

from typing import Any

from tests.openactive_validator import validator_messages


def failures(models: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Every message of severity "failure", with the ``@id`` of the model it is about."""
    return [
        (str(model.get("@id")), message)
        for model, messages in zip(models, validator_messages(models), strict=True)
        for message in messages
        if message["severity"] == "failure"
    ]
