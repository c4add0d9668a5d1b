"""Benchmark: build from the snapshot, serve with gunicorn, measure the Kaart over HTTP."""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
BIN = Path(sys.executable).parent
AMSTERDAM = "GM0363"
HEADERS = {"Accept-Encoding": "gzip", "User-Agent": "zicht-bench/1"}

#: key → (comparison, limit, what) ; ratios are computed keys as well.
TARGETS: dict[str, tuple[str, float, str]] = {
    "build_s": ("<", 60, "s"),
    "build_peak_mb": ("<", 2000, "MB"),
    "patch_ratio": ("<=", 0.02, "patch_bytes / full_bytes"),
    "switch_p95_ms": ("<", 60, "ms"),
    "switch_vs_naive_p95": ("<=", 0.25, "switch_p95_ms / naive_p95_ms"),
    "wijk_gemeente_p95_ms": ("<", 100, "ms"),
    "wijk_nl_p95_ms": ("<", 400, "ms"),
    "initial_page_bytes": ("<", 2_500_000, "bytes (gzip, on the wire)"),
    "app_rss_mb": ("<", 500, "MB"),
    "export_xlsx_ms": ("<", 2000, "ms"),
}

from benchmarks.browser import TARGETS as BROWSER_TARGETS  # noqa: E402

TARGETS.update(BROWSER_TARGETS)  # the user's wait in Chromium (benchmarks/browser.py)

#: dcc components whose code the renderer fetches as a separate async chunk when rendered.
ASYNC_CHUNKS: dict[tuple[str, str], tuple[str, ...]] = {
    ("dash_core_components", "Graph"): (
        "dash/dcc/async-graph.js",
        # the partial plotly.js bundle that assets/plotly-loader.js loads (not Dash's own)
        "/assets/vendor/plotly/plotly-zicht.min.mjs",
        "/assets/vendor/plotly/maplibre-gl.mjs",
        "/assets/vendor/plotly/maplibre-gl-shared.mjs",
        "/assets/vendor/plotly/maplibre-gl-worker.mjs",
    ),
    ("dash_core_components", "Dropdown"): ("dash/dcc/async-dropdown.js",),
    ("dash_core_components", "Slider"): ("dash/dcc/async-slider.js",),
    ("dash_core_components", "RangeSlider"): ("dash/dcc/async-slider.js",),
    ("dash_core_components", "Markdown"): ("dash/dcc/async-markdown.js",),
    ("dash_core_components", "DatePickerSingle"): ("dash/dcc/async-datepicker.js",),
    ("dash_core_components", "DatePickerRange"): ("dash/dcc/async-datepicker.js",),
    ("dash_core_components", "Upload"): ("dash/dcc/async-upload.js",),
    ("dash_table", "DataTable"): (
        "dash/dash_table/async-table.js",
        "dash/dash_table/async-highlight.js",
    ),
}


# ----------------------------------------------------------------------------- small helpers


