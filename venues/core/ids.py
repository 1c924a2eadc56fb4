"""Row ids: the range a serial primary key holds on every engine.

An id outside it names nothing; checking first keeps an absurd id in a URL
from reaching the database driver, which refuses integers it cannot store.
"""

from __future__ import annotations

MAX_ID = 2**31 - 1


def in_id_range(value: int) -> bool:
    return 1 <= value <= MAX_ID
