"""Making a booking and moving it through its statuses: requested → confirmed | declined; → cancelled.

Every write happens in one transaction with its audit event and the venue's
version bump, and every booking that holds time does so through occupancy
rows under the database's overlap guard (``scheduling.holds.guard.claiming``).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from scheduling.bookings.access import get_booking, require_group_standing, standing
from scheduling.bookings.audit import KEPT, diff, event, record, record_many
from scheduling.bookings.rules import (
    calendar_violations,
    check_booking,
    opening_around,
    opening_held,
    require_plausible,
)
from scheduling.bookings.status import HOLDS_TIME, BookingStatus, cancelled_by, check_move
from scheduling.extras.holds import checked_choices, chosen_extras, hold_extras, release_extras
from scheduling.hire_answers.check import check_hire_answers
from scheduling.hire_answers.records import record_hire_answers
from scheduling.holds.guard import claiming
from scheduling.holds.occupancy import hold_for, release, write_hold
from scheduling.invoices.issue import issue_for_booking
from scheduling.models import Booking, BookingEvent, Invoice, Occupancy
from scheduling.notices.messages import Kind
from scheduling.notices.notify import booking_notice, booking_notice_if
from scheduling.payments.cancellations import credit_cancelled_by
from scheduling.payments.deposits import deposit_due
from scheduling.pricing.quotes import ChosenExtra, Quote, kept_tier, quote, resolve_tier
from scheduling.pricing.standard import Standard, hire_values, load_standard
from scheduling.recurrence.schedule import touch_series
from scheduling.vocabulary import CancelledBy
from venues.accounts.self_service import require_verified
from venues.core import clock
from venues.core.database import write_transaction
from venues.core.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from venues.core.i18n import _
from venues.core.timezones import booked_utc
from venues.models import PriceTier, Space, User
from venues.permissions import manages_venue
from venues.publication import touch_venue
from venues.spaces.bookable import Bookable, load_bookable

# The fields a venue's public calendar and availability are built from.
PUBLISHED = frozenset({"status", "starts_at", "ends_at", "title", "purpose", "is_public", "attendance"})


@dataclass(frozen=True)
class BookingDraft:
    """A request as the booker states it; naive times are read in the venue's zone."""

    space_id: int
    starts_at: datetime
    ends_at: datetime
    title: str = ""
    purpose: str = ""
    attendance: int = 1
    is_public: bool = False
    group_id: int | None = None
    tier_id: int | None = None
    booker_name: str = ""
    booker_email: str = ""
    booker_phone: str = ""
    # Where the invoice is addressed when no group is billed (private, like the booker's contact).
    billing_address: str = ""
    override_rules: bool = False
    # (extra_id, quantity) from the venue's catalogue (scheduling.extras.holds).
    extras: tuple[tuple[int, int], ...] = ()
    # The hire terms version accepted and (question id, answer) pairs: scheduling.hire_answers.
    terms_version: int | None = None
    answers: tuple[tuple[int, str], ...] = ()


AUDITED = (
    "status",
    "space",
    "group",
    "starts_at",
    "ends_at",
    "title",
    "purpose",
    "attendance",
    "is_public",
    "booker_name",
    "booker_email",
    "booker_phone",
    "tier",
    "price_minor",
    "currency",
    "rules_overridden",
)


def snapshot(booking: Booking) -> dict[str, Any]:
    """The audited fields, by column name."""
    return {key: getattr(booking, key) for key in AUDITED}


def price_values(
    priced: Quote, standard: Standard, space: Space, starts_at: datetime, ends_at: datetime
) -> dict[str, Any]:
    """The columns a price fixes: the price and its lines, and for reports the hire and what it would cost at
    the venue's standard tier (``scheduling.pricing.standard``)."""
    return {
        "price_minor": priced.total_minor,
        "currency": priced.currency,
        "price_breakdown": json.dumps(priced.as_json()),
        **hire_values(priced, standard, space, starts_at, ends_at),
    }


