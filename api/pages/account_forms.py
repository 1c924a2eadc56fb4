"""Reading the account pages' forms with the API's own request structs, so both refuse the same input."""

from __future__ import annotations

import re
from typing import Any, TypeVar

import msgspec

from venues.core.i18n import gettext, lazy_gettext

T = TypeVar("T")

FIELD_MESSAGES = {
    "email": lazy_gettext("Enter an email address such as name@example.org."),
    "display_name": lazy_gettext("Enter your name (one line, up to 200 characters)."),
    "password": lazy_gettext("Choose a password of at least 8 characters (one line)."),
    "new_password": lazy_gettext("Choose a new password of at least 8 characters (one line)."),
    "current_password": lazy_gettext("Enter your current password (at least 8 characters)."),
    "token": lazy_gettext("This link is not valid: it is unknown, was already used or has expired. Ask for a new one."),
    "message": lazy_gettext("The message is too long (up to 5,000 characters)."),
}
_VALID = {
    "email": "someone@example.org",
    "display_name": "Someone",
    "password": "a valid password",
    "new_password": "a valid password",
    "current_password": "a valid password",
    "token": "A" * 43,
    "message": "",
}
_PATH = re.compile(r"at `\$\.([a-z_]+)`")


def read_form(struct: type[T], form: Any, fields: tuple[str, ...]) -> tuple[T | None, dict[str, str]]:
    """The struct, or each refused field with a sentence saying what it needs (every field is checked)."""
    values: dict[str, Any] = {name: str(form.get(name, "")) for name in fields}
    errors: dict[str, str] = {}
    for _ in fields:
        try:
            converted = msgspec.convert(values, struct)
        except msgspec.ValidationError as refused:
            found = _PATH.search(str(refused))
            if found is None or found.group(1) in errors:
                errors.setdefault("form", gettext("Check the form and try again."))
                break
            errors[found.group(1)] = str(FIELD_MESSAGES.get(found.group(1)) or gettext("Check this value."))
            values[found.group(1)] = _VALID.get(found.group(1), "")  # checked: look at the rest
            continue
        return (converted, {}) if not errors else (None, errors)
    return None, errors
