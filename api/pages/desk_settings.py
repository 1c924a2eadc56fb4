"""/desk/venues/{id}/closures, /hours, /rates and /groups: what a manager sets up, through the same domain rules as the API.

The weekly hours form serves the venue's hours here and a space's own hours on the spaces pages
(``api.pages.desk_spaces``), both through ``scheduling.venue_changes.resolve.set_hours``.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.errors import domain_status
from api.pages.support.rendering import current_user, form_date, form_int, page
from api.pages.support.wording import short_day
from api.pages.views.reached_bookings import (
    ReachedList,
    reached_list,
    resolution_from_form,
    resolved_notice,
    with_current_choices,
)
from api.text_input import MULTI_LINE_FIELDS
from api.venues.guards import manages_path_venue
from scheduling.groups import get_group
from scheduling.models import Group
from scheduling.pricing.group_tiers import agree_tier, groups_at_venue, withdraw_tier
from scheduling.venue_changes.resolve import Resolved, close, set_hours
from venues.core import clock
from venues.core.errors import AffectsBookings, DomainError, InvalidInput, NotFound
from venues.core.i18n import _, ngettext
from venues.core.i18n.content import shown
from venues.core.i18n.formatting import weekday_names
from venues.core.timezones import zone
from venues.lookups import get_venue
from venues.models import Space, Venue
from venues.opening.closures import get_closure, list_closures, remove_closure
from venues.opening.hours import Interval, parse_clock, weekly_hours
from venues.spaces.operations import list_spaces
from venues.tiers import RateIn, list_tiers, rates_by_space, replace_rates
from venues.vocabulary import TierKind

SPARE_ROWS = 1
MAX_PENCE = 100_000_000
_HOURS_FIELD = re.compile(r"^(opens|closes)-([0-6])-([0-9]{1,2})$")
_MONEY = re.compile(r"^\d{1,7}(\.\d{1,2})?$")


@dataclass(frozen=True)
class DayRows:
    """One weekday's intervals on the form, plus a spare blank row to add one."""

    weekday: int
    name: str
    rows: list[tuple[str, str]]


def weekday_name(weekday: int) -> str:
    """``Monday`` / ``Dydd Llun`` for 0, in the language in force."""
    return weekday_names()[weekday]


def hours_rows(intervals: list[Interval]) -> list[DayRows]:
    days = []
    for weekday in range(7):
        rows = [(f"{i.opens:%H:%M}", f"{i.closes:%H:%M}") for i in intervals if i.weekday == weekday]
        days.append(DayRows(weekday, weekday_name(weekday), rows + [("", "")] * SPARE_ROWS))
    return days


def read_hours(form: dict[str, str]) -> list[Interval]:
    """Rows with both times filled in; a row with only one of them is a mistake worth saying so."""
    rows: dict[tuple[int, int], dict[str, str]] = {}
    for key, value in form.items():
        match = _HOURS_FIELD.match(key)
        if match and value.strip():
            rows.setdefault((int(match.group(2)), int(match.group(3))), {})[match.group(1)] = value.strip()
    intervals = []
    for (weekday, _row), row in sorted(rows.items()):
        if "opens" not in row or "closes" not in row:
            raise InvalidInput(
                "hours",
                _("On %(day)s give both an opening and a closing time, or neither.") % {"day": weekday_name(weekday)},
            )
        intervals.append(Interval(weekday, parse_clock(row["opens"], "opens"), parse_clock(row["closes"], "closes")))
    return intervals


def pence(text: str, where: str) -> int | None:
    """``18`` or ``18.50`` (pounds) as pence; blank means no rate."""
    cleaned = text.strip().lstrip("£")
    if not cleaned:
        return None
    not_amount = _("%(where)s: %(text)s is not an amount such as 18.50.") % {"where": where, "text": repr(text)}
    if not _MONEY.match(cleaned):
        raise InvalidInput("rates", not_amount)
    try:
        value = int(Decimal(cleaned) * 100)
    except InvalidOperation:
        raise InvalidInput("rates", not_amount) from None
    if value > MAX_PENCE:
        raise InvalidInput("rates", _("%(where)s: that is more than the largest rate allowed.") % {"where": where})
    return value


