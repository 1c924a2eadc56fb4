"""Who hears about a change to a booking or series, called inside the change's ``write_transaction()``.

Each message goes to the outbox in the same transaction (``venues.mail.outbox.enqueue``): a change that
commits leaves its messages behind, one that rolls back takes them with it. The booker's side is the
account that booked (and the contact address typed in, only when a venue manager booked) and the group's
organisers; the managers' side the venue's managers. The venue's private address is never shown. Each
address hears once per change, on the side that concerns them (a manager who booked for their own group
reads the managers' message). Money rides along: a confirmation's invoice and a cancellation's credit notes go
into the same message for the people billed only (``billed_people``), a month's invoice and a deposit settled in
messages of their own (``invoice_notice``, ``deposit_notice``); the words are ``scheduling.notices.money``'s.

Each person's message (its words, dates, content and calendar invitation) is built inside
``venues.core.i18n.using(recipient_language(person.language, has_account))``, the rule every message follows:
their account's chosen language; an account that never chose, English; an address without an account, the language
the change was made in (``current_language()`` when it is enqueued). The outbox row is built once, there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from scheduling.feeds.events import BOOKING_FEED_COLUMNS, location_of, private_event, stamped, uid_host
from scheduling.feeds.ical import FeedEvent
from scheduling.feeds.tokens import FeedScope, fetched_since
from scheduling.models import (
    Booking,
    Deposit,
    FeedToken,
    GroupOrganiser,
    HeldNotice,
    Invoice,
    InvoiceLine,
    Series,
)
from scheduling.notices.invitation import CANCEL, REQUEST, Party, invitation
from scheduling.notices.messages import Audience, Composed, Facts, Kind, compose, compose_money
from scheduling.notices.money import DEPOSIT, INVOICE, MoneyNews, credit_news, deposit_news, invoice_news
from scheduling.notices.preferences import DIGEST, IMMEDIATE, delivery_for
from scheduling.recurrence.rules import expand, ical_rrule_until
from scheduling.recurrence.schedule import schedule_of
from scheduling.vocabulary import InvoiceKind
from scheduling.wording import span, when
from venues.core.i18n import _, current_language, ngettext, recipient_language, using
from venues.core.i18n.content import choose
from venues.core.public_url import public_base_url
from venues.mail.outbox import Attachment, Mail, enqueue
from venues.mail.settings import mail_settings
from venues.models import User, VenueManager

SHOWN_DATES = 12  # a series message lists its first dates; the page has them all


def shown_dates(rows: Sequence[dict[str, Any]], tz: str) -> tuple[str, ...]:
    """The first ``SHOWN_DATES`` starts as a person reads them, then how many more there are."""
    dates = tuple(when(row["starts_at"], tz) for row in rows[:SHOWN_DATES])
    if len(rows) > SHOWN_DATES:
        more = len(rows) - SHOWN_DATES
        dates += (ngettext("and %(num)d more", "and %(num)d more", more) % {"num": more},)
    return dates


# While a calendar import runs, the requests it makes are gathered here instead of told one by one.
_gathering: ContextVar[list[int] | None] = ContextVar("notices_gathering", default=None)

EXTRA_COLUMNS = (
    Booking.group,
    Booking.series,
    Booking.recurrence_id,
    Booking.booked_by,
    Booking.booked_by.email,
    Booking.booked_by.display_name,
    Booking.booked_by.language,
    Booking.status_reason,
    Booking.venue.public_email,
)


@dataclass(frozen=True)
class Calendar:
    """What a message's invitation holds: the event (a series' master), how, from whom, and moved dates."""

    event: FeedEvent
    method: str
    organizer: Party
    overrides: tuple[FeedEvent, ...] = ()
    also: Calendar | None = None  # a second event the change updates (a split series' earlier part)


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    user_id: int | None
    language: str = ""  # the account's choice ("" until chosen, and for an address without an account)


async def managers_of(venue_id: int) -> list[Person]:
    rows = await VenueManager.select(
        VenueManager.user.id, VenueManager.user.email, VenueManager.user.display_name, VenueManager.user.language
    ).where(VenueManager.venue == venue_id)
    return [Person(r["user.email"], r["user.display_name"], r["user.id"], r["user.language"]) for r in rows]


def same_address(a: str | None, b: str | None) -> bool:
    """Whether two addresses are one (compared as people type them: case and spaces aside)."""
    if not a or not b:
        return False
    return a.strip().lower() == b.strip().lower()


async def booker_side(row: dict[str, Any]) -> list[Person]:
    """The account that made the booking, then its group's organisers.

    The contact address typed in for the booking is told only when it is that account's own address, or when a
    manager of the venue made the booking (they book for residents: a trusted path). Any other account could
    otherwise make the service mail a stranger. A typed address that is not the account's own is an address
    without an account: its messages go at once, never held for a digest or left out for a feed.
    """
    people = []
    account_email = row["booked_by.email"]
    speaks_as = row.get("booked_by.language") or ""
    if row["booked_by"] is not None and account_email:
        if same_address(row["booker_email"], account_email):
            people.append(
                Person(account_email, row["booker_name"] or row["booked_by.display_name"], row["booked_by"], speaks_as)
            )
        else:
            people.append(Person(account_email, row["booked_by.display_name"], row["booked_by"], speaks_as))
            if row["booker_email"] and await VenueManager.exists().where(
                (VenueManager.venue == row["venue.id"]) & (VenueManager.user == row["booked_by"])
            ):
                people.append(Person(row["booker_email"], row["booker_name"], None))
    if row["group"] is not None:
        rows = await GroupOrganiser.select(
            GroupOrganiser.user.id,
            GroupOrganiser.user.email,
            GroupOrganiser.user.display_name,
            GroupOrganiser.user.language,
        ).where(GroupOrganiser.group == row["group"])
        people.extend(Person(r["user.email"], r["user.display_name"], r["user.id"], r["user.language"]) for r in rows)
    return people


async def holds_feed_carrying(person: Person, row: dict[str, Any]) -> bool:
    """Whether the person is subscribed to a private feed that carries this booking: their group's feed while
    they organise the booking's group, or their manager's feed while they manage its venue, fetched by a
    calendar app lately (a link only shown on a page and never subscribed to does not count). Such a person
    already has the event in a subscribed calendar, so an invitation would show it a second time."""
    if person.user_id is None:
        return False
    tokens = await FeedToken.select(FeedToken.scope, FeedToken.group).where(
        (FeedToken.owner == person.user_id) & (FeedToken.fetched_on >= fetched_since())
    )
    for token in tokens:
        if token["scope"] == FeedScope.manager and await VenueManager.exists().where(
            (VenueManager.venue == row["venue.id"]) & (VenueManager.user == person.user_id)
        ):
            return True
        if (
            token["scope"] == FeedScope.group
            and row["group"] is not None
            and token["group"] == row["group"]
            and await GroupOrganiser.exists().where(
                (GroupOrganiser.group == row["group"]) & (GroupOrganiser.user == person.user_id)
            )
        ):
            return True
    return False


async def calendar_for(
    audience: Audience, person: Person, row: dict[str, Any], calendar: Calendar | None
) -> tuple[Calendar | None, bool]:
    """The invitation this person gets, and whether it is left out because their feed carries the booking."""
    if calendar is None or audience != Audience.booker:
        return None, False
    if await holds_feed_carrying(person, row):
        return None, True
    return calendar, False


def once(groups: Iterable[tuple[Audience, list[Person]]]) -> list[tuple[Audience, Person]]:
    """Every address once, on the first side that names it (managers come first)."""
    seen: set[str] = set()
    chosen = []
    for audience, people in groups:
        for person in people:
            key = person.email.strip().lower()
            if key and key not in seen:
                seen.add(key)
                chosen.append((audience, person))
    return chosen


def venue_reply_address(row: dict[str, Any]) -> str:
    """The venue's public address, or none: its private address is for the service, never shown to bookers."""
    return row["venue.public_email"] or ""


