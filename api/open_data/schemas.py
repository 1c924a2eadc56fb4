"""Request and response bodies for a venue's open-data settings."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta, Struct

SlotMinutes = Annotated[
    int,
    Meta(
        ge=15,
        le=480,
        multiple_of=15,
        description="how long each published slot is: a multiple of 15 minutes from 15 to 480",
        examples=[60],
    ),
]
DaysAhead = Annotated[int, Meta(ge=1, le=56, description="how many days from today slots are published for")]
OpenDataLanguage = Annotated[
    Literal["en", "cy"],
    Meta(
        description="the language the venue's OpenActive items are written in: each text field in it where the "
        "venue gave that language's text, else in the other (OpenActive text fields hold one language)",
        examples=["cy"],
    ),
]


class OpenDataIn(Struct, forbid_unknown_fields=True):
    """The whole of a venue's open-data settings (PUT replaces them; a field left out takes its default)."""

    publish_slots: bool = True
    slot_minutes: SlotMinutes = 60
    days_ahead: DaysAhead = 14
    language: OpenDataLanguage = "en"


class OpenDataOut(Struct):
    """The settings, and what the venue's listing still lacks (sentences; empty when complete)."""

    venue_id: int
    publish_slots: bool
    slot_minutes: int
    days_ahead: int
    missing: list[str]
    language: str = "en"
