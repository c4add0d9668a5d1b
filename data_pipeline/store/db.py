"""Read-only DuckDB access: one connection per process, a cursor per thread, reopened on rebuild.

The dashboard's only door to the database. API (all SQL uses ``?`` placeholders):

- ``query(sql, params=()) -> list[tuple]`` and ``query_df(sql, params=()) -> pandas.DataFrame``
- ``scalar(sql, params=())`` — first column of the first row, or ``None``
- ``known_indicator(id)``, ``known_region(code, level=None)``, ``known_level(level)``,
  ``known_year(year, indicator_id=None)``, ``known_theme(id)`` — validate identifiers before use
- ``version() -> tuple`` — changes whenever the file is replaced; put it in cache keys
- ``version_hash() -> str`` — the same as an opaque hash, for anything the browser sees
- ``memoize(fn)`` — per-process LRU cache of a store function, invalidated by ``version()``
- ``use_db(path)`` — point the store at another file (tests, ``zicht serve --db``)
- ``StoreUnavailable`` — raised when the file is missing or unreadable (message in Dutch)

``zicht build`` writes a temporary file and renames it into place, so the path always names a
complete database. Each query stats the path; when inode/mtime/size change, a new read-only
connection is opened and the next cursor comes from it. Old connections are not closed
explicitly (a thread may still be reading); they are freed when their last cursor goes.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import cachetools
import cachetools.keys
import duckdb
import pandas as pd

from data_pipeline import settings
from themes.vocab import ALL_LEVELS

T = TypeVar("T")
log = logging.getLogger(__name__)


class StoreUnavailable(RuntimeError):
    """The database file is missing or cannot be opened; shown to users as-is."""


_lock = threading.Lock()
_override: Path | None = None
_conn: duckdb.DuckDBPyConnection | None = None
_key: tuple | None = None
_local = threading.local()


def use_db(path: str | os.PathLike | None) -> None:
    """Serve another database file (``None`` = back to ``settings.path("db")``)."""
    global _override, _conn, _key
    with _lock:
        _override = Path(path).expanduser().resolve() if path is not None else None
        _conn, _key = None, None


def db_path() -> Path:
    """The database file in use."""
    return _override or settings.path("db")


MISSING = "De database ontbreekt; bouw hem met `zicht build`."
UNREADABLE = "De database kan niet worden geopend; bouw hem opnieuw met `zicht build`."
LOCKED = (
    "De database is vergrendeld: een ander programma heeft hem met schrijfrechten open "
    "(bijvoorbeeld duckdb zonder -readonly). Sluit dat programma of open het bestand "
    "met `duckdb -readonly`; opnieuw bouwen is niet nodig."
)
_outage: str | None = None  # the reason of the current outage, None while the file answers


def _report(problem: str | None) -> None:
    """One log line when an outage starts (or its reason changes) and one when it ends."""
    global _outage
    if problem == _outage:
        return
    _outage = problem
    if problem:
        log.error("database %s niet beschikbaar: %s", db_path(), problem)
    else:
        log.warning("database %s weer beschikbaar", db_path())


def _unavailable(message: str) -> StoreUnavailable:
    _report(message)
    return StoreUnavailable(message)


def _file_key(path: Path) -> tuple:
    try:
        st = path.stat()
    except OSError as exc:
        raise _unavailable(MISSING) from exc
    return (str(path), st.st_ino, st.st_mtime_ns, st.st_size)


def _open(path: str) -> duckdb.DuckDBPyConnection:
    """A fresh database instance on the file as it is now.

    ``duckdb.connect(path)`` would hand back the process's cached instance of the *replaced*
    file while an old connection lives; attaching into a new in-memory instance always reads
    the file that the path names now.
    """
    conn = duckdb.connect(":memory:")
    quoted = path.replace("'", "''")
    conn.execute(f"ATTACH '{quoted}' AS zicht (READ_ONLY)")  # path from settings, not input
    conn.execute("USE zicht")
    return conn


def _current() -> tuple[tuple, duckdb.DuckDBPyConnection]:
    """The connection for the file as it is now; reopens after an atomic replace."""
    global _conn, _key
    key = _file_key(db_path())
    if key != _key or _conn is None:
        with _lock:
            if key != _key or _conn is None:
                try:
                    conn = _open(key[0])
                except duckdb.Error as exc:
                    locked = "lock" in str(exc).lower()
                    raise _unavailable(LOCKED if locked else UNREADABLE) from exc
                _conn, _key = conn, key
    if _outage is not None:
        _report(None)
    return _key, _conn  # type: ignore[return-value]


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor for this thread on the current file (DuckDB connections are not thread-safe)."""
    key, conn = _current()
    cached = getattr(_local, "cur", None)
    if cached is None or cached[0] != key:
        cur = conn.cursor()
        cur.execute("USE zicht")
        _local.cur = (key, cur)
    return _local.cur[1]


