"""Reading ``COMMONROOM_SMTP_URL``, and the file transport used when it is not set."""

from __future__ import annotations

from pathlib import Path

import pytest

from venues.mail.settings import MailSettings, MailSettingsError
from venues.mail.transports import Envelope, FileTransport, SMTPTransport, configured_transport, smtp_transport


def test_smtp_urls_choose_tls_port_and_login() -> None:
    assert smtp_transport("smtp://localhost") == SMTPTransport("localhost", 25)
    assert smtp_transport("smtp://u%40hall.example:p%3Ass@mail.example:2525?starttls=1&timeout=9") == SMTPTransport(
        "mail.example", 2525, "u@hall.example", "p:ss", start_tls=True, timeout=9.0
    )
    assert smtp_transport("smtp://mail.example?starttls=1").port == 587
    assert smtp_transport("smtp://mail.example?starttls=0").start_tls is False
    assert smtp_transport("smtp://u:p@mail.example?insecure_auth=1").insecure_auth is True
    assert smtp_transport("smtp://u:p@mail.example").insecure_auth is False
    secure = smtp_transport("smtps://u:p@mail.example?verify=0")
    assert (secure.port, secure.use_tls, secure.start_tls, secure.validate_certs) == (465, True, False, False)


@pytest.mark.parametrize(
    "url",
    [
        "http://mail.example",
        "smtp://",
        "smtp://mail.example?tls=1",
        "smtp://mail.example?starttls=maybe",
        "smtps://mail.example?starttls=1",
        "smtp://mail.example:99999",
        "smtp://mail.example?timeout=soon",
    ],
)
def test_a_smtp_url_that_cannot_be_understood_is_refused_with_a_sentence(url: str) -> None:
    with pytest.raises(MailSettingsError, match="COMMONROOM_SMTP_URL"):
        smtp_transport(url)


def test_without_an_smtp_url_mail_goes_to_files_in_the_outbox_folder(tmp_path: Path) -> None:
    settings = MailSettings("", str(tmp_path), "commonroom@testserver", "Commonroom", 3)
    assert configured_transport(settings) == FileTransport(tmp_path)
    with_smtp = MailSettings("smtp://mail.example", str(tmp_path), "commonroom@testserver", "Commonroom", 3)
    assert isinstance(configured_transport(with_smtp), SMTPTransport)


async def test_the_file_transport_writes_the_message_whole_and_nothing_else(tmp_path: Path) -> None:
    folder = tmp_path / "not-yet"
    await FileTransport(folder).deliver(Envelope(7, "a@b.example", "c@d.example", b"Subject: hi\r\n\r\nbody\r\n"))
    assert [file.name for file in folder.iterdir()] == ["7.eml"]
    assert (folder / "7.eml").read_bytes() == b"Subject: hi\r\n\r\nbody\r\n"
