"""What a first live build downloads, per table: whole tables (cbsodata.get_data's way) against
server-side ``$filter``/``$select`` (ours), measured on the recorded CBS over loopback HTTP.

The recorded CBS holds only the snapshot's rows, so the "whole table" figures are a lower bound
for the real feed, where e.g. 85655NED also holds every age group and sex.

Run: ``python -m benchmarks.live_download`` (or ``make bench-live``); writes
``build/live_download.json``.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import requests

from data_pipeline.build import build
from data_pipeline.catalog import TABLES
from data_pipeline.live import LiveSource
from tests.recorded_cbs import RecordedCBS

OUT = Path(__file__).resolve().parents[1] / "build" / "live_download.json"


def whole_table(server: RecordedCBS, table_id: str) -> tuple[int, int]:
    """Requests and bytes of downloading a whole table with its metadata, page by page."""
    base = f"{server.url}/ODataFeed/odata/{table_id}/"
    n = size = 0

    def get(url: str) -> dict:
        nonlocal n, size
        r = requests.get(url, timeout=60)
        r.raise_for_status()
        n, size = n + 1, size + len(r.content)
        return r.json()

    service = get(base)
    for entity in service["value"]:
        if entity["name"] in ("UntypedDataSet", "CategoryGroups"):
            continue
        url: str | None = entity["url"] + "?$format=json"
        while url:
            url = get(url).get("odata.nextLink")
    return n, size


def main() -> None:
    with RecordedCBS() as server, tempfile.TemporaryDirectory() as tmp:
        before = {t.id: whole_table(server, t.id) for t in TABLES}
        live = LiveSource(
            Path(tmp) / "cache",
            cbs_url=server.url,
            geo_url=f"{server.url}/nl/wgs84",
            pdok_url=f"{server.url}/pdok",
        )
        t0 = time.perf_counter()
        report = build(live, Path(tmp) / "zicht.duckdb")
        seconds = time.perf_counter() - t0
        traffic = live.http.traffic
        rows = []
        for t in TABLES:
            after = (traffic.requests.get(t.id, 0), traffic.bytes.get(t.id, 0))
            rows.append({"table": t.id, "before_requests": before[t.id][0],
                         "before_bytes": before[t.id][1], "after_requests": after[0],
                         "after_bytes": after[1], "rows": report.tables.get(t.id)})  # fmt: skip
        geo = {k: v for k, v in traffic.bytes.items() if k.startswith("geo")}
    result = {"tables": rows, "geo_bytes": geo, "build_seconds": round(seconds, 2),
              "catalog_requests": traffic.requests.get("catalogus", 0)}  # fmt: skip
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(f"{'tabel':<10}{'rijen':>8}{'voor: req':>11}{'MB':>8}{'na: req':>9}{'MB':>8}")
    for r in rows:
        mb_before, mb_after = r["before_bytes"] / 1e6, r["after_bytes"] / 1e6
        print(f"{r['table']:<10}{r['rows']:>8}{r['before_requests']:>11}{mb_before:>8.2f}"
              f"{r['after_requests']:>9}{mb_after:>8.2f}")  # fmt: skip
    tb = sum(r["before_bytes"] for r in rows) / 1e6
    ta = sum(r["after_bytes"] for r in rows) / 1e6
    print(f"totaal: {tb:.1f} MB → {ta:.1f} MB; grenzen {sum(geo.values()) / 1e6:.1f} MB; "
          f"live build {seconds:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()
