"""The shared state store: a SQLite file by default, PostgreSQL when instances share state.

One code path (SQLAlchemy Core) serves both, so what the tests prove on SQLite holds on
PostgreSQL; the uniqueness constraints in the tables are what let two instances race safely.
"""

from __future__ import annotations

import logging
import tempfile
import time
import weakref
from pathlib import Path

from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.pool import Pool

log = logging.getLogger(__name__)

DEFAULT_DATABASE_URL = "sqlite:///talkbot.sqlite3"

metadata = MetaData()


class StorageError(Exception):
    """The state store cannot be opened; the message says which setting to fix."""


def normalise_url(url: str) -> str:
    """Accept the URLs platforms hand out (`postgres://…`) and pick the installed driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def open_engine(url: str | None = None) -> Engine:
    """An engine with every table created; safe when several instances start at once."""
    target = normalise_url(url or DEFAULT_DATABASE_URL)
    try:
        private = target in ("sqlite://", "sqlite:///:memory:")
        if private:
            # A private database (tests, `talkbot ask`, a bot with no state to keep) is a
            # file of its own that goes with the engine, not SQLite's in-memory database:
            # that lives in one connection, and threads sharing one connection interleave
            # their transactions. A file gives each thread its own, as the default does.
            folder = tempfile.TemporaryDirectory(prefix="talkbot-state-")
            target = f"sqlite:///{Path(folder.name) / 'state.sqlite3'}"
        if target.startswith("sqlite"):
            engine = create_engine(target, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
            if private:
                weakref.finalize(engine, _remove, engine.pool, folder)
        else:
            engine = create_engine(target, pool_pre_ping=True)
    except (ImportError, ValueError, ArgumentError):
        raise StorageError(
            "DATABASE_URL is not a database URL this bot can use: use "
            "sqlite:///path.sqlite3, or postgresql://user:password@host:5432/db"
        ) from None
    for attempt in range(3):
        try:
            metadata.create_all(engine)
            return engine
        except DBAPIError as exc:
            # Another instance creating the same tables at the same moment makes ours fail
            # ('already exists'); looking again finds theirs. A real fault fails every time.
            if attempt == 2:
                reason = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else ""
                raise StorageError(
                    f"cannot open the state database given by DATABASE_URL ({reason[:200]}): "
                    "check that the server is running and reachable, and the URL's user, "
                    "password and database name"
                ) from None
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


def _remove(pool: Pool, folder: tempfile.TemporaryDirectory[str]) -> None:
    pool.dispose()
    folder.cleanup()


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    """WAL lets readers and one writer work at once across processes sharing the file."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
