"""Benchmark: build from the snapshot, serve with gunicorn, measure the Kaart over HTTP."""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import psutil

from benchmarks.client import (
    Browser,
    Call,
    Controls,
    Fetch,
    find_controls,
    option_values,
)
from benchmarks.common import (
    AMSTERDAM,
    ASYNC_CHUNKS,
    BIN,
    BUILD,
    HEADERS,
    ROOT,
    TARGETS,
    apply_patch,
    asset_urls,
    components,
    decode,
    evaluate,
    is_component,
    percentile,
    server_timing_ms,
    split_outputs,
)
from benchmarks.procs import measure_build, tree_rss
from benchmarks.scenarios import (
    Switches,
    browser_first_load,
    enter_view,
    geo_urls,
    indicator_plan,
    initial_page,
    measure_export,
    run_switches,
    switch_to,
)
from data_pipeline import store
from tests.harness import child_env, free_port, spawn, zicht_serve

__all__ = [
    "AMSTERDAM",
    "ASYNC_CHUNKS",
    "BIN",
    "BUILD",
    "Browser",
    "Call",
    "Controls",
    "Fetch",
    "HEADERS",
    "ROOT",
    "Switches",
    "TARGETS",
    "apply_patch",
    "asset_urls",
    "browser_first_load",
    "components",
    "decode",
    "enter_view",
    "evaluate",
    "find_controls",
    "geo_urls",
    "indicator_plan",
    "initial_page",
    "is_component",
    "measure_build",
    "measure_export",
    "option_values",
    "percentile",
    "run_switches",
    "server_timing_ms",
    "split_outputs",
    "switch_to",
    "tree_rss",
]

# ----------------------------------------------------------------------------- report


def machine() -> dict[str, Any]:
    model = ""
    try:
        text = Path("/proc/cpuinfo").read_text()
        model = re.search(r"model name\s*:\s*(.+)", text).group(1).strip()  # type: ignore[union-attr]
    except (OSError, AttributeError):
        model = platform.processor()
    versions = {}
    for pkg in (
        "dash",
        "plotly",
        "duckdb",
        "flask",
        "flask-compress",
        "cachetools",
        "gunicorn",
        "pandas",
        "numpy",
        "openpyxl",
    ):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    return {
        "cpu_count": os.cpu_count(),
        "cpu_affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_model": model,
        "memory_mb": round(psutil.virtual_memory().total / 2**20),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "versions": versions,
    }


