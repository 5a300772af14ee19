"""Opening the document store and bringing its schema up to date (Alembic)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from autoclerk.config import Settings, get_settings

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def upgrade(url: str) -> None:
    """Apply every migration not yet applied (all heads: capabilities add branches)."""
    command.upgrade(alembic_config(url), "heads")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            # SQLAlchemy, not pysqlite, opens transactions (so SAVEPOINTs work) ...
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            # ... and takes the write lock up front: a read transaction that later writes
            # fails at once with "database is locked" when another writer got there first,
            # whatever the busy timeout. Transactions here are short; serialising is cheap.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True)


class Store:
    """The document store: one SQLAlchemy engine and its sessions, schema migrated on open."""

    def __init__(self, url: str, migrate: bool = True) -> None:
        self.url = url
        self.engine = make_engine(url)
        if migrate:
            upgrade(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on error."""
        with self._sessions() as s, s.begin():
            yield s


@lru_cache
def _store_for(url: str) -> Store:
    return Store(url)


def get_store(settings: Settings | None = None) -> Store:
    """The process-wide store for the given (or default) settings."""
    return _store_for((settings or get_settings()).store_sqlalchemy_url)
