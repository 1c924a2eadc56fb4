"""Accounts: password hashing (argon2) and revocable bearer tokens.

Tokens are random; only an HMAC of each is stored, so the table alone grants
nothing and every app process can check a token against the shared database.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from venues.errors import Conflict
from venues.models import AuthToken, User

_hasher = PasswordHasher()


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
        raise Conflict(f"An account with the email {email} already exists.", field="email")
    user = User(email=email, password_hash=hash_password(password), display_name=display_name, is_admin=is_admin)
    await user.save()
    return user


async def authenticate(email: str, password: str) -> User | None:
    user = await User.objects().where(User.email == normalise_email(email)).first()
    if user is None:
        # Spend the same time as a real check so response timing does not reveal accounts.
        verify_password(_DUMMY_HASH, password)
        return None
    return user if verify_password(user.password_hash, password) else None


async def issue_token(user: User, secret: str, ttl: timedelta) -> tuple[str, datetime]:
    token = secrets.token_urlsafe(32)
    expires_at = datetime.now(timezone.utc).replace(microsecond=0) + ttl
    await AuthToken(user=user.id, token_hash=token_digest(token, secret), expires_at=expires_at).save()
    return token, expires_at


async def user_for_token(token: str, secret: str) -> User | None:
    row = (
        await AuthToken.select(AuthToken.user, AuthToken.expires_at, AuthToken.revoked_at)
        .where(AuthToken.token_hash == token_digest(token, secret))
        .first()
    )
    if row is None or row["revoked_at"] is not None or row["expires_at"] <= datetime.now(timezone.utc):
        return None
    return await User.objects().where(User.id == row["user"]).first()


async def revoke_token(token: str, secret: str) -> None:
    await AuthToken.update({AuthToken.revoked_at: datetime.now(timezone.utc)}).where(
        AuthToken.token_hash == token_digest(token, secret)
    )


# A hash made once with the hasher's parameters, so a sign-in for an unknown email costs what a real
# check costs. Written out rather than computed at import: argon2 takes 64 MiB and ~50 ms per hash,
# which every worker and every CLI command would otherwise spend on start-up.
_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$omiyHCX4fjdWMKXHWdZnGQ$GH3ua/fG+kGhpJM2NQ/PRwnRns5Y6TcCaSKCKpPwAUc"
