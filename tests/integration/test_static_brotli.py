"""Static files in brotli 11 (dashboard/serve/static_brotli.py): never waited for, then served."""

from __future__ import annotations

from pathlib import Path

import brotli

from dashboard.serve import static_brotli

WORKER = "/assets/vendor/plotly/maplibre-gl-worker.mjs"
ROOT = Path(__file__).resolve().parents[2]


def test_accepts_br() -> None:
    assert static_brotli._accepts_br("gzip, deflate, br, zstd")
    assert static_brotli._accepts_br("br;q=0.5")
    assert not static_brotli._accepts_br("gzip, br;q=0")
    assert not static_brotli._accepts_br("gzip")


def test_vendor_file_in_brotli_11_once_ready(client) -> None:
    raw = (ROOT / "assets" / "vendor" / "plotly" / "maplibre-gl-worker.mjs").read_bytes()
    client.get(WORKER, headers={"Accept-Encoding": "br"})  # starts the copy if not made yet
    assert static_brotli.ready(60)
    resp = client.get(WORKER, headers={"Accept-Encoding": "gzip, br"})
    assert resp.status_code == 200
    assert resp.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in resp.headers["Vary"]
    assert brotli.decompress(resp.data) == raw
    assert len(resp.data) == len(brotli.compress(raw, quality=11))
    gz = client.get(WORKER, headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip"  # Flask-Compress, as before


def test_boundaries_in_brotli_11_once_ready(client) -> None:
    import json

    from dashboard.url_state import geo_url

    with client.application.test_request_context():
        url = geo_url("gemeente")
    client.get(url, headers={"Accept-Encoding": "br"})
    assert static_brotli.ready(60)
    resp = client.get(url, headers={"Accept-Encoding": "br"})
    assert resp.headers["Content-Encoding"] == "br"
    assert json.loads(brotli.decompress(resp.data))["type"] == "FeatureCollection"