def percentile(values: Iterable[float], q: float) -> float | None:
    """The q-th percentile (0–100) with linear interpolation, as numpy's default."""
    data = sorted(values)
    if not data:
        return None
    pos = (len(data) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def split_outputs(output: str) -> list[tuple[str, str]]:
    """Dash's output string (``id.prop`` or ``..a.x...b.y..``) as (id, property) pairs."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [tuple(p.rsplit(".", 1)) for p in parts]  # type: ignore[misc]


def is_component(node: Any) -> bool:
    return isinstance(node, dict) and "type" in node and "namespace" in node and "props" in node


def components(tree: Any) -> Iterator[dict]:
    """Every component in a Dash layout JSON tree (also those nested in other props)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if is_component(node):
            yield node
            stack.extend(node["props"].values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())


def server_timing_ms(header: str | None) -> float | None:
    """Sum of the ``dur`` values of a ``Server-Timing`` header (None when absent)."""
    if not header:
        return None
    durs = [float(m) for m in re.findall(r"dur=([0-9.]+)", header)]
    return sum(durs) if durs else None


def asset_urls(page: str) -> list[str]:
    """Scripts, stylesheets and icons an HTML page makes the browser fetch, in order."""
    urls = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", page)
    for tag in re.findall(r"<link[^>]*>", page):
        rel = re.search(r"rel=\"([^\"]+)\"", tag)
        href = re.search(r"href=\"([^\"]+)\"", tag)
        if rel and href and rel.group(1) in ("stylesheet", "icon", "shortcut icon"):
            urls.append(href.group(1))
    return list(dict.fromkeys(urls))


def decode(body: bytes, encoding: str | None) -> bytes:
    """Undo Content-Encoding (gzip / br) to get the bytes the app serialised."""
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "br":
        import brotli

        return brotli.decompress(body)
    return body


def evaluate(results: dict[str, Any]) -> list[tuple[str, Any, str, bool | None]]:
    """(key, value, target text, passed) for every target; None = not measured."""
    rows = []
    for key, (op, limit, unit) in TARGETS.items():
        value = results.get(key)
        text = f"{op} {limit:,} {unit}" if limit >= 1 else f"{op} {limit:.0%} ({unit})"
        if value is None:
            rows.append((key, None, text, None))
            continue
        passed = value < limit if op == "<" else value <= limit
        rows.append((key, value, text, passed))
    return rows


def apply_patch(value: Any, patch: dict) -> Any:
    """Apply the Assign/Delete operations of a ``dash.Patch`` (enough to track state)."""
    for op in patch.get("operations", []):
        loc, params = op.get("location", []), op.get("params", {})
        if not loc or op.get("operation") not in ("Assign", "Delete"):
            continue
        target = value
        try:
            for step in loc[:-1]:
                target = target[step]
            if op["operation"] == "Assign":
                target[loc[-1]] = params.get("value")
            else:
                del target[loc[-1]]
        except (KeyError, IndexError, TypeError):
            continue
    return value


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


# ----------------------------------------------------------------------------- a tiny renderer


@dataclass
class Call:
    """One POST to ``/_dash-update-component``."""

    output: str
    ms: float
    wire_bytes: int
    body_bytes: int
    status: int
    server_ms: float | None
    updated: dict[str, Any] = field(default_factory=dict)
    patched: set[str] = field(default_factory=set)


@dataclass
class Fetch:
    """One GET: what went over the wire and what it decoded to."""

    url: str
    ms: float
    wire_bytes: int
    body: bytes
    status: int
    headers: dict[str, str]


class Browser:
    """Speaks to a Dash app as dash-renderer does: layout, dependencies, callback chains.

    Server-side callbacks run over HTTP; clientside and pattern-matching callbacks are skipped
    (they run in the browser or are not used on the measured pages). A callback waits while
    one of its inputs is the output of another pending callback, as in the renderer.
    """

    def __init__(self, base: str) -> None:
        self.base = base
        self.session = requests.Session()
        self.session.headers.update(HEADERS)
        self.props: dict[str, dict[str, Any]] = {}
        self.types: dict[str, tuple[str, str]] = {}
        self.fetches: list[Fetch] = []
        self.images: set[str] = set()
        deps = self.get("/_dash-dependencies")
        self.deps_fetch = deps
        self.callbacks = [cb for cb in json.loads(deps.body) if self._usable(cb)]

    @staticmethod
    def _usable(cb: dict) -> bool:
        ids = [d["id"] for d in cb["inputs"] + cb["state"]] + [
            i for i, _ in split_outputs(cb["output"])
        ]
        return not cb.get("clientside_function") and not any(i.startswith("{") for i in ids)

    def get(self, path: str) -> Fetch:
        url = urljoin(self.base + "/", path)
        t0 = time.perf_counter()
        resp = self.session.get(url, stream=True, timeout=120)
        raw = resp.raw.read(decode_content=False)
        ms = (time.perf_counter() - t0) * 1000
        body = decode(raw, resp.headers.get("Content-Encoding"))
        fetch = Fetch(url, ms, len(raw), body, resp.status_code, dict(resp.headers))
        self.fetches.append(fetch)
        return fetch

    def add_tree(self, tree: Any) -> set[str]:
        """Register the components of a (new) layout chunk; returns their ids."""
        ids = set()
        for comp in components(tree):
            src = comp["props"].get("src")
            if isinstance(src, str) and src.startswith("/"):
                self.images.add(src)
            cid = comp["props"].get("id")
            if isinstance(cid, str):
                self.props[cid] = {k: v for k, v in comp["props"].items() if k != "children"}
                self.props[cid]["children"] = comp["props"].get("children")
                self.types[cid] = (comp["namespace"], comp["type"])
                ids.add(cid)
        return ids

    def value(self, cid: str, prop: str) -> Any:
        return self.props.get(cid, {}).get(prop)

    def load(self, path: str) -> list[Call]:
        """First load: layout, then initial callbacks and the Location's first pathname."""
        self.props.clear()
        self.types.clear()
        layout = self.get("/_dash-layout")
        self.add_tree(json.loads(layout.body))
        changed = set()
        parsed = urlparse(path)
        for cid, (_ns, typ) in list(self.types.items()):
            if typ == "Location":
                self.props[cid].update(
                    pathname=parsed.path,
                    search=f"?{parsed.query}" if parsed.query else "",
                    hash="",
                    href=self.base + path,
                )
                changed |= {f"{cid}.pathname", f"{cid}.search", f"{cid}.href", f"{cid}.hash"}
        return self.dispatch(changed, initial=set(self.props))

    def set(self, changes: dict[str, Any]) -> list[Call]:
        """A user changes controls (``{"id.prop": value}``); run the callback chain."""
        for key, val in changes.items():
            cid, prop = key.rsplit(".", 1)
            self.props.setdefault(cid, {})[prop] = val
        return self.dispatch(set(changes))

    def _inputs(self, cb: dict) -> set[str]:
        return {f"{d['id']}.{d['property']}" for d in cb["inputs"]}

    def _outputs(self, cb: dict) -> set[str]:
        return {f"{i}.{p.split('@')[0]}" for i, p in split_outputs(cb["output"])}

    def _present(self, cb: dict) -> bool:
        return all(d["id"] in self.props for d in cb["inputs"])

    def dispatch(self, changed: set[str], initial: set[str] | None = None) -> list[Call]:
        """Fire every callback the changes trigger, in waves, until nothing is pending."""
        calls: list[Call] = []
        pending: dict[int, set[str]] = {}

        def trigger(keys: set[str], new_ids: set[str], source: int = -1) -> None:
            for n, cb in enumerate(self.callbacks):
                if n == source or not self._present(cb):  # own outputs never re-trigger
                    continue
                hit = self._inputs(cb) & keys
                fresh = (
                    new_ids
                    and not cb.get("prevent_initial_call")
                    and ({k.split(".")[0] for k in self._inputs(cb) | self._outputs(cb)} & new_ids)
                )
                if hit or fresh:
                    pending.setdefault(n, set()).update(hit)

        trigger(changed, initial or set())
        for _ in range(30):
            if not pending:
                break
            outs = {n: self._outputs(self.callbacks[n]) for n in pending}
            ready = [
                n
                for n in pending
                if not any(self._inputs(self.callbacks[n]) & outs[m] for m in pending if m != n)
            ] or list(pending)
            for n in ready:
                call = self.fire(self.callbacks[n], pending.pop(n))
                calls.append(call)
                new_ids: set[str] = set()
                for key, val in call.updated.items():
                    if key.endswith(".children"):
                        new_ids |= self.add_tree(val)
                trigger(set(call.updated), new_ids, source=n)
        return calls

    def fire(self, cb: dict, changed: set[str]) -> Call:
        """POST one callback with the current values; apply its outputs."""
        outs = [{"id": i, "property": p} for i, p in split_outputs(cb["output"])]
        body = {
            "output": cb["output"],
            "outputs": outs if cb["output"].startswith("..") else outs[0],
            "inputs": [{**d, "value": self.value(d["id"], d["property"])} for d in cb["inputs"]],
            "state": [{**d, "value": self.value(d["id"], d["property"])} for d in cb["state"]],
            "changedPropIds": sorted(changed),
        }
        t0 = time.perf_counter()
        resp = self.session.post(
            self.base + "/_dash-update-component", json=body, stream=True, timeout=300
        )
        raw = resp.raw.read(decode_content=False)
        ms = (time.perf_counter() - t0) * 1000
        data = decode(raw, resp.headers.get("Content-Encoding"))
        call = Call(
            cb["output"],
            ms,
            len(raw),
            len(data),
            resp.status_code,
            server_timing_ms(resp.headers.get("Server-Timing")),
        )
        if resp.status_code == 200 and data:
            payload = json.loads(data)
            updates = dict(payload.get("response", {}))
            for side in payload.get("sideUpdate", {}) or {}:
                updates.setdefault(side, {}).update(payload["sideUpdate"][side])
            for cid, props in updates.items():
                for prop, val in props.items():
                    cur = self.props.setdefault(cid, {})
                    if isinstance(val, dict) and "__dash_patch_update" in val:
                        call.patched.add(f"{cid}.{prop}")
                        val = apply_patch(cur.get(prop), val)
                    cur[prop] = val
                    call.updated[f"{cid}.{prop}"] = val
        elif resp.status_code >= 400:
            raise RuntimeError(f"callback {cb['output']} → HTTP {resp.status_code}: {data[:300]!r}")
        return call

    def find(self, pred: Callable[[str, tuple[str, str], dict], bool]) -> str | None:
        """Id of the first registered component matching ``pred(id, (ns, type), props)``."""
        return next(
            (c for c in self.props if pred(c, self.types.get(c, ("", "")), self.props[c])), None
        )


def option_values(props: dict) -> list:
    opts = props.get("options") or []
    return [o.get("value") if isinstance(o, dict) else o for o in opts]


@dataclass
class Controls:
    """Ids of the map controls on a page, found by what they hold (works for both apps)."""

    graph: str
    indicator: str
    thema: str | None
    niveau: str
    gemeente: str


def find_controls(b: Browser, indicator_ids: set[str], theme_ids: set[str]) -> Controls:
    graph = b.find(lambda c, t, p: t[1] == "Graph" and isinstance(p.get("figure"), dict))
    ind = b.find(lambda c, t, p: bool(set(option_values(p)) & indicator_ids))
    thema = b.find(lambda c, t, p: bool(set(option_values(p)) & theme_ids) and "thema" in c)
    niveau = b.find(lambda c, t, p: "wijk" in option_values(p))
    gm = b.find(lambda c, t, p: AMSTERDAM in option_values(p))
    if not (graph and ind and niveau and gm):
        raise RuntimeError(f"map controls not found: {graph=} {ind=} {niveau=} {gm=}")
    return Controls(graph, ind, thema, niveau, gm)


# ----------------------------------------------------------------------------- scenarios


@dataclass
class Switches:
    """Timings of a series of indicator switches."""

    map_ms: list[float] = field(default_factory=list)
    chain_ms: list[float] = field(default_factory=list)
    map_bytes: list[int] = field(default_factory=list)
    map_wire: list[int] = field(default_factory=list)
    chain_bytes: list[int] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)
    full_figures: int = 0

    def add(self, calls: list[Call], graph: str) -> None:
        figure = [c for c in calls if f"{graph}.figure" in c.updated]
        if not figure:
            raise RuntimeError(
                "switch did not update the map: " + ", ".join(c.output for c in calls)
            )
        fig = figure[-1]
        self.map_ms.append(fig.ms)
        self.chain_ms.append(sum(c.ms for c in calls))
        self.map_bytes.append(fig.body_bytes)
        self.map_wire.append(fig.wire_bytes)
        self.chain_bytes.append(sum(c.body_bytes for c in calls))
        if fig.server_ms is not None:
            self.server_ms.append(fig.server_ms)
        self.full_figures += int(f"{graph}.figure" not in fig.patched)

    def summary(self, prefix: str) -> dict[str, Any]:
        def r(v: float | None) -> float | None:
            return None if v is None else round(v, 1)

        return {
            f"{prefix}n": len(self.map_ms),
            f"{prefix}p50_ms": r(percentile(self.map_ms, 50)),
            f"{prefix}p95_ms": r(percentile(self.map_ms, 95)),
            f"{prefix}chain_p50_ms": r(percentile(self.chain_ms, 50)),
            f"{prefix}chain_p95_ms": r(percentile(self.chain_ms, 95)),
            f"{prefix}bytes": int(percentile(self.map_bytes, 50) or 0),
            f"{prefix}wire_bytes": int(percentile(self.map_wire, 50) or 0),
            f"{prefix}chain_bytes": int(percentile(self.chain_bytes, 50) or 0),
            f"{prefix}server_timing_p95_ms": r(percentile(self.server_ms, 95)),
            f"{prefix}full_figures": self.full_figures,
        }


