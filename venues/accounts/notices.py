"""The messages accounts send: plain text and simple HTML, queued in the caller's write transaction."""

from __future__ import annotations

from html import escape

from venues.mail.outbox import Mail, enqueue
from venues.models import User

SITE = "Commonroom"


def _html(paragraphs: list[str], link: str | None = None, label: str = "") -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    if link:
        body += f'<p><a href="{escape(link, quote=True)}">{escape(label)}</a></p>'
    return f"<!doctype html><html><body>{body}</body></html>"


async def send(
    to: str, subject: str, kind: str, paragraphs: list[str], link: str | None = None, label: str = ""
) -> None:
    text = "\n\n".join(paragraphs + ([f"{label}: {link}"] if link else [])) + "\n"
    await enqueue(Mail(to=to, subject=subject, text=text, kind=kind, html=_html(paragraphs, link, label)))


def _greeting(user: User) -> str:
    return f"Hello {user.display_name},"


async def queue_verify(user: User, link: str) -> None:
    await send(
        user.email,
        f"Confirm your email address for {SITE}",
        "account_verify",
        [_greeting(user), "Follow the link below to confirm this address. It works once, for two days."],
        link,
        "Confirm your address",
    )


async def queue_already_registered(user: User, base_url: str) -> None:
    await send(
        user.email,
        f"You already have a {SITE} account",
        "account_exists",
        [
            _greeting(user),
            "Someone (perhaps you) tried to sign up with this address, which already has an account. "
            "Sign in, or reset your password if you have forgotten it. If it was not you, ignore this message.",
        ],
        f"{base_url}/forgot-password",
        "Reset your password",
    )


async def queue_reset(user: User, link: str) -> None:
    await send(
        user.email,
        f"Reset your {SITE} password",
        "account_reset",
        [
            _greeting(user),
            "Follow the link below to choose a new password. It works once, for an hour. "
            "If you did not ask for this, ignore this message: your password stays as it is.",
        ],
        link,
        "Choose a new password",
    )


async def queue_password_changed(user: User) -> None:
    await send(
        user.email,
        f"Your {SITE} password was changed",
        "account_password_changed",
        [_greeting(user), "Your password was just changed. If that was not you, reset it now and tell the venue."],
    )


async def queue_email_change_notice(user: User, new_email: str) -> None:
    await send(
        user.email,
        f"A change of address was asked for your {SITE} account",
        "account_email_change_notice",
        [
            _greeting(user),
            f"Someone signed in to your account asked to change its address to {new_email}. "
            "Nothing changes until the new address is confirmed. If it was not you, change your password.",
        ],
    )


async def queue_confirm_new_email(user: User, new_email: str, link: str) -> None:
    await send(
        new_email,
        f"Confirm your new address for {SITE}",
        "account_email_change",
        [_greeting(user), "Follow the link below to make this your account's address. It works once, for a day."],
        link,
        "Confirm the new address",
    )


async def queue_address_taken(email: str, base_url: str) -> None:
    await send(
        email,
        f"This address already has a {SITE} account",
        "account_exists",
        [
            "Hello,",
            "Someone asked to move another account to this address, but it already has an account, "
            "so nothing was changed. If you have forgotten its password, reset it.",
        ],
        f"{base_url}/forgot-password",
        "Reset your password",
    )