async def save_changes(booking: Booking, values: dict[str, Any], now: datetime) -> None:
    """Write ``values`` only if nobody changed the booking since it was read; bumps its sequence."""
    values = {**values, "sequence": booking.sequence + 1, "updated_at": now}
    updated = (
        await Booking.update({getattr(Booking, key): value for key, value in values.items()})
        .where((Booking.id == booking.id) & (Booking.sequence == booking.sequence))
        .returning(Booking.id)
    )
    if not updated:
        raise Conflict(_("Someone changed this booking a moment ago; reload it and try again."))
    for key, value in values.items():
        setattr(booking, key, value)


async def price_for(
    bookable: Bookable,
    tier_id: int | None,
    group_id: int | None,
    starts_at: datetime,
    ends_at: datetime,
    booking_id: int | None = None,
) -> dict[str, Any]:
    """The price at today's rates for the tier (or the tier the booking would get now if that was deleted),
    with the extras booking ``booking_id`` chose."""
    tier = await kept_tier(bookable.venue.id, tier_id, group_id)
    extras = await chosen_extras(booking_id) if booking_id is not None else []
    priced = await quote(bookable.space, tier, starts_at, ends_at, extras)
    standard = await load_standard(bookable.space, tier, bookable.tz)
    return {"tier": tier.id, **price_values(priced, standard, bookable.space, starts_at, ends_at)}


MAX_BILLING_ADDRESS = 2000


def checked_billing_address(text: str) -> str:
    address = text.replace("\r\n", "\n").strip()
    if len(address) > MAX_BILLING_ADDRESS:
        raise InvalidInput(
            "billing_address",
            _("A billing address is at most %(MAX_BILLING_ADDRESS)s characters.")
            % {"MAX_BILLING_ADDRESS": MAX_BILLING_ADDRESS},
        )
    return address


async def request_booking(actor: User, draft: BookingDraft, now: datetime | None = None) -> Booking:
    """Check the rules, then hold the time: confirmed at once when no approval is needed or a manager books.

    The venue's hours and closures are checked again inside the write transaction, after its row is held
    (``opening_held``), so a closure committed meanwhile refuses the booking instead of missing it."""
    now = now or clock.now()
    require_verified(actor)
    require_plausible(draft.starts_at, "starts_at")
    require_plausible(draft.ends_at, "ends_at")
    bookable = await load_bookable(draft.space_id)
    venue, space = bookable.venue, bookable.space
    starts_at = booked_utc(draft.starts_at, venue.timezone, "starts_at")
    ends_at = booked_utc(draft.ends_at, venue.timezone, "ends_at")
    manages = await manages_venue(actor, venue.id)
    if draft.group_id is not None:
        await require_group_standing(actor, draft.group_id, manages)
    if draft.override_rules and not manages:
        raise Forbidden(_("Only this venue's managers may override its booking rules."))
    overridden = await check_booking(bookable, starts_at, ends_at, draft.attendance, now, draft.override_rules)
    chosen = await checked_choices(venue.id, draft.extras)
    tier = await resolve_tier(venue.id, draft.tier_id, draft.group_id)
    hire = await check_hire_answers(venue.id, draft.terms_version, draft.answers)
    status = BookingStatus.confirmed if manages or not space.requires_approval else BookingStatus.requested
    if status == BookingStatus.confirmed and not manages and draft.tier_id is not None:
        # Asking for a tier other than the one agreed for you is a question for the managers,
        # even where the space confirms at once: nobody books the free tier by choosing it.
        if tier.id != (await resolve_tier(venue.id, None, draft.group_id)).id:
            status = BookingStatus.requested
    booking = Booking(
        uid=uuid.uuid4().hex,
        venue=venue.id,
        space=space.id,
        group=draft.group_id,
        booked_by=actor.id,
        booker_name=draft.booker_name or actor.display_name,
        booker_email=draft.booker_email or actor.email,
        booker_phone=draft.booker_phone,
        billing_address=checked_billing_address(draft.billing_address),
        title=draft.title,
        purpose=draft.purpose,
        attendance=draft.attendance,
        is_public=draft.is_public,
        status=str(status),
        starts_at=starts_at,
        ends_at=ends_at,
        tier=tier.id,
        rules_overridden=bool(overridden),
        sequence=0,
        created_at=now,
        updated_at=now,
    )
    # Priced now even when a manager confirms later: a quote refuses what cannot be priced (an extra in
    # another currency than the rate, a price above the most one booking may cost) and that is the
    # booker's 400, not the manager's on confirming.
    extras = [ChosenExtra(choice.extra, choice.quantity) for choice in chosen]
    quoted = await quote(space, tier, starts_at, ends_at, extras)
    if status == BookingStatus.confirmed:
        standard = await load_standard(space, tier, bookable.tz)
        priced = price_values(quoted, standard, space, starts_at, ends_at)
        for key, value in priced.items():
            setattr(booking, key, value)
    changes = diff({}, snapshot(booking))
    if overridden:
        changes["overridden_rules"] = [[], overridden]
    hold = hold_for(bookable, starts_at, ends_at)
    async with claiming(hold, venue.timezone, reveal=manages):
        held = await opening_held(bookable, starts_at, ends_at)
        await booking.save()
        await write_hold(booking.id, hold, held)
        await hold_extras(booking, draft.extras, venue.timezone)
        await record(booking.id, actor.id, "created", changes)
        await record_hire_answers(hire, actor, booking_id=booking.id)
        invoice = None
        if status == BookingStatus.confirmed:
            await deposit_due(booking)
            invoice = await issue_for_booking(booking, actor.id)
        await touch_venue(venue.id)
        await booking_notice_if(booking.id, actor.id, booking.status, invoice)
    return booking


