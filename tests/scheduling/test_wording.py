"""Times, durations and money in the language in force: English exactly as it always was, Welsh from the
catalogue and Babel."""

from __future__ import annotations

from datetime import UTC, datetime

from scheduling.wording import clock_span, hours_minutes, money, span, when
from venues.core.i18n import using

TZ = "Europe/London"


def test_english_is_written_as_before() -> None:
    start, end = datetime(2026, 12, 5, 14, 0, tzinfo=UTC), datetime(2026, 12, 5, 16, 30, tzinfo=UTC)
    assert when(start, TZ) == "Sat 5 Dec 2026 14:00"
    assert span(start, end, TZ) == "Sat 5 Dec 2026 14:00–16:30"
    assert clock_span(datetime(2026, 12, 5, 18, tzinfo=UTC), datetime(2026, 12, 6, 1, tzinfo=UTC), TZ) == (
        "18:00–01:00 (next day)"
    )
    assert when(datetime(2026, 9, 8, 9, 0, tzinfo=UTC), TZ) == "Tue 8 Sep 2026 10:00"
    assert [hours_minutes(m) for m in (90, 120, 45)] == ["1 h 30 min", "2 h", "45 min"]
    assert [money(123450), money(-3000), money(1200, "CHF"), money(5, "EUR")] == [
        "£1,234.50",
        "-£30.00",
        "12.00 CHF",
        "€0.05",
    ]


def test_welsh_reads_welsh() -> None:
    with using("cy"):
        assert when(datetime(2026, 12, 8, 14, 0, tzinfo=UTC), TZ) == "Maw 8 Rhag 2026 14:00"
        assert clock_span(datetime(2026, 12, 5, 18, tzinfo=UTC), datetime(2026, 12, 6, 1, tzinfo=UTC), TZ) == (
            "18:00–01:00 (y diwrnod wedyn)"
        )
        assert [hours_minutes(m) for m in (90, 120, 45)] == ["1 awr 30 mun", "2 awr", "45 mun"]
        assert money(123450) == "£1,234.50"
        assert money(-3000) == "-£30.00"
