"""People who sign in, and their bearer tokens.

Accounts live in the base layer because venue managers (here) and group
organisers (scheduling) both point at them.
"""

from piccolo.columns import Boolean, ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class User(Table, tablename="app_user"):
    id: Serial
    email = Varchar(length=254, unique=True, index=True)
    display_name = Varchar(length=200)
    password_hash = Varchar(length=255)
    is_admin = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow())


class AuthToken(Table):
    """Only a SHA-256 of the token is stored, so a leaked table grants nothing."""

    id: Serial

    user = ForeignKey(references=User, on_delete=OnDelete.cascade)
    token_hash = Varchar(length=64, unique=True, index=True)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)
