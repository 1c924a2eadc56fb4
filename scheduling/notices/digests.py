"""The daily digest: what each person chose to read once a day, in one message with List-Unsubscribe.

``send_digests`` runs from ``commonroom send-digests`` and on a timer in every served worker. Each
person's digest for a day is a ``notice_digest`` row unique per (user, day), written in the same
transaction as the message and the held notices it takes: a second worker's insert fails and it sends
nothing, and a failure sends nothing and leaves the notices held for the next run.

Each digest carries ``List-Unsubscribe`` (RFC 2369) with a signed link and ``List-Unsubscribe-Post``
(RFC 8058 one-click): posting to the link sets the kinds in that digest to ``none``.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime

from scheduling.models import HeldNotice, NoticeDigest, NoticePreference
from scheduling.notices.messages import FOOTER, Kind
from scheduling.notices.preferences import NONE
from venues.core import clock, leases
from venues.core.database import write_transaction
from venues.core.i18n import _, current_language, ngettext, recipient_language, using
from venues.core.i18n.formatting import short_day
from venues.mail.outbox import Mail, enqueue
from venues.models import User

log = logging.getLogger(__name__)


def _signature(payload: str, secret: str) -> str:
    digest = hmac.new(secret.encode(), f"unsubscribe:{payload}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


def unsubscribe_token(user_id: int, kinds: list[str], secret: str) -> str:
    """``<user>.<kind>+<kind>.<signature>``: who, which kinds, and proof the service wrote it."""
    payload = f"{user_id}.{'+'.join(sorted(kinds))}"
    return f"{payload}.{_signature(payload, secret)}"


@dataclass(frozen=True)
class Unsubscribe:
    user_id: int
    kinds: list[str]


def read_token(token: str, secret: str) -> Unsubscribe | None:
    """The person and kinds a token names, or None when it was not signed with ``secret`` or names nothing known."""
    payload, _, signature = token.rpartition(".")
    user, _, kinds = payload.partition(".")
    if not user.isdigit() or not hmac.compare_digest(signature, _signature(payload, secret)):
        return None
    known = {str(k) for k in Kind}
    chosen = [k for k in kinds.split("+") if k]
    if not chosen or any(k not in known for k in chosen):
        return None
    return Unsubscribe(int(user), chosen)


async def unsubscribe(found: Unsubscribe) -> list[str]:
    """Set the token's kinds to ``none`` for its person; the kinds changed (none when the account is gone)."""
    async with write_transaction():
        if not await User.exists().where(User.id == found.user_id):
            return []
        now = clock.now()
        for kind in found.kinds:
            await NoticePreference.delete().where(
                (NoticePreference.user == found.user_id) & (NoticePreference.kind == kind)
            )
            await NoticePreference.insert(
                NoticePreference(user=found.user_id, kind=kind, delivery=NONE, updated_at=now)
            )
    return found.kinds


def unsubscribe_url(base_url: str, token: str) -> str:
    return f"{base_url}/notices/unsubscribe/{token}"


def _compose(name: str, held: list[dict[str, object]], link: str, day: date) -> tuple[str, str, str]:
    from html import escape

    subject = ngettext(
        "Your Commonroom digest for %(day)s: %(num)d update",
        "Your Commonroom digest for %(day)s: %(num)d updates",
        len(held),
    ) % {"day": short_day(day, with_year=True), "num": len(held)}
    greeting = _("Hello %(name)s,") % {"name": name} if name else _("Hello,")
    lines = [greeting, "", _("What happened since your last digest:"), ""]
    items = []
    for row in held:
        lines.append(f"- {row['subject']}" + (f"\n  {row['link']}" if row["link"] else ""))
        item = escape(str(row["subject"]))
        if row["link"]:
            item = f'<a href="{escape(str(row["link"]))}">{item}</a>'
        items.append(f'<li style="margin:0 0 8px">{item}</li>')
    stop = _("Stop these digests")
    lines += ["", _("Stop these digests: %(link)s") % {"link": link}, "", _(FOOTER)]
    html = (
        f'<!doctype html><html lang="{current_language()}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(subject)}</title></head>"
        '<body style="margin:0;padding:16px;font-family:system-ui,sans-serif;font-size:16px;line-height:1.5">'
        f'<div style="max-width:600px;margin:0 auto"><h1 style="font-size:22px">{escape(subject)}</h1>'
        f'<ul style="padding-left:20px">{"".join(items)}</ul>'
        f'<p style="font-size:14px"><a href="{escape(link)}">{escape(stop)}</a>. {escape(_(FOOTER))}</p>'
        "</div></body></html>"
    )
    return subject, "\n".join(lines) + "\n", html


async def send_digests(base_url: str, secret: str, now: datetime | None = None) -> int:
    """Send each person their held notices in one message, once per day; how many digests were sent."""
    now = now or clock.now()
    day = now.date()
    rows = (
        await HeldNotice.select(HeldNotice.id, HeldNotice.user, HeldNotice.kind, HeldNotice.subject, HeldNotice.link)
        .where(HeldNotice.digest.is_null())
        .order_by(HeldNotice.id)
    )
    by_user: dict[int, list[dict[str, object]]] = defaultdict(list)
    for row in rows:
        by_user[row["user"]].append(row)
    sent = 0
    for user_id, held in sorted(by_user.items()):
        if await NoticeDigest.exists().where((NoticeDigest.user == user_id) & (NoticeDigest.day == day)):
            continue
        person = await User.select(User.email, User.display_name, User.language).where(User.id == user_id).first()
        if person is None:
            continue
        kinds = sorted({str(row["kind"]) for row in held})
        link = unsubscribe_url(base_url, unsubscribe_token(user_id, kinds, secret))
        with using(recipient_language(person["language"])):
            subject, text, html = _compose(person["display_name"], held, link, day)
        try:
            async with write_transaction():
                digest = await NoticeDigest.insert(NoticeDigest(user=user_id, day=day, created_at=now)).returning(
                    NoticeDigest.id
                )
                await HeldNotice.update({HeldNotice.digest: digest[0]["id"]}).where(
                    HeldNotice.id.is_in([int(str(row["id"])) for row in held]) & HeldNotice.digest.is_null()
                )
                await enqueue(
                    Mail(
                        to=person["email"],
                        subject=subject,
                        text=text,
                        html=html,
                        kind="digest",
                        headers=(
                            ("List-Unsubscribe", f"<{link}>"),
                            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                        ),
                    )
                )
        except Exception:
            # Another worker sent this person's digest for the day first, or their message failed: either way the
            # others' digests still go. A failure leaves the notices held for the next run, and is logged.
            if not await NoticeDigest.exists().where((NoticeDigest.user == user_id) & (NoticeDigest.day == day)):
                log.exception("The digest for user %s could not be written; the others go on.", user_id)
            continue
        sent += 1
    return sent


async def send_digests_periodically(
    base_url: str,
    secret: str,
    every_seconds: float,
    from_hour: int = 7,
    wait: Callable[[float], Awaitable[object]] = asyncio.sleep,
) -> None:
    """``send_digests`` every ``every_seconds`` from ``from_hour`` (UTC) on, until cancelled.

    Every worker runs it, its turns in the process holding the ``send-digests`` lease; the digest row unique per
    person and day means each person gets one a day even when a stalled holder and its successor overlap.
    """

    async def turn() -> None:
        if clock.now().hour >= from_hour:
            await send_digests(base_url, secret)

    await leases.periodically(
        "send-digests", every_seconds, turn, "Sending digests failed; trying again in %s seconds.", wait
    )
