"""The messages accounts send: plain text and simple HTML, queued in the caller's write transaction.

Each is worded in its recipient's language by the rule every message follows,
``venues.core.i18n.recipient_language``: their account's choice, else the language the request was made in (the
language in force as it is queued).
"""

from __future__ import annotations

from html import escape

from venues.core.i18n import _, current_language, recipient_language, using
from venues.mail.outbox import Mail, enqueue
from venues.models import User

SITE = "Commonroom"


def _html(paragraphs: list[str], link: str | None = None, label: str = "") -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    if link:
        body += f'<p><a href="{escape(link, quote=True)}">{escape(label)}</a></p>'
    return f'<!doctype html><html lang="{current_language()}"><body>{body}</body></html>'


async def send(
    to: str, subject: str, kind: str, paragraphs: list[str], link: str | None = None, label: str = ""
) -> None:
    text = "\n\n".join(paragraphs + ([f"{label}: {link}"] if link else [])) + "\n"
    await enqueue(Mail(to=to, subject=subject, text=text, kind=kind, html=_html(paragraphs, link, label)))


def _greeting(user: User) -> str:
    return _("Hello %(name)s,") % {"name": user.display_name}


async def queue_verify(user: User, link: str) -> None:
    with using(recipient_language(user.language)):
        await send(
            user.email,
            _("Confirm your email address for %(site)s") % {"site": SITE},
            "account_verify",
            [_greeting(user), _("Follow the link below to confirm this address. It works once, for two days.")],
            link,
            _("Confirm your address"),
        )


async def queue_already_registered(user: User, base_url: str) -> None:
    with using(recipient_language(user.language)):
        await send(
            user.email,
            _("You already have a %(site)s account") % {"site": SITE},
            "account_exists",
            [
                _greeting(user),
                _(
                    "Someone (perhaps you) tried to sign up with this address, which already has an account. "
                    "Sign in, or reset your password if you have forgotten it. If it was not you, ignore this message."
                ),
            ],
            f"{base_url}/forgot-password",
            _("Reset your password"),
        )


async def queue_reset(user: User, link: str) -> None:
    with using(recipient_language(user.language)):
        await send(
            user.email,
            _("Reset your %(site)s password") % {"site": SITE},
            "account_reset",
            [
                _greeting(user),
                _(
                    "Follow the link below to choose a new password. It works once, for an hour. "
                    "If you did not ask for this, ignore this message: your password stays as it is."
                ),
            ],
            link,
            _("Choose a new password"),
        )


async def queue_password_changed(user: User) -> None:
    with using(recipient_language(user.language)):
        await send(
            user.email,
            _("Your %(site)s password was changed") % {"site": SITE},
            "account_password_changed",
            [
                _greeting(user),
                _("Your password was just changed. If that was not you, reset it now and tell the venue."),
            ],
        )


async def queue_email_change_notice(user: User, new_email: str) -> None:
    with using(recipient_language(user.language)):
        await send(
            user.email,
            _("A change of address was asked for your %(site)s account") % {"site": SITE},
            "account_email_change_notice",
            [
                _greeting(user),
                _(
                    "Someone signed in to your account asked to change its address to %(address)s. "
                    "Nothing changes until the new address is confirmed. If it was not you, change your password."
                )
                % {"address": new_email},
            ],
        )


async def queue_confirm_new_email(user: User, new_email: str, link: str) -> None:
    with using(recipient_language(user.language)):
        await send(
            new_email,
            _("Confirm your new address for %(site)s") % {"site": SITE},
            "account_email_change",
            [
                _greeting(user),
                _("Follow the link below to make this your account's address. It works once, for a day."),
            ],
            link,
            _("Confirm the new address"),
        )


async def queue_address_taken(email: str, base_url: str, language: str | None = None) -> None:
    """To an address another account asked to move to: its own account's language when given, else the
    request's."""
    with using(recipient_language(language)):
        await send(
            email,
            _("This address already has a %(site)s account") % {"site": SITE},
            "account_exists",
            [
                _("Hello,"),
                _(
                    "Someone asked to move another account to this address, but it already has an account, "
                    "so nothing was changed. If you have forgotten its password, reset it."
                ),
            ],
            f"{base_url}/forgot-password",
            _("Reset your password"),
        )
