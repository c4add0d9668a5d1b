"""``make soak``: the hostile mix against ``zicht serve --prod`` on loopback, figures printed.

Three phases of ``SOAK_SECONDS`` (default 60) each, on 2 processes as in production:

1. 64 slow clients (32 trickling headers, 32 trickling a body) + 20 normal users;
2. 16 clients exporting all buurten of Nederland over and over (CSV and Excel, per theme)
   + 20 normal users; server RSS sampled, also for up to 60 s afterwards;
3. 100 normal users.

Targets (issue 12): normal p95 < 1 s and 0 errors in every phase; RSS < 2 GB at peak in
phase 2 and < 1 GB within 60 s after it. Figures go to stdout and ``build/soak.json``; the
exit code is 1 when a target is missed. Everything is bounded in time and stays on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import requests

from tests.harness import ROOT, ZICHT, Served, serve_prod
from tests.integration.loadgen import (
    CALLBACK,
    Callbacks,
    RssSampler,
    SlowClients,
    Stats,
    readable,
    run_users,
)

SECONDS = float(os.environ.get("SOAK_SECONDS", "60"))
WORKERS = 2
THINK = (0.5, 2.0)
P95 = 1.0
PEAK_MB, AFTER_MB, AFTER_S = 2000.0, 1000.0, 60.0


def catalog(db: Path) -> dict[str, list[str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        q = con.execute
        return {
            "indicators": [r[0] for r in q("SELECT id FROM indicator ORDER BY id").fetchall()],
            "wijk_indicators": [
                r[0]
                for r in q(
                    "SELECT id FROM indicator WHERE list_contains(levels, 'wijk') ORDER BY id"
                ).fetchall()
            ],
            "gemeenten": [
                r[0]
                for r in q(
                    "SELECT DISTINCT gemeente_code FROM region WHERE level='wijk' ORDER BY 1"
                ).fetchall()
            ],
            "themes": [r[0] for r in q("SELECT id FROM theme ORDER BY id").fetchall()],
        }
    finally:
        con.close()


def _database() -> Path:
    """A fresh build from the snapshot into a temp folder (the served file is never touched)."""
    import subprocess

    db = Path(tempfile.mkdtemp(prefix="zicht-soak-")) / "zicht.duckdb"
    subprocess.run([str(ZICHT), "build", "--db", str(db)], check=True, cwd=ROOT, timeout=300)
    return db


def _normal(stats: Stats) -> dict[str, Any]:
    return {
        "requests": len(stats.all),
        "errors": len(stats.errors),
        "p50_s": round(stats.pct(0.5), 3),
        "p95_s": round(stats.pct(0.95), 3),
        "max_s": round(max(stats.all, default=0), 3),
        "first_errors": stats.errors[:5],
        "per_kind": stats.summary().splitlines()[1:],
    }


def export_storm(url: str, cb: Callbacks, themes: list[str], n: int, seconds: float) -> dict:
    """``n`` threads exporting all buurten (CSV/Excel, a random theme) until the time is up."""
    outcome: Counter[str] = Counter()
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def one(i: int) -> None:
        rng = random.Random(i)
        with requests.Session() as s:
            while time.monotonic() < deadline:
                kind = rng.choice(["csv", "xlsx"])
                body = cb.export(kind, "NL", niveau="buurt", thema=rng.choice([None, *themes]))
                t0 = time.perf_counter()
                try:
                    r = s.post(url + CALLBACK, json=body, timeout=120)
                    what = _classify(r, kind)
                    if what.endswith("link"):  # the user clicks it: the file is streamed
                        with s.get(url + _link(r), timeout=120, stream=True) as f:
                            size = sum(len(c) for c in f.iter_content(1 << 20))
                        what += " + gedownload" if f.status_code == 200 and size else " (404)"
                except requests.RequestException as exc:
                    what = f"fout {type(exc).__name__}"
                with lock:
                    latencies.append(time.perf_counter() - t0)
                    outcome[what] += 1
                time.sleep(1.0)

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 150)
    latencies.sort()
    return {
        "requests": len(latencies),
        "outcome": dict(outcome),
        "p50_s": round(latencies[len(latencies) // 2], 2) if latencies else 0,
        "max_s": round(latencies[-1], 2) if latencies else 0,
    }


def _classify(r: requests.Response, kind: str) -> str:
    if r.status_code != 200:
        return f"HTTP {r.status_code}"
    resp = r.json().get("response", {})
    if f"tabel-download-{kind}" in resp:
        return f"{kind} geleverd"
    if "/export/" in readable(r.text):
        return f"{kind} link"
    status = str(resp.get(f"tabel-status-{kind}", {}).get("children", ""))
    words = ("te groot", "druk", "herstart", "leeg", "mislukt")
    for word, label in ((w, w) for w in words):
        if word in status:
            return f"{kind} {label}"
    return f"{kind} anders: {status[:60]}"


def _link(r: requests.Response) -> str:
    m = re.search(r'"href": ?"(/export/[^"]+)"', readable(r.text))
    return m[1] if m else "/export/ontbreekt"


def rss_after(served: Served, limit: float, seconds: float) -> tuple[float, float]:
    """(seconds until RSS < limit or the time is up, RSS then)."""
    t0 = time.monotonic()
    while True:
        mb = served.rss_mb()
        waited = time.monotonic() - t0
        if mb < limit or waited > seconds:
            return round(waited, 1), round(mb)
        time.sleep(1)


def main() -> int:
    from tests.integration.test_load import actions

    db = _database()
    report: dict[str, Any] = {"seconds": SECONDS, "workers": WORKERS, "cpus": os.cpu_count()}
    with serve_prod(db, workers=WORKERS) as prod:
        cb = Callbacks.fetch(lambda p: requests.get(prod.url + p, timeout=10).json())
        cat = catalog(db)
        acts = actions(prod.url, cb, cat)
        run_users(acts, users=4, seconds=3, think=(0, 0.05), seed=1)  # warm both workers
        report["rss_start_mb"] = round(prod.rss_mb())

        print(f"fase 1: 64 trage verbindingen + 20 gebruikers, {SECONDS:.0f} s", flush=True)
        with SlowClients(prod.url, 32, "header") as sh, SlowClients(prod.url, 32, "body") as sb:
            time.sleep(2)
            stats = run_users(acts, users=20, seconds=SECONDS, think=THINK, seed=11)
        report["slow_clients"] = {
            **_normal(stats),
            "slow_reconnects": sh.reconnects + sb.reconnects,
        }

        print(f"fase 2: 16 exports van alle buurten + 20 gebruikers, {SECONDS:.0f} s", flush=True)
        storm: dict[str, Any] = {}
        with RssSampler(prod) as rss:
            t = threading.Thread(
                target=lambda: storm.update(export_storm(prod.url, cb, cat["themes"], 16, SECONDS)),
                daemon=True,
            )
            t.start()
            stats = run_users(acts, users=20, seconds=SECONDS, think=THINK, seed=12)
            t.join(timeout=SECONDS + 200)
        waited, mb = rss_after(prod, AFTER_MB, AFTER_S)
        report["exports"] = {
            **_normal(stats),
            "exports": storm,
            "rss_peak_mb": round(rss.peak),
            "rss_after_mb": mb,
            "rss_below_1gb_after_s": waited,
        }

        print(f"fase 3: 100 gebruikers, {SECONDS:.0f} s", flush=True)
        stats = run_users(acts, users=100, seconds=SECONDS, think=THINK, seed=13)
        report["users_100"] = _normal(stats)
        report["rss_end_mb"] = round(prod.rss_mb())
        report["server_alive"] = prod.proc.poll() is None

    checks = {
        "fase 1 p95 < 1 s, 0 fouten": _ok(report["slow_clients"]),
        "fase 2 p95 < 1 s, 0 fouten": _ok(report["exports"]),
        "fase 2 RSS piek < 2 GB": report["exports"]["rss_peak_mb"] < PEAK_MB,
        "fase 2 RSS < 1 GB binnen 60 s": report["exports"]["rss_after_mb"] < AFTER_MB,
        "fase 3 p95 < 1 s, 0 fouten": _ok(report["users_100"]),
    }
    report["targets"] = checks
    out = ROOT / "build" / "soak.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(report, indent=2, ensure_ascii=False))
    for name, ok in checks.items():
        print(f"{'OK  ' if ok else 'MIS '} {name}")
    return 0 if all(checks.values()) else 1


def _ok(phase: dict[str, Any]) -> bool:
    return phase["errors"] == 0 and phase["p95_s"] < P95


if __name__ == "__main__":
    sys.exit(main())