def venue_party(row: dict[str, Any]) -> Party:
    return Party(venue_reply_address(row) or mail_settings().from_address, _venue_name(row))


def _venue_name(row: dict[str, Any]) -> str:
    """The venue's name in the language in force (else the other's)."""
    return choose(row["venue.name"], row.get("venue.name_cy")).text


def _group_name(row: dict[str, Any]) -> str:
    return choose(row["group.name"], row.get("group.name_cy")).text


def _named(row: dict[str, Any]) -> str:
    """What a message calls a booking: its title, else its group's name, else "Booking"."""
    return row["title"] or _group_name(row) or _("Booking")


def _by_whom(name: str, manager_acted: bool) -> str:
    if name and manager_acted:
        return _("%(name)s (the venue's manager)") % {"name": name}
    return name


async def _actor_name(actor_id: int | None) -> str:
    if actor_id is None:
        return ""
    found = await User.select(User.display_name).where(User.id == actor_id).first()
    return found["display_name"] if found else ""


async def _load(booking_ids: Sequence[int]) -> list[dict[str, Any]]:
    if not booking_ids:
        return []
    return list(
        await Booking.select(*BOOKING_FEED_COLUMNS, *EXTRA_COLUMNS)
        .where(Booking.id.is_in(list(booking_ids)))
        .order_by(Booking.starts_at)
    )