def print_table(results: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="make bench — build/bench.json")
    table.add_column("key")
    table.add_column("value", justify="right")
    table.add_column("target")
    table.add_column("", justify="center")
    for key, value, target, ok in evaluate(results):
        mark = "[green]ok[/]" if ok else "[red]MISS[/]" if ok is not None else "[yellow]n/a[/]"
        shown = (
            "—"
            if value is None
            else f"{value:.3f}"
            if isinstance(value, float) and value < 1
            else f"{value:,}"
        )
        table.add_row(key, shown, target, mark)
    for key in (
        "patch_bytes",
        "full_bytes",
        "switch_p50_ms",
        "naive_p50_ms",
        "naive_p95_ms",
        "switch_chain_p95_ms",
        "wijk_nl_bytes",
        "app_rss_mb_naive",
    ):
        if results.get(key) is not None:
            table.add_row(f"[dim]{key}[/]", f"{results[key]:,}", "", "")
    Console().print(table)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--switches", type=int, default=51, help="indicator switches per series")
    ap.add_argument("--skip-build", action="store_true", help="reuse build/bench.duckdb")
    ap.add_argument("--out", type=Path, default=BUILD / "bench.json")
    ap.add_argument("--workers", type=int, default=1, help="gunicorn workers of the app")
    args = ap.parse_args(argv)
    BUILD.mkdir(exist_ok=True)
    db = BUILD / "bench.duckdb"
    results: dict[str, Any] = {
        "machine": machine(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
    }
    if args.skip_build and db.is_file():
        results["build_skipped"] = True
    else:
        results.update(measure_build(db, BUILD / "bench-build.log"))
        if results["build_returncode"] != 0:
            print(f"build failed; see {BUILD / 'bench-build.log'}", file=sys.stderr)
            args.out.write_text(json.dumps(results, indent=2))
            return 0

    store.use_db(db)  # the one reader of indicator definitions
    indicators = [
        {"id": i.id, "theme": i.theme, "levels": list(i.levels)} for i in store.indicators()
    ]
    themes = list(dict.fromkeys(i["theme"] for i in indicators))
    ids, theme_ids = {i["id"] for i in indicators}, set(themes)

    # both answer /_dash-layout (the naive app has no /health), which also warms the layout
    env, health = child_env(db), "/_dash-layout"
    app = naive = None
    n = args.switches
    try:
        port = free_port()
        app = spawn(
            zicht_serve(db, port, prod=True, workers=args.workers),
            port, env, BUILD / "bench-app.log", health, timeout=90, workers=args.workers,
        )  # fmt: skip
        port = free_port()
        naive = spawn(
            [str(BIN / "gunicorn"), "--workers", "1", "--bind", f"127.0.0.1:{port}",
             "benchmarks.naive:server"],
            port, env, BUILD / "bench-naive.log", health, timeout=90,
        )  # fmt: skip
        results["server"] = f"gunicorn sync, zicht serve --prod --workers {args.workers}"

        # first load of the Kaart page
        b, first = initial_page(app.base, "/kaart")
        results.update(first)
        ctl = find_controls(b, ids, theme_ids)
        try:
            results.update(browser_first_load(app.base + "/kaart") or {})
        except Exception as exc:  # noqa: BLE001 - the cross-check is optional
            results["initial_page_browser_error"] = f"{type(exc).__name__}: {exc}"

        # gemeente level: the app's own update vs the naive full figure
        gm_plan = indicator_plan(indicators, "gemeente")
        own = run_switches(b, ctl, gm_plan, n)
        s = own.summary("switch_")
        results.update(s)
        results["patch_bytes"] = s["switch_bytes"]
        results["patch_wire_bytes"] = s["switch_wire_bytes"]

        nb = Browser(naive.base)
        nb.load("/")
        nctl = find_controls(nb, ids, theme_ids)
        ns = run_switches(nb, nctl, gm_plan, n).summary("naive_")
        results.update(ns)
        results["full_bytes"] = ns["naive_bytes"]
        results["full_wire_bytes"] = ns["naive_wire_bytes"]

        # wijken of Amsterdam
        wk_plan = indicator_plan(indicators, "wijk")
        switch_to(b, ctl, wk_plan[0])
        results["wijk_gemeente_enter"] = enter_view(b, ctl, {f"{ctl.gemeente}.value": AMSTERDAM})
        ws = run_switches(b, ctl, wk_plan, n).summary("wijk_gemeente_")
        results.update(ws)

        # all wijken of Nederland
        b.set({f"{ctl.gemeente}.value": None})
        results["wijk_nl_enter"] = enter_view(
            b, ctl, {f"{ctl.niveau}.value": "wijk", f"{ctl.gemeente}.value": None}
        )
        wn = run_switches(b, ctl, wk_plan, n).summary("wijk_nl_")
        results.update(wn)

        # the naive app in the same two views (for the ratio)
        nb.set({f"{nctl.niveau}.value": "wijk", f"{nctl.gemeente}.value": AMSTERDAM})
        results.update(run_switches(nb, nctl, wk_plan, 20).summary("naive_wijk_gemeente_"))
        nb.set({f"{nctl.niveau}.value": "wijk", f"{nctl.gemeente}.value": None})
        results.update(run_switches(nb, nctl, wk_plan, 20).summary("naive_wijk_nl_"))

        results.update(measure_export(app.base, themes))

        from benchmarks import browser

        try:
            results.update(browser.measure(db, app.base))
        except Exception as exc:  # noqa: BLE001 - reported, and a missed target below
            results["browser_error"] = f"{type(exc).__name__}: {exc}"

        results["app_rss_mb"] = round(app.rss_bytes() / 2**20, 1)
        results["app_uss_mb"] = round(app.uss_bytes() / 2**20, 1)
        results["app_rss_per_process_mb"] = [round(b / 2**20, 1) for b in app.rss_per_process()]
        results["app_rss_mb_naive"] = round(naive.rss_bytes() / 2**20, 1)
    except Exception as exc:  # noqa: BLE001 - report what was measured, say what failed
        results["error"] = f"{type(exc).__name__}: {exc}"
        print(f"bench: {results['error']}", file=sys.stderr)
    finally:
        for server in (app, naive):
            if server is not None:
                server.stop()

    if results.get("full_bytes") and results.get("patch_bytes") is not None:
        results["patch_ratio"] = round(results["patch_bytes"] / results["full_bytes"], 4)
    if results.get("naive_p95_ms") and results.get("switch_p95_ms") is not None:
        results["switch_vs_naive_p95"] = round(
            results["switch_p95_ms"] / results["naive_p95_ms"], 3
        )
    results["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    results["targets"] = {
        key: {"value": value, "target": target, "passed": ok}
        for key, value, target, ok in evaluate(results)
    }
    args.out.write_text(json.dumps(results, indent=2, default=str))
    print_table(results)
    print(f"written: {args.out}")
    missed = [key for key, _, _, ok in evaluate(results) if ok is False]
    for key in ("error", "browser_error"):
        if results.get(key):
            missed.append(key)
    if missed:
        print("targets missed: " + ", ".join(missed), file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
