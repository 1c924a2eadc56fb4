"""Jobs a served app runs in the background, started and stopped with each worker.

Each worker books the series' dates that came inside their horizon on its own timer
(``COMMONROOM_EXTEND_SERIES_EVERY`` seconds; ``commonroom serve`` makes it hourly). The
extension claims each series row before booking, so workers running it at once book a
date once; no lease is needed.

Each worker also delivers the outbox's due mail (``COMMONROOM_SEND_MAIL_EVERY`` seconds;
``commonroom serve`` makes it 10): every message is claimed by one sender before it is sent
(``venues.mail.sender``), so the workers, and ``commonroom send-mail`` from cron, never send
one twice; again no lease is needed.

Each worker also sends the day's digests (``COMMONROOM_SEND_DIGESTS_EVERY`` seconds, from
``COMMONROOM_DIGEST_HOUR`` UTC): a digest row unique per person and day means each person gets one a
day however many workers try.

Each worker also stamps the OpenActive feeds (``COMMONROOM_OPENACTIVE_EVERY`` seconds; ``commonroom serve``
makes it 10): one stamper at a time holds the change counter, and a worker finding it held skips its turn
(``scheduling.openactive.stamping``), so items appear in the feeds within about that long of the change.
"""

from __future__ import annotations

import asyncio

from api.settings import get_settings
from scheduling.notices.digests import send_digests_periodically
from scheduling.openactive.stamping import refresh_periodically
from scheduling.series.extension import extend_periodically
from venues.mail.sender import send_periodically

_running: set[asyncio.Task[None]] = set()


async def start_background_jobs() -> None:
    settings = get_settings()
    if settings.extend_series_every_seconds > 0:
        _running.add(asyncio.create_task(extend_periodically(settings.extend_series_every_seconds)))
    if settings.send_mail_every_seconds > 0:
        _running.add(asyncio.create_task(send_periodically(settings.send_mail_every_seconds)))
    if settings.send_digests_every_seconds > 0:
        digests = send_digests_periodically(
            settings.public_base_url, settings.secret_key, settings.send_digests_every_seconds, settings.digest_hour
        )
        _running.add(asyncio.create_task(digests))
    if settings.openactive_every_seconds > 0:
        _running.add(asyncio.create_task(refresh_periodically(settings.openactive_every_seconds)))


async def stop_background_jobs() -> None:
    for task in _running:
        task.cancel()
    await asyncio.gather(*_running, return_exceptions=True)
    _running.clear()
