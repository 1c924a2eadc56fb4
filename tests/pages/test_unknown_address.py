"""An address no route answers is a page for a browser (an old or mistyped link from a poster or an email) and
problem+json for programs: a resident never reads raw JSON, a client of the API never parses HTML."""

from __future__ import annotations

import httpx

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


async def test_a_browser_at_an_unknown_address_gets_a_readable_page_with_the_menu(client: httpx.AsyncClient) -> None:
    for path in ("/no-such-page", "/activities/coffee", "/desk/nowhere/at/all"):
        response = await client.get(path, headers=BROWSER)
        assert response.status_code == 404, path
        assert response.headers["content-type"].startswith("text/html")
        assert "<h1>Page not found</h1>" in response.text and "There is no page at this address" in response.text
        assert '<a href="/venues"' in response.text


async def test_the_api_feeds_and_files_keep_answering_unknown_addresses_with_problem_json(
    client: httpx.AsyncClient,
) -> None:
    for path in ("/api/v1/nothing-here", "/feeds/nothing.ics", "/static/missing.css", "/no-such-page"):
        headers = BROWSER if path != "/no-such-page" else {"Accept": "application/json"}
        response = await client.get(path, headers=headers)
        assert response.status_code == 404, path
        assert response.headers["content-type"] == "application/problem+json", path
        assert response.json()["status"] == 404
