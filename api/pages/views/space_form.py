"""A space's form on the desk: every setting ``PATCH /api/v1/spaces/{id}`` changes, read and checked as the API does.

The form's values go through the API's own request struct (``api.spaces.schemas.SpaceUpdate``), so the page
takes exactly what the API takes. Only what the form carried changes: ``flags`` marks a form with the
yes/no boxes on it (an unticked box then means no), ``lists`` one with the facilities and accessibility boxes,
``parts`` one with the part boxes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgspec

from api.pages.support.rendering import checked, form_int
from api.pages.support.wording import accessibility_label, booking_named, label
from api.schemas import provided_fields
from api.spaces.schemas import SpaceUpdate
from scheduling.bookings.lists import BookingSpan
from venues.core.errors import InvalidInput
from venues.core.i18n import gettext, lazy_gettext
from venues.models import Space
from venues.vocabulary import Accessibility, Facility, SpaceKind

# The English name and description are ``name`` and ``description``; their Welsh twins ``name_cy`` and
# ``description_cy`` (``venues.core.i18n.content``).
TEXT_FIELDS = {
    "name": lazy_gettext("Name"),
    "name_cy": lazy_gettext("Name in Welsh (Enw yn Gymraeg)"),
    "kind": lazy_gettext("Kind of space"),
    "description": lazy_gettext("Description"),
    "description_cy": lazy_gettext("Description in Welsh (Disgrifiad yn Gymraeg)"),
}
MULTI_LINE_TEXT = frozenset({"description", "description_cy"})
NUMBER_FIELDS = {
    "capacity": lazy_gettext("Capacity"),
    "min_booking_minutes": lazy_gettext("Shortest booking"),
    "max_booking_minutes": lazy_gettext("Longest booking"),
    "setup_buffer_minutes": lazy_gettext("Set-up time"),
    "cleanup_buffer_minutes": lazy_gettext("Clean-up time"),
    "min_notice_minutes": lazy_gettext("Notice needed"),
    "horizon_days": lazy_gettext("How far ahead"),
}
FLAGS = {
    "bookable": lazy_gettext("Takes bookings"),
    "requires_approval": lazy_gettext("Requests wait for a manager to confirm them"),
}
LABELS = {
    **TEXT_FIELDS,
    **NUMBER_FIELDS,
    **FLAGS,
    "facilities": lazy_gettext("Facilities"),
    "accessibility": lazy_gettext("Accessibility"),
}


def kinds() -> list[tuple[str, str]]:
    """A space's kinds with their names in the page's language (worded per request, never at import)."""
    return [(kind.value, label(kind.value)) for kind in SpaceKind]


def facilities() -> list[tuple[str, str]]:
    return [(item.value, label(item.value)) for item in Facility]


def access() -> list[tuple[str, str]]:
    return [(item.value, accessibility_label(item.value)) for item in Accessibility]


_AT = re.compile(r" - at `\$\.([a-z_]+)")
_BOUND = re.compile(r"(>=|<=) (\d+)")


_SHAPES = (
    (
        re.compile(r"^Expected `int` >= (\d+)"),
        lazy_gettext("%(field)s: expected a whole number of at least %(limit)s."),
    ),
    (re.compile(r"^Expected `int` <= (\d+)"), lazy_gettext("%(field)s: expected a whole number of at most %(limit)s.")),
    (re.compile(r"^Expected `int`"), lazy_gettext("%(field)s: expected a whole number.")),
    (re.compile(r"^Expected `str` of length >= 1"), lazy_gettext("%(field)s: expected text (it cannot be empty).")),
    (
        re.compile(r"^Expected `str` of length <= (\d+)"),
        lazy_gettext("%(field)s: expected text of length of at most %(limit)s."),
    ),
)


def problem_sentence(field: str, message: str) -> str:
    """msgspec's refusal of ``field`` as a page says it, in the page's language."""
    name = str(LABELS.get(field, gettext("The space")))
    for shape, sentence in _SHAPES:
        found = shape.match(message)
        if found:
            return str(sentence) % {"field": name, "limit": found.group(1) if shape.groups else ""}
    return f"{name}: {_plain(message)}."


def _plain(message: str) -> str:
    """msgspec's ``Expected `int` <= 240`` as a page says it."""
    text = _AT.split(message)[0]
    text = text.replace("Expected `int`", "expected a whole number").replace("Expected `str`", "expected text")
    text = text.replace("of length >= 1", "(it cannot be empty)").replace(
        "Invalid enum value", "not one of the choices:"
    )
    return _BOUND.sub(lambda m: f"{'of at least' if m.group(1) == '>=' else 'of at most'} {m.group(2)}", text)


