"""Driving the pages over HTTP as a browser would: a CSRF token from a form, then a form post."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import httpx

from tests.factories import PASSWORD, Account
from venues.core.timezones import local_datetime

_TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')


async def form_token(client: httpx.AsyncClient, path: str) -> str:
    """The CSRF token a page's forms carry (the cookie that goes with it stays in the client)."""
    response = await client.get(path)
    assert response.status_code == 200, response.text
    match = _TOKEN.search(response.text)
    assert match is not None, f"no form with a CSRF token on {path}"
    return match.group(1)


async def post_form(client: httpx.AsyncClient, path: str, data: dict[str, Any], token_from: str) -> httpx.Response:
    token = await form_token(client, token_from)
    return await client.post(path, data={**data, "_csrf_token": token})


async def sign_in(client: httpx.AsyncClient, account: Account) -> None:
    response = await post_form(
        client, "/sign-in", {"email": account.user.email, "password": PASSWORD, "next": "/"}, "/sign-in"
    )
    assert response.status_code == 303, response.text


def next_weekday(weekday: int, weeks_ahead: int = 1) -> date:
    """A date ``weeks_ahead`` weeks on that falls on ``weekday`` (0 = Monday), in London."""
    today = datetime.now(UTC).date()
    return today + timedelta(days=7 * weeks_ahead + (weekday - today.weekday()) % 7)


def days_ahead(days: int) -> date:
    return datetime.now(UTC).date() + timedelta(days=days)


def london(day: date, hour: int, minute: int = 0) -> datetime:
    return local_datetime(day, time(hour, minute), "Europe/London").astimezone(UTC)
