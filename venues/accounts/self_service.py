"""Accounts people run themselves: signing up with a verified address, resetting a password, changing
address or password, and signing out everywhere.

Nothing here tells a caller whether an address has an account: signing up with a known address sends
its owner a "you already have an account" message instead of a verification link, and asking for a
reset for an unknown address sends nothing; either way the caller gets the same answer after the same
work (a password hash for sign-up, a link's secret for a reset). Sign-up and reset are limited per
submitted address and per client, in the database (``venues.accounts.rate_limits``).

Every message is queued inside the write transaction of the change it tells about, so a change that
rolls back sends nothing.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from venues.accounts import links, notices
from venues.accounts.credentials import (
    _DUMMY_HASH,
    _hashing,
    hash_password,
    normalise_email,
    verify_password,
)
from venues.accounts.rate_limits import check_and_count
from venues.core import clock
from venues.core.database import is_postgres, write_transaction
from venues.core.errors import Conflict, Forbidden, InvalidInput
from venues.core.i18n import _, lazy_gettext
from venues.core.i18n.languages import supported
from venues.models import AuthToken, User

REQUEST_WINDOW = timedelta(hours=1)
REQUESTS_PER_ADDRESS = 5
REQUESTS_PER_CLIENT = 30
TOO_MANY_REQUESTS = lazy_gettext("Too many requests for now; wait a while before trying again.")
NOT_VERIFIED = lazy_gettext("Confirm your email address first: follow the link we sent when you signed up.")


async def _limit(kind: str, email: str, client: str) -> None:
    """Count one request against the client, then the address (whether or not it has an account)."""
    await check_and_count(f"{kind}:client:{client}", REQUESTS_PER_CLIENT, REQUEST_WINDOW, str(TOO_MANY_REQUESTS))
    await check_and_count(
        f"{kind}:address:{normalise_email(email)}", REQUESTS_PER_ADDRESS, REQUEST_WINDOW, str(TOO_MANY_REQUESTS)
    )


def require_verified(user: User) -> None:
    """Only accounts whose address is confirmed may ask for bookings (a sign-up must not spam managers)."""
    if not user.email_verified:
        raise Forbidden(str(NOT_VERIFIED), rule="email-not-verified")


async def _hold_address(email: str) -> None:
    """Serialise writers that check then claim one address (SQLite's BEGIN IMMEDIATE already does)."""
    if is_postgres():
        await User.raw("SELECT pg_advisory_xact_lock(hashtext({}))", f"account-address:{normalise_email(email)}")


async def _by_email(email: str) -> User | None:
    return await User.objects().where(User.email == normalise_email(email)).first()


async def sign_up(
    email: str, password: str, display_name: str, client: str, base_url: str, language: str | None = None
) -> str | None:
    """Create an unverified account and send the verification link; for a known address, send a reminder.

    ``language``: the language the person chose or asked for where they signed up (a page's, from its address,
    cookie or browser), stored as the account's choice; None (the API, a page in the default language only because
    nothing asked for another) leaves the account without one, so the cookie and the browser still decide.

    Returns the link's secret for a new account (the caller never shows it: it is for tests and tools),
    None otherwise.
    """
    await _limit("sign-up", email, client)
    email = normalise_email(email)
    password_hash = await _hashing.run(hash_password, password)
    async with write_transaction():
        await _hold_address(email)
        existing = await _by_email(email)
        if existing is not None:
            await notices.queue_already_registered(existing, base_url)
            return None
        # The new account keeps the language the person asked for where they signed up, if any: its messages follow.
        user = User(
            email=email,
            password_hash=password_hash,
            display_name=display_name,
            is_admin=False,
            email_verified=False,
            language=supported(language) or "",
        )
        await user.save()
        token = await links.new_link(links.VERIFY, user_id=user.id, email=email)
        await notices.queue_verify(user, f"{base_url}/verify-email/{token}")
    return token


async def resend_verification(user: User, base_url: str) -> str | None:
    if user.email_verified:
        return None
    await _limit("sign-up", user.email, f"user:{user.id}")
    async with write_transaction():
        await links.drop_links(user.id, links.VERIFY)
        token = await links.new_link(links.VERIFY, user_id=user.id, email=user.email)
        await notices.queue_verify(user, f"{base_url}/verify-email/{token}")
    return token


async def verify_email(token: str) -> User:
    async with write_transaction():
        taken = await links.take_link(links.VERIFY, token)
        user = await User.objects().where(User.id == taken.user_id).first()
        if user is None or user.email != taken.email:
            raise Conflict(str(links.NOT_VALID))
        await User.update({User.email_verified: True}).where(User.id == user.id)
        user.email_verified = True
    return user


async def request_reset(email: str, client: str, base_url: str) -> str | None:
    """Send a reset link to the address if it has an account; the same answer either way."""
    await _limit("reset", email, client)
    async with write_transaction():
        user = await _by_email(email)
        if user is None:
            links.link_digest(secrets.token_urlsafe(32))  # the same small work as a real link
            return None
        await links.drop_links(user.id, links.RESET)
        token = await links.new_link(links.RESET, user_id=user.id, email=user.email)
        await notices.queue_reset(user, f"{base_url}/reset-password/{token}")
    return token


async def reset_password(token: str, password: str) -> User:
    """A new password from a reset link: every session ends, and the address counts as confirmed."""
    password_hash = await _hashing.run(hash_password, password)
    async with write_transaction():
        taken = await links.take_link(links.RESET, token)
        user = await User.objects().where(User.id == taken.user_id).first()
        if user is None or user.email != taken.email:
            raise Conflict(str(links.NOT_VALID))
        await User.update({User.password_hash: password_hash, User.email_verified: True}).where(User.id == user.id)
        await links.drop_links(user.id, links.RESET)
        await _revoke_all(user.id)
        await notices.queue_password_changed(user)
    return user


async def _check_password(user: User, password: str) -> None:
    if not await _hashing.run(verify_password, user.password_hash, password):
        raise InvalidInput("current_password", _("That is not this account's current password."))


async def change_password(
    user: User, current_password: str, new_password: str, keep_token_hash: str | None = None
) -> None:
    """A new password: every other session and bearer token of the account ends, as after a reset or
    signing out everywhere, so whoever knew the old one is out; ``keep_token_hash`` (the digest of the
    token this request came with) stays signed in."""
    await _limit("password", user.email, f"user:{user.id}")
    await _check_password(user, current_password)
    password_hash = await _hashing.run(hash_password, new_password)
    async with write_transaction():
        await User.update({User.password_hash: password_hash}).where(User.id == user.id)
        await _revoke_all(user.id, keep=keep_token_hash)
        await notices.queue_password_changed(user)


async def request_email_change(user: User, new_email: str, current_password: str, base_url: str) -> str | None:
    """Send a confirmation link to the new address and a notice to the old one.

    An address that already has an account gets a note saying so instead of a link, and the caller
    the same answer, so this does not reveal accounts either.
    """
    await _limit("new-email", new_email, f"user:{user.id}")
    await _check_password(user, current_password)
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise InvalidInput("email", _("That is already this account's address."))
    async with write_transaction():
        await notices.queue_email_change_notice(user, new_email)
        taken = await _by_email(new_email)
        if taken is not None:
            await notices.queue_address_taken(new_email, base_url, taken.language)
            return None
        await links.drop_links(user.id, links.NEW_EMAIL)
        token = await links.new_link(links.NEW_EMAIL, user_id=user.id, email=new_email)
        await notices.queue_confirm_new_email(user, new_email, f"{base_url}/confirm-email/{token}")
    return token


async def confirm_email_change(token: str) -> User:
    async with write_transaction():
        taken = await links.take_link(links.NEW_EMAIL, token)
        user = await User.objects().where(User.id == taken.user_id).first()
        if user is None:
            raise Conflict(str(links.NOT_VALID))
        await _hold_address(taken.email)
        if await _by_email(taken.email) is not None:
            raise Conflict(_("Another account took that address meanwhile; it was not changed."), field="email")
        await User.update({User.email: taken.email, User.email_verified: True}).where(User.id == user.id)
        user.email, user.email_verified = taken.email, True
    return user


async def _revoke_all(user_id: int, keep: str | None = None) -> None:
    """End the account's sessions and bearer tokens, all but the one whose digest is ``keep``."""
    live = (AuthToken.user == user_id) & AuthToken.revoked_at.is_null()
    if keep is not None:
        live = live & (AuthToken.token_hash != keep)
    await AuthToken.update({AuthToken.revoked_at: clock.now_exact()}).where(live)


async def sign_out_everywhere(user: User) -> None:
    """Revoke every bearer token and page session of the account, this one included."""
    async with write_transaction():
        await _revoke_all(user.id)


async def check_password_for(user: User, password: str) -> None:
    """For a step that needs the password again (deleting the account): 400 on ``password`` if wrong."""
    await _limit("password", user.email, f"user:{user.id}")
    if not await _hashing.run(verify_password, user.password_hash or _DUMMY_HASH, password):
        raise InvalidInput("password", _("That is not this account's password."))