def facts_of(row: dict[str, Any], base_url: str, **more: Any) -> Facts:
    tz = row["venue.timezone"]
    contact = ", ".join(v for v in (row["booker_email"], row["booker_phone"]) if v)
    return Facts(
        title=_named(row),
        when=span(row["starts_at"], row["ends_at"], tz),
        place=location_of(row),
        venue_name=_venue_name(row),
        link=f"{base_url}/bookings/{row['id']}",
        status=row["status"],
        reason=row["status_reason"],
        booker=row["booker_name"],
        booker_contact=contact,
        group=_group_name(row),
        purpose=row["purpose"],
        attendance=row["attendance"],
        **more,
    )


async def _send(
    audience: Audience,
    person: Person,
    kind: Kind,
    composed: Composed,
    reply_to: str,
    venue_name: str,
    calendar: Calendar | None = None,
    link: str = "",
    money: MoneyNews | None = None,
) -> None:
    # An invoice or credit note for the person billed is not held or silenced by their choices.
    delivery = IMMEDIATE if money is not None else await delivery_for(person.user_id, kind)
    if delivery == DIGEST and person.user_id is not None:
        await HeldNotice.insert(HeldNotice(user=person.user_id, kind=str(kind), subject=composed.subject, link=link))
    if delivery != IMMEDIATE:
        return
    attachments: tuple[Attachment, ...] = ()
    if calendar is not None and audience == Audience.booker:
        method = calendar.method
        attendee = Party(person.email, person.name)
        body = invitation(calendar.event, method, calendar.organizer, attendee, calendar.overrides)
        content_type = f"text/calendar; method={method}; charset=utf-8"
        attachments = (
            Attachment("invite.ics", content_type, body, inline=True),
            Attachment("invite.ics", "application/ics", body),
        )
        if calendar.also is not None:
            also = calendar.also
            earlier = invitation(also.event, also.method, also.organizer, attendee, also.overrides)
            attachments += (Attachment("earlier-dates.ics", "application/ics", earlier),)
    await enqueue(
        Mail(
            to=person.email,
            subject=composed.subject,
            text=composed.text,
            html=composed.html,
            kind=str(kind),
            reply_to=reply_to or None,
            from_name=venue_name,
            attachments=attachments,
        )
    )


async def booking_notice(
    booking_id: int,
    kind: Kind,
    actor_id: int | None = None,
    manager_acted: bool = False,
    previously: str | Callable[[], str] = "",
    was_confirmed: bool = False,
    documents: Sequence[Invoice | None] = (),
) -> None:
    """Tell those a booking's change concerns (inside the change's transaction).

    A date of a series is told about as a change of the series' one recurring event. ``documents``: the
    invoice a confirmation issued or the credit notes a cancellation did, told to the people billed within
    the same message.
    """
    rows = await _load([booking_id])
    if not rows:
        return
    row = rows[0]
    if row["series"] is not None and kind != Kind.new_request and kind != Kind.received:
        series = await Series.objects().where(Series.id == row["series"]).first()
        if series is not None:
            confirmed = was_confirmed or row["status"] == "confirmed"
            await series_notice(
                series,
                kind,
                [booking_id],
                actor_id,
                False,
                manager_acted,
                confirmed,
                previously=previously,
                documents=documents,
            )
            return
    base_url = public_base_url()
    managers = await managers_of(row["venue.id"])
    bookers = await booker_side(row)
    sides: list[tuple[Audience, list[Person]]] = []
    if kind == Kind.new_request or (kind in (Kind.cancelled, Kind.moved) and not manager_acted):
        sides.append((Audience.managers, managers))
    if kind != Kind.new_request:
        sides.append((Audience.booker, bookers))
    actor = await _actor_name(actor_id) if kind == Kind.cancelled else ""
    # A cancellation carries a CANCEL only for an event calendars hold: one that was confirmed.
    invites = (
        kind == Kind.confirmed
        or (kind == Kind.cancelled and was_confirmed)
        or (kind == Kind.moved and row["status"] == "confirmed")
    )
    method = CANCEL if kind == Kind.cancelled else REQUEST
    money = await money_for(row, documents, base_url)
    for audience, person in once(sides):
        with using(recipient_language(person.language, person.user_id is not None)):
            facts = facts_of(
                row,
                base_url,
                by_whom=_by_whom(actor, manager_acted),
                previously=previously() if callable(previously) else previously,
                reply_to=venue_reply_address(row) if audience == Audience.booker else row["booker_email"],
            )
            if audience == Audience.managers:
                facts = _for_managers(facts, row, base_url)
            calendar = Calendar(private_event(row, base_url, False), method, venue_party(row)) if invites else None
            theirs, in_feed = await calendar_for(audience, person, row, calendar)
            news, subject = await _money_of(money, person)
            composed = compose(
                kind,
                audience,
                facts,
                invitation=theirs is not None,
                in_feed=in_feed,
                money_lines=news.lines if news else (),
                money_facts=news.facts if news else (),
                money_subject=subject,
            )
            await _send(audience, person, kind, composed, facts.reply_to, facts.venue_name, theirs, facts.link, news)


async def billed_people(row: dict[str, Any], group_id: int | None) -> list[Person]:
    """Who an invoice or credit note is for: the organisers of the group it bills, else the booking's booker
    (the account that booked, and the contact typed in when a manager booked for someone)."""
    if group_id is not None:
        rows = await GroupOrganiser.select(
            GroupOrganiser.user.id,
            GroupOrganiser.user.email,
            GroupOrganiser.user.display_name,
            GroupOrganiser.user.language,
        ).where(GroupOrganiser.group == group_id)
        return [Person(r["user.email"], r["user.display_name"], r["user.id"], r["user.language"]) for r in rows]
    return await booker_side({**row, "group": None})


@dataclass
class MoneyTold:
    """What a change's invoice or credit notes say to the people billed, worded once per language on demand."""

    issued: list[Invoice]
    base_url: str
    billed: set[str]  # lower-cased addresses
    worded: dict[str, tuple[MoneyNews, str]]

    async def news(self) -> tuple[MoneyNews, str]:
        """The lines and facts, and the subject's addition, in the language in force."""
        language = current_language()
        if language not in self.worded:
            invoices = [d for d in self.issued if d.kind == InvoiceKind.invoice]
            credits = [d for d in self.issued if d.kind == InvoiceKind.credit_note]
            news = MoneyNews()
            for invoice in invoices:
                news = news + await invoice_news(invoice, self.base_url)
            if credits:
                news = news + await credit_news(credits, self.base_url)
            references = ", ".join(d.reference for d in self.issued)
            if invoices and not credits:
                subject = _(" (invoice %(references)s)") % {"references": references}
            else:
                subject = _(" (credit note %(references)s)") % {"references": references}
            self.worded[language] = (news, subject)
        return self.worded[language]


