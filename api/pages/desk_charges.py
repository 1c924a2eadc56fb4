"""/desk/venues/{id}/charges: per space and tier, the charge rules and the returnable deposit.

Rules go through ``venues.charging.rules`` and deposits through ``venues.tiers.replace_rates`` (the rate's
other fields kept), the same functions and checks as ``/api/v1/spaces/{id}/charge-rules`` and ``/rates``.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.errors import domain_status
from api.pages.desk_settings import form_values, pence
from api.pages.support.rendering import form_int, page
from api.venues.guards import manages_path_venue
from scheduling.pricing.charges import rules_by_space
from scheduling.wording import money
from venues.charging.rules import ChargeRuleIn, add_rule, delete_rule, get_rule
from venues.core.errors import DomainError, InvalidInput, NotFound
from venues.core.i18n import _
from venues.core.i18n.content import shown
from venues.core.i18n.formatting import weekday_names
from venues.lookups import get_space, get_venue
from venues.models import ChargeRule, Space, Venue
from venues.opening.hours import parse_clock
from venues.spaces.operations import list_spaces
from venues.tiers import RateIn, list_tiers, rates_by_space, replace_rates
from venues.vocabulary import ChargeKind, TierKind


def kind_words() -> dict[str, str]:
    """The kinds of rule as the form lists them, in the language in force."""
    return {
        ChargeKind.band: _("Rate band"),
        ChargeKind.minimum: _("Minimum charge"),
        ChargeKind.daily_cap: _("Daily cap"),
        ChargeKind.fixed: _("Fixed price"),
    }


def _amount_words(kind: ChargeKind) -> str:
    """A rule with an amount, whole (``minimum charge of £20.00``), so a translation can order it."""
    if kind == ChargeKind.minimum:
        return _("minimum charge of %(amount)s")
    if kind == ChargeKind.daily_cap:
        return _("daily cap of %(amount)s")
    return _("fixed price of %(amount)s")


def rule_words(rule: ChargeRule, currency: str = "GBP") -> str:
    """A rule as a manager reads it, e.g. ``Evening: £18.00 an hour on Mon, Tue, 18:00–00:00``."""
    kind = ChargeKind(rule.kind)
    label = rule.name or kind_words()[kind]
    if kind != ChargeKind.band:
        words = _amount_words(kind) % {"amount": money(rule.amount_minor, currency)}
    else:
        short_names = weekday_names(short=True)
        days = ", ".join(short_names[day] for day in rule.weekdays or [])
        words = _("%(rate)s an hour on %(days)s, %(starts)s–%(ends)s") % {
            "rate": money(rule.hourly_rate_minor, currency),
            "days": days,
            "starts": f"{rule.band_starts:%H:%M}",
            "ends": f"{rule.band_ends:%H:%M}",
        }
    return _("%(name)s: %(rule)s") % {"name": label, "rule": words}


async def _space_of(venue: Venue, space_id: int | None) -> Space:
    space = await get_space(space_id) if space_id is not None else None
    if space is None or space.venue != venue.id:
        raise NotFound(_("There is no space with id %(id)s at this venue.") % {"id": space_id})
    return space


def rule_from_form(form: Any) -> ChargeRuleIn:
    values = form_values(form)
    kind = values.get("kind", "")
    if kind not in {k.value for k in ChargeKind}:
        raise InvalidInput("kind", _("Choose the kind of rule."))
    amount = pence(values.get("amount", ""), _("The amount")) or 0
    starts, ends = values.get("band_starts", "").strip(), values.get("band_ends", "").strip()
    return ChargeRuleIn(
        tier_id=form_int(values.get("tier_id"), "tier_id") or 0,
        kind=kind,
        name=values.get("name", "").strip()[:100],
        amount_minor=amount if kind != ChargeKind.band else 0,
        hourly_rate_minor=amount if kind == ChargeKind.band else 0,
        weekdays=tuple(form_int(str(day), "weekdays") or 0 for day in form.getall("weekday", [])),
        band_starts=parse_clock(starts, "band_starts") if starts else None,
        band_ends=parse_clock(ends, "band_ends") if ends else None,
    )


class DeskChargePages(Controller):
    path = "/desk/venues/{venue_id:int}/charges"
    guards = [manages_path_venue]

    async def _page(
        self, request: Request[Any, Any, Any], venue: Venue, status_code: int = 200, problems: list[str] | None = None
    ) -> Template:
        tiers, _count = await list_tiers(venue.id, limit=50, offset=0)
        spaces, _count = await list_spaces(venue.id, include_archived=False, limit=100, offset=0)
        rates = await rates_by_space(space.id for space in spaces)
        by_space = await rules_by_space(space.id for space in spaces)
        rules = {
            space.id: sorted(
                (rule for (owner, _), found in by_space.items() if owner == space.id for rule in found),
                key=lambda rule: (rule.tier, rule.position, rule.id),
            )
            for space in spaces
        }
        return await page(
            request,
            "desk_charges.html.j2",
            status_code=status_code,
            nav="desk",
            tab="charges",
            venue=venue,
            tiers=[tier for tier in tiers if tier.kind != TierKind.free],
            spaces=spaces,
            rates={(space_id, rate.tier_id): rate for space_id, found in rates.items() for rate in found},
            rules=rules,
            rule_words=rule_words,
            kinds=kind_words(),
            weekdays=weekday_names(),
            problems=problems or [],
            done=request.query_params.get("done"),
        )

    @get("/", name="desk_charges")
    async def charges(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template:
        return await self._page(request, await get_venue(venue_id))

    @post("/rules", status_code=303)
    async def add(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template | Redirect:
        venue = await get_venue(venue_id)
        form = await request.form()
        try:
            space = await _space_of(venue, form_int(str(form.get("space_id", "")), "space_id"))
            await add_rule(space, rule_from_form(form))
        except DomainError as error:
            return await self._page(request, venue, domain_status(error), [error.detail])
        return Redirect(f"/desk/venues/{venue.id}/charges?done=added", status_code=303)

    @post("/rules/{rule_id:int}/remove", status_code=303)
    async def remove(
        self, request: Request[Any, Any, Any], venue_id: FromPath[int], rule_id: FromPath[int]
    ) -> Redirect:
        venue = await get_venue(venue_id)
        form = await request.form()
        space = await _space_of(venue, form_int(str(form.get("space_id", "")), "space_id"))
        await delete_rule(space, await get_rule(space.id, rule_id))
        return Redirect(f"/desk/venues/{venue.id}/charges?done=removed", status_code=303)

    @post("/deposits", status_code=303)
    async def deposits(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template | Redirect:
        """The space's deposit per tier; each rate's hourly price and currency are kept."""
        venue = await get_venue(venue_id)
        form = form_values(await request.form())
        try:
            space = await _space_of(venue, form_int(form.get("space_id", ""), "space_id"))
            current = (await rates_by_space([space.id])).get(space.id, [])
            wanted = []
            for rate in current:
                key = f"deposit-{rate.tier_id}"
                where = f"{shown(space, 'name')}, {rate.tier_name}"
                deposit = pence(form[key], where) if key in form else rate.deposit_minor
                wanted.append(RateIn(rate.tier_id, rate.hourly_rate_minor, rate.currency, deposit or 0))
            await replace_rates(venue.id, space.id, wanted)
        except DomainError as error:
            return await self._page(request, venue, domain_status(error), [error.detail])
        return Redirect(f"/desk/venues/{venue.id}/charges?done=deposits", status_code=303)