NOTICE_OF = {
    BookingStatus.confirmed: Kind.confirmed,
    BookingStatus.declined: Kind.declined,
    BookingStatus.cancelled: Kind.cancelled,
}


async def confirming_tier(venue_id: int, kept: int | None, group_id: int | None, chosen: int | None) -> PriceTier:
    """The tier a confirmation prices at: the one the manager chose (it must be the venue's), else the one
    asked for (or, deleted since, the one that applies now). Single and series confirmations alike."""
    if chosen is not None:
        return await resolve_tier(venue_id, chosen)
    return await kept_tier(venue_id, kept, group_id)


async def opening_overridden(bookable: Bookable, booking: Booking, override: bool) -> list[str]:
    """Confirming a time the venue's own hours or closures leave out: refused unless overridden (or kept before).

    Returns the rule overridden (``closure`` or ``opening_hours``), or nothing when the booking fits the
    opening or was kept as an exception when the opening changed (``scheduling.venue_changes``).
    """
    opening = await opening_around(bookable, booking.starts_at, booking.ends_at)
    broken = next(calendar_violations(bookable, booking.starts_at, booking.ends_at, opening), None)
    if broken is None:
        return []
    if await BookingEvent.exists().where((BookingEvent.booking == booking.id) & (BookingEvent.action == KEPT)):
        return []
    if not override:
        raise RuleViolation(
            broken.rule,
            (
                _(
                    "Not confirmed: the venue is closed then. %(detail)s Confirm it anyway (override) only if the "
                    "venue will open for it."
                )
                if broken.rule == "closure"
                else _(
                    "Not confirmed: it is outside the opening hours. %(detail)s Confirm it anyway (override) only if "
                    "the venue will open for it."
                )
            )
            % {"detail": broken.detail},
            overridable=True,
        )
    return [broken.rule]