async def money_for(row: dict[str, Any], documents: Sequence[Invoice | None], base_url: str) -> MoneyTold | None:
    """Who the change's invoice or credit notes are told to, and their words (``_money_of``); None when the change
    issued none."""
    issued = [d for d in documents if d is not None]
    if not issued:
        return None
    billed = {person.email.strip().lower() for person in await billed_people(row, issued[0].group)}
    return MoneyTold(issued, base_url, billed, {})


async def _money_of(money: MoneyTold | None, person: Person) -> tuple[MoneyNews | None, str]:
    """The money words for ``person`` in the language in force, or nothing when they are not billed."""
    if money is None or person.email.strip().lower() not in money.billed:
        return None, ""
    return await money.news()


def _for_managers(facts: Facts, row: dict[str, Any], base_url: str) -> Facts:
    return replace(facts, link=f"{base_url}/desk/venues/{row['venue.id']}")


@contextmanager
def gathered() -> Iterator[list[int]]:
    """Within the block, new bookings and series tell nobody; the ids of those that are requests collect in the
    list yielded, for one message about them all (``import_notice``)."""
    ids: list[int] = []
    token = _gathering.set(ids)
    try:
        yield ids
    finally:
        _gathering.reset(token)


async def booking_notice_if(booking_id: int, actor_id: int | None, status: str, invoice: Invoice | None = None) -> None:
    """After a request or a booking made: a request tells the managers and the booker's side, else a confirmation
    (carrying the ``invoice`` it issued, if any)."""
    gathering = _gathering.get()
    if gathering is not None:
        if status == "requested":
            gathering.append(booking_id)
        return
    if status == "requested":
        await booking_notice(booking_id, Kind.new_request, actor_id)
        await booking_notice(booking_id, Kind.received, actor_id)
    elif status == "confirmed":
        await booking_notice(booking_id, Kind.confirmed, actor_id, documents=(invoice,))


def series_event(
    series: Series, rows: list[dict[str, Any]], base_url: str, host: str
) -> tuple[FeedEvent, tuple[FeedEvent, ...]]:
    """The series as one recurring event, as the public feeds write it: its RRULE from the first date to the last
    booked, EXDATEs every date of the rule in between that is not confirmed (declined, cancelled, skipped), and an
    override (RECURRENCE-ID) for each confirmed date moved from where the rule puts it."""
    schedule = schedule_of(series)
    slots = sorted(rows, key=lambda r: r["recurrence_id"] or r["starts_at"])
    first, last = slots[0], slots[-1]
    confirmed = [r for r in slots if r["status"] == "confirmed"] or slots
    held = {r["recurrence_id"] or r["starts_at"]: r for r in confirmed}
    start_of = (first["recurrence_id"] or first["starts_at"]) - timedelta(seconds=1)
    end_of = (last["recurrence_id"] or last["starts_at"]) + timedelta(seconds=1)
    expected = expand(schedule, start_of, end_of).occurrences
    template = private_event(confirmed[0], base_url, False)
    shown = [(first["venue.shown_changed_at"], first["venue.shown_revision"])]
    shown.append((first["group.updated_at"], first["group.revision"] or 0))
    last_modified, sequence = stamped(series.updated_at, series.sequence, shown)
    master = replace(
        template,
        uid=f"series-{series.uid}@{host}",
        start=expected[0].starts_at if expected else first["starts_at"],
        end=expected[0].ends_at if expected else first["ends_at"],
        rrule=ical_rrule_until(schedule.rule, expected[-1].starts_at if expected else last["starts_at"]),
        exdates=tuple(o.starts_at for o in expected if o.starts_at not in held),
        last_modified=last_modified,
        sequence=sequence,
    )
    moved = tuple(
        replace(
            master,
            rrule=None,
            exdates=(),
            recurrence_id=o.starts_at,
            start=held[o.starts_at]["starts_at"],
            end=held[o.starts_at]["ends_at"],
            sequence=sequence + held[o.starts_at]["sequence"],
        )
        for o in expected
        if o.starts_at in held
        and (held[o.starts_at]["starts_at"], held[o.starts_at]["ends_at"]) != (o.starts_at, o.ends_at)
    )
    return master, moved