def space_changes(form: dict[str, str], others: list[int], kept: list[int]) -> tuple[dict[str, Any], list[int] | None]:
    """The fields and parts a space's form asks for, checked by the API's rules for each field.

    ``kept`` are current parts the form had no box for (archived ones): they stay parts.
    """
    raw: dict[str, Any] = {}
    for field in TEXT_FIELDS:
        if field in form:
            # Browsers send a textarea's line breaks as CRLF: stored as the API's clients send them, LF.
            sent = form[field]
            raw[field] = sent.replace("\r\n", "\n").strip() if field in MULTI_LINE_TEXT else sent.strip()
    for field, name in NUMBER_FIELDS.items():
        text = form.get(field)
        if text is not None and text.strip() and not text.strip().lstrip("-").isdigit():
            raise InvalidInput(
                field,
                gettext("%(field)s: %(value)s is not a whole number.") % {"field": name, "value": repr(text.strip())},
            )
        value = form_int(text, field)
        if value is not None:
            raw[field] = value
    if form.get("flags") == "1":
        for field in FLAGS:
            raw[field] = checked(form.get(field))
    if form.get("lists") == "1":
        raw["facilities"] = [item.value for item in Facility if form.get(f"facility-{item.value}")]
        raw["accessibility"] = [item.value for item in Accessibility if form.get(f"access-{item.value}")]
    if form.get("archive") == "1":
        raw["archived"] = True
    try:
        data = msgspec.convert(raw, SpaceUpdate)
    except msgspec.ValidationError as error:
        message = str(error)
        found = _AT.search(message)
        field = found.group(1) if found else "space"
        raise InvalidInput(field, problem_sentence(field, message)) from None
    fields = provided_fields(data, exclude=("part_ids", "resolve"))
    if form.get("parts") != "1":
        return fields, None
    return fields, [other for other in others if form.get(f"part-{other}")] + kept


def space_values(space: Space, form: dict[str, str] | None = None) -> dict[str, Any]:
    """What a space's form shows: the space as stored, or what was sent when the form comes back."""
    values: dict[str, Any] = {field: getattr(space, field) for field in (*TEXT_FIELDS, *NUMBER_FIELDS, *FLAGS)}
    values["facilities"] = set(space.facilities or [])
    values["accessibility"] = set(space.accessibility or [])
    if form is None:
        return values
    for field in (*TEXT_FIELDS, *NUMBER_FIELDS):
        if field in form:
            values[field] = form[field]
    if form.get("flags") == "1":
        values.update({field: checked(form.get(field)) for field in FLAGS})
    if form.get("lists") == "1":
        values["facilities"] = {item.value for item in Facility if form.get(f"facility-{item.value}")}
        values["accessibility"] = {item.value for item in Accessibility if form.get(f"access-{item.value}")}
    return values


@dataclass(frozen=True)
class InTheWay:
    """A booking that stops a space's change, named by title and time, with those it would clash with."""

    id: int
    named: str
    clashes: list[tuple[int, str]]


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def in_the_way(items: list[dict[str, Any]], spans: dict[int, BookingSpan], tz_name: str) -> list[InTheWay]:
    """The refusal's bookings (and those they clash with, from ``spans``) named, never numbered."""
    rows = []
    for item in items:
        clashes = [
            (other, booking_named(spans[other].title, spans[other].starts_at, spans[other].ends_at, tz_name))
            for other in item.get("clashes_with", [])
            if other in spans
        ]
        named = booking_named(item["title"], _instant(item["starts_at"]), _instant(item["ends_at"]), tz_name)
        rows.append(InTheWay(int(item["id"]), named, clashes))
    return rows
