"""The Welsh catalogue is complete and safe: every string marked in the code or templates has a Welsh
translation (all six plural forms), none fuzzy (compiled catalogues drop fuzzy entries, so a fuzzy one would
show English), each keeps its English's placeholders, and the catalogue compiles."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from venues.core.i18n import gettext, using
from venues.core.i18n.catalogues import LOCALE_DIR, po_path, translations
from venues.core.i18n.languages import LANGUAGES

ROOT = Path(__file__).resolve().parents[4]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}")
TRANSLATED = [language for language in LANGUAGES if language != "en"]


def _source_messages() -> dict[tuple[str | None, str], bool]:
    """(context, msgid) of every marked string in venues/, scheduling/ and api/, with whether it has a plural."""
    with (LOCALE_DIR.parent / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[tuple[str | None, str], bool] = {}
    for package in ("venues", "scheduling", "api"):
        for _file, _line, message, _comments, context in extract_from_dir(
            ROOT / package,
            method_map,
            options_map,
            keywords={
                "_": None,
                "gettext": None,
                "ngettext": (1, 2),
                "pgettext": ((1, "c"), 2),
                "npgettext": ((1, "c"), 2, 3),
                "lazy_gettext": None,
                "N_": None,
            },
        ):
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid:
                found[(context, msgid)] = isinstance(message, tuple)
    return found


def _catalogue(language: str):  # type: ignore[no-untyped-def]
    with po_path(language).open("rb") as source:
        return read_po(source, locale=language)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_marked_string_has_a_translation_none_fuzzy(language: str) -> None:
    catalogue = _catalogue(language)
    entries = {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id): m for m in catalogue if m.id}
    untranslated = []
    for key, plural in _source_messages().items():
        entry = entries.get(key)
        if entry is None:
            untranslated.append(f"not in the catalogue (run `make messages`): {key[1]!r}")
        elif "fuzzy" in entry.flags:
            untranslated.append(f"fuzzy: {key[1]!r}")
        elif plural and (not isinstance(entry.string, tuple) or len(entry.string) != catalogue.num_plurals):
            untranslated.append(f"not all {catalogue.num_plurals} plural forms: {key[1]!r}")
        elif not entry.string or (isinstance(entry.string, tuple) and not all(entry.string)):
            untranslated.append(f"no translation: {key[1]!r}")
    assert not untranslated, f"{len(untranslated)} strings want Welsh:\n" + "\n".join(untranslated[:60])


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_their_placeholders(language: str) -> None:
    """A translation that drops or renames ``%(name)s`` would raise (or lose the name) when worded."""
    wrong = []
    for entry in _catalogue(language):
        if not entry.id or not entry.string:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = {name for pair in PLACEHOLDER.findall(ids[-1]) for name in pair if name}
        for string in strings:
            have = {name for pair in PLACEHOLDER.findall(string) for name in pair if name}
            # A plural form may leave the count out (Welsh says "un" for one), never add or rename one.
            if not have <= wanted | {"num"} or not (wanted - {"num", "count"}) <= have:
                wrong.append(f"{ids[0]!r} → {string!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalogue_compiles_and_passes_babels_checks(language: str) -> None:
    """What ``pybabel compile`` (the install) checks: a form that names a placeholder its English lacks fails it."""
    catalogue = _catalogue(language)
    problems = [f"{message.id!r}: {'; '.join(map(str, errors))}" for message, errors in catalogue.check()]
    assert not problems, "\n".join(problems)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    assert buffer.getvalue()


def test_gettext_follows_the_language_in_force() -> None:
    translations.cache_clear()
    with using("cy"):
        assert gettext("Sign in") == "Mewngofnodi"
    assert gettext("Sign in") == "Sign in"
    with using("xx"):
        assert gettext("Sign in") == "Sign in"


def test_welsh_has_six_plural_forms() -> None:
    """CLDR's rule for Welsh: zero, one, two, few (3), many (6), other."""
    catalogue = _catalogue("cy")
    assert catalogue.num_plurals == 6
    assert catalogue.plural_expr == "(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n == 3 ? 3 : n == 6 ? 4 : 5)"