async def series_notice(
    series: Series,
    kind: Kind,
    booking_ids: Sequence[int],
    actor_id: int | None = None,
    every: bool = False,
    manager_acted: bool = False,
    had_confirmed: bool = False,
    previously: str | Callable[[], str] = "",
    replaces: Series | None = None,
    documents: Sequence[Invoice | None] = (),
) -> None:
    """One message per side for a whole series decision, request or cancellation, listing its dates.

    ``every``: the ids are all the series' bookings (a new series), so a confirmation's event needs no second read.
    ``replaces``: the series this one continues after a "this and following" change; its recurring event, now
    ended the day before, goes along as a second calendar (``earlier-dates.ics``) so both are updated at once.
    Cancelled dates (``had_confirmed``: some were confirmed, so calendars hold them) update the recurring event:
    a REQUEST with those dates as EXDATEs and a higher SEQUENCE, or a CANCEL when no confirmed date is left.
    """
    chosen = await _load(booking_ids)
    if not chosen:
        return
    row = chosen[0]
    base_url = public_base_url()
    tz = row["venue.timezone"]
    sides: list[tuple[Audience, list[Person]]] = []
    if kind == Kind.new_request or (kind in (Kind.cancelled, Kind.moved) and not manager_acted):
        sides.append((Audience.managers, await managers_of(row["venue.id"])))
    if kind != Kind.new_request:
        sides.append((Audience.booker, await booker_side(row)))
    actor = await _actor_name(actor_id) if kind == Kind.cancelled else ""
    calendar_rows: tuple[list[dict[str, Any]], str, list[dict[str, Any]] | None] | None = None
    if kind == Kind.confirmed or (kind in (Kind.cancelled, Kind.moved, Kind.declined) and had_confirmed):
        ids = (
            [r["id"] for r in await Booking.select(Booking.id).where(Booking.series == series.id)] if not every else []
        )
        rows = chosen if every else await _load(ids)
        left = any(r["status"] == "confirmed" for r in rows)
        method = REQUEST if kind == Kind.confirmed or left else CANCEL
        before = None
        if replaces is not None:
            before = await _load(
                [r["id"] for r in await Booking.select(Booking.id).where(Booking.series == replaces.id)]
            )
        calendar_rows = (rows, method, before)

    def calendar_in_force() -> Calendar | None:
        """The series' invitation, worded in the language in force (its events are read once, above)."""
        if calendar_rows is None:
            return None
        rows, method, before = calendar_rows
        master, moved = series_event(series, rows, base_url, uid_host(base_url))
        also: Calendar | None = None
        if replaces is not None and before is not None:
            earlier, earlier_moved = series_event(replaces, before, base_url, uid_host(base_url))
            kept = any(r["status"] == "confirmed" for r in before)
            also = Calendar(earlier, REQUEST if kept else CANCEL, venue_party(row), earlier_moved)
        return Calendar(master, method, venue_party(row), moved, also)

    money = await money_for(row, documents, base_url)
    for audience, person in once(sides):
        with using(recipient_language(person.language, person.user_id is not None)):
            facts = facts_of(
                row,
                base_url,
                dates=shown_dates(chosen, tz),
                by_whom=_by_whom(actor, manager_acted),
                previously=previously() if callable(previously) else previously,
                reply_to=venue_reply_address(row) if audience == Audience.booker else row["booker_email"],
            )
            facts = replace(facts, title=series.title or facts.title, link=f"{base_url}/bookings/{row['id']}")
            if audience == Audience.managers:
                facts = _for_managers(facts, row, base_url)
            theirs, in_feed = await calendar_for(audience, person, row, calendar_in_force())
            news, subject = await _money_of(money, person)
            composed = compose(
                kind,
                audience,
                facts,
                series=True,
                invitation=theirs is not None,
                in_feed=in_feed,
                money_lines=news.lines if news else (),
                money_facts=news.facts if news else (),
                money_subject=subject,
            )
            await _send(audience, person, kind, composed, facts.reply_to, facts.venue_name, theirs, facts.link, news)


