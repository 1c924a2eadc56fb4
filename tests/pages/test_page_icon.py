"""Every page names its icon, one the site serves: a browser otherwise asks for /favicon.ico, which is a 404
logged as an error in its console on every page."""

from __future__ import annotations

import re

import httpx


async def test_every_page_names_an_icon_the_site_serves(client: httpx.AsyncClient) -> None:
    for path in ("/", "/venues", "/sign-in", "/no-such-page"):
        text = (await client.get(path, headers={"Accept": "text/html"})).text
        icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', text)
        assert icon is not None, path
        served = await client.get(icon.group(1))
        assert served.status_code == 200 and served.headers["content-type"].startswith("image/svg+xml")
        assert served.text.startswith("<svg")
