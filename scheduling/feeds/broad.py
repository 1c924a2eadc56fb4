"""What a broad public feed holds: the next few weeks, and of those only the first dates by start.

A feed is broad when nothing in its scope ties it to one place: every activity (``/feeds/all.ics``),
a kind of activity everywhere (``/feeds/categories/{c}.ics``), a what's-on search without a venue,
space or group, and without a place or with one whose radius is wider than ``NARROW_RADIUS_KM`` (a search
may reach 500 km, which covers the country from its middle). Its size follows the whole country: at ten thousand venues the
usual window (a month back, 400 days ahead) would hold millions of dates, which no calendar app
loads and no subscriber waits for. So a broad feed holds the next ``BROAD_DAYS`` days from the start
of today (UTC) and, of those, at most the first ``BROAD_CAP`` dates by start (then booking id). Each
date counts, a series' too, since each is what a calendar shows; a series the cap cuts ends (UNTIL)
at its last date before the cut, so no reader extends it beyond what the feed says it holds. The
feed's description (``X-WR-CALDESC``) says how far it reaches and where the narrower feeds are.

Narrow feeds (a venue, a space, a group, a place within ``NARROW_RADIUS_KM``) grow with one place, not with the
country: they keep the usual window (``scheduling.feeds.events.FeedWindow.around``).

This is the one place the rule lives: the feeds (``public_feeds``), the API's route descriptions and
the pages that offer a broad feed read it from here.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from scheduling.feeds.events import FeedWindow
from scheduling.listings.whats_on import WhatsOnScope
from venues.core.i18n import _
from venues.core.i18n.formatting import long_day, number

BROAD_DAYS = 28
BROAD_CAP = 300
NARROW_RADIUS_KM = 25.0
"""The widest place search that counts as narrow: a town and its surroundings (the default radius is 10 km).
Wider, a search gathers venues the way a region or the country does, and is held to the broad window."""


def broad_rule() -> str:
    """What a broad feed holds, in the language in force: the feed's description and the pages' note alike."""
    return _(
        "Feeds that are not narrowed to a venue, a space, a group or a place (within %(radius)s km) hold the next "
        "%(days)s days only, and of those at most the first %(cap)s dates by start time."
    ) % {"radius": f"{NARROW_RADIUS_KM:g}", "days": BROAD_DAYS, "cap": number(BROAD_CAP)}


def narrower() -> str:
    """Where to find everything ahead, in the language in force."""
    return _(
        "For everything ahead, subscribe to a venue's, a space's or a group's feed, or to what's on near a place "
        "(with a kind of activity if you like), from the pages on this site."
    )


def is_broad(scope: WhatsOnScope) -> bool:
    """Whether nothing in ``scope`` ties it to one place, so it grows with the whole country: a place search
    counts as narrow only within ``NARROW_RADIUS_KM``."""
    if scope.venue_id is not None or scope.space_id is not None or scope.group_id is not None:
        return False
    return scope.near is None or scope.radius_km > NARROW_RADIUS_KM


def _day(moment: datetime) -> str:
    return long_day(moment.date(), with_year=True)


def broad_description(description: str, window: FeedWindow, held: int, cut_at: datetime | None) -> str:
    """``description`` with what this body holds: the window, whether the cap cut it and where, and the way on.

    ``cut_at`` is the start of the first date left out (None: nothing was left out), read in UTC.
    """
    last_day = window.ends - timedelta(days=1)
    if cut_at is None:
        reach = _("It holds the %(days)s days from %(first)s to %(last)s (UTC).") % {
            "days": BROAD_DAYS,
            "first": _day(window.starts),
            "last": _day(last_day),
        }
    else:
        reach = _(
            "It holds the first %(held)s dates by start time from %(first)s: more match than a calendar app can "
            "load, so it stops before %(time)s UTC on %(day)s, and a series in it ends there."
        ) % {"held": number(held), "first": _day(window.starts), "time": f"{cut_at:%H:%M}", "day": _day(cut_at)}
    return f"{description} {reach} {broad_rule()} {narrower()}"
