"""Export files built in a child process: heavy exports never hold a server process's GIL.

``python -m dashboard.serve.export_child REQUEST.json`` reads {db, kind, selection, link, dialect,
out}, builds the file at low CPU priority and writes it to ``out`` (nothing when empty).
Its memory goes back to the system when it exits. No Dash here: the child starts quickly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from dashboard import export as files
from data_pipeline import store

NICE = 10  # normal requests of the server come first
TIMEOUT = 120.0  # s; a build that takes longer is killed (the user is told to retry)


class ChildFailed(RuntimeError):
    """The child process failed or took too long (its stderr tail in the message)."""


def file_bytes(kind: str, sel: store.ExportSelection, link: str, dialect: str) -> bytes | None:
    """Fresh bytes of one export file (nothing shared between requests), or None when empty."""
    if kind == "geojson":
        coll = store.geojson_flat(sel)
        return None if coll is None else files.geojson_bytes(coll)
    df = store.export_table(sel)
    if df.empty:
        return None
    if kind == "csv":
        return files.csv_bytes(df, dialect)
    return analyst_workbook(df, link)


def analyst_workbook(df: pd.DataFrame, link: str) -> bytes:
    """The Excel file of a table: data with formats, definitions, coverage and StatLine links."""
    spans = df.groupby("indicator_id")["year"].agg(["min", "max"]).astype(int)
    years = {
        i: (str(r["max"]) if r["min"] == r["max"] else f"{r['min']}–{r['max']}")
        for i, r in spans.iterrows()
    }
    src = store.export_sources(list(years), years)
    decimals = {i.id: i.decimals for i in store.indicators() if i.id in years}
    tables_used = sorted({t.strip() for s in src["tables"] for t in _table_ids(s)})
    return files.xlsx_analyst_bytes(df, src, store.coverage(tables_used), link, decimals)


def _table_ids(text: str) -> list[str]:
    """'85984NED (Kerncijfers …); 83625NED (…)' → ['85984NED', '83625NED']."""
    return [part.strip().split(" ")[0] for part in str(text or "").split(";") if part.strip()]


def build_in_child(
    db: Path, kind: str, sel: store.ExportSelection, link: str, dialect: str, out: Path
) -> bytes | None:
    """Run :func:`file_bytes` in a fresh, niced Python process; its bytes, or None when empty."""
    request = out.with_name(out.name + ".request.json")
    payload = {"db": str(db), "kind": kind, "selection": asdict(sel), "link": link}
    request.write_text(json.dumps({**payload, "dialect": dialect, "out": str(out)}), "utf-8")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "dashboard.serve.export_child", str(request)],
            capture_output=True,
            timeout=TIMEOUT,
            cwd=Path(__file__).resolve().parent.parent,
        )
        if proc.returncode != 0:
            raise RuntimeError(
                f"export child failed: {proc.stderr.decode(errors='replace')[-500:]}"
            )
        return out.read_bytes() if out.exists() else None
    finally:
        request.unlink(missing_ok=True)
        out.unlink(missing_ok=True)


def main(request_path: str) -> int:
    os.nice(NICE)
    req = json.loads(Path(request_path).read_text("utf-8"))
    from data_pipeline import store

    store.use_db(req["db"])
    sel = req["selection"]
    sel = store.ExportSelection(
        **{**sel, "gemeenten": tuple(sel["gemeenten"]), "indicators": tuple(sel["indicators"])}
    )
    data = file_bytes(req["kind"], sel, req["link"], req["dialect"])
    if data is not None:
        out = Path(req["out"])
        tmp = out.with_name(out.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
