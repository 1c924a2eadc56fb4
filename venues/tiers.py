"""Price tiers a venue offers and what each space charges per tier.

Money is integer minor units (pence) with an ISO 4217 currency. A tier of
kind ``free`` is free by definition, so its rates are always 0.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from venues.core.database import write_transaction
from venues.core.errors import Conflict, InvalidInput, NotFound
from venues.core.i18n import _
from venues.core.ids import in_id_range
from venues.models import ChargeRule, PriceTier, SpaceRate
from venues.publication import touch_venue
from venues.vocabulary import TierKind


@dataclass(frozen=True)
class RateIn:
    tier_id: int
    hourly_rate_minor: int
    currency: str = "GBP"
    deposit_minor: int = 0


@dataclass(frozen=True)
class Rate:
    """A space's charge for one tier, with the tier's own words."""

    tier_id: int
    tier_kind: str
    tier_name: str
    hourly_rate_minor: int
    currency: str
    # The returnable deposit taken with a booking at this tier (0: none).
    deposit_minor: int = 0


async def standard_tiers(venue_ids: Iterable[int]) -> dict[int, PriceTier]:
    """Each asked venue's standard tier (the tier a member of the public without a group's agreement pays):
    its first tier of kind standard by position, then by id when positions tie. One query for any number of
    venues; a venue without a standard tier is left out. Quotes, the OpenActive feeds and the open-data
    listing all read it here, so they agree on which tier it is."""
    ids = sorted(set(venue_ids))
    if not ids:
        return {}
    found: dict[int, PriceTier] = {}
    for tier in (
        await PriceTier.objects()
        .where(PriceTier.venue.is_in(ids) & (PriceTier.kind == str(TierKind.standard)))
        .order_by(PriceTier.position)
        .order_by(PriceTier.id)
    ):
        found.setdefault(tier.venue, tier)
    return found


async def get_tier(tier_id: int) -> PriceTier:
    tier = await PriceTier.objects().where(PriceTier.id == tier_id).first() if in_id_range(tier_id) else None
    if tier is None:
        raise NotFound(_("There is no price tier with id %(tier_id)s.") % {"tier_id": tier_id})
    return tier


async def list_tiers(venue_id: int, limit: int, offset: int) -> tuple[list[PriceTier], int]:
    tiers = (
        await PriceTier.objects()
        .where(PriceTier.venue == venue_id)
        .order_by(PriceTier.position)
        .order_by(PriceTier.id)
        .limit(limit)
        .offset(offset)
    )
    return tiers, await PriceTier.count().where(PriceTier.venue == venue_id)


async def _check_name_free(venue_id: int, name: str, except_id: int | None = None) -> None:
    taken = await PriceTier.select(PriceTier.id, PriceTier.name).where(PriceTier.venue == venue_id)
    if any(row["name"].casefold() == name.casefold() and row["id"] != except_id for row in taken):
        raise Conflict(_("This venue already has a tier called %(name)r.") % {"name": name}, field="name")


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    if "kind" in fields:
        fields["kind"] = str(fields["kind"])
    if "name" in fields:
        fields["name"] = fields["name"].strip()
        if not fields["name"]:
            raise InvalidInput("name", _("Give the tier a name, for example 'Community'."))
    return fields


async def add_tier(venue_id: int, fields: dict[str, Any]) -> PriceTier:
    """A new tier, placed last unless ``position`` says otherwise."""
    fields = _clean(dict(fields))
    async with write_transaction():
        await _check_name_free(venue_id, fields["name"])
        if fields.get("position") is None:
            last = (
                await PriceTier.select(PriceTier.position)
                .where(PriceTier.venue == venue_id)
                .order_by(PriceTier.position, ascending=False)
                .first()
            )
            fields["position"] = last["position"] + 1 if last else 0
        tier = PriceTier(venue=venue_id, **fields)
        await tier.save()
        await touch_venue(venue_id)
    return tier


async def update_tier(tier: PriceTier, fields: dict[str, Any]) -> PriceTier:
    fields = _clean(dict(fields))
    async with write_transaction():
        if "name" in fields:
            await _check_name_free(tier.venue, fields["name"], except_id=tier.id)
        if fields.get("kind") == TierKind.free:
            await _require_nothing_charged(tier)
        for name, value in fields.items():
            setattr(tier, name, value)
        await tier.save()
        await touch_venue(tier.venue)
    return tier


async def _require_nothing_charged(tier: PriceTier) -> None:
    """A free tier costs nothing: 409 listing each space whose rate, deposit or charge rules for ``tier``
    still charge, so the manager clears them (nothing is cleared behind their back)."""
    charging: dict[int, dict[str, Any]] = {}
    for row in await SpaceRate.select(
        SpaceRate.space, SpaceRate.space.name.as_alias("name"), SpaceRate.hourly_rate_minor, SpaceRate.deposit_minor
    ).where((SpaceRate.tier == tier.id) & ((SpaceRate.hourly_rate_minor > 0) | (SpaceRate.deposit_minor > 0))):
        charging[row["space"]] = {
            "space_id": row["space"],
            "space_name": row["name"],
            "hourly_rate_minor": row["hourly_rate_minor"],
            "deposit_minor": row["deposit_minor"],
            "charge_rules": 0,
        }
    for row in await ChargeRule.select(ChargeRule.space, ChargeRule.space.name.as_alias("name")).where(
        ChargeRule.tier == tier.id
    ):
        entry = charging.setdefault(
            row["space"],
            {
                "space_id": row["space"],
                "space_name": row["name"],
                "hourly_rate_minor": 0,
                "deposit_minor": 0,
                "charge_rules": 0,
            },
        )
        entry["charge_rules"] += 1
    if not charging:
        return
    listed = sorted(charging.values(), key=lambda item: (item["space_name"].lower(), item["space_id"]))
    said = "; ".join(
        f"{item['space_name']}: "
        + ", ".join(
            part
            for part in (
                f"a rate of {_pence(item['hourly_rate_minor'])} an hour" if item["hourly_rate_minor"] else "",
                f"a deposit of {_pence(item['deposit_minor'])}" if item["deposit_minor"] else "",
                f"{item['charge_rules']} charge rule{'s' if item['charge_rules'] != 1 else ''}"
                if item["charge_rules"]
                else "",
            )
            if part
        )
        for item in listed
    )
    raise Conflict(
        _("%(name)s still charges, so it cannot be made free. Set these to nothing first: %(said)s.")
        % {"name": tier.name, "said": said},
        charging=listed,
    )


def _pence(minor: int) -> str:
    return f"£{minor // 100}.{minor % 100:02d}"


async def _check_rates(venue_id: int, rates: Sequence[RateIn], field: str) -> None:
    kinds = {
        row["id"]: row["kind"]
        for row in await PriceTier.select(PriceTier.id, PriceTier.kind).where(PriceTier.venue == venue_id)
    }
    seen: set[int] = set()
    for index, rate in enumerate(rates):
        if rate.tier_id not in kinds:
            raise InvalidInput(
                f"{field}[{index}].tier_id",
                _("Tier %(tier_id)s is not a price tier of this venue.") % {"tier_id": rate.tier_id},
            )
        if rate.tier_id in seen:
            raise InvalidInput(
                f"{field}[{index}].tier_id", _("Tier %(tier_id)s is listed more than once.") % {"tier_id": rate.tier_id}
            )
        seen.add(rate.tier_id)
        if rate.hourly_rate_minor < 0:
            raise InvalidInput(f"{field}[{index}].hourly_rate_minor", _("A price cannot be negative."))
        if kinds[rate.tier_id] == TierKind.free and rate.hourly_rate_minor != 0:
            raise InvalidInput(
                f"{field}[{index}].hourly_rate_minor",
                _("Tier %(tier_id)s is a free tier, so its rate must be 0.") % {"tier_id": rate.tier_id},
            )
        if rate.deposit_minor < 0:
            raise InvalidInput(f"{field}[{index}].deposit_minor", _("A deposit cannot be negative."))
        if kinds[rate.tier_id] == TierKind.free and rate.deposit_minor != 0:
            raise InvalidInput(
                f"{field}[{index}].deposit_minor",
                _("Tier %(tier_id)s is a free tier, so it takes no deposit.") % {"tier_id": rate.tier_id},
            )


async def replace_rates(venue_id: int, space_id: int, rates: Sequence[RateIn], field: str = "rates") -> list[Rate]:
    """Check every rate, then swap the space's set in one transaction: all or nothing."""
    async with write_transaction():
        await _check_rates(venue_id, rates, field)
        await SpaceRate.delete().where(SpaceRate.space == space_id)
        if rates:
            await SpaceRate.insert(
                *[
                    SpaceRate(
                        space=space_id,
                        tier=rate.tier_id,
                        hourly_rate_minor=rate.hourly_rate_minor,
                        currency=rate.currency,
                        deposit_minor=rate.deposit_minor,
                    )
                    for rate in rates
                ]
            )
        await touch_venue(venue_id)
    return (await rates_by_space([space_id])).get(space_id, [])


async def rates_by_space(space_ids: Iterable[int]) -> dict[int, list[Rate]]:
    """Each space's rates in tier order (one query for all of them)."""
    ids = list(space_ids)
    if not ids:
        return {}
    rows = (
        await SpaceRate.select(
            SpaceRate.space,
            SpaceRate.tier,
            SpaceRate.tier.kind,
            SpaceRate.tier.name,
            SpaceRate.hourly_rate_minor,
            SpaceRate.currency,
            SpaceRate.deposit_minor,
        )
        .where(SpaceRate.space.is_in(ids))
        .order_by(SpaceRate.tier.position)
        .order_by(SpaceRate.tier.id)
    )
    found: dict[int, list[Rate]] = defaultdict(list)
    for row in rows:
        found[row["space"]].append(
            Rate(
                row["tier"],
                row["tier.kind"],
                row["tier.name"],
                row["hourly_rate_minor"],
                row["currency"],
                row["deposit_minor"],
            )
        )
    return dict(found)
