"""Piccolo configuration: the database engine comes from ``DATABASE_URL``.

SQLite (the embedded default, a file under ``./data``) needs no set-up; a
``postgresql://`` URL selects PostgreSQL, the production engine.
"""

import os

from piccolo.conf.apps import AppRegistry

from venues.core.database import engine_from_url

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///data/commonroom.sqlite")

DB = engine_from_url(DATABASE_URL)

APP_REGISTRY = AppRegistry(
    apps=[
        "venues.piccolo_app",
        "scheduling.piccolo_app",
    ]
)
