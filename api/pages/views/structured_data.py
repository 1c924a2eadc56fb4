"""schema.org ``Event`` JSON-LD for an activity page, so search engines and assistants can read it.

Names and the description are the ones the page shows (the reader's language where the listing has it, else the
other: ``venues.core.i18n.content.shown``), and ``inLanguage`` says which language the listing's words are in."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from scheduling.models import Activity, Group

# schema.org's address and its day names, kept once beside the OpenActive items that use them too.
from scheduling.openactive.sessions import SCHEMA, SCHEMA_DAYS
from venues.core.i18n.content import shown
from venues.core.i18n.languages import LANGUAGE_TAGS
from venues.models import Venue

REPEAT_UNIT = {"DAILY": "D", "WEEKLY": "W", "MONTHLY": "M"}


def event_data(
    activity: Activity,
    venue: Venue,
    starts_local: datetime | None,
    ends_local: datetime | None,
    group: Group | None,
    page_url: str,
    schedule: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An Event at ``venue``; ``starts_local`` is the next date (absent once it has all happened)."""
    title = shown(activity, "title")
    address = {"@type": "PostalAddress", "streetAddress": venue.address, "postalCode": venue.postcode}
    place: dict[str, Any] = {"@type": "Place", "name": shown(venue, "name").text, "address": address}
    if venue.latitude is not None and venue.longitude is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": venue.latitude, "longitude": venue.longitude}
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": title.text,
        "description": shown(activity, "description").text,
        "inLanguage": LANGUAGE_TAGS[title.language],
        "url": page_url,
        "eventStatus": f"{SCHEMA}/EventScheduled",
        "eventAttendanceMode": f"{SCHEMA}/OfflineEventAttendanceMode",
        "location": place,
        "isAccessibleForFree": activity.cost_kind == "free",
        "audience": {"@type": "Audience", "audienceType": activity.audience.replace("_", " ")},
    }
    if starts_local is not None and ends_local is not None:
        data["startDate"] = starts_local.isoformat()
        data["endDate"] = ends_local.isoformat()
    if activity.cost_kind == "priced":
        data["offers"] = {
            "@type": "Offer",
            "price": f"{activity.price_minor // 100}.{activity.price_minor % 100:02d}",
            "priceCurrency": activity.currency,
            "url": page_url,
        }
    if group is not None:
        organiser: dict[str, Any] = {"@type": "Organization", "name": shown(group, "name").text}
        if group.website:
            organiser["url"] = group.website
        data["organizer"] = organiser
    if schedule is not None:
        data["eventSchedule"] = schedule
    return data


def schedule_data(freq: str, interval: int, by_day: tuple[str, ...], start: str, end: str, tz: str) -> dict[str, Any]:
    """A series as a schema.org ``Schedule``: how often, which days, what time, in which zone."""
    data: dict[str, Any] = {
        "@type": "Schedule",
        "repeatFrequency": f"P{interval}{REPEAT_UNIT.get(freq, 'W')}",
        "startTime": start,
        "endTime": end,
        "scheduleTimezone": tz,
    }
    days = [f"{SCHEMA}/{SCHEMA_DAYS[code[-2:]]}" for code in by_day if code[-2:] in SCHEMA_DAYS]
    if days:
        data["byDay"] = days
    return data


def json_ld(data: dict[str, Any]) -> str:
    """JSON safe inside ``<script>``: no ``</script>`` or ``<!--`` can close or confuse the element."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