def error_sentence(reached: ReachedList) -> str:
    return ngettext(
        "This would leave %(num)d booking outside the opening. Nothing is saved yet: choose below what happens to them.",
        "This would leave %(num)d bookings outside the opening. Nothing is saved yet: choose below what happens to them.",
        reached.total,
    ) % {"num": reached.total}


def resolved_query(done: str, resolved: Resolved) -> str:
    """Where the redirect says what was saved and what became of the bookings it reached."""
    query = "done=added" if done == "added" else "saved=1"
    return query + f"&cancelled={len(resolved.cancelled)}&kept={len(resolved.kept)}"


def form_values(form: Any) -> dict[str, str]:
    return {key: str(value) for key, value in form.items()}


def hours_path(venue: Venue, space: Space | None) -> str:
    return f"/desk/venues/{venue.id}/hours" if space is None else f"/desk/venues/{venue.id}/spaces/{space.id}/hours"


async def hours_page(
    request: Request[Any, Any, Any],
    venue: Venue,
    space: Space | None,
    status_code: int = 200,
    days: list[DayRows] | None = None,
    problems: list[str] | None = None,
    form: dict[str, str] | None = None,
    reached: ReachedList | None = None,
) -> Template:
    """The venue's weekly hours, or one space's: its own, or the venue's as a start while it follows them."""
    follows = False
    if days is None:
        week = await weekly_hours(venue.id, space.id if space is not None else None)
        if space is not None and not week:
            follows, week = True, await weekly_hours(venue.id)
        days = hours_rows(week)
    elif space is not None:
        follows = (form or {}).get("follows") == "venue"
    return await page(
        request,
        "desk_hours.html.j2",
        status_code=status_code,
        nav="desk",
        tab="hours" if space is None else "spaces",
        venue=venue,
        space=space,
        follows=follows,
        action=hours_path(venue, space),
        days=days,
        problems=problems or [],
        form=form or {},
        reached=reached,
        saved=status_code == 200 and request.query_params.get("saved") == "1",
        resolved=resolved_notice(request.query_params) if status_code == 200 else "",
    )


async def save_hours_form(request: Request[Any, Any, Any], venue: Venue, space: Space | None) -> Template | Redirect:
    """The venue's or a space's new week through ``set_hours``, as over the API: bookings it would leave outside
    are listed with a choice for each, and saved with the hours when the form comes back with the choices."""
    user = current_user(request)
    assert user is not None
    form = form_values(await request.form())
    space_id = space.id if space is not None else None
    try:
        week = [] if space is not None and form.get("follows") == "venue" else read_hours(form)

        async def attempt(sent: dict[str, str]) -> Resolved:
            assert user is not None
            return (await set_hours(user, venue.id, space_id, week, resolution_from_form(sent)))[1]

        resolved = await with_current_choices(attempt, form)
    except DomainError as error:
        problem = error.detail
        reached: ReachedList | None = None
        if isinstance(error, AffectsBookings):
            reached = reached_list(error, venue.timezone)
            problem = error_sentence(reached)
        current = await weekly_hours(venue.id, space_id) or (await weekly_hours(venue.id) if space else [])
        sent = [
            DayRows(
                day.weekday,
                day.name,
                [
                    (form.get(f"opens-{day.weekday}-{i}", ""), form.get(f"closes-{day.weekday}-{i}", ""))
                    for i in range(len(day.rows))
                ],
            )
            for day in hours_rows(current)
        ]
        return await hours_page(request, venue, space, domain_status(error), sent, [problem], form, reached)
    return Redirect(f"{hours_path(venue, space)}?{resolved_query('saved', resolved)}", status_code=303)


