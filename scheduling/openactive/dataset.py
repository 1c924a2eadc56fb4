"""The OpenActive dataset site's schema.org ``Dataset``: what the feeds are, their licence and who publishes them.

OpenActive finds open data through dataset sites: an HTML page whose JSON-LD ``Dataset`` lists each
feed as a ``DataDownload`` (``encodingFormat`` the RPDE media type, ``additionalType`` the kind of
item). The OpenActive data model (``Dataset``) requires the fields built here; the page test runs
the OpenActive validator over them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from scheduling.openactive.feeds import LICENSE, Feed
from scheduling.openactive.pages import feed_url
from venues.core.i18n.languages import LANGUAGE_TAGS, LANGUAGES

RPDE_MEDIA_TYPE = "application/vnd.openactive.rpde+json; version=1"
SCHEMA_VERSION = "https://openactive.io/modelling-opportunity-data/2.0/"
DOCUMENTATION = "https://developer.openactive.io/"
ACTIVITY_LIST = "https://openactive.io/activity-list"
DATASET_PATH = "/openactive"


@dataclass(frozen=True)
class FeedDescription:
    feed: Feed
    name: str
    additional_type: str
    what: str


FEEDS = (
    FeedDescription(
        Feed.session_series,
        "SessionSeries",
        "https://openactive.io/SessionSeries",
        "Listed activities that are physical activity: what, where, who runs it, cost, ages and access.",
    ),
    FeedDescription(
        Feed.scheduled_sessions,
        "ScheduledSession",
        "https://openactive.io/ScheduledSession",
        "Each date of those activities, with cancelled dates marked as cancelled.",
    ),
    FeedDescription(
        Feed.facility_uses,
        "FacilityUse",
        "https://openactive.io/FacilityUse",
        "Bookable halls, rooms and pitches, with where they are and how to ask to book.",
    ),
    FeedDescription(
        Feed.slots,
        "Slot for FacilityUse",
        "https://openactive.io/Slot",
        "Free times to book those spaces over the days ahead, by the venue's own booking rules.",
    ),
)


def dataset_url(base_url: str) -> str:
    return f"{base_url}{DATASET_PATH}"


def dataset_data(base_url: str, publisher: str, modified: datetime | None) -> dict[str, Any]:
    """The ``Dataset`` JSON-LD of this service's feeds; ``modified`` is when public data last changed."""
    url = dataset_url(base_url)
    data: dict[str, Any] = {
        "@context": ["https://openactive.io/", "https://schema.org/"],
        "@type": "Dataset",
        "@id": url,
        "url": url,
        "name": f"{publisher} activities and bookable spaces",
        "description": (
            f"Physical activities at community halls, hubs and pitches booked through {publisher}, and the spaces "
            "there that anyone can ask to book, with their free times."
        ),
        "keywords": ["Activities", "Sessions", "Facilities", "Community halls", "Physical Activity", "OpenActive"],
        "license": LICENSE,
        # Each venue publishes in its own chosen language (``venue_open_data.language``), so the items hold both.
        "inLanguage": [LANGUAGE_TAGS[language] for language in LANGUAGES],
        "schemaVersion": SCHEMA_VERSION,
        "documentation": DOCUMENTATION,
        "discussionUrl": f"{url}#questions",
        "publisher": {"@type": "Organization", "name": publisher, "url": f"{base_url}/"},
        "distribution": [
            {
                "@type": "DataDownload",
                "identifier": described.feed.value,
                "name": described.name,
                "additionalType": described.additional_type,
                "encodingFormat": RPDE_MEDIA_TYPE,
                "contentUrl": feed_url(base_url, described.feed),
            }
            for described in FEEDS
        ],
    }
    if modified is not None:
        # Whole seconds in UTC with "Z": the form the OpenActive validator accepts (PostgreSQL keeps microseconds).
        data["dateModified"] = modified.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return data
