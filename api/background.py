"""Jobs a served app runs in the background, started and stopped with each worker.

Every worker, on every machine, starts each job, and each job's turn runs only in the process holding that
job's lease (``venues.core.leases``: a ``job_lease`` row, renewed at each turn, taken over by another process
once its holder has stopped renewing it, given back when a worker shuts down). The jobs' own claims, below,
stay as the guarantee: the lease saves the idle queries of many workers, and a holder that stalls past its
lease, or ``commonroom send-mail`` from cron beside the workers, still never does a piece of work twice.

Extending series books the dates that came inside their horizon (``COMMONROOM_EXTEND_SERIES_EVERY``
seconds; ``commonroom serve`` makes it hourly); it claims each series row before booking, so two runs book a
date once.

Sending mail delivers the outbox's due messages (``COMMONROOM_SEND_MAIL_EVERY`` seconds; ``commonroom serve``
makes it 10): every message is claimed by one sender before it is sent (``venues.mail.sender``).

Digests are the day's messages held back (``COMMONROOM_SEND_DIGESTS_EVERY`` seconds, from
``COMMONROOM_DIGEST_HOUR`` UTC): a digest row unique per person and day means each person gets one a day.

Stamping the OpenActive feeds (``COMMONROOM_OPENACTIVE_EVERY`` seconds; ``commonroom serve`` makes it 10):
one stamper at a time holds the change counter (``scheduling.openactive.stamping``), so items appear in the
feeds within about that long of the change.
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
