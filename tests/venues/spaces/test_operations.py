"""Space rules and combined spaces, without HTTP."""

from __future__ import annotations

import pytest

from tests.factories import Factory
from venues.core.errors import InvalidInput
from venues.models import SpacePart, Venue
from venues.spaces.operations import check_rules, combined_in_by_space, create_space, parts_by_space, update_space


def test_rules_that_agree_pass() -> None:
    check_rules({"min_booking_minutes": 60, "max_booking_minutes": 60, "min_notice_minutes": 0, "horizon_days": 1}, ())


@pytest.mark.parametrize(
    ("values", "changed", "field"),
    [
        (
            {"min_booking_minutes": 90, "max_booking_minutes": 60},
            ("min_booking_minutes", "max_booking_minutes"),
            "min_booking_minutes",
        ),
        ({"min_booking_minutes": 90, "max_booking_minutes": 60}, ("max_booking_minutes",), "max_booking_minutes"),
        ({"min_booking_minutes": 600}, ("min_booking_minutes",), "min_booking_minutes"),
        ({"min_notice_minutes": 1440, "horizon_days": 1}, ("horizon_days",), "horizon_days"),
        ({"min_notice_minutes": 400 * 1440}, ("min_notice_minutes",), "min_notice_minutes"),
    ],
)
def test_rules_that_disagree_name_the_changed_field(
    values: dict[str, int], changed: tuple[str, ...], field: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        check_rules(values, changed)
    assert raised.value.field == field


async def test_create_space_cleans_lists_and_bumps_the_venue_version(factory: Factory) -> None:
    venue = await factory.venue()
    space = await create_space(
        venue.id, {"name": "Hall", "capacity": 20, "facilities": ["wifi", "stage", "wifi"], "kind": "hall"}, []
    )
    assert space.facilities == ["stage", "wifi"]
    after = await Venue.select(Venue.version).where(Venue.id == venue.id).first()
    assert after["version"] == venue.version + 1


async def test_combined_space_stores_its_parts(factory: Factory) -> None:
    venue = await factory.venue()
    a, b = await factory.space(venue), await factory.space(venue)
    whole = await create_space(venue.id, {"name": "Whole", "capacity": 80}, [b.id, a.id])
    assert await parts_by_space([whole.id, a.id]) == {whole.id: sorted([a.id, b.id])}
    assert await combined_in_by_space([a.id, b.id, whole.id]) == {a.id: [whole.id], b.id: [whole.id]}


async def test_refused_parts_leave_no_space_behind(factory: Factory) -> None:
    venue = await factory.venue()
    a = await factory.space(venue)
    archived = await factory.space(venue, archived=True)
    with pytest.raises(InvalidInput) as raised:
        await create_space(venue.id, {"name": "Whole", "capacity": 80}, [a.id, archived.id])
    assert "archived" in raised.value.detail
    assert await SpacePart.count() == 0


async def test_changing_parts_replaces_them_and_none_keeps_them(factory: Factory) -> None:
    venue = await factory.venue()
    a, b, c = await factory.space(venue), await factory.space(venue), await factory.space(venue)
    whole = await create_space(venue.id, {"name": "Whole", "capacity": 80}, [a.id, b.id])
    await update_space(whole, {"name": "All of it"}, None)
    assert (await parts_by_space([whole.id]))[whole.id] == sorted([a.id, b.id])
    await update_space(whole, {}, [b.id, c.id])
    assert (await parts_by_space([whole.id]))[whole.id] == sorted([b.id, c.id])


async def test_a_part_cannot_become_combined(factory: Factory) -> None:
    venue = await factory.venue()
    a, b, c, d = [await factory.space(venue) for _ in range(4)]
    await create_space(venue.id, {"name": "Whole", "capacity": 80}, [a.id, b.id])
    with pytest.raises(InvalidInput):
        await update_space(a, {}, [c.id, d.id])
    assert await parts_by_space([a.id]) == {}


async def test_update_checks_rules_against_stored_values(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue, min_booking_minutes=120, max_booking_minutes=240)
    with pytest.raises(InvalidInput) as raised:
        await update_space(space, {"max_booking_minutes": 60}, None)
    assert raised.value.field == "max_booking_minutes"
