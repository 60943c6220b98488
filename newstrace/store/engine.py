"""Opening a database: a file path is SQLite, anything with ``://`` an SQLAlchemy URL (PostgreSQL for teams).

Messages name a database through :func:`shown_db`, and pass a driver's words through :func:`without_password`,
so that none prints a password given in a URL.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event

from ..errors import NewstraceError

# A URL without a driver ("postgresql://") gets psycopg 3, the driver the `scale` extra installs (SQLAlchemy's
# own default, psycopg2, is not one newstrace declares). "postgres://" is the spelling many hosts hand out.
POSTGRES_SCHEMES = ("postgresql", "postgres")
POSTGRES_DRIVER = "postgresql+psycopg"
# What installs the PostgreSQL driver, said when it is missing.
SCALE_INSTALL = "pip install 'newstrace[scale]'"
# What stands for a password in messages.
HIDDEN = "***"


def database_url(db: str) -> str:
    """The SQLAlchemy URL of a database as given: a path is an SQLite file, a plain ``postgresql://`` URL names
    psycopg 3, and other URLs are kept as they are."""
    if "://" not in db:
        return f"sqlite:///{db}"
    scheme, rest = db.split("://", 1)
    return f"{POSTGRES_DRIVER}://{rest}" if scheme.lower() in POSTGRES_SCHEMES else db


def shown_db(db: str) -> str:
    """A database as messages may print it: a URL's password hidden ("postgresql://me:***@host/news")."""
    if "://" not in db:
        return db
    try:
        return sa.engine.make_url(db).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return f"{db.split('://')[0]}://..."  # not a URL SQLAlchemy reads: nothing after the scheme is safe to show


def without_password(message: str, db: str) -> str:
    """``message`` with the database URL's password, wherever it appears (a driver may echo it), hidden."""
    try:
        password = sa.engine.make_url(database_url(db)).password if "://" in db else None
    except sa.exc.ArgumentError:
        password = None
    return message.replace(password, HIDDEN) if password else message


def engine_for(db: str) -> sa.Engine:
    """An engine for a file path or an SQLAlchemy URL, with SQLite's pragmas set."""
    url = database_url(db)
    try:
        engine = sa.create_engine(url)
    except ImportError as exc:  # the URL names a driver that is not installed ("postgresql+psycopg")
        where = f"cannot use database {shown_db(db)}"
        if url.startswith("postgresql"):
            raise NewstraceError(f"{where}: its PostgreSQL driver is not installed: {SCALE_INSTALL}") from exc
        raise NewstraceError(f"{where}: its driver {exc.name} is not installed") from exc
    except sa.exc.NoSuchModuleError as exc:  # an unknown scheme ("Can't load plugin: sqlalchemy.dialects:x")
        raise NewstraceError(f"cannot use database {shown_db(db)}: not a database URL ({exc})") from exc
    except sa.exc.ArgumentError as exc:  # its message repeats the URL, password and all
        raise NewstraceError(f"cannot use database {shown_db(db)}: not a database URL") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable across a killed process in WAL mode
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
