"""Benchmark processes: the timed build and the gunicorn server under test, with their memory."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import requests

from benchmarks.common import (
    BIN,
    ROOT,
)

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


def tree_uss(proc: psutil.Process) -> int:
    """Unique set size in bytes of a process tree (what it would free; shared pages once)."""
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_full_info().uss
        except psutil.Error:
            pass
    return total


@dataclass
class Server:
    """A server subprocess on a loopback port, stopped by its own pid."""

    name: str
    cmd: list[str]
    port: int
    env: dict[str, str]
    log: Path
    proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out = self.log.open("wb")
        self.proc = subprocess.Popen(
            self.cmd, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} stopped at start; see {self.log}")
            try:
                if requests.get(self.base + "/_dash-layout", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{self.name} did not answer within {timeout:.0f} s; see {self.log}")

    def rss_mb(self) -> float:
        return tree_rss(psutil.Process(self.proc.pid)) / 2**20 if self.proc else 0.0

    def rss_per_process_mb(self) -> list[float]:
        if not self.proc:
            return []
        root = psutil.Process(self.proc.pid)
        out = []
        for p in [root, *root.children(recursive=True)]:
            try:
                out.append(round(p.memory_info().rss / 2**20, 1))
            except psutil.Error:
                pass
        return out

    def uss_mb(self) -> float:
        return tree_uss(psutil.Process(self.proc.pid)) / 2**20 if self.proc else 0.0

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)


def server_env(db: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["ZICHT_DB"] = str(db)
    env["ZICHT_DEBUG"] = "0"
    env.pop("ZICHT_TILES", None)
    return env
