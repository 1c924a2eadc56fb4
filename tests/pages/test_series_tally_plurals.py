"""A series' tally counts each status with the plural its number takes (Welsh has six forms)."""

from __future__ import annotations

from typing import Any

import pytest

from api.pages.my_bookings import SeriesView
from venues.core.i18n import using


def view(counts: dict[str, int]) -> SeriesView:
    total = counts.get("confirmed", 0) + counts.get("requested", 0)
    none: Any = None
    return SeriesView(none, none, "", [], 1, 1, total, None, counts)


def test_english_tallies_read_as_before() -> None:
    assert view({"confirmed": 3, "cancelled": 1}).tally == "3 dates so far: 3 confirmed, 1 cancelled"
    assert view({"confirmed": 1, "requested": 1}).tally == "2 dates so far: 1 confirmed, 1 waiting for the venue"


@pytest.mark.parametrize(
    ("counts", "said"),
    [
        ({"confirmed": 3, "cancelled": 1}, "1 wedi'i chanslo"),
        ({"confirmed": 3, "cancelled": 3}, "3 wedi'u canslo"),
        ({"confirmed": 3, "declined": 2}, "2 wedi'u gwrthod"),
        ({"confirmed": 1, "requested": 2}, "1 wedi'i chadarnhau"),
        ({"confirmed": 6, "requested": 1}, "6 wedi'u cadarnhau"),
    ],
)
def test_a_welsh_tally_counts_each_status_in_the_form_its_number_takes(counts: dict[str, int], said: str) -> None:
    with using("cy"):
        assert said in view(counts).tally
