"""Security headers: pages cannot be framed and run only the site's own code; API and feeds keep the rest."""

from __future__ import annotations

import httpx

from tests.factories import Factory


def policy(response: httpx.Response) -> dict[str, str]:
    directives = (part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))
    return {name: value for name, value in directives}


async def test_pages_refuse_framing_and_load_only_their_own_scripts_and_styles(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    await factory.venue()
    for path in ("/", "/venues", "/sign-in", "/venues/999999"):
        response = await client.get(path)
        assert response.headers["content-type"].startswith("text/html"), path
        assert response.headers["x-frame-options"] == "DENY", path
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin", path
        directives = policy(response)
        assert directives["frame-ancestors"] == "'none'", path
        assert directives["default-src"] == directives["script-src"] == directives["style-src"] == "'self'", path


async def test_api_and_feeds_are_not_sniffed_or_framed_and_carry_no_page_policy(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue = await factory.venue()
    for path in ("/api/v1/venues", "/api/v1/venues/999999", f"/feeds/venues/{venue.id}.ics"):
        response = await client.get(path)
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["x-frame-options"] == "DENY", path
        assert "content-security-policy" not in response.headers, path


async def test_the_openapi_viewer_keeps_loading_its_scripts(client: httpx.AsyncClient) -> None:
    response = await client.get("/schema/swagger")
    assert response.status_code == 200
    assert "content-security-policy" not in response.headers
