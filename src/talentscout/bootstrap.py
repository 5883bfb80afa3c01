"""The one wiring point: settings in, a ready ``Database`` (and later transports) out."""

from __future__ import annotations

from dataclasses import dataclass

from talentscout.db.engine import make_engine, migrate
from talentscout.services.unit_of_work import Clock, Database, SystemClock
from talentscout.settings import Settings


@dataclass
class Container:
    settings: Settings
    db: Database


def bootstrap(
    settings: Settings | None = None, *, clock: Clock | None = None, run_migrations: bool = False
) -> Container:
    settings = settings or Settings()
    url = settings.effective_database_url
    if run_migrations:
        migrate(url)
    return Container(settings=settings, db=Database(make_engine(url), clock or SystemClock()))
