"""Setting up charge rules on top of a space's hourly rate for one tier (``venues.models.ChargeRule``).

A rule's meaning is in the model's docstring; pricing is ``scheduling.pricing.charges``. Checks here:
the tier is the space's venue's and not a free one (a free tier costs nothing, so it takes no rules);
amounts are never negative; a ``band`` names weekdays (0 Monday … 6 Sunday) and a start and end on the
venue's wall clock, end 00:00 meaning midnight. A band may not cross midnight: 22:00–02:00 is refused
(400) with the advice to add 22:00–00:00 and a second band 00:00–02:00 on the following weekdays, so
each band belongs to the weekday it is set on. Other kinds keep no weekdays, times or hourly rate.
Every change bumps the venue's version, as rates do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from venues.core.database import write_transaction
from venues.core.errors import InvalidInput, NotFound
from venues.core.i18n import _
from venues.core.i18n.formatting import clock
from venues.core.ids import in_id_range
from venues.models import ChargeRule, PriceTier, Space
from venues.publication import touch_venue
from venues.vocabulary import ChargeKind, TierKind

MAX_AMOUNT_MINOR = 100_000_000


@dataclass(frozen=True)
class ChargeRuleIn:
    tier_id: int
    kind: str
    name: str = ""
    amount_minor: int = 0
    hourly_rate_minor: int = 0
    weekdays: Sequence[int] = field(default_factory=tuple)
    band_starts: time | None = None
    band_ends: time | None = None
    position: int = 0


async def list_rules(space_id: int, tier_id: int | None = None) -> list[ChargeRule]:
    """The space's rules (of one tier if given), in tier then position order."""
    query = ChargeRule.objects().where(ChargeRule.space == space_id)
    if tier_id is not None:
        query = query.where(ChargeRule.tier == tier_id)
    return list(await query.order_by(ChargeRule.tier).order_by(ChargeRule.position).order_by(ChargeRule.id))


async def get_rule(space_id: int, rule_id: int) -> ChargeRule:
    """The space's rule, else 404 (a rule of another space is not found here)."""
    rule = await ChargeRule.objects().where(ChargeRule.id == rule_id).first() if in_id_range(rule_id) else None
    if rule is None or rule.space != space_id:
        raise NotFound(_("This space has no charge rule with id %(rule_id)s.") % {"rule_id": rule_id})
    return rule


async def _checked(space: Space, wanted: ChargeRuleIn) -> dict[str, Any]:
    tier = (
        await PriceTier.objects().where(PriceTier.id == wanted.tier_id).first() if in_id_range(wanted.tier_id) else None
    )
    if tier is None or tier.venue != space.venue:
        raise InvalidInput(
            "tier_id", _("Tier %(tier_id)s is not a price tier of this space's venue.") % {"tier_id": wanted.tier_id}
        )
    if tier.kind == TierKind.free:
        raise InvalidInput(
            "tier_id",
            _("%(name)s is a free tier: it costs nothing, so it takes no charge rules.") % {"name": tier.name},
        )
    try:
        kind = ChargeKind(wanted.kind)
    except ValueError:
        raise InvalidInput(
            "kind", _("A rule is one of %(value)s.") % {"value": ", ".join(k.value for k in ChargeKind)}
        ) from None
    for name in ("amount_minor", "hourly_rate_minor"):
        value = getattr(wanted, name)
        if not 0 <= value <= MAX_AMOUNT_MINOR:
            raise InvalidInput(name, _("An amount is in pence, from 0 upwards."))
    fields: dict[str, Any] = {
        "space": space.id,
        "tier": tier.id,
        "kind": str(kind),
        "name": wanted.name.strip(),
        "position": wanted.position,
        "amount_minor": wanted.amount_minor,
        "hourly_rate_minor": 0,
        "weekdays": [],
        "band_starts": None,
        "band_ends": None,
    }
    if kind != ChargeKind.band:
        return fields
    days = sorted(set(wanted.weekdays))
    if not days or any(not 0 <= day <= 6 for day in days):
        raise InvalidInput("weekdays", _("A band names its weekdays, 0 (Monday) to 6 (Sunday)."))
    if wanted.band_starts is None or wanted.band_ends is None:
        raise InvalidInput("band_starts", _("A band has a start and an end time, for example 18:00 to 00:00."))
    starts, ends = (
        wanted.band_starts.replace(second=0, microsecond=0),
        wanted.band_ends.replace(second=0, microsecond=0),
    )
    if ends != time(0) and ends <= starts:
        raise InvalidInput(
            "band_ends",
            _(
                "A band ends after it starts on the same day (%(ends)s is not after %(starts)s); for a band "
                "through midnight add one to 00:00 and another from 00:00 on the following weekdays."
            )
            % {"ends": clock(ends), "starts": clock(starts)},
        )
    fields.update(
        amount_minor=0, hourly_rate_minor=wanted.hourly_rate_minor, weekdays=days, band_starts=starts, band_ends=ends
    )
    return fields


async def add_rule(space: Space, wanted: ChargeRuleIn) -> ChargeRule:
    async with write_transaction():
        rule = ChargeRule(**await _checked(space, wanted))
        await rule.save()
        await touch_venue(space.venue)
    return rule


async def replace_rule(space: Space, rule: ChargeRule, wanted: ChargeRuleIn) -> ChargeRule:
    """The rule rewritten whole from ``wanted`` (its id kept)."""
    async with write_transaction():
        for name, value in (await _checked(space, wanted)).items():
            setattr(rule, name, value)
        await rule.save()
        await touch_venue(space.venue)
    return rule


async def delete_rule(space: Space, rule: ChargeRule) -> None:
    async with write_transaction():
        await ChargeRule.delete().where(ChargeRule.id == rule.id)
        await touch_venue(space.venue)
