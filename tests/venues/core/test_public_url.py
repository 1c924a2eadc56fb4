"""The public address has one reading: the API's settings and the domain's mail never disagree about it."""

from __future__ import annotations

import pytest

from api.settings import get_settings
from scheduling.notices import notify
from venues.core.public_url import PublicUrlError, public_base_url


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"COMMONROOM_PUBLIC_URL": "https://hall.example/"}, "https://hall.example"),
        ({"COMMONROOM_HOST": "0.0.0.0", "COMMONROOM_PORT": " 8080 "}, "http://0.0.0.0:8080"),
        ({}, "http://127.0.0.1:8000"),
    ],
)
def test_the_api_and_the_mail_read_the_same_public_address(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], expected: str
) -> None:
    for name in ("COMMONROOM_PUBLIC_URL", "COMMONROOM_HOST", "COMMONROOM_PORT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        assert get_settings().public_base_url == expected
        assert notify.public_base_url() == expected
        assert public_base_url() == expected
    finally:
        get_settings.cache_clear()


def test_a_port_that_is_not_a_number_is_refused_with_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COMMONROOM_PUBLIC_URL", raising=False)
    monkeypatch.setenv("COMMONROOM_PORT", "eighty")
    with pytest.raises(PublicUrlError, match="COMMONROOM_PORT"):
        public_base_url()
