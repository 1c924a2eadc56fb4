"""``commonroom extend-series`` run as a command, on a database of its own."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent("""
    import asyncio
    from datetime import date, time, timedelta

    from api.cli import _migrate, main
    from venues.core import clock
    from scheduling.models import Booking
    from scheduling.recurrence.rules import parse_rrule
    from scheduling.series.create import SeriesDraft, create_series
    from venues.accounts.credentials import create_user
    from venues.models import OpeningHours, Space
    from venues.registry import create_venue


    async def seed() -> None:
        manager = await create_user("manager@example.org", "long enough password", "Manager")
        venue = await create_venue({"name": "Hall", "slug": "hall"}, [manager.email])
        space = Space(venue=venue.id, name="Main hall", capacity=20, min_notice_minutes=0, horizon_days=28)
        await space.save()
        await OpeningHours.insert(*[OpeningHours(venue=venue.id, weekday=d, opens=time(0), closes=time(23, 59)) for d in range(7)])
        # Booked three weeks ago, up to the horizon as it was then: three weeks of Tuesdays are now due.
        then = clock.now() - timedelta(days=21)
        rule = parse_rrule("FREQ=WEEKLY;BYDAY=TU")
        made = await create_series(manager, SeriesDraft(space.id, rule, then.date(), time(10), time(12)), now=then)
        print("seeded", made.series.id, len(made.booked))


    _migrate(quiet=True)
    asyncio.run(seed())
    main(["extend-series"])
    main(["extend-series"])
    print("bookings", Booking.count().run_sync())
    """)


def test_extend_series_books_the_dates_that_came_inside_the_horizon(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/cli.sqlite"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, done.stderr
    seeded, extended, summary, again, counted = done.stdout.strip().splitlines()
    _, series_id, first_booked = seeded.split()
    booked = int(extended.rsplit(" ", 1)[1])
    assert extended == f"series {series_id}: booked {booked}" and booked >= 2
    assert summary == f"Extended 1 series; {booked} bookings made."
    assert again == "Extended 0 series; 0 bookings made."
    assert counted == f"bookings {int(first_booked) + booked}"
