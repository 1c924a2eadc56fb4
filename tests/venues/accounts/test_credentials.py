"""Passwords (argon2) and bearer tokens: issue, check, revoke, expire."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from venues.accounts.credentials import (
    authenticate,
    create_user,
    hash_password,
    issue_token,
    revoke_token,
    token_digest,
    user_for_token,
    verify_password,
)
from venues.core.errors import Conflict
from venues.models import AuthToken

SECRET = "test-secret"


def test_hash_verifies_only_the_same_password() -> None:
    hashed = hash_password("correct horse")
    assert hashed != "correct horse" and hashed.startswith("$argon2")
    assert verify_password(hashed, "correct horse")
    assert not verify_password(hashed, "correct horsE")
    assert hash_password("correct horse") != hashed


def test_a_malformed_hash_verifies_nothing() -> None:
    assert not verify_password("not a hash", "anything")


def test_token_digest_is_keyed_and_stable() -> None:
    assert token_digest("abc", SECRET) == token_digest("abc", SECRET)
    assert token_digest("abc", SECRET) != token_digest("abc", "other secret")
    assert len(token_digest("abc", SECRET)) == 64


async def test_create_user_normalises_email_and_refuses_duplicates() -> None:
    user = await create_user("  Pat@Example.ORG ", "long password", "Pat")
    assert user.email == "pat@example.org"
    with pytest.raises(Conflict) as raised:
        await create_user("PAT@example.org", "another password", "Pat again")
    assert raised.value.extra["field"] == "email"


async def test_authenticate_checks_the_password() -> None:
    user = await create_user("sam@example.org", "long password", "Sam")
    assert (await authenticate("SAM@example.org", "long password")).id == user.id
    assert await authenticate("sam@example.org", "wrong password") is None
    assert await authenticate("nobody@example.org", "long password") is None


async def test_issued_token_finds_its_user_and_only_a_digest_is_stored() -> None:
    user = await create_user("tok@example.org", "long password", "Tok")
    token, expires_at = await issue_token(user, SECRET, timedelta(hours=2))
    assert expires_at.microsecond == 0
    assert timedelta(hours=1, minutes=59) < expires_at - datetime.now(UTC) <= timedelta(hours=2)
    assert (await user_for_token(token, SECRET)).id == user.id
    assert await user_for_token(token, "another secret") is None
    assert await user_for_token(token + "x", SECRET) is None
    stored = await AuthToken.select(AuthToken.token_hash).where(AuthToken.user == user.id)
    assert [row["token_hash"] for row in stored] == [token_digest(token, SECRET)]


async def test_revoked_token_stops_at_once_and_others_keep_working() -> None:
    user = await create_user("rev@example.org", "long password", "Rev")
    first, _ = await issue_token(user, SECRET, timedelta(hours=1))
    second, _ = await issue_token(user, SECRET, timedelta(hours=1))
    await revoke_token(first, SECRET)
    assert await user_for_token(first, SECRET) is None
    assert (await user_for_token(second, SECRET)).id == user.id


async def test_expired_token_is_refused() -> None:
    user = await create_user("old@example.org", "long password", "Old")
    token, _ = await issue_token(user, SECRET, timedelta(seconds=-1))
    assert await user_for_token(token, SECRET) is None


def test_the_stand_in_hash_for_unknown_emails_costs_what_a_real_check_costs() -> None:
    from venues.accounts.credentials import _DUMMY_HASH, _hasher, hash_password

    # Same parameters as the hasher, so timing does not reveal which emails have accounts.
    assert not _hasher.check_needs_rehash(_DUMMY_HASH)
    assert _DUMMY_HASH.rsplit("$", 2)[0] == hash_password("anything").rsplit("$", 2)[0]
