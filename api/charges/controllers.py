"""A space's charge rules (/api/v1/spaces/{space_id}/charge-rules): its venue's managers set them up."""

from __future__ import annotations

from datetime import time

from litestar import Controller, delete, get, post, put
from litestar.params import FromPath, JSONBody

from api.charges.schemas import ChargeRuleIn, ChargeRuleOut, ChargeRulesOut
from api.errors import problem_responses
from api.venues.guards import manages_path_space
from venues.charging import rules as charging
from venues.lookups import get_space
from venues.models import ChargeRule
from venues.opening.hours import parse_clock
from venues.vocabulary import ChargeKind


def rule_out(rule: ChargeRule) -> ChargeRuleOut:
    return ChargeRuleOut(
        id=rule.id,
        space_id=rule.space,
        tier_id=rule.tier,
        kind=ChargeKind(rule.kind),
        name=rule.name,
        amount_minor=rule.amount_minor,
        hourly_rate_minor=rule.hourly_rate_minor,
        weekdays=list(rule.weekdays or []),
        band_starts=f"{rule.band_starts:%H:%M}" if rule.band_starts is not None else None,
        band_ends=f"{rule.band_ends:%H:%M}" if rule.band_ends is not None else None,
        position=rule.position,
    )


def _clock(text: str | None, field: str) -> time | None:
    return parse_clock(text, field) if text is not None else None


def rule_in(data: ChargeRuleIn) -> charging.ChargeRuleIn:
    return charging.ChargeRuleIn(
        tier_id=data.tier_id,
        kind=str(data.kind),
        name=data.name,
        amount_minor=data.amount_minor,
        hourly_rate_minor=data.hourly_rate_minor,
        weekdays=tuple(data.weekdays),
        band_starts=_clock(data.band_starts, "band_starts"),
        band_ends=_clock(data.band_ends, "band_ends"),
        position=data.position,
    )


class ChargeRuleController(Controller):
    path = "/api/v1/spaces/{space_id:int}/charge-rules"
    tags = ["pricing"]
    guards = [manages_path_space]

    @get(
        "/",
        summary="A space's charge rules (its venue's managers)",
        description="Fixed prices, minimums, rate bands and daily caps per tier, in tier and position order.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def list_rules(self, space_id: FromPath[int]) -> ChargeRulesOut:
        space = await get_space(space_id)
        return ChargeRulesOut(space_id=space.id, rules=[rule_out(r) for r in await charging.list_rules(space.id)])

    @post(
        "/",
        summary="Add a charge rule (its venue's managers)",
        description="The tier must be the venue's and not free; a band needs weekdays, a start and an end "
        "(00:00 is midnight; a band through midnight is refused: add two).",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def add_rule(self, space_id: FromPath[int], data: JSONBody[ChargeRuleIn]) -> ChargeRuleOut:
        space = await get_space(space_id)
        return rule_out(await charging.add_rule(space, rule_in(data)))

    @put(
        "/{rule_id:int}",
        summary="Rewrite a charge rule (its venue's managers)",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def replace_rule(
        self, space_id: FromPath[int], rule_id: FromPath[int], data: JSONBody[ChargeRuleIn]
    ) -> ChargeRuleOut:
        space = await get_space(space_id)
        rule = await charging.get_rule(space.id, rule_id)
        return rule_out(await charging.replace_rule(space, rule, rule_in(data)))

    @delete(
        "/{rule_id:int}",
        summary="Remove a charge rule (its venue's managers)",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def delete_rule(self, space_id: FromPath[int], rule_id: FromPath[int]) -> None:
        space = await get_space(space_id)
        await charging.delete_rule(space, await charging.get_rule(space.id, rule_id))