def indicator_plan(indicators: list[dict], level: str) -> list[dict]:
    """Indicators that exist at ``level``, in registry order."""
    return [i for i in indicators if level in i["levels"]]


def switch_to(b: Browser, ctl: Controls, ind: dict) -> list[Call]:
    """Select an indicator as a user would: theme first when it differs, then the indicator."""
    calls: list[Call] = []
    if ctl.thema and b.value(ctl.thema, "value") != ind["theme"]:
        calls += b.set({f"{ctl.thema}.value": ind["theme"]})
    if b.value(ctl.indicator, "value") != ind["id"]:
        calls += b.set({f"{ctl.indicator}.value": ind["id"]})
    return calls


def run_switches(b: Browser, ctl: Controls, plan: list[dict], n: int, warmup: int = 1) -> Switches:
    """``n`` switches cycling through ``plan`` (starting after the current one)."""
    out = Switches()
    current = b.value(ctl.indicator, "value")
    start = next((k + 1 for k, i in enumerate(plan) if i["id"] == current), 0)
    for k in range(warmup + n):
        ind = plan[(start + k) % len(plan)]
        if ind["id"] == b.value(ctl.indicator, "value"):
            ind = plan[(start + k + 1) % len(plan)]
        calls = switch_to(b, ctl, ind)
        if k >= warmup:
            out.add(calls, ctl.graph)
    return out


