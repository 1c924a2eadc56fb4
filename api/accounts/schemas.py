"""Request and response bodies for signing in and for accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from msgspec import Meta, Struct

from api.schemas import SINGLE_LINE, Name, Password, RequiredEmail


class LoginRequest(Struct, forbid_unknown_fields=True):
    email: RequiredEmail
    password: Password


class UserOut(Struct):
    id: int
    email: str
    display_name: str
    is_admin: bool
    manages_venue_ids: list[int]
    email_verified: bool = True


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


LinkToken = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=100,
        pattern=SINGLE_LINE,
        description="the secret from an emailed link",
        examples=["Xq3Jf0c1v8Q2mZ7yN4wL9hT6sR5pK1aB2cD3eF4gH5i"],
    ),
]


class SignUpRequest(Struct, forbid_unknown_fields=True):
    email: RequiredEmail
    display_name: Name
    password: Password


class EmailOnly(Struct, forbid_unknown_fields=True):
    email: RequiredEmail


class LinkRequest(Struct, forbid_unknown_fields=True):
    token: LinkToken


class ResetRequest(Struct, forbid_unknown_fields=True):
    token: LinkToken
    password: Password


class PasswordChange(Struct, forbid_unknown_fields=True):
    current_password: Password
    new_password: Password


class EmailChange(Struct, forbid_unknown_fields=True):
    email: RequiredEmail
    current_password: Password


class AccountDeletion(Struct, forbid_unknown_fields=True):
    password: Password


class Accepted(Struct):
    detail: str