async def series_split_notice(
    ended: Series,
    successor: Series,
    cancelled: Sequence[dict[str, Any]],
    booked_ids: Sequence[int],
    actor_id: int,
    manager_acted: bool,
) -> None:
    """A "this and following" change: one "moved" message per person, naming the first date that changed, with
    the new series' recurring event and the old one's, ended the day before (inside the change's transaction)."""
    if not booked_ids or not cancelled:
        return
    first = min(cancelled, key=lambda r: r["starts_at"])
    await series_notice(
        successor,
        Kind.moved,
        booked_ids,
        actor_id,
        manager_acted=manager_acted,
        had_confirmed=any(r["status"] == "confirmed" for r in cancelled),
        previously=lambda: (
            _("%(when)s and on from there as before")
            % {"when": span(first["starts_at"], first["ends_at"], ended.timezone)}
        ),
        replaces=ended,
    )


async def closure_notice(booking_ids: Sequence[int], reason: str, credits: Sequence[Invoice] = ()) -> None:
    """Dates a closure or new opening hours cancelled: one message per person, listing their dates, and to the
    people billed the ``credits`` the cancellation issued."""
    rows = await _load(booking_ids)
    if not rows:
        return
    base_url = public_base_url()
    by_person: dict[str, tuple[Person, list[dict[str, Any]]]] = {}
    order: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        for _side, person in once([(Audience.booker, await booker_side(row))]):
            key = person.email.strip().lower()
            by_person.setdefault(key, (person, []))
            order[key].append(row)
    credited = await _credits_by_person(rows, credits)
    for key, (person, _unused) in by_person.items():
        with using(recipient_language(person.language, person.user_id is not None)):
            await _tell_closure(person, order[key], credited.get(key, []), reason, base_url)


async def _tell_closure(
    person: Person, theirs: list[dict[str, Any]], theirs_credited: list[Invoice], reason: str, base_url: str
) -> None:
    """One person's message about their dates a closure cancelled, in the language in force."""
    first = theirs[0]
    tz = first["venue.timezone"]
    facts = Facts(
        title=", ".join(sorted({_named(r) for r in theirs})),
        when=when(first["starts_at"], tz),
        place=_venue_name(first),
        venue_name=_venue_name(first),
        link=f"{base_url}/my/bookings",
        reason=reason,
        dates=tuple(f"{r['title'] or _('Booking')} {span(r['starts_at'], r['ends_at'], tz)}" for r in theirs),
        reply_to=venue_reply_address(first),
    )
    news = await credit_news(theirs_credited, base_url) if theirs_credited else None
    references = ", ".join(c.reference for c in theirs_credited)
    composed = compose(
        Kind.closure,
        Audience.booker,
        facts,
        money_lines=news.lines if news else (),
        money_facts=news.facts if news else (),
        money_subject=_(" (credit note %(references)s)") % {"references": references} if news else "",
    )
    await _send(
        Audience.booker,
        person,
        Kind.closure,
        composed,
        facts.reply_to,
        facts.venue_name,
        None,
        facts.link,
        news,
    )


async def _credits_by_person(rows: list[dict[str, Any]], credits: Sequence[Invoice]) -> dict[str, list[Invoice]]:
    """Each credit note under the (lower-cased) addresses billed for it: the booking it credits is its line's."""
    if not credits:
        return {}
    by_id = {row["id"]: row for row in rows}
    lines = await InvoiceLine.select(InvoiceLine.invoice, InvoiceLine.booking).where(
        InvoiceLine.invoice.is_in([c.id for c in credits])
    )
    credited_booking = {line["invoice"]: line["booking"] for line in lines}
    told: dict[str, list[Invoice]] = defaultdict(list)
    for credit in credits:
        row = by_id.get(credited_booking.get(credit.id))
        if row is None:
            continue
        for person in await billed_people(row, credit.group):
            told[person.email.strip().lower()].append(credit)
    return told


