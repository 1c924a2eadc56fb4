"""The arithmetic of a hire: the booked minutes cut by the venue's wall clock into rate bands, then the rules.

How a hire is priced (``hire_lines``), all in integer minor units:

1. The booking ``[starts_at, ends_at)`` is cut at every local midnight of the venue (a booking crossing
   midnight touches two days) and, within each local day, at the edges of every ``band`` rule for that
   weekday (0 Monday … 6 Sunday). Band edges are wall-clock times in the venue's zone; a band ending
   00:00 runs to midnight. Each piece is real elapsed time, so on a day the clocks change a 00:00–06:00
   booking is 5 h (spring) or 7 h (autumn) of hire. A piece covered by several bands takes the first by
   ``position``; a piece covered by none is at the space's hourly rate for the tier (the base rate).
2. The minutes of one day at one rate make one line, charged with ``charge`` (half-up to the penny):
   ``Main hall, 2 h at £12.00 an hour`` then ``Main hall, 1 h 30 min at £18.00 an hour (Evening)``.
   A booking over two days names the day on each line.
3. ``daily_cap``: a day's hire above the cap gets a negative ``Daily cap`` line bringing it down to the cap
   (the lowest cap wins if several are set). Each day is capped on its own.
4. ``minimum``: if the whole hire (after caps) is below the minimum (the highest wins), a ``Minimum charge``
   line raises it to the minimum.
5. ``fixed``: the hire is the first fixed rule's amount whatever the length, one line; bands, caps and
   minimums do not apply.

The lines always sum to the hire. Seconds are dropped from each piece (bookings are whole minutes).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from scheduling.wording import hours_minutes, money
from venues.billing.settings import money_settings
from venues.core.timezones import local_datetime, zone
from venues.models import ChargeRule, PriceTier, Space, SpaceRate, Venue
from venues.vocabulary import ChargeKind, VatTreatment


@dataclass(frozen=True)
class Charges:
    """Everything that prices one space at one tier, loaded once so many dates can be priced without queries."""

    rate: SpaceRate | None
    rules: tuple[ChargeRule, ...] = ()
    tz: str = "Europe/London"
    hire_vat_treatment: str = str(VatTreatment.exempt)


@dataclass(frozen=True)
class HireLine:
    description: str
    minutes: int
    hourly_rate_minor: int
    amount_minor: int


def charge(minutes: int, hourly_rate_minor: int) -> int:
    """``minutes × rate ÷ 60`` rounded half-up, in integers only."""
    return (minutes * hourly_rate_minor * 2 + 60) // 120


def _band_span(day: date, rule: ChargeRule, tz: str) -> tuple[datetime, datetime] | None:
    if day.weekday() not in (rule.weekdays or []) or rule.band_starts is None or rule.band_ends is None:
        return None
    starts = local_datetime(day, rule.band_starts, tz).astimezone(UTC)
    ends_day = day + timedelta(days=1) if rule.band_ends == time(0) else day
    ends = local_datetime(ends_day, rule.band_ends, tz).astimezone(UTC)
    return (starts, ends) if starts < ends else None


def _days(starts_at: datetime, ends_at: datetime, tz: str) -> list[tuple[date, datetime, datetime]]:
    """Each local day the span touches and the span's part of it, in UTC (aware times in one zone subtract
    by the wall clock, which would get a day the clocks change wrong)."""
    here = zone(tz)
    pieces = []
    start, end = starts_at.astimezone(UTC), ends_at.astimezone(UTC)
    while start < end:
        day = start.astimezone(here).date()
        midnight = local_datetime(day + timedelta(days=1), time(0), tz).astimezone(UTC)
        pieces.append((day, start, min(end, midnight)))
        start = midnight
    return pieces


def _portions(
    day: date, starts: datetime, ends: datetime, bands: Sequence[ChargeRule], tz: str
) -> dict[int | None, int]:
    """Seconds of ``[starts, ends)`` per band rule id (None: the base rate), first band by position wins."""
    spans = [(rule, span) for rule in bands if (span := _band_span(day, rule, tz)) is not None]
    edges = sorted({starts, ends, *(t for _, span in spans for t in span if starts < t < ends)})
    seconds: dict[int | None, int] = {}
    for left, right in zip(edges, edges[1:], strict=False):
        owner = next((rule.id for rule, (b0, b1) in spans if b0 <= left and right <= b1), None)
        seconds[owner] = seconds.get(owner, 0) + int((right - left).total_seconds())
    return seconds


def hire_lines(
    space: Space, tier: PriceTier, charges: Charges, starts_at: datetime, ends_at: datetime, currency: str
) -> list[HireLine]:
    """The hire of ``space`` at ``tier`` for the span, line by line (see the module's rules). Needs a rate."""
    assert charges.rate is not None
    base = charges.rate.hourly_rate_minor
    rules = sorted(charges.rules, key=lambda rule: (rule.position, rule.id))
    fixed = [rule for rule in rules if rule.kind == ChargeKind.fixed]
    minutes = int((ends_at - starts_at).total_seconds()) // 60
    if fixed:
        rule = fixed[0]
        label = f" ({rule.name})" if rule.name else ""
        return [
            HireLine(
                f"{space.name}, {hours_minutes(minutes)} at a fixed price of {money(rule.amount_minor, currency)}{label}",
                minutes,
                0,
                rule.amount_minor,
            )
        ]
    bands = [rule for rule in rules if rule.kind == ChargeKind.band]
    by_id = {rule.id: rule for rule in bands}
    caps = [rule.amount_minor for rule in rules if rule.kind == ChargeKind.daily_cap]
    minimums = [rule.amount_minor for rule in rules if rule.kind == ChargeKind.minimum]
    days = _days(starts_at, ends_at, charges.tz)
    lines: list[HireLine] = []
    for day, starts, ends in days:
        on = f" on {day.strftime('%a')} {day.day} {day.strftime('%b')}" if len(days) > 1 else ""
        day_total = 0
        portions = _portions(day, starts, ends, bands, charges.tz)
        # The base rate first, then bands in position order.
        for owner in sorted(portions, key=lambda key: (key is not None, by_id[key].position if key else 0, key or 0)):
            part = portions[owner] // 60
            if part <= 0:
                continue
            rate = base if owner is None else by_id[owner].hourly_rate_minor
            label = "" if owner is None else f" ({by_id[owner].name or 'band'})"
            amount = charge(part, rate)
            day_total += amount
            lines.append(
                HireLine(
                    f"{space.name}, {hours_minutes(part)}{on} at {money(rate, currency)} an hour{label}",
                    part,
                    rate,
                    amount,
                )
            )
        if caps and day_total > min(caps):
            cap = min(caps)
            lines.append(HireLine(f"Daily cap{on} of {money(cap, currency)}", 0, 0, cap - day_total))
    hire = sum(line.amount_minor for line in lines)
    if minimums and hire < max(minimums):
        floor = max(minimums)
        lines.append(HireLine(f"Minimum charge of {money(floor, currency)}", 0, 0, floor - hire))
    return lines


async def load_charges(space: Space, tier: PriceTier, tz: str | None = None) -> Charges:
    """The rate, rules, zone and hire VAT treatment for ``space`` at ``tier``: four queries (three given ``tz``)."""
    rate = await SpaceRate.objects().where((SpaceRate.space == space.id) & (SpaceRate.tier == tier.id)).first()
    rules = await ChargeRule.objects().where((ChargeRule.space == space.id) & (ChargeRule.tier == tier.id))
    if tz is None:
        found = await Venue.select(Venue.timezone).where(Venue.id == space.venue).first()
        tz = found["timezone"] if found else "Europe/London"
    return Charges(rate, tuple(rules), tz, await hire_vat_treatment(space.venue))


async def hire_vat_treatment(venue_id: int) -> str:
    """The VAT treatment of the venue's hire lines (``money_settings``, exempt by default)."""
    return str((await money_settings(venue_id)).hire_vat_treatment)


async def rules_by_space(space_ids: Iterable[int]) -> dict[tuple[int, int], tuple[ChargeRule, ...]]:
    """Every charge rule of the spaces, keyed by (space, tier): one query."""
    ids = sorted(set(space_ids))
    rows = await ChargeRule.objects().where(ChargeRule.space.is_in(ids)) if ids else []
    found: dict[tuple[int, int], list[ChargeRule]] = {}
    for rule in rows:
        found.setdefault((rule.space, rule.tier), []).append(rule)
    return {key: tuple(value) for key, value in found.items()}