async def _move(
    actor: User,
    booking_id: int,
    target: BookingStatus,
    reason: str,
    now: datetime | None,
    tier_id: int | None = None,
    override: bool = False,
) -> Booking:
    now = now or clock.now()
    booking = await get_booking(booking_id)
    found = await standing(actor, booking)
    if target == BookingStatus.cancelled:
        if not (found.manages or found.acts_for_booker):
            raise Forbidden(
                _("Only the booker, the group's organisers or the venue's managers may cancel this booking.")
            )
    elif not found.manages:
        raise Forbidden(
            _("Only this venue's managers may confirm bookings.")
            if target == BookingStatus.confirmed
            else _("Only this venue's managers may decline bookings.")
        )
    check_move(booking.status, target)
    before = snapshot(booking)
    values: dict[str, Any] = {"status": str(target), "status_reason": reason}
    if target == BookingStatus.cancelled:
        values["cancelled_by"] = str(cancelled_by(found.manages))
    overridden: list[str] = []
    if target == BookingStatus.confirmed:
        bookable = await load_bookable(booking.space)
        overridden = await opening_overridden(bookable, booking, override)
        if overridden:
            values["rules_overridden"] = True
        tier = await confirming_tier(booking.venue, booking.tier, booking.group, tier_id)
        values.update(await price_for(bookable, tier.id, booking.group, booking.starts_at, booking.ends_at, booking.id))
    async with write_transaction():
        await save_changes(booking, values, now)
        if target not in HOLDS_TIME:
            await release(booking.id)
        changes = diff(before, snapshot(booking))
        if overridden:
            changes["overridden_rules"] = [[], overridden]
        await record(booking.id, actor.id, str(target), changes, reason)
        documents: list[Invoice | None] = []
        if target == BookingStatus.confirmed:
            await deposit_due(booking)
            documents.append(await issue_for_booking(booking, actor.id))
        elif target == BookingStatus.cancelled:
            documents.extend(await credit_cancelled_by([booking.id], found.manages, actor.id, reason, now))
        if booking.series is not None:
            await touch_series(booking.series, now)
        await touch_venue(booking.venue)
        was_confirmed = before["status"] == BookingStatus.confirmed
        await booking_notice(
            booking.id, NOTICE_OF[target], actor.id, found.manages, was_confirmed=was_confirmed, documents=documents
        )
    return booking


async def confirm_booking(
    actor: User,
    booking_id: int,
    reason: str = "",
    now: datetime | None = None,
    tier_id: int | None = None,
    override: bool = False,
) -> Booking:
    """A manager accepts a request; the price is fixed now, at today's rates, at ``tier_id`` when the manager
    changes the tier asked for (the change is in the booking's history with the price).

    A request the venue's own hours or closures now leave out is refused (422 ``opening_hours`` or
    ``closure``) unless ``override``, which its history records.
    """
    return await _move(actor, booking_id, BookingStatus.confirmed, reason, now, tier_id, override)


async def decline_booking(actor: User, booking_id: int, reason: str, now: datetime | None = None) -> Booking:
    """A manager refuses a request; its time is freed, the record and its history stay."""
    return await _move(actor, booking_id, BookingStatus.declined, reason, now)


async def cancel_booking(actor: User, booking_id: int, reason: str = "", now: datetime | None = None) -> Booking:
    """The booker, an organiser or a manager calls it off; its time is freed, the record stays."""
    return await _move(actor, booking_id, BookingStatus.cancelled, reason, now)


async def cancel_rows(
    rows: list[dict[str, Any]], actor_id: int, reason: str, now: datetime, by: CancelledBy
) -> list[int]:
    """Cancel many live bookings at once (``rows``: their ``id`` and ``status``, and ``status_reason`` when its
    change is to be recorded), called off ``by`` the hirer or the venue (``status.cancelled_by``), free their
    time and record each in its history: three statements however many. The caller holds the transaction,
    bumps the versions caches key on and tells the people concerned."""
    ids = [row["id"] for row in rows]
    if not ids:
        return []
    cancelled = str(BookingStatus.cancelled)
    await Booking.update(
        {
            Booking.status: cancelled,
            Booking.status_reason: reason,
            Booking.cancelled_by: str(by),
            Booking.sequence: Booking.sequence + 1,
            Booking.updated_at: now,
        }
    ).where(Booking.id.is_in(ids))
    await Occupancy.delete().where(Occupancy.booking.is_in(ids))
    await release_extras(ids)
    await record_many([event(row["id"], actor_id, cancelled, _cancel_diff(row, reason), reason) for row in rows])
    return ids


def _cancel_diff(row: dict[str, Any], reason: str) -> dict[str, Any]:
    changed: dict[str, Any] = {"status": [row["status"], str(BookingStatus.cancelled)]}
    if "status_reason" in row:
        changed["status_reason"] = [row["status_reason"], reason]
    return changed
