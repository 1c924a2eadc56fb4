"""Reading a browser's languages, choosing content's language, folding text for search, and locale formats."""

from __future__ import annotations

from datetime import date

import pytest

from venues.core.i18n import formatting
from venues.core.i18n.content import choose, folded, search_text, shown
from venues.core.i18n.languages import current_language, from_accept_language, supported, using


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("cy", "cy"),
        ("cy-GB,cy;q=0.9,en;q=0.8", "cy"),
        ("en-GB,en;q=0.9,cy;q=0.8", "en"),
        ("fr-FR, cy;q=0.5, en;q=0.4", "cy"),
        ("fr", None),
        ("cy;q=0, en", "en"),
        ("en;q=0.2, cy;q=0.7", "cy"),
        ("", None),
        ("*", None),
        ("cy;q=abc, en;q=0.1", "en"),
    ],
)
def test_accept_language_picks_the_heaviest_language_spoken_here(header: str, expected: str | None) -> None:
    assert from_accept_language(header) == expected


def test_supported_reads_tags_loosely() -> None:
    assert supported("CY") == "cy"
    assert supported("cy_GB") == "cy"
    assert supported("de") is None
    assert supported(None) is None


def test_using_restores_the_language_after_the_block() -> None:
    assert current_language() == "en"
    with using("cy"):
        assert current_language() == "cy"
        with using("en"):
            assert current_language() == "en"
        assert current_language() == "cy"
    assert current_language() == "en"


def test_content_falls_back_to_the_other_language_and_says_which() -> None:
    assert choose("Coffee morning", "Bore coffi", "cy").language == "cy"
    assert choose("Coffee morning", "", "cy") == choose("Coffee morning", None, "cy")
    assert choose("Coffee morning", "", "cy").language == "en"
    assert choose("", "Bore coffi", "en").text == "Bore coffi"
    assert choose("", "Bore coffi", "en").language == "cy"
    assert shown({"title": "Quiz", "title_cy": "Cwis"}, "title", "cy").text == "Cwis"


def test_folding_matches_beyond_ascii() -> None:
    assert folded("ŴYL Fawr") == folded("ŵyl fawr") == "wyl fawr"
    assert folded("Côr Meibion") == "cor meibion"
    assert folded("Straße") == "strasse"
    assert search_text("Coffee Morning", "", "Bore Coffi") == "coffee morning\nbore coffi"


def test_dates_and_money_per_locale() -> None:
    tuesday = date(2026, 12, 8)
    assert formatting.long_day(tuesday, language="cy") == "Dydd Mawrth 8 Rhagfyr"
    assert formatting.long_day(tuesday, language="en") == "Tuesday 8 December"
    with using("cy"):
        assert formatting.long_day(tuesday) == "Dydd Mawrth 8 Rhagfyr"
        assert formatting.money(800, "GBP") == "£8.00"
    assert formatting.money(123450, "GBP") == "£1,234.50"
    assert formatting.money(-3000, "GBP") == "-£30.00"