def geo_urls(figure: Any) -> list[str]:
    """GeoJSON URLs the figure makes plotly.js download."""
    if not isinstance(figure, dict):
        return []
    return [t["geojson"] for t in figure.get("data", []) if isinstance(t.get("geojson"), str)]


def enter_view(b: Browser, ctl: Controls, changes: dict[str, Any]) -> dict[str, Any]:
    """Change level/gemeente; the chain and the boundary download it causes."""
    calls = b.set(changes)
    fig = b.value(ctl.graph, "figure")
    geo = [b.get(u) for u in dict.fromkeys(geo_urls(fig))]
    return {
        "chain_ms": round(sum(c.ms for c in calls), 1),
        "geo_ms": round(sum(f.ms for f in geo), 1),
        "geo_wire_bytes": sum(f.wire_bytes for f in geo),
        "geo_bytes": sum(len(f.body) for f in geo),
        "response_bytes": sum(c.body_bytes for c in calls),
        "features": sum(len(json.loads(f.body).get("features", [])) for f in geo),
    }


def initial_page(base: str, path: str) -> tuple[Browser, dict[str, Any]]:
    """First visit with an empty cache: every transfer the browser makes, gzip-compressed."""
    html_fetch = requests.get(base + path, headers=HEADERS, stream=True, timeout=60)
    raw = html_fetch.raw.read(decode_content=False)
    page = decode(raw, html_fetch.headers.get("Content-Encoding")).decode()
    b = Browser(base)
    parts: dict[str, int] = {"html": len(raw)}
    for url in asset_urls(page):
        f = b.get(url)
        kind = "js" if ".js" in url else "css" if ".css" in url else "other"
        parts[kind] = parts.get(kind, 0) + f.wire_bytes
    parts["_dash-dependencies"] = b.deps_fetch.wire_bytes
    calls = b.load(path)
    parts["_dash-layout"] = next(f.wire_bytes for f in b.fetches if "_dash-layout" in f.url)
    parts["callbacks"] = sum(c.wire_bytes for c in calls)
    chunks: list[str] = []
    for key in set(b.types.values()):
        chunks += ASYNC_CHUNKS.get(key, ())
    prefix = "/_dash-component-suites/"
    for chunk in dict.fromkeys(chunks):
        f = b.get(chunk if chunk.startswith("/") else prefix + chunk)
        if f.status == 200:
            parts["js_async"] = parts.get("js_async", 0) + f.wire_bytes
    for src in sorted(b.images):
        parts["images"] = parts.get("images", 0) + b.get(src).wire_bytes
    geo = []
    for cid, (_, typ) in b.types.items():
        if typ == "Graph":
            geo += geo_urls(b.props[cid].get("figure"))
    for url in dict.fromkeys(geo):
        parts["geojson"] = parts.get("geojson", 0) + b.get(url).wire_bytes
    return b, {
        "initial_page_bytes": sum(parts.values()),
        "initial_page_parts": parts,
        "initial_callbacks": [c.output for c in calls],
        "initial_requests": 1 + len(b.fetches) + len(calls),
    }