class DeskSettingsPages(Controller):
    path = "/desk/venues/{venue_id:int}"
    guards = [manages_path_venue]

    async def _closures_page(
        self,
        request: Request[Any, Any, Any],
        venue: Venue,
        status_code: int = 200,
        problems: list[str] | None = None,
        form: dict[str, str] | None = None,
        reached: ReachedList | None = None,
    ) -> Template:
        today = clock.now_exact().astimezone(zone(venue.timezone)).date()
        closures, _closures = await list_closures(venue.id, today, None, limit=200, offset=0)
        spaces, _spaces = await list_spaces(venue.id, include_archived=False, limit=100, offset=0)
        return await page(
            request,
            "desk_closures.html.j2",
            status_code=status_code,
            nav="desk",
            tab="closures",
            venue=venue,
            closures=closures,
            spaces=spaces,
            space_rows={space.id: space for space in spaces},
            problems=problems or [],
            form=form or {},
            reached=reached,
            done=request.query_params.get("done"),
            resolved=resolved_notice(request.query_params),
        )

    @get("/closures", name="desk_closures")
    async def closures(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template:
        return await self._closures_page(request, await get_venue(venue_id))

    @post("/closures", status_code=303, opt={MULTI_LINE_FIELDS: {"resolve_reason"}})
    async def add(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template | Redirect:
        """A closure over bookings first lists them, with a choice for each; sent again, it is added with them."""
        venue = await get_venue(venue_id)
        user = current_user(request)
        assert user is not None
        form = form_values(await request.form())
        try:
            starts_on = form_date(form.get("starts_on"), "starts_on")
            ends_on = form_date(form.get("ends_on") or form.get("starts_on"), "ends_on")
            assert starts_on is not None and ends_on is not None
            if ends_on < starts_on:
                raise InvalidInput(
                    "ends_on",
                    _(
                        "The last day closed (%(last)s) is before the first day closed (%(first)s): "
                        "choose a last day on or after the first."
                    )
                    % {"last": short_day(ends_on), "first": short_day(starts_on)},
                )
            space_id = form_int(form.get("space_id"), "space_id")

            async def attempt(sent: dict[str, str]) -> Resolved:
                assert user is not None and starts_on is not None and ends_on is not None
                reason = sent.get("reason", "")[:200]
                return (await close(user, venue.id, starts_on, ends_on, reason, space_id, resolution_from_form(sent)))[
                    1
                ]

            resolved = await with_current_choices(attempt, form)
        except AffectsBookings as error:
            reached = reached_list(error, venue.timezone)
            return await self._closures_page(request, venue, 409, [error_sentence(reached)], form, reached)
        except DomainError as error:
            return await self._closures_page(request, venue, domain_status(error), [error.detail], form)
        return Redirect(f"/desk/venues/{venue.id}/closures?{resolved_query('added', resolved)}", status_code=303)

    @post("/closures/{closure_id:int}/remove", status_code=303)
    async def remove(self, venue_id: FromPath[int], closure_id: FromPath[int]) -> Redirect:
        closure = await get_closure(closure_id)
        if closure.venue != venue_id:
            raise NotFound(_("There is no closure with id %(id)s at this venue.") % {"id": closure_id})
        await remove_closure(closure)
        return Redirect(f"/desk/venues/{venue_id}/closures?done=removed", status_code=303)

    @get("/hours", name="desk_hours")
    async def hours(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template:
        return await hours_page(request, await get_venue(venue_id), None)

    @post("/hours", status_code=303, opt={MULTI_LINE_FIELDS: {"resolve_reason"}})
    async def save_hours(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template | Redirect:
        """Hours that leave bookings outside first list them, with a choice for each; sent again, they are saved."""
        return await save_hours_form(request, await get_venue(venue_id), None)

    async def _rates_page(
        self,
        request: Request[Any, Any, Any],
        venue: Venue,
        status_code: int = 200,
        problems: list[str] | None = None,
        form: dict[str, str] | None = None,
    ) -> Template:
        tiers, _count = await list_tiers(venue.id, limit=50, offset=0)
        spaces, _count = await list_spaces(venue.id, include_archived=False, limit=100, offset=0)
        rates = await rates_by_space(space.id for space in spaces)
        current = {(space_id, rate.tier_id): rate for space_id, found in rates.items() for rate in found}
        return await page(
            request,
            "desk_rates.html.j2",
            status_code=status_code,
            nav="desk",
            tab="rates",
            venue=venue,
            tiers=tiers,
            spaces=spaces,
            current=current,
            sent=form,
            problems=problems or [],
            saved=request.query_params.get("saved") == "1",
        )

    @get("/rates", name="desk_rates")
    async def rates(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template:
        return await self._rates_page(request, await get_venue(venue_id))

    @post("/rates", status_code=303)
    async def save_rates(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template | Redirect:
        venue = await get_venue(venue_id)
        form = form_values(await request.form())
        tiers, _count = await list_tiers(venue.id, limit=50, offset=0)
        spaces, _count = await list_spaces(venue.id, include_archived=False, limit=100, offset=0)
        existing = await rates_by_space(space.id for space in spaces)
        try:
            wanted: dict[int, list[RateIn]] = {}
            for space in spaces:
                kept = {rate.tier_id: rate for rate in existing.get(space.id, [])}
                rows = []
                for tier in tiers:
                    currency = kept[tier.id].currency if tier.id in kept else "GBP"
                    if tier.kind == TierKind.free:
                        if tier.id in kept:
                            rows.append(RateIn(tier.id, 0, currency))
                        continue
                    where = f"{shown(space, 'name')}, {tier.name}"
                    amount = pence(form.get(f"rate-{space.id}-{tier.id}", ""), where)
                    if amount is not None:
                        # The deposit is set on the charges tab; the rates form keeps it.
                        deposit = kept[tier.id].deposit_minor if tier.id in kept else 0
                        rows.append(RateIn(tier.id, amount, currency, deposit))
                wanted[space.id] = rows
            for space_id, rows in wanted.items():
                await replace_rates(venue.id, space_id, rows)
        except DomainError as error:
            return await self._rates_page(request, venue, domain_status(error), [error.detail], form)
        return Redirect(f"/desk/venues/{venue.id}/rates?saved=1", status_code=303)

    async def _groups_page(
        self, request: Request[Any, Any, Any], venue: Venue, status_code: int = 200, problems: list[str] | None = None
    ) -> Template:
        tiers, _tiers = await list_tiers(venue.id, limit=50, offset=0)
        found = await groups_at_venue(venue.id)
        ids = [g.group_id for g in found]
        named = await Group.select(Group.id, Group.name, Group.name_cy).where(Group.id.is_in(ids)) if ids else []
        return await page(
            request,
            "desk_groups.html.j2",
            status_code=status_code,
            nav="desk",
            tab="groups",
            venue=venue,
            tiers=tiers,
            found=found,
            group_rows={row["id"]: row for row in named},
            problems=problems or [],
            saved=request.query_params.get("saved"),
        )

    @get("/groups", name="desk_groups")
    async def groups(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template:
        return await self._groups_page(request, await get_venue(venue_id))

    @post("/groups/{group_id:int}", status_code=303)
    async def save_group_tier(
        self, request: Request[Any, Any, Any], venue_id: FromPath[int], group_id: FromPath[int]
    ) -> Template | Redirect:
        """Agree a tier for the group (as ``PUT …/group-tiers/{id}``), or clear it when none is chosen."""
        venue = await get_venue(venue_id)
        group = await get_group(group_id)
        form = form_values(await request.form())
        try:
            tier_id = form_int(form.get("tier_id"), "tier_id")
            if tier_id is None:
                with contextlib.suppress(NotFound):  # nothing was agreed: clearing it again is no change
                    await withdraw_tier(venue.id, group.id)
            else:
                await agree_tier(venue.id, group.id, tier_id)
        except DomainError as error:
            return await self._groups_page(request, venue, domain_status(error), [error.detail])
        return Redirect(f"/desk/venues/{venue.id}/groups?saved={group.id}#group-{group.id}", status_code=303)
