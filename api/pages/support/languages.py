"""Which language a page is in, and the switch that changes it.

The reader's choice, strongest first: a ``/cy/…`` or ``/en/…`` address (or ``?lang=cy``), so a shared link or a
printed QR code opens in its language; a signed-in person's account; the ``commonroom_language`` cookie a visitor's
switch left; the browser's ``Accept-Language``; English. An address that names a language also sets the cookie,
so the links on the page (which carry no prefix) stay in it.

The prefix is taken off the path before routing (``strip_language_prefix``, called by the app for every HTTP
request), so every page exists once and answers at ``/x``, ``/en/x`` and ``/cy/x`` alike; ``hreflang`` alternates
name all three. Pages vary by cookie and ``Accept-Language`` and say so (``Vary``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.types import Message, Scope
from markupsafe import Markup, escape

from api.settings import get_settings
from venues.core.i18n import formatting
from venues.core.i18n.content import Shown, shown
from venues.core.i18n.languages import (
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    LANGUAGE_TAGS,
    LANGUAGES,
    current_language,
    from_accept_language,
    set_language,
    supported,
)

LANGUAGE_COOKIE = "commonroom_language"
_PATH_LANGUAGE = "commonroom.path_language"
_PAGE_LANGUAGE = "commonroom.page_language"
_ASKED_LANGUAGE = "commonroom.asked_language"
_SET_COOKIE = "commonroom.language_cookie"
ONE_YEAR = 365 * 24 * 3600


def strip_language_prefix(scope: Scope) -> None:
    """``/cy/venues/3`` is routed as ``/venues/3`` with Welsh asked for; ``/cy`` alone is the home page."""
    path: str = scope["path"]
    for language in LANGUAGES:
        prefix = f"/{language}"
        if path == prefix or path.startswith(prefix + "/"):
            rest = path[len(prefix) :] or "/"
            scope["path"] = rest
            scope["raw_path"] = rest.encode()
            scope.setdefault("state", {})[_PATH_LANGUAGE] = language
            return


def path_language(scope: Scope) -> str | None:
    return scope.get("state", {}).get(_PATH_LANGUAGE)


def choose_page_language(request: Request[Any, Any, Any]) -> str:
    """Decides the page's language (order in the module's docstring), sets it for the request, and remembers
    whether the cookie should follow an address that named one."""
    named = path_language(request.scope) or supported(request.query_params.get("lang"))
    user = request.scope.get("user")
    cookie = supported(request.cookies.get(LANGUAGE_COOKIE))
    account = supported(getattr(user, "language", None)) if user is not None else None
    asked = named or account or cookie or from_accept_language(request.headers.get("accept-language"))
    language = asked or DEFAULT_LANGUAGE
    state = request.scope.setdefault("state", {})
    state[_PAGE_LANGUAGE] = language
    state[_ASKED_LANGUAGE] = asked
    if named and named != cookie:
        state[_SET_COOKIE] = named
    set_language(language)
    return language


def asked_language(request: Request[Any, Any, Any]) -> str | None:
    """The page's language when the reader chose it or asked for it (the address, ``?lang=``, their account, the
    cookie, ``Accept-Language``); None when the page is in the default only because nothing asked for another.
    What a page stores as someone's choice (a sign-up's account language) comes from here, never from the
    fallback."""
    state = request.scope.get("state", {})
    if _PAGE_LANGUAGE not in state:
        choose_page_language(request)
        state = request.scope["state"]
    return state.get(_ASKED_LANGUAGE)


def language_cookie(language: str) -> Cookie:
    return Cookie(
        key=LANGUAGE_COOKIE,
        value=language,
        path="/",
        max_age=ONE_YEAR,
        httponly=True,
        samesite="lax",
        secure=get_settings().public_base_url.startswith("https://"),
    )


async def send_language_headers(message: Message, scope: Scope) -> None:
    """``before_send``: a page says it varies by language choice, and an address that named a language keeps it."""
    if message["type"] != "http.response.start":
        return
    state = scope.get("state", {})
    if _PAGE_LANGUAGE not in state:
        return
    headers = MutableScopeHeaders.from_message(message)
    headers.add("Vary", "Cookie, Accept-Language")
    headers.add("Content-Language", LANGUAGE_TAGS[state[_PAGE_LANGUAGE]])
    if language := state.get(_SET_COOKIE):
        headers.add("Set-Cookie", language_cookie(language).to_header(header=""))


def alternates(request: Request[Any, Any, Any]) -> list[dict[str, str]]:
    """The page in each language, for ``hreflang`` links and the switch: ``/cy/x?…``, ``/en/x?…``, and ``/x``
    (``x-default``, chosen by the reader's settings)."""
    path = request.url.path
    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "lang"])
    suffix = f"?{query}" if query else ""
    tail = "" if path == "/" else path
    links = [
        {"hreflang": LANGUAGE_TAGS[language], "language": language, "href": f"/{language}{tail}{suffix}"}
        for language in LANGUAGES
    ]
    links.append({"hreflang": "x-default", "language": "", "href": f"{path}{suffix}"})
    return links


def language_context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """What every template knows about the language: ``lang`` (``cy``), ``lang_tag`` for ``<html lang>``, the
    alternates and the switch's choices. A page answered outside the pages' router (an unknown address) chooses
    its language here."""
    if _PAGE_LANGUAGE not in request.scope.get("state", {}):
        choose_page_language(request)
    language = current_language()
    return {
        "lang": language,
        "lang_tag": LANGUAGE_TAGS[language],
        "alternates": alternates(request),
        "language_choices": [
            {"language": code, "name": LANGUAGE_NAMES[code], "tag": LANGUAGE_TAGS[code]} for code in LANGUAGES
        ],
    }


def _marked(text: Shown) -> Markup:
    if text.language == current_language():
        return escape(text.text)
    return Markup('<span lang="{}">{}</span>').format(LANGUAGE_TAGS[text.language], text.text)


def shown_filter(row: Any, field: str) -> Markup:
    """``{{ venue | shown("name") }}``: the row's text in the page's language, or the other language's inside a
    ``<span lang>`` when it has none in this one."""
    return _marked(shown(row, field))


def shown_text(row: Any, field: str) -> str:
    """``{{ venue | shown_text("name") }}``: the same choice as plain text, for attributes and titles."""
    return shown(row, field).text


def shown_lang(row: Any, field: str) -> str:
    """``lang="{{ venue | shown_lang("name") }}"``: the tag of the language ``shown_text`` is in."""
    return LANGUAGE_TAGS[shown(row, field).language]


LANGUAGE_FILTERS = {
    "shown": shown_filter,
    "shown_text": shown_text,
    "shown_lang": shown_lang,
    # Dates and numbers in the page's language (``{{ day | day_long }}`` → ``Dydd Mawrth 8 Rhagfyr``).
    "day_long": formatting.long_day,
    "day_short": formatting.short_day,
    "day_month_year": formatting.day_month_year,
    "month_year": formatting.month_year,
    "day_name": formatting.day_name,
    "number": formatting.number,
}
