"""The gettext catalogues: loaded once per language, looked up in the language in force.

Marking strings: ``_("Text")`` (``gettext``), ``ngettext("one", "many", n)`` for anything counted (Welsh has six
plural forms, so never build a plural from fragments), ``pgettext("context", "Text")`` where the same English
means two things, and ``lazy_gettext`` for module-level constants worded when shown. Placeholders are named
(``_("Booked by %(name)s") % {"name": name}``) so a translation can move them. A comment beginning
``Translators:`` just above the string reaches the catalogue for the translator.
"""

from __future__ import annotations

import io
from functools import cache
from gettext import GNUTranslations, NullTranslations
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import LazyProxy

from venues.core.i18n.languages import DEFAULT_LANGUAGE, LANGUAGES, current_language

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


@cache
def translations(language: str) -> NullTranslations:
    """The compiled catalogue of ``language``; English, the source language, needs none.

    Reads the ``.mo`` the install compiled, or compiles the ``.po`` in memory when the ``.mo`` is missing or older
    (a checkout that skipped ``make compile-messages``), so what is served always matches the ``.po``.
    """
    if language == DEFAULT_LANGUAGE or language not in LANGUAGES:
        return NullTranslations()
    po, mo = po_path(language), mo_path(language)
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as compiled:
            return GNUTranslations(compiled)
    with po.open("rb") as source:
        catalog = read_po(source, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return GNUTranslations(buffer)


def gettext(message: str) -> str:
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translations(current_language()).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return translations(current_language()).npgettext(context, singular, plural, n)


def gettext_in(language: str, message: str) -> str:
    """``message`` in ``language`` whatever is in force (a feed's name in each language, search in both)."""
    return translations(language).gettext(message)


def lazy_gettext(message: str) -> LazyProxy:
    """A module-level string worded in the language in force when it is shown, not when the module loads."""
    return LazyProxy(gettext, message, enable_cache=False)