def measure_export(base: str, themes: list[str]) -> dict[str, Any]:
    """Excel download of all gemeenten × all indicators of each theme, via the Tabel page."""
    b = Browser(base)
    b.load("/tabel")
    per: dict[str, float] = {}
    sizes: dict[str, int] = {}
    for theme in themes:
        b.set({"tabel-thema.value": theme, "tabel-indicator.value": None})
        b.set({"tabel-niveau.value": "gemeente", "tabel-gebied.value": "NL"})
        clicks = (b.value("tabel-xlsx", "n_clicks") or 0) + 1
        calls = [c for c in b.set({"tabel-xlsx.n_clicks": clicks}) if "xlsx" in c.output]
        data = b.value("tabel-download-xlsx", "data") or {}
        if not calls or not data.get("content"):
            raise RuntimeError(
                f"no xlsx for theme {theme}: {b.value('tabel-status-xlsx', 'children')}"
            )
        per[theme] = round(calls[0].ms, 1)
        sizes[theme] = len(data["content"]) * 3 // 4
    worst = max(per, key=per.get)
    return {
        "export_xlsx_ms": per[worst],
        "export_xlsx_theme": worst,
        "export_xlsx_ms_per_theme": per,
        "export_xlsx_bytes_per_theme": sizes,
    }


