"""Request and response bodies for signing in and for accounts."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from api.schemas import Name, Password, RequiredEmail


class LoginRequest(Struct, forbid_unknown_fields=True):
    email: RequiredEmail
    password: Password


class UserOut(Struct):
    id: int
    email: str
    display_name: str
    is_admin: bool
    manages_venue_ids: list[int]


class TokenOut(Struct):
    token: str
    token_type: str
    expires_at: datetime
    user: UserOut


class UserCreate(Struct, forbid_unknown_fields=True):
    email: RequiredEmail
    display_name: Name
    password: Password
    is_admin: bool = False
