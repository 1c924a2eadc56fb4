"""Request and response bodies for invitations and requests to join a group."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from api.accounts.schemas import LinkToken
from api.schemas import LongText, RequiredEmail


class InvitationIn(Struct, forbid_unknown_fields=True):
    email: RequiredEmail


class InvitationSent(Struct):
    detail: str


class PendingInvitationOut(Struct):
    id: int
    email: str
    invited_by: str
    created_at: datetime
    expires_at: datetime


class InvitationAccept(Struct, forbid_unknown_fields=True):
    token: LinkToken


class InvitationAccepted(Struct):
    kind: str
    target_id: int
    name: str


class JoinRequestIn(Struct, forbid_unknown_fields=True):
    message: LongText = ""


class JoinRequestOut(Struct):
    id: int
    group_id: int
    user_id: int
    display_name: str
    email: str
    message: str
    created_at: datetime
