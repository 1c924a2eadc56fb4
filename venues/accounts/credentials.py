"""Accounts: password hashing (argon2) and revocable bearer tokens.

Tokens are random; only an HMAC of each is stored, so the table alone grants
nothing and every app process can check a token against the shared database.
Argon2 spends ~50 ms of CPU and 64 MiB per hash, so hashes run in worker threads
(a few at a time), never on the event loop where they would stall every other
request; sign-in failures are limited per address and per client
(``venues.accounts.rate_limits``) so guessing costs the guesser, not the other users.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from venues.accounts.rate_limits import check_and_count, refund
from venues.core import clock
from venues.core.errors import Conflict
from venues.core.i18n import _, lazy_gettext
from venues.core.worker_threads import WorkerThreads
from venues.models import AuthToken, User

_T = TypeVar("_T")
_hasher = PasswordHasher()
# Hashes at once per process: each holds 64 MiB, and more threads than cores only queue in the OS.
_hashing = WorkerThreads(2)

SIGN_IN_WINDOW = timedelta(minutes=15)
FAILURES_PER_ADDRESS = 10
FAILURES_PER_CLIENT = 30
TOO_MANY_SIGN_INS = lazy_gettext("Too many failed sign-ins; wait a few minutes before trying again.")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def token_digest(token: str, secret: str) -> str:
    return hmac.new(secret.encode(), token.encode(), hashlib.sha256).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


async def create_user(email: str, password: str, display_name: str, is_admin: bool = False) -> User:
    email = normalise_email(email)
    if await User.exists().where(User.email == email):
        raise Conflict(_("An account with the email %(email)s already exists.") % {"email": email}, field="email")
    user = User(
        email=email,
        password_hash=await _hashing.run(hash_password, password),
        display_name=display_name,
        is_admin=is_admin,
    )
    await user.save()
    return user


async def authenticate(email: str, password: str) -> User | None:
    user = await User.objects().where(User.email == normalise_email(email)).first()
    if user is None:
        # Spend the same time as a real check so response timing does not reveal accounts.
        await _hashing.run(verify_password, _DUMMY_HASH, password)
        return None
    return user if await _hashing.run(verify_password, user.password_hash, password) else None


async def sign_in(email: str, password: str, client: str) -> User | None:
    """``authenticate``, counted against the client address and the address (known or not).

    Past either limit the attempt is refused with ``TooManyAttempts`` before any hash
    is checked; a success takes its attempt back, so only failures use up the limits.
    The client is counted first and a refusal stops there: a client past its own limit
    cannot go on using up (and so locking) someone else's address.
    """
    keys = [
        (f"sign-in:client:{client}", FAILURES_PER_CLIENT),
        (f"sign-in:address:{normalise_email(email)}", FAILURES_PER_ADDRESS),
    ]
    for key, limit in keys:
        await check_and_count(key, limit, SIGN_IN_WINDOW, str(TOO_MANY_SIGN_INS))
    user = await authenticate(email, password)
    if user is not None:
        for key, _unused in keys:
            await refund(key)
    return user


async def issue_token(user: User, secret: str, ttl: timedelta) -> tuple[str, datetime]:
    token = secrets.token_urlsafe(32)
    expires_at = clock.now() + ttl
    await AuthToken(user=user.id, token_hash=token_digest(token, secret), expires_at=expires_at).save()
    return token, expires_at


async def user_for_token(token: str, secret: str) -> User | None:
    row = (
        await AuthToken.select(AuthToken.user, AuthToken.expires_at, AuthToken.revoked_at)
        .where(AuthToken.token_hash == token_digest(token, secret))
        .first()
    )
    if row is None or row["revoked_at"] is not None or row["expires_at"] <= clock.now_exact():
        return None
    return await User.objects().where(User.id == row["user"]).first()


async def revoke_token(token: str, secret: str) -> None:
    await AuthToken.update({AuthToken.revoked_at: clock.now_exact()}).where(
        AuthToken.token_hash == token_digest(token, secret)
    )


# A hash made once with the hasher's parameters, so a sign-in for an unknown email costs what a real
# check costs. Written out rather than computed at import: argon2 takes 64 MiB and ~50 ms per hash,
# which every worker and every CLI command would otherwise spend on start-up.
_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$omiyHCX4fjdWMKXHWdZnGQ$GH3ua/fG+kGhpJM2NQ/PRwnRns5Y6TcCaSKCKpPwAUc"
