"""People who sign in, and their bearer tokens.

Accounts live in the base layer because venue managers (here) and group
organisers (scheduling) both point at them.
"""

from piccolo.columns import Boolean, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class User(Table, tablename="app_user"):
    id: Serial
    email = Varchar(length=254, unique=True, index=True)
    display_name = Varchar(length=200)
    password_hash = Varchar(length=255)
    is_admin = Boolean(default=False)
    language = Varchar(length=8, default="")
    """The language the person chose for pages and mail (``en``, ``cy``); empty until they choose."""
    email_verified = Boolean(default=True)
    """False for an account signed up from the site until its owner follows the link sent to the address."""
    created_at = Timestamptz(default=TimestamptzNow())


class AuthToken(Table):
    """Only a SHA-256 of the token is stored, so a leaked table grants nothing."""

    id: Serial

    user = ForeignKey(references=User, on_delete=OnDelete.cascade)
    token_hash = Varchar(length=64, unique=True, index=True)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)


class AccountLink(Table):
    """A single-use, expiring link sent by email: verify an address, reset a password, confirm a new
    address, or accept an invitation. Only an HMAC of the link's secret is stored.

    ``user`` is who it was sent for, except on an invitation, where it is who sent it (the inviter, whose
    right to invite is checked again when it is accepted; null on invitations sent before that was recorded);
    ``email`` the address it was sent to; ``target`` the venue or group an invitation is to.
    """

    id: Serial

    purpose = Varchar(length=20, index=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, null=True, default=None, index=True)
    email = Varchar(length=254, default="")
    target = Integer(null=True, default=None)
    token_hash = Varchar(length=64, unique=True, index=True)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)
