"""Request and response bodies for a person's choice of messages."""

from __future__ import annotations

from typing import Literal

from msgspec import Struct

Delivery = Literal["immediate", "digest", "none"]


class NoticeChoices(Struct, forbid_unknown_fields=True, omit_defaults=False):
    """How each kind of message reaches you: ``immediate``, in a daily ``digest``, or ``none``."""

    new_request: Delivery | None = None
    received: Delivery | None = None
    confirmed: Delivery | None = None
    declined: Delivery | None = None
    moved: Delivery | None = None
    cancelled: Delivery | None = None
    closure: Delivery | None = None


class NoticeChoicesOut(Struct):
    new_request: Delivery
    received: Delivery
    confirmed: Delivery
    declined: Delivery
    moved: Delivery
    cancelled: Delivery
    closure: Delivery