def browser_first_load(url: str, timeout: float = 90) -> dict[str, Any] | None:
    """Cross-check in headless Chromium (empty cache): bytes the browser really received.

    Chromium asks for ``gzip, deflate, br, zstd``, so this may be smaller than the gzip-only
    count. None when Chromium or chromedriver is not installed.
    """
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_bin = shutil.which("chromedriver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return None
    if not (chromium and driver_bin):
        return None
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--window-size=1366,900",
        "--enable-unsafe-swiftshader",
        "--disable-extensions",
    ):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_bin), options=opts)
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        t0 = time.perf_counter()
        driver.get(url)
        quiet_since, deadline, drawn_ms = time.monotonic(), time.monotonic() + timeout, None
        while time.monotonic() < deadline:
            events = driver.get_log("performance")
            for entry in events:
                msg = json.loads(entry["message"])["message"]
                params = msg.get("params", {})
                if msg["method"] == "Network.requestWillBeSent":
                    urls[params["requestId"]] = params["request"]["url"]
                elif msg["method"] == "Network.loadingFinished":
                    sizes[params["requestId"]] = int(params.get("encodedDataLength", 0))
            if events:
                quiet_since = time.monotonic()
            if drawn_ms is None and driver.execute_script(
                "return !!document.querySelector('.js-plotly-plot .choroplethmap, "
                ".js-plotly-plot canvas')"
            ):
                drawn_ms = (time.perf_counter() - t0) * 1000
            if drawn_ms is not None and time.monotonic() - quiet_since > 2.0:
                break
            time.sleep(0.2)
    finally:
        driver.quit()
    by_kind: dict[str, int] = {}
    for rid, size in sizes.items():
        path = urlparse(urls.get(rid, "")).path
        kind = (
            "geojson"
            if path.startswith("/geo/")
            else "callbacks"
            if path.startswith("/_dash-update")
            else "js"
            if path.endswith(".js")
            else "css"
            if path.endswith(".css")
            else "other"
        )
        by_kind[kind] = by_kind.get(kind, 0) + size
    return {
        "initial_page_bytes_browser": sum(sizes.values()),
        "initial_page_browser_parts": by_kind,
        "initial_page_browser_requests": len(sizes),
        "initial_page_browser_files": {
            urlparse(urls.get(rid, "")).path: size for rid, size in sorted(sizes.items())
        },
        "initial_page_browser_map_ms": None if drawn_ms is None else round(drawn_ms),
    }


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
        "flask-caching",
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

    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    rows = con.sql(
        "SELECT i.id, i.theme, i.levels FROM indicator i JOIN theme t ON t.id = i.theme "
        "ORDER BY t.ord, i.rowid"
    ).fetchall()
    indicators = [{"id": i, "theme": t, "levels": list(lv)} for i, t, lv in rows]
    themes = list(dict.fromkeys(i["theme"] for i in indicators))
    con.close()
    ids, theme_ids = {i["id"] for i in indicators}, set(themes)

    env = server_env(db)
    app = Server(
        "app",
        [
            str(BIN / "zicht"),
            "serve",
            "--db",
            str(db),
            "--port",
            "0",
            "--prod",
            "--workers",
            str(args.workers),
        ],
        0,
        env,
        BUILD / "bench-app.log",
    )
    app.port = free_port()
    app.cmd[app.cmd.index("--port") + 1] = str(app.port)
    naive_port = free_port()
    naive = Server(
        "naive",
        [
            str(BIN / "gunicorn"),
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{naive_port}",
            "benchmarks.naive:server",
        ],
        naive_port,
        env,
        BUILD / "bench-naive.log",
    )
    n = args.switches
    try:
        app.start()
        naive.start()
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

        results["app_rss_mb"] = round(app.rss_mb(), 1)
        results["app_uss_mb"] = round(app.uss_mb(), 1)
        results["app_rss_per_process_mb"] = app.rss_per_process_mb()
        results["app_rss_mb_naive"] = round(naive.rss_mb(), 1)
    except Exception as exc:  # noqa: BLE001 - report what was measured, say what failed
        results["error"] = f"{type(exc).__name__}: {exc}"
        print(f"bench: {results['error']}", file=sys.stderr)
    finally:
        app.stop()
        naive.stop()

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
