"""The timed build of the benchmark, with its peak memory (servers: tests/harness.py)."""

from __future__ import annotations

import resource
import subprocess
import time
from pathlib import Path
from typing import Any

import psutil

from benchmarks.common import BIN, ROOT

# ----------------------------------------------------------------------------- processes


def measure_build(db: Path, log: Path) -> dict[str, Any]:
    """Run ``zicht build`` from the snapshot; wall time and peak RSS of the child tree."""
    db.parent.mkdir(parents=True, exist_ok=True)
    cmd = [str(BIN / "zicht"), "build", "--source", "snapshot", "--db", str(db)]
    t0 = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        peak = 0
        ps = psutil.Process(proc.pid)
        while proc.poll() is None:
            peak = max(peak, tree_rss(ps))
            time.sleep(0.02)
    seconds = time.perf_counter() - t0
    ru_max_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "build_s": round(seconds, 2),
        "build_peak_mb": round(max(peak / 2**20, ru_max_mb), 1),
        "build_returncode": proc.returncode,
    }


def tree_rss(proc: psutil.Process) -> int:
    """RSS in bytes of a process and all its children (0 when it is gone)."""
    total = 0
    try:
        for p in [proc, *proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
    except psutil.Error:
        return 0
    return total
