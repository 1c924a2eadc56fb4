"""Deleting an account: its personal data goes, the venue's booking records stay, anonymised.

The booker name, email and phone go from the account's bookings and series (and from any booking or
series that carries its address, in any case), and from those bookings' history (each ``changes`` entry
naming a booker field, and any value equal to one of the erased values; in a reason, the addresses and
phone numbers, and the names as whole words of three letters or more); the bookings themselves, their times,
status and prices stay, so a venue's records and figures do not change. The account's tokens, links,
manager and organiser rows, requests to join groups go with it (foreign keys cascade), and so do
invitations and messages addressed to it or naming its address in any header or decoded body part
(read a batch at a time); history it wrote keeps no actor.

The booking's billing address goes with the booker's contact, and a group the account organised loses its
billing name and address when they name the account's holder. Invoices and credit notes are never touched:
an issued invoice keeps the billing name and address it was made out to for the six years the law asks
records to be kept (the database refuses any change to an issued invoice anyway). The name on the hire
terms they accepted goes (the version and the time stay: the venue can still show terms were accepted), and
the answers to the venue's questions on their bookings and series are cleared.

Refused (409) while the account is the last manager of a venue or the last organiser of a group, counted
under those rows' locks like every other removal, so a venue or group is never left with nobody.
"""

from __future__ import annotations

import json
import re
from email import message_from_bytes, policy
from email.message import Message
from typing import Any

from piccolo.columns.combination import Combinable, WhereRaw

from scheduling.bookings.audit import load_json
from scheduling.models import Booking, BookingEvent, Group, GroupOrganiser, HireAnswer, Series, TermsAcceptance
from venues.core.database import write_transaction
from venues.core.errors import Conflict
from venues.core.i18n import _
from venues.core.row_locks import lock_row
from venues.models import AccountLink, OutboxMessage, User, Venue, VenueManager
from venues.publication import bump_publication

BOOKER_FIELDS = ("booker_name", "booker_email", "booker_phone")
OUTBOX_BATCH = 200
SHORTEST_NAME_REMOVED = 3  # a shorter name ("Jo") is too likely a piece of other words to cut from free text


def _scrub(value: Any, erased: set[str]) -> Any:
    if isinstance(value, str):
        return "" if value in erased else value
    if isinstance(value, list):
        return [_scrub(item, erased) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, erased) for key, item in value.items() if key not in BOOKER_FIELDS}
    return value


async def _require_not_last(user_id: int) -> None:
    for venue_id in [
        r["venue"] for r in await VenueManager.select(VenueManager.venue).where(VenueManager.user == user_id)
    ]:
        await lock_row(Venue, venue_id)
        if await VenueManager.count().where(VenueManager.venue == venue_id) <= 1:
            raise Conflict(
                _("This account is the only manager of a venue: add another manager before deleting it."),
                venue_id=venue_id,
            )
    for group_id in [
        r["group"] for r in await GroupOrganiser.select(GroupOrganiser.group).where(GroupOrganiser.user == user_id)
    ]:
        await lock_row(Group, group_id)
        if await GroupOrganiser.count().where(GroupOrganiser.group == group_id) <= 1:
            raise Conflict(
                _("This account is the only organiser of a group: add another organiser before deleting it."),
                group_id=group_id,
            )


def _same_address(column: str, email: str) -> WhereRaw:
    """``column`` holds ``email`` in any case (a manager may have typed Alice@Example.org for alice@example.org)."""
    return WhereRaw(f"lower({column}) = {{}}", email.strip().lower())


def _readable_text(content: bytes) -> str:
    """Everything a reader of the message sees, decoded: every header, and each text part's words.

    Bodies travel quoted-printable or base64, so the address is looked for in what they decode to."""
    message = message_from_bytes(content, policy=policy.default)
    seen = [f"{name}: {value}" for name, value in message.items()]
    for part in message.walk():
        assert isinstance(part, Message)
        if part.is_multipart():
            continue
        seen.extend(f"{name}: {value}" for name, value in part.items())
        if part.get_content_maintype() == "text" or part.get_content_type() == "application/ics":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                seen.append(payload.decode(part.get_content_charset() or "utf-8", errors="replace"))
    return "\n".join(seen)


def _names(content: bytes, needles: tuple[str, ...]) -> bool:
    if not content:
        return False
    raw = content.lower()
    if any(needle.encode() in raw for needle in needles):
        return True
    text = _readable_text(content).lower()
    # A long line folded by quoted-printable is joined again by decoding; an ICS folds lines of its own.
    unfolded = text.replace("\r\n ", "").replace("\n ", "")
    return any(needle in text or needle in unfolded for needle in needles)


async def _drop_messages_naming(email: str) -> None:
    """Messages that name the address anywhere a reader sees it (a request to join told to a group's organisers),
    in a batch at a time so the outbox is never loaded whole."""
    needles = (email.strip().lower(),)
    await OutboxMessage.delete().where(_same_address("recipient", email))
    after = 0
    while True:
        rows = (
            await OutboxMessage.select(OutboxMessage.id, OutboxMessage.content)
            .where(OutboxMessage.id > after)
            .order_by(OutboxMessage.id)
            .limit(OUTBOX_BATCH)
        )
        if not rows:
            return
        after = rows[-1]["id"]
        naming = [row["id"] for row in rows if _names(bytes(row["content"]), needles)]
        if naming:
            await OutboxMessage.delete().where(OutboxMessage.id.is_in(naming))


def _without(reason: str, contacts: set[str], names: set[str]) -> str:
    """The reason with the erased addresses and phone numbers cut out, and each name of three letters or more
    where it stands as a whole word; every other word stays as written."""
    for value in sorted(contacts, key=len, reverse=True):
        reason = re.sub(re.escape(value), "", reason, flags=re.IGNORECASE)
    for name in sorted(names, key=len, reverse=True):
        if len(name.strip()) >= SHORTEST_NAME_REMOVED:
            reason = re.sub(rf"(?<!\w){re.escape(name.strip())}(?!\w)", "", reason)
    return reason


async def _forget_group_billing(user_id: int, names: set[str]) -> None:
    """The billing name and address of the groups the account organises, where the name is the account's."""
    erased = {name.strip().lower() for name in names if name.strip()}
    organised = GroupOrganiser.select(GroupOrganiser.group).where(GroupOrganiser.user == user_id)
    rows = await Group.select(Group.id, Group.billing_name).where(Group.id.is_in(organised))
    naming = [row["id"] for row in rows if row["billing_name"].strip().lower() in erased]
    if naming:
        await Group.update({Group.billing_name: "", Group.billing_address: ""}).where(Group.id.is_in(naming))


async def _forget_hire_records(user_id: int, booking_ids: list[int], series_ids: list[int], names: set[str]) -> None:
    """The name on the hire terms they accepted goes (the version and when stay, as the fact of acceptance);
    the answers to the venue's questions on their bookings and series are private and are cleared."""
    theirs: Combinable | None = None
    if booking_ids:
        theirs = TermsAcceptance.booking.is_in(booking_ids)
    if series_ids:
        in_series = TermsAcceptance.series.is_in(series_ids)
        theirs = in_series if theirs is None else theirs | in_series
    erased = {name.strip().lower() for name in names if name.strip()}
    rows = await TermsAcceptance.select(TermsAcceptance.id, TermsAcceptance.accepted_name).where(
        TermsAcceptance.accepted_by == user_id if theirs is None else (TermsAcceptance.accepted_by == user_id) | theirs
    )
    # On their bookings a manager may have accepted for them: that name is the manager's and stays.
    naming = [row["id"] for row in rows if row["accepted_name"].strip().lower() in erased]
    if naming:
        await TermsAcceptance.update({TermsAcceptance.accepted_name: ""}).where(TermsAcceptance.id.is_in(naming))
    if booking_ids:
        await HireAnswer.update({HireAnswer.answer: ""}).where(HireAnswer.booking.is_in(booking_ids))
    if series_ids:
        await HireAnswer.update({HireAnswer.answer: ""}).where(HireAnswer.series.is_in(series_ids))


async def delete_account(user: User) -> int:
    """Erase the account and anonymise its bookings; returns how many bookings were anonymised."""
    async with write_transaction():
        await _require_not_last(user.id)
        mine = (Booking.booked_by == user.id) | _same_address("booker_email", user.email)
        rows = await Booking.select(Booking.id, *[getattr(Booking, f) for f in BOOKER_FIELDS]).where(mine)
        series_mine = (Series.booked_by == user.id) | _same_address("booker_email", user.email)
        series_rows = await Series.select(Series.id, *[getattr(Series, f) for f in BOOKER_FIELDS]).where(series_mine)
        booker_rows = [*rows, *series_rows]
        names = {user.display_name} | {row["booker_name"] for row in booker_rows}
        contacts = {user.email} | {row[f] for row in booker_rows for f in ("booker_email", "booker_phone")}
        names.discard("")
        contacts.discard("")
        erased = names | contacts
        booking_ids = [row["id"] for row in rows]
        blank = {**{getattr(Booking, f): "" for f in BOOKER_FIELDS}, Booking.billing_address: ""}
        if booking_ids:
            await Booking.update(blank).where(Booking.id.is_in(booking_ids))
            events = await BookingEvent.select(BookingEvent.id, BookingEvent.changes, BookingEvent.reason).where(
                BookingEvent.booking.is_in(booking_ids)
            )
            for event in events:
                changes = load_json(event["changes"])
                scrubbed = _scrub(changes, erased)
                reason = _without(event["reason"], contacts, names)
                if scrubbed != changes or reason != event["reason"]:
                    await BookingEvent.update(
                        {BookingEvent.changes: json.dumps(scrubbed), BookingEvent.reason: reason}
                    ).where(BookingEvent.id == event["id"])
        if series_rows:
            await Series.update({getattr(Series, f): "" for f in BOOKER_FIELDS}).where(
                Series.id.is_in([row["id"] for row in series_rows])
            )
        await _forget_group_billing(user.id, names)
        await _forget_hire_records(user.id, booking_ids, [row["id"] for row in series_rows], names)
        await User.delete().where(User.id == user.id)
        # Invitations sent to the address, and the messages queued or sent to it, name the person too.
        await AccountLink.delete().where(_same_address("email", user.email))
        await _drop_messages_naming(user.email)
        await bump_publication()  # managers' private feeds showed the booker's name and contact
    return len(booking_ids)
