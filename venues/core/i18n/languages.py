"""The languages Commonroom speaks, the one in force, and reading a browser's ``Accept-Language``.

Adding a language: add its code here (``LANGUAGES`` and ``LANGUAGE_NAMES``, the name written in that language),
run ``pybabel init`` for it (README), translate, and add its content columns if content should carry it too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

DEFAULT_LANGUAGE = "en"
LANGUAGES: tuple[str, ...] = ("en", "cy")
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}
# The tag a page's ``<html lang>`` and a calendar's LANGUAGE carry (BCP 47).
LANGUAGE_TAGS = {"en": "en-GB", "cy": "cy"}

_current: ContextVar[str] = ContextVar("commonroom_language", default=DEFAULT_LANGUAGE)


def current_language() -> str:
    return _current.get()


def set_language(language: str) -> None:
    """Sets the language for the rest of this task (a request); ``using`` is for a block."""
    _current.set(language_or_default(language))


@contextmanager
def using(language: str | None) -> Iterator[str]:
    """Everything worded inside the block is in ``language`` (the default for an unknown or missing one)."""
    token = _current.set(language_or_default(language))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def language_or_default(language: str | None) -> str:
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def supported(language: str | None) -> str | None:
    """``language`` when Commonroom speaks it (``cy``, ``CY``, ``cy-GB`` → ``cy``), else None."""
    if not language:
        return None
    primary = language.strip().lower().replace("_", "-").split("-", 1)[0]
    return primary if primary in LANGUAGES else None


def recipient_language(chosen: str | None, has_account: bool = True) -> str:
    """The language a message (an email) to someone is worded in, the one rule every message follows: the language
    their account chose (``chosen``, the account's ``language``); an account that never chose reads the default, as
    it always has (the language whoever acted happened to use says nothing of theirs); an address with no account,
    the language in force as the message is enqueued, which is the language of the page the action was taken on
    (the API, the CLI and the periodic jobs speak English)."""
    if language := supported(chosen):
        return language
    return DEFAULT_LANGUAGE if has_account else current_language()


def from_accept_language(header: str | None) -> str | None:
    """The first language of an ``Accept-Language`` header (RFC 9110 §12.5.4) that Commonroom speaks, by weight.

    ``cy, en;q=0.8`` → ``cy``; ``fr, cy;q=0.5`` → ``cy``; ``fr`` → None (the caller's default). A weight of 0
    means "not this one".
    """
    if not header:
        return None
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header[:1000].split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        language = supported(tag)
        if language and weight > 0:
            weighted.append((-weight, position, language))
    return min(weighted)[2] if weighted else None
