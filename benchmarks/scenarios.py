"""Benchmark scenarios: indicator switches, drill-downs, first page, exports, first load."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import requests

from benchmarks.client import (
    Browser,
    Call,
    Controls,
)
from benchmarks.common import (
    ASYNC_CHUNKS,
    HEADERS,
    asset_urls,
    decode,
    percentile,
)
from tests.harness import browser_available, chrome

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
    try:
        import selenium  # noqa: F401
    except ImportError:
        return None
    if not browser_available():
        return None
    flags = ("--disable-dev-shm-usage", "--no-first-run", "--enable-unsafe-swiftshader")
    driver = chrome(1366, 900, {"performance": "ALL"}, (*flags, "--disable-extensions"))
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
