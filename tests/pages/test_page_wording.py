"""The pages' wording in the language in force: vocabulary labels, day headings and repeating rules as whole
sentences, with Welsh's six plural forms; English exactly as before."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

import pytest

from api.pages.support.wording import (
    accessibility_label,
    audience_label,
    booking_named,
    called_off,
    cost,
    day_heading,
    label,
    repeats,
    short_day,
    status_label,
    tier_meaning,
)
from scheduling.vocabulary import ActivityCategory, CostKind, DepositStatus, PaymentMethod
from venues.core.i18n import using
from venues.vocabulary import Accessibility, Facility, SpaceKind, TierKind, VenueKind

THIS_YEAR = date.today().year


def _fallback(word: str) -> str:
    text = word.replace("_", " ")
    return text[:1].upper() + text[1:]


@pytest.mark.parametrize(
    "vocabulary",
    [ActivityCategory, VenueKind, SpaceKind, Facility, TierKind, CostKind, PaymentMethod, DepositStatus],
)
def test_english_labels_are_as_before_and_welsh_ones_translated(vocabulary: type[StrEnum]) -> None:
    for word in vocabulary:
        assert label(str(word)) == _fallback(str(word))
        with using("cy"):
            assert label(str(word)) != _fallback(str(word)) or str(word) in {"piano", "wifi"}


def test_tables_speak_the_language_in_force() -> None:
    assert accessibility_label(Accessibility.step_free) == "Step-free access"
    assert audience_label("all_ages") == "Everyone"
    assert status_label("requested") == "Waiting for the venue"
    assert tier_meaning("standard") == "the usual rate"
    assert cost("free", 0, "GBP") == "Free"
    with using("cy"):
        assert accessibility_label(Accessibility.step_free) == "Mynediad heb risiau"
        assert audience_label("all_ages") == "Pawb"
        assert label("coffee_morning") == "Bore coffi"
        assert status_label("requested") == "Yn aros am y lleoliad"
        assert tier_meaning("standard") == "y gyfradd arferol"
        assert cost("pay_what_you_can", 0, "GBP") == "Talwch beth allwch chi"
    assert label("no_such_word") == "No such word"


def test_day_headings() -> None:
    assert day_heading(date(THIS_YEAR, 12, 8)).endswith(" 8 December")
    assert day_heading(date(2020, 12, 8)) == "Tuesday 8 December 2020"
    assert short_day(date(2026, 9, 8)) == "Tue 8 Sep"
    with using("cy"):
        assert day_heading(date(2020, 12, 8)) == "Dydd Mawrth 8 Rhagfyr 2020"
        assert day_heading(date(2026, 12, 8)) in {"Dydd Mawrth 8 Rhagfyr", "Dydd Mawrth 8 Rhagfyr 2026"}
        assert short_day(date(2026, 12, 8)) == "Maw 8 Rhag"
        named = booking_named(
            None, datetime(2026, 12, 8, 10, tzinfo=UTC), datetime(2026, 12, 8, 12, tzinfo=UTC), "Europe/London"
        )
        assert named == "Archeb, Maw 8 Rhag, 10:00–12:00"


def test_english_rules_are_as_before() -> None:
    assert repeats("WEEKLY", 1, ("TU",), None, None) == "Every week on Tuesday"
    assert repeats("WEEKLY", 2, ("MO", "TH"), date(2027, 6, 30), None) == (
        "Every 2 weeks on Monday and Thursday, until 30 June 2027"
    )
    assert repeats("MONTHLY", 1, ("1MO", "-1FR"), None, 5) == (
        "Every month on the first Monday and the last Friday, 5 times in all"
    )
    assert repeats("DAILY", 3, (), None, None) == "Every 3 days"
    assert called_off({"cancelled": 3, "declined": 1}) == " (3 cancelled, 1 declined)"
    assert called_off({}) == ""


def test_welsh_rules_are_whole_sentences() -> None:
    with using("cy"):
        assert repeats("WEEKLY", 1, ("TU",), None, None) == "Bob wythnos ar ddydd Mawrth"
        assert repeats("WEEKLY", 2, ("MO", "TH"), date(2027, 6, 30), None) == (
            "Bob pythefnos ar ddydd Llun a ddydd Iau, tan 30 Mehefin 2027"
        )
        assert repeats("MONTHLY", 1, ("1MO",), None, None) == "Bob mis ar y dydd Llun cyntaf"
        assert repeats("WEEKLY", 3, (), None, None) == "Bob 3 wythnos"


@pytest.mark.parametrize(
    ("count", "welsh"),
    [
        (1, "Bob wythnos, unwaith yn unig"),
        (2, "Bob wythnos, dwywaith i gyd"),
        (3, "Bob wythnos, 3 gwaith i gyd"),
        (6, "Bob wythnos, 6 gwaith i gyd"),
    ],
)
def test_welsh_plural_forms(count: int, welsh: str) -> None:
    with using("cy"):
        assert repeats("WEEKLY", 1, (), None, count) == welsh
        assert called_off({"cancelled": count}) in {f" ({count} wedi'u canslo)", f" ({count} wedi'i chanslo)"}
    assert repeats("WEEKLY", 1, (), None, count) == f"Every week, {count} times in all"


def test_welsh_intervals_have_their_forms() -> None:
    with using("cy"):
        assert [repeats("WEEKLY", n, (), None, None) for n in (1, 2, 3, 6)] == [
            "Bob wythnos",
            "Bob pythefnos",
            "Bob 3 wythnos",
            "Bob 6 wythnos",
        ]
        assert called_off({"declined": 1}) == " (1 wedi'i gwrthod)"
