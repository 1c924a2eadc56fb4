"""Spelling postcodes one way, so venues are found however a person types them."""

from __future__ import annotations

import pytest

from venues.directory.search import normalise_postcode


@pytest.mark.parametrize(
    ("typed", "spelled"),
    [
        ("LM12AB", "LM1 2AB"),
        ("lm1 2ab", "LM1 2AB"),
        ("  lm1   2ab ", "LM1 2AB"),
        ("sw1a1aa", "SW1A 1AA"),
        ("M11AE", "M1 1AE"),
        ("EC1A 1BB", "EC1A 1BB"),
    ],
)
def test_a_whole_postcode_gets_one_space_before_its_last_three_characters(typed: str, spelled: str) -> None:
    assert normalise_postcode(typed) == spelled


@pytest.mark.parametrize(
    ("typed", "spelled"),
    [("lm1", "LM1"), ("OX11", "OX11"), ("ox1 1a", "OX1 1A"), ("Little  Marsh", "LITTLE MARSH")],
)
def test_districts_parts_of_postcodes_and_place_names_keep_their_words(typed: str, spelled: str) -> None:
    assert normalise_postcode(typed) == spelled
