"""Hire terms as versions: each save the next number, earlier versions kept as they read, never a duplicate."""

from __future__ import annotations

import asyncio

import pytest

from tests.factories import Factory
from venues.core.errors import Conflict, InvalidInput, NotFound
from venues.hire_terms.terms import current_terms, publish_terms, terms_version
from venues.models import HireTerms


async def test_each_save_is_the_next_version_and_earlier_ones_still_read_as_accepted(factory: Factory) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    other = await factory.venue(manager=manager)
    assert await current_terms(venue.id) is None

    first = await publish_terms(venue.id, "  No glitter.\nLeave by 23:00.  ", manager.id)
    second = await publish_terms(venue.id, "No glitter, no confetti.", manager.id)
    elsewhere = await publish_terms(other.id, "Shoes off.", manager.id)

    assert (first.version, second.version, elsewhere.version) == (1, 2, 1)
    current = await current_terms(venue.id)
    assert current is not None and (current.version, current.text) == (2, "No glitter, no confetti.")
    assert (await terms_version(venue.id, 1)).text == "No glitter.\nLeave by 23:00."
    with pytest.raises(NotFound):
        await terms_version(venue.id, 3)


async def test_blank_terms_are_refused_naming_the_text(factory: Factory) -> None:
    venue = await factory.venue()
    with pytest.raises(InvalidInput) as refused:
        await publish_terms(venue.id, " \n ", None)
    assert refused.value.field == "text"
    assert await HireTerms.count() == 0


async def test_managers_saving_at_once_never_share_a_version_number(factory: Factory) -> None:
    venue = await factory.venue()
    outcomes = await asyncio.gather(
        *(publish_terms(venue.id, f"Terms {n}", None) for n in range(4)), return_exceptions=True
    )
    saved = [outcome for outcome in outcomes if isinstance(outcome, HireTerms)]
    refused = [outcome for outcome in outcomes if not isinstance(outcome, HireTerms)]
    assert all(isinstance(error, Conflict) for error in refused), refused
    versions = sorted(row.version for row in await HireTerms.objects().where(HireTerms.venue == venue.id))
    assert versions == list(range(1, len(saved) + 1))
    assert len(saved) >= 1