async def series_booked(series: Series, booked: Sequence[Booking], actor_id: int | None) -> None:
    """A new series: a request tells the managers once and the booker's side once; booked at once, a confirmation."""
    if not booked:
        return
    ids = [b.id for b in booked]
    gathering = _gathering.get()
    if gathering is not None:
        gathering.extend(b.id for b in booked if b.status == "requested")
        return
    if any(b.status == "requested" for b in booked):
        await series_notice(series, Kind.new_request, ids, actor_id)
        await series_notice(series, Kind.received, ids, actor_id)
    else:
        await series_notice(series, Kind.confirmed, ids, actor_id, every=True)


async def import_notice(booking_ids: Sequence[int]) -> None:
    """One message to each manager of the venue about the requests one calendar import made, listing their
    first dates (inside the import's transaction); the importer reads the import's own report."""
    rows = await _load(booking_ids)
    if not rows:
        return
    first = rows[0]
    base_url = public_base_url()
    tz = first["venue.timezone"]
    for audience, person in once([(Audience.managers, await managers_of(first["venue.id"]))]):
        with using(recipient_language(person.language, person.user_id is not None)):
            facts = facts_of(first, base_url, dates=shown_dates(rows, tz), reply_to=first["booker_email"])
            who = _group_name(first) or first["booker_name"]
            if who:
                title = ngettext(
                    "%(num)d request imported from %(who)s's calendar",
                    "%(num)d requests imported from %(who)s's calendar",
                    len(rows),
                ) % {"num": len(rows), "who": who}
            else:
                title = ngettext(
                    "%(num)d request imported from a calendar's calendar",
                    "%(num)d requests imported from a calendar's calendar",
                    len(rows),
                ) % {"num": len(rows)}
            facts = replace(_for_managers(facts, first, base_url), title=title, purpose="", attendance=None)
            composed = compose(Kind.new_request, Audience.managers, facts, series=True)
            await _send(
                audience, person, Kind.new_request, composed, facts.reply_to, facts.venue_name, None, facts.link
            )


async def _send_money(person: Person, kind: str, composed: Composed, row: dict[str, Any]) -> None:
    await enqueue(
        Mail(
            to=person.email,
            subject=composed.subject,
            text=composed.text,
            html=composed.html,
            kind=kind,
            reply_to=venue_reply_address(row) or None,
            from_name=_venue_name(row),
        )
    )


async def invoice_notice(invoice: Invoice, booking_id: int) -> None:
    """An invoice issued on its own (a group's month): one message to each person billed, with its PDF, inside
    the issuing transaction. ``booking_id``: one of the bookings it bills, for the venue's and group's names."""
    rows = await _load([booking_id])
    if not rows:
        return
    row = rows[0]
    base_url = public_base_url()
    for _audience, person in once([(Audience.booker, await billed_people(row, invoice.group))]):
        with using(recipient_language(person.language, person.user_id is not None)):
            news = await invoice_news(invoice, base_url)
            heading = _("Invoice %(reference)s") % {"reference": invoice.reference}
            facts = replace(
                facts_of(row, base_url, reply_to=venue_reply_address(row)),
                title=heading,
                link=f"{base_url}/invoices/{invoice.id}",
            )
            subject = _("Invoice %(reference)s from %(venue)s") % {
                "reference": invoice.reference,
                "venue": facts.venue_name,
            }
            composed = compose_money(subject, heading, news.lines, facts, news.facts)
            await _send_money(person, INVOICE, composed, row)


async def deposit_notice(deposit: Deposit) -> None:
    """A deposit returned or kept: the people billed for the booking hear what goes back, what is kept and why
    (inside the settling transaction)."""
    rows = await _load([deposit.booking])
    if not rows:
        return
    row = rows[0]
    base_url = public_base_url()
    for _audience, person in once([(Audience.booker, await billed_people(row, row["group"]))]):
        with using(recipient_language(person.language, person.user_id is not None)):
            opening, news = deposit_news(deposit)
            facts = facts_of(row, base_url, reply_to=venue_reply_address(row))
            subject = _("%(opening)s: %(name)s, %(when)s") % {
                "opening": opening,
                "name": facts.title,
                "when": facts.when,
            }
            composed = compose_money(subject, opening, news.lines, facts, ((_("When"), facts.when), *news.facts))
            await _send_money(person, DEPOSIT, composed, row)
