"""The shipped OpenActive Activity List: concepts found by URL or name, and the concept a listing is published as
(the organiser's choice, "none" never, else, for listings whose category may be physical, the longest name found in
the title as whole words, else a tag that is a name)."""

from __future__ import annotations

import pytest

from scheduling.openactive import activity_list
from scheduling.openactive.activity_list import all_labels, by_id, by_label, concept_for, label_of, lookup

YOGA_ID = "https://openactive.io/activity-list#bf1a5e00-cdcf-465d-8c5a-6f57040b7f7e"


def test_a_concept_is_found_by_its_url_or_any_of_its_names_ignoring_case_and_punctuation() -> None:
    yoga = by_id(YOGA_ID)
    assert yoga is not None and yoga.pref_label == "Yoga"
    assert by_label("  yOGA ") == yoga and lookup(YOGA_ID) == yoga
    assert lookup("zumba") == by_label("Zumba®"), "trade marks are not typed by organisers"
    assert lookup("keep fit") == by_label("Keep-Fit")
    assert lookup("Knitting") is None and lookup("https://openactive.io/activity-list#nope") is None
    assert yoga.data() == {
        "@type": "Concept",
        "@id": YOGA_ID,
        "prefLabel": "Yoga",
        "inScheme": "https://openactive.io/activity-list",
    }


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Walking Football", "Walking Football"),
        ("Walking football for the over 60s", "Walking Football"),
        ("Yoga for beginners", "Yoga"),
        ("Chair-based exercise", "Chair Based Exercise"),
        ("Zumba Gold", "Zumba® Gold"),
        ("Short mat bowls club", "Short Mat Bowls"),
    ],
)
def test_the_longest_name_found_as_whole_words_in_the_title_is_the_concept(title: str, expected: str) -> None:
    concept = concept_for("", title, [], "sport")
    assert concept is not None and concept.pref_label == expected


@pytest.mark.parametrize(
    "title",
    [
        "Coffee morning",
        "Knitting circle",
        "Yogathon planning meeting",  # "Yoga" inside a longer word
        "Tap room quiz",  # "Tap" is shorter than four letters
        "Jazz band rehearsal",  # "Jazz" is a dance on the list, but mostly music in a hall's titles
        "Latin homework club",
        "Open house",
    ],
)
def test_titles_that_name_no_physical_activity_match_nothing(title: str) -> None:
    assert concept_for("", title, [], "sport") is None


def test_the_organisers_choice_wins_and_a_tag_that_is_a_name_is_the_last_resort() -> None:
    pilates = by_label("Pilates")
    assert pilates is not None
    assert concept_for(pilates.id, "Yoga for beginners", ["yoga"], "sport") == pilates
    assert concept_for("Pilates", "Coffee morning", [], "sport") == pilates
    assert concept_for("", "Tuesday club", ["knitting", "yoga"], "sport") == by_label("Yoga")
    assert concept_for("", "Tuesday club", ["knitting"], "sport") is None
    assert concept_for("https://openactive.io/activity-list#gone", "Yoga", [], "sport") is None, (
        "a choice the list no longer has is not replaced by a guess"
    )


def test_the_picker_offers_every_name_once_and_each_finds_its_own_concept() -> None:
    labels = all_labels()
    assert len(labels) == len(set(labels)) > 700
    assert "Yoga" in labels and "Lawn Bowls" in labels
    for label in labels:
        concept = lookup(label)
        assert concept is not None and label in (concept.pref_label, *concept.alt_labels), label
    assert label_of(YOGA_ID) == "Yoga" and label_of("not a concept") == "not a concept"


def test_the_list_is_read_once() -> None:
    activity_list._loaded.cache_clear()
    for _ in range(3):
        lookup("Yoga")
    assert activity_list._loaded.cache_info().misses == 1


def test_a_team_size_written_out_matches_the_list_in_figures() -> None:
    five = concept_for("", "Five-a-side", (), "sport")
    assert five is not None and five.pref_label == "5-a-side"
    assert concept_for("", "Thursday five a side under the lights", (), "sport") == five
    assert concept_for("", "Five go walking", (), "sport") != five, "a number is a team size only before 'a side'"


@pytest.mark.parametrize(
    ("title", "category"),
    [
        ("Boxing Day lunch", "lunch_club"),
        ("Football watch party", "music"),
        ("Golf club dinner", "lunch_club"),
        ("Cricket club AGM", "learning"),
        ("Pool party", "coffee_morning"),
        ("Boxing Day lunch", "faith"),
    ],
)
def test_a_listing_whose_category_is_not_physical_is_never_matched_from_its_title_or_tags(
    title: str, category: str
) -> None:
    assert concept_for("", title, [], "sport") is not None, "the title alone would match"
    assert concept_for("", title, [], category) is None
    assert concept_for("", "Tuesday club", ["yoga"], category) is None, "nor from a tag"


@pytest.mark.parametrize("category", ["sport", "exercise", "family", "youth_club", "other"])
def test_listings_of_a_category_that_may_be_physical_are_matched_from_the_title(category: str) -> None:
    assert concept_for("", "Yoga for beginners", [], category) == by_label("Yoga")


def test_the_organisers_explicit_choice_wins_over_the_category_and_none_is_never_published() -> None:
    assert concept_for("Yoga", "Boxing Day lunch", [], "lunch_club") == by_label("Yoga")
    for none in ("none", "None", " NONE "):
        assert concept_for(none, "Yoga for beginners", ["yoga"], "exercise") is None
