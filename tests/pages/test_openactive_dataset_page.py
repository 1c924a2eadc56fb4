"""/openactive: the OpenActive dataset site, read by people and by OpenActive's catalogue through its JSON-LD."""

from __future__ import annotations

import json
import os
import re
from typing import Any

import httpx

from api.settings import get_settings
from scheduling.openactive.dataset import RPDE_MEDIA_TYPE
from scheduling.openactive.feeds import LICENSE, Feed
from tests.openactive_validator import validator_messages

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def dataset_of(html: str) -> dict[str, Any]:
    blocks = JSON_LD.findall(html)
    assert len(blocks) == 1, blocks
    data: dict[str, Any] = json.loads(blocks[0])
    return data


async def test_the_dataset_site_lists_every_feed_with_its_licence_and_publisher(client: httpx.AsyncClient) -> None:
    response = await client.get("/openactive")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    data = dataset_of(response.text)
    assert data["@type"] == "Dataset"
    assert data["url"] == data["@id"] == "http://testserver/openactive"
    assert data["license"] == LICENSE
    assert data["publisher"]["@type"] == "Organization"
    urls = {download["contentUrl"] for download in data["distribution"]}
    assert urls == {f"http://testserver/openactive/{feed.value}" for feed in Feed}
    assert {download["encodingFormat"] for download in data["distribution"]} == {RPDE_MEDIA_TYPE}
    for feed in Feed:
        assert f'href="http://testserver/openactive/{feed.value}"' in response.text
    assert LICENSE in response.text
    assert "OpenActive Activity List" in response.text
    assert "coffee mornings" in response.text


async def test_the_dataset_json_ld_has_no_failure_by_the_openactive_validator(client: httpx.AsyncClient) -> None:
    # The validator wants URLs with a top-level domain, which the test client's http://testserver lacks.
    os.environ["COMMONROOM_PUBLIC_URL"] = "https://halls.example"
    get_settings.cache_clear()
    data = dataset_of((await client.get("/openactive")).text)
    assert data["distribution"][0]["contentUrl"].startswith("https://halls.example/openactive/")

    failures = [message for message in validator_messages([data])[0] if message["severity"] == "failure"]

    assert failures == []


async def test_the_json_ld_cannot_close_its_script_element(client: httpx.AsyncClient) -> None:
    os.environ["COMMONROOM_MAIL_FROM_NAME"] = "Halls </script><script>alert(1)</script>"
    from venues.mail.settings import mail_settings

    mail_settings.cache_clear()
    try:
        html = (await client.get("/openactive")).text
    finally:
        mail_settings.cache_clear()

    assert "<script>alert(1)" not in html
    assert dataset_of(html)["publisher"]["name"] == "Halls </script><script>alert(1)</script>"


async def test_every_page_links_to_the_open_data(client: httpx.AsyncClient) -> None:
    home = await client.get("/")

    assert 'href="/openactive"' in home.text
