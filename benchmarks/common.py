"""Benchmark constants, targets and small helpers (percentiles, Dash payloads, gzip)."""

from __future__ import annotations

import gzip
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

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
    # the user's wait in Chromium (benchmarks/browser.py)
    "browser_switch_p95_ms": ("<", 300, "ms"),
    "browser_drill_p95_ms": ("<", 500, "ms"),
    "browser_first_map_ms": ("<", 1500, "ms (p50, cold cache)"),
    "first_map_bytes": ("<=", 1_000_000, "bytes as Chromium gets them (br)"),
}

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