def version() -> tuple:
    """Identity of the file being served; changes when the database is rebuilt."""
    return _current()[0]


def version_hash() -> str:
    """Short opaque hash of ``version()``: safe to send to the browser (no path, inode, size)."""
    return hashlib.sha256(repr(version()).encode()).hexdigest()[:16]


def _execute(sql: str, params: Sequence[Any]) -> duckdb.DuckDBPyConnection:
    """Run a query; a file that cannot be read (garbled, truncated) is an outage, not a bug."""
    try:
        return cursor().execute(sql, list(params))
    except duckdb.IOException as exc:
        raise _unavailable(UNREADABLE) from exc


def query(sql: str, params: Sequence[Any] = ()) -> list[tuple]:
    """Rows of a parameterised query."""
    return _execute(sql, params).fetchall()


def query_df(sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
    """A parameterised query as a DataFrame."""
    return _execute(sql, params).df()


def scalar(sql: str, params: Sequence[Any] = ()) -> Any:
    """First column of the first row, or None."""
    row = _execute(sql, params).fetchone()
    return row[0] if row else None


def _versioned_key(*args: Any, **kwargs: Any) -> tuple:
    """The cache key: the database version first, so a new build never sees old answers."""
    return cachetools.keys.hashkey(version(), *args, **kwargs)


def memoize(maxsize: int = 256) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """LRU-cache a pure store function per database version (args must be hashable)."""

    def deco(fn: Callable[..., T]) -> Callable[..., T]:
        cache: cachetools.LRUCache = cachetools.LRUCache(maxsize)
        cached = cachetools.cached(cache, key=_versioned_key, lock=threading.Lock())(fn)

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> T:
            try:
                hash(cachetools.keys.hashkey(*args, **kwargs))
            except TypeError:  # a list/dict from a hostile request: not cacheable, not valid
                return fn(*args, **kwargs)
            return cached(*args, **kwargs)

        wrapper.cache_clear = cache.clear  # type: ignore[attr-defined]
        return wrapper

    return deco


@memoize(maxsize=8)
def _indicator_ids() -> frozenset[str]:
    return frozenset(r[0] for r in query("SELECT id FROM indicator"))


@memoize(maxsize=8)
def _theme_ids() -> frozenset[str]:
    return frozenset(r[0] for r in query("SELECT id FROM theme"))


@memoize(maxsize=8)
def _region_levels() -> dict[str, str]:
    return dict(query("SELECT code, level FROM region"))


@memoize(maxsize=64)
def _years(indicator_id: str | None) -> frozenset[int]:
    if indicator_id is None:
        return frozenset(r[0] for r in query("SELECT DISTINCT year FROM indicator_value"))
    sql = "SELECT DISTINCT year FROM indicator_value WHERE indicator_id = ?"
    return frozenset(r[0] for r in query(sql, [indicator_id]))


def known_indicator(indicator_id: object) -> bool:
    """True when ``indicator_id`` is an indicator in the database."""
    return isinstance(indicator_id, str) and indicator_id in _indicator_ids()


def known_theme(theme_id: object) -> bool:
    """True when ``theme_id`` is a theme in the database."""
    return isinstance(theme_id, str) and theme_id in _theme_ids()


def known_level(level: object) -> bool:
    """True for one of the region levels of the schema."""
    return isinstance(level, str) and level in ALL_LEVELS


def known_region(code: object, level: str | None = None) -> bool:
    """True when ``code`` is a region (of ``level``, if given)."""
    if not isinstance(code, str):
        return False
    found = _region_levels().get(code)
    return found is not None and (level is None or found == level)


def known_year(year: object, indicator_id: str | None = None) -> bool:
    """True when there are values for ``year`` (for that indicator, if given)."""
    if isinstance(year, bool) or not isinstance(year, int):
        return False
    return year in _years(indicator_id)
