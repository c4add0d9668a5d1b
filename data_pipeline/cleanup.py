"""Litter of killed builds: temp and WAL files whose build process no longer runs."""

from __future__ import annotations

import os
import re
from pathlib import Path

import psutil


def _running(pid: int, since: float) -> bool:
    """True when ``pid`` runs and was started before ``since`` (not a reused pid)."""
    try:
        return psutil.Process(pid).create_time() <= since + 1
    except psutil.Error:
        return False


def remove_stale_temps(db: Path) -> list[Path]:
    """Remove ``.<db>.<pid>.tmp`` (and ``.wal``) beside ``db`` left by builds that were killed.

    A build that is still running keeps its files; so does this process's own build.
    """
    pattern = re.compile(rf"^\.{re.escape(db.name)}\.(\d+)\.tmp(\.wal)?$")
    removed = []
    try:
        entries = list(db.parent.iterdir())
    except OSError:
        return removed
    for path in entries:
        m = pattern.match(path.name)
        if not m or int(m[1]) == os.getpid():
            continue
        try:
            mtime = path.stat().st_mtime
        except OSError:
            continue
        if _running(int(m[1]), mtime):
            continue
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed
