"""Smoke test of the benchmark module: it imports and its helpers work on tiny input (no timing)."""

from __future__ import annotations

import gzip
from typing import Any

import pytest

from benchmarks import bench


def test_percentile_interpolates_like_numpy() -> None:
    assert bench.percentile([], 95) is None
    assert bench.percentile([5.0], 95) == 5.0
    assert bench.percentile([1, 2, 3, 4], 50) == pytest.approx(2.5)
    assert bench.percentile(range(1, 101), 95) == pytest.approx(95.05)


def test_split_outputs_single_and_multi() -> None:
    assert bench.split_outputs("kaart-map.figure") == [("kaart-map", "figure")]
    assert bench.split_outputs("..a.value...b-c.children..") == [
        ("a", "value"),
        ("b-c", "children"),
    ]


def test_components_walks_nested_props() -> None:
    leaf = {"type": "Span", "namespace": "dash_html_components", "props": {"id": "x"}}
    label = {"type": "B", "namespace": "dash_html_components", "props": {"id": "y"}}
    tree = {
        "type": "Div",
        "namespace": "dash_html_components",
        "props": {"children": [leaf, "text", None], "label": label},
    }
    ids = {c["props"].get("id") for c in bench.components(tree)}
    assert ids == {None, "x", "y"}


def test_header_and_html_parsing() -> None:
    assert bench.server_timing_ms(None) is None
    assert bench.server_timing_ms('cb;dur=12.5, db;desc="q";dur=2.5') == pytest.approx(15.0)
    page = (
        '<link rel="stylesheet" href="/assets/a.css"><link rel="icon" href="/f.ico">'
        '<script src="/r.js"></script><script>inline()</script><script src="/r.js"></script>'
    )
    assert bench.asset_urls(page) == ["/r.js", "/assets/a.css", "/f.ico"]
    assert bench.decode(gzip.compress(b"abc"), "gzip") == b"abc"
    assert bench.decode(b"abc", None) == b"abc"


def test_apply_patch_assigns_nested_values() -> None:
    fig = {"data": [{"z": [1, 2]}], "layout": {"annotations": [{"text": "old"}]}}
    patch = {
        "__dash_patch_update": "__dash_patch_update",
        "operations": [
            {"operation": "Assign", "location": ["data", 0, "z"], "params": {"value": [3]}},
            {
                "operation": "Assign",
                "location": ["layout", "annotations", 0, "text"],
                "params": {"value": "new"},
            },
            {"operation": "Extend", "location": ["data"], "params": {"value": []}},
        ],
    }
    out = bench.apply_patch(fig, patch)
    assert out["data"][0]["z"] == [3]
    assert out["layout"]["annotations"][0]["text"] == "new"


def test_evaluate_marks_pass_miss_and_missing() -> None:
    rows = {
        key: ok
        for key, _, _, ok in bench.evaluate(
            {"build_s": 10.0, "switch_p95_ms": 75.0, "patch_ratio": 0.02}
        )
    }
    assert rows["build_s"] is True
    assert rows["switch_p95_ms"] is False
    assert rows["patch_ratio"] is True  # "≤ 2 %" includes the limit
    assert rows["export_xlsx_ms"] is None
    assert set(rows) == set(bench.TARGETS)


def test_dispatch_waits_for_upstream_and_skips_self_trigger(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Chain as on the Kaart: indicator → years; (indicator, year) → map, fired once, last."""
    b = bench.Browser.__new__(bench.Browser)
    b.props = {"ind": {"value": "a"}, "jaar": {"value": 1}, "map": {}, "g": {"value": None}}
    b.types = {}
    b.callbacks = [
        {"output": "jaar.value", "inputs": [{"id": "ind", "property": "value"}], "state": []},
        {
            "output": "map.figure",
            "inputs": [{"id": "ind", "property": "value"}, {"id": "jaar", "property": "value"}],
            "state": [],
        },
        {"output": "g.value", "inputs": [{"id": "g", "property": "value"}], "state": []},
    ]
    fired: list[str] = []

    def fake_fire(cb: dict[str, Any], changed: set[str]) -> bench.Call:
        fired.append(cb["output"])
        key = cb["output"]
        return bench.Call(key, 1.0, 10, 10, 200, None, updated={key: "new"})

    monkeypatch.setattr(b, "fire", fake_fire)
    b.set({"ind.value": "b"})
    assert fired == ["jaar.value", "map.figure"]
    fired.clear()
    b.set({"g.value": "GM0363"})
    assert fired == ["g.value"]  # its own output does not fire it again
