"""A recorded CBS on loopback: OData v3 feed, catalog, cartomap and PDOK, served over real HTTP.

Everything it serves comes from the offline snapshot's files (values, keys, titles; 85984NED's
own DataProperties), reshaped the way the real services send them:
- ``/ODataFeed/odata/<T>/`` service document listing every entity; ``TableInfos``;
  ``DataProperties`` (dimensions typed Dimension/TimeDimension/GeoDimension/GeoDetail);
  one entity per dimension with CBS's padded keys and titles;
- ``TypedDataSet``: dimension columns hold *keys*, topics JSON numbers or null, 10,000 rows a
  page with ``odata.nextLink``; ``$filter`` is exact-match on keys (``eq``/``or``/``and``, an
  unpadded key matches nothing), ``$select`` keeps only the named columns; ``/$count``;
- ``/ODataCatalog/Tables``; ``/nl/wgs84/<level>_<year>.<ext>`` (cartomap);
  ``/pdok/collections/<level>_gegeneraliseerd/items`` (OGC API Features, ``links`` rel=next).
Where the snapshot has no ``<Dim>.json``, keys are the ones CBS uses for that kind of dimension
(period keys from the titles, region codes from the row's own code column); the few categories
with no known key (85995NED's Financieringsvorm) get opaque keys that say so ("ONBEKEND1").

Faults: ``fail(part, fault, times=, page=)`` answers ``part`` (an entity name, "TypedDataSet",
"catalog", a geo file name) with a status code, ``"reset"`` (connection dropped mid-body) or
``"truncate"`` (half a JSON body); ``retry_after`` adds that header.

Run standalone: ``python -m tests.recorded_cbs --port 8765`` and point ``ZICHT_CBS_URL`` at it.
"""

from __future__ import annotations

import csv
import json
import os
import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from data_pipeline.load import period_key

SNAPSHOT = Path(
    os.environ.get("ZICHT_SNAPSHOT")
    or Path(__file__).resolve().parents[1].parent / "shared" / "data" / "snapshot"
)
PAGE_SIZE = 10_000
_SUFFIX = re.compile(r"_\d+$")
GEO_DIM = {"RegioS", "Woongemeente"}
GEO_DETAIL = {"WijkenEnBuurten", "Wijken"}


def _typed(text: str) -> object:
    """A value as TypedDataSet sends it: JSON number, null for missing, else the text itself."""
    if text.strip() in ("", ".", "x", "-", "?"):
        return None
    try:
        return int(text) if text.lstrip("-").isdigit() else float(text)
    except ValueError:
        return text


@dataclass
class RecordedTable:
    """One snapshot table as the feed serves it."""

    table_id: str
    info: dict
    properties: list[dict]
    dims: dict[str, list[dict]]
    rows: list[dict]
    modified: str

    @classmethod
    def load(cls, folder: Path) -> RecordedTable:
        info = json.loads((folder / "info.json").read_text(encoding="utf-8"))
        with (folder / "data.csv").open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            columns = list(reader.fieldnames or [])
            source = list(reader)
        dim_cols = [c for c in columns if c != "ID" and not _SUFFIX.search(c)]
        code_col = next((c for c in columns if c.startswith("Codering_")), None)
        dims: dict[str, list[dict]] = {}
        key_of: dict[str, dict[str, str]] = {}
        by_code: dict[str, dict[str, str]] = {}
        for dim in dim_cols:
            path = folder / f"{dim}.json"
            meta = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []
            dims[dim] = [{"Key": m["Key"], "Title": m["Title"]} for m in meta]
            key_of[dim] = {}
            for m in meta:
                key_of[dim].setdefault(m["Title"], m["Key"])
            by_code[dim] = {m["Key"].strip(): m["Key"] for m in meta}
        width = {"Perioden": 8, "WijkenEnBuurten": 10, "Wijken": 8}
        rows: list[dict] = []
        for r in source:
            row: dict[str, object] = {}
            for col in columns:
                value = r[col]
                if col == "ID":
                    row[col] = int(value)
                elif col in dims:
                    row[col] = cls._key(dim=col, title=value, row=r, code_col=code_col,
                                        key_of=key_of, by_code=by_code, dims=dims,
                                        width=width.get(col, 6))  # fmt: skip
                else:
                    row[col] = _typed(value)
            rows.append(row)
        props = cls._properties(folder, columns, dim_cols)
        stamp = datetime.fromtimestamp((folder / "data.csv").stat().st_mtime, UTC)
        return cls(folder.name, info, props, dims, rows, stamp.isoformat(timespec="seconds"))

    @staticmethod
    def _key(
        *,
        dim: str,
        title: str,
        row: dict,
        code_col: str | None,
        key_of: dict[str, dict[str, str]],
        by_code: dict[str, dict[str, str]],
        dims: dict[str, list[dict]],
        width: int,
    ) -> str:
        """The key CBS sends for this row's category (added to the dimension if new)."""
        code = (row.get(code_col) or "").strip() if code_col else ""
        if dim in GEO_DETAIL and code and code in by_code[dim]:
            return by_code[dim][code]
        if title in key_of[dim]:
            return key_of[dim][title]
        if dim == "Perioden":
            key = period_key(title) or title
        elif dim in GEO_DETAIL and code:
            key = code.ljust(width)
        elif dim in GEO_DIM and row.get("Code_1", "").strip():
            key = row["Code_1"].strip().ljust(width)  # Gebieden in Nederland: one gemeente a row
        else:
            key = f"ONBEKEND{len(dims[dim]) + 1}"
        key_of[dim][title] = key
        by_code[dim][key.strip()] = key
        dims[dim].append({"Key": key, "Title": title})
        return key

    @staticmethod
    def _properties(folder: Path, columns: list[str], dim_cols: list[str]) -> list[dict]:
        path = folder / "DataProperties.json"
        if path.is_file():  # CBS's own metadata for this key numbering
            return json.loads(path.read_text(encoding="utf-8"))
        out = []
        for i, col in enumerate(c for c in columns if c != "ID"):
            if col in dim_cols:
                kind = (
                    "TimeDimension"
                    if col == "Perioden"
                    else "GeoDimension"
                    if col in GEO_DIM
                    else "GeoDetail"
                    if col in GEO_DETAIL
                    else "Dimension"
                )
            else:
                kind = "Topic"
            out.append({"odata.type": f"Cbs.OData.{kind}", "ID": i, "Position": i,
                        "Type": kind, "Key": col, "Title": col})  # fmt: skip
        return out


@dataclass
class Fault:
    part: str
    fault: int | str
    times: int | None
    page: int | None
    retry_after: int | None


@dataclass
class RecordedCBS:
    """The loopback server; ``url`` is the base to put in ZICHT_CBS_URL."""

    snapshot: Path = SNAPSHOT
    page_size: int = PAGE_SIZE
    calls: list[str] = field(default_factory=list)
    bytes_sent: dict[str, int] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    _tables: dict[str, RecordedTable] = field(default_factory=dict)

    def table(self, table_id: str) -> RecordedTable:
        if table_id not in self._tables:
            self._tables[table_id] = RecordedTable.load(self.snapshot / "cbs" / table_id)
        return self._tables[table_id]

    def fail(
        self,
        part: str,
        fault: int | str,
        *,
        times: int | None = None,
        page: int | None = None,
        retry_after: int | None = None,
    ) -> None:
        self.faults.append(Fault(part, fault, times, page, retry_after))

    def _fault(self, part: str, page: int | None) -> Fault | None:
        for f in self.faults:
            if f.part == part and (f.page is None or f.page == page) and f.times != 0:
                if f.times is not None:
                    f.times -= 1
                return f
        return None

    # -- serving ---------------------------------------------------------------------------

    def start(self, port: int = 0) -> RecordedCBS:
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                recorder._handle(self)

            def do_HEAD(self) -> None:  # noqa: N802
                recorder._handle(self, head=True)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> RecordedCBS:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _handle(self, h: BaseHTTPRequestHandler, head: bool = False) -> None:
        parts = urlsplit(h.path)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        self.calls.append(h.path)
        path = parts.path
        try:
            status, body, ctype, part, page, what = self._route(path, query)
        except KeyError:
            status, body, ctype, part, page, what = (
                404,
                b'{"error":"not found"}',
                "json",
                "",
                None,
                "",
            )
        except ValueError as exc:
            msg = json.dumps({"odata.error": {"message": {"value": str(exc)}}}).encode()
            status, body, ctype, part, page, what = 400, msg, "json", "", None, ""
        fault = self._fault(part, page) if part else None
        headers = {}
        if fault is not None:
            if fault.retry_after is not None:
                headers["Retry-After"] = str(fault.retry_after)
            if isinstance(fault.fault, int):
                status, body = fault.fault, b'{"odata.error":{"message":{"value":"recorded"}}}'
            elif fault.fault == "truncate":
                body = body[: len(body) // 2]
            elif fault.fault == "reset":
                h.send_response(200)
                h.send_header("Content-Type", "application/json")
                h.send_header("Content-Length", str(len(body)))
                h.end_headers()
                h.wfile.write(body[: len(body) // 3])
                h.wfile.flush()
                h.close_connection = True
                return
        h.send_response(status)
        types = {"json": "application/json;charset=utf-8", "text": "text/plain"}
        h.send_header("Content-Type", types.get(ctype, ctype))
        h.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            h.send_header(k, v)
        h.end_headers()
        if head:
            return
        h.wfile.write(body)
        if what:
            self.bytes_sent[what] = self.bytes_sent.get(what, 0) + len(body)

    def _route(self, path: str, q: dict[str, str]) -> tuple:
        m = re.fullmatch(r"/ODataFeed/odata/(\w+)/?(.*)", path)
        if m:
            return self._feed(m.group(1), m.group(2).strip("/"), q)
        if path.rstrip("/") == "/ODataCatalog/Tables":
            return 200, self._json(self._catalog()), "json", "catalog", None, "catalog"
        m = re.fullmatch(r"/nl/wgs84/(\w+\.(?:topojson|geojson))", path)
        if m:
            f = self.snapshot / "geo" / m.group(1)
            if not f.is_file():
                return 404, b"Not Found", "text", m.group(1), None, ""
            return 200, f.read_bytes(), "json", m.group(1), None, f"geo {m.group(1)}"
        m = re.fullmatch(r"/pdok/collections/(\w+)_gegeneraliseerd/items", path)
        if m:
            return self._pdok(m.group(1), q)
        raise KeyError(path)

    def _json(self, obj: object) -> bytes:
        return json.dumps(obj, ensure_ascii=False).encode("utf-8")

    def _catalog(self) -> dict:
        out = []
        for folder in sorted((self.snapshot / "cbs").iterdir()):
            t = self.table(folder.name)
            out.append({"Identifier": t.table_id, "Title": t.info.get("Title", ""),
                        "Period": t.info.get("Period", ""), "Modified": t.modified})  # fmt: skip
        return {"odata.metadata": f"{self.url}/ODataCatalog/$metadata#Tables", "value": out}

    def _feed(self, table_id: str, entity: str, q: dict[str, str]) -> tuple:
        if not (self.snapshot / "cbs" / table_id / "data.csv").is_file():
            raise KeyError(table_id)
        t = self.table(table_id)
        base = f"{self.url}/ODataFeed/odata/{table_id}/"
        meta = {"odata.metadata": f"{base}$metadata#{entity or 'service'}"}
        if entity == "":
            names = ["TableInfos", "UntypedDataSet", "TypedDataSet", "DataProperties",
                     "CategoryGroups", *t.dims]  # fmt: skip
            value: object = [{"name": n, "url": base + n} for n in names]
            return 200, self._json({**meta, "value": value}), "json", "", None, table_id
        if entity == "TableInfos":
            info = {k: v for k, v in t.info.items() if k != "snapshot"}
            value = [{**info, "Modified": t.modified}]
        elif entity == "DataProperties":
            value = t.properties
        elif entity == "CategoryGroups":
            value = []
        elif entity in t.dims:
            value = t.dims[entity]
        elif entity == "TypedDataSet/$count":
            n = len(self._select_rows(t, q.get("$filter")))
            return 200, str(n).encode(), "text", "$count", None, table_id
        elif entity == "TypedDataSet":
            return self._dataset(t, base, q)
        else:
            raise KeyError(entity)
        return 200, self._json({**meta, "value": value}), "json", entity, None, table_id

    def _select_rows(self, t: RecordedTable, flt: str | None) -> list[dict]:
        if not flt:
            return t.rows
        clauses = parse_filter(flt)
        for dim in clauses:
            if dim not in t.dims:
                raise ValueError(f"unknown property {dim}")
        return [r for r in t.rows if all(r[d] in keys for d, keys in clauses.items())]

    def _dataset(self, t: RecordedTable, base: str, q: dict[str, str]) -> tuple:
        rows = self._select_rows(t, q.get("$filter"))
        cols = None
        if q.get("$select"):
            cols = [c.strip() for c in q["$select"].split(",")]
            known = set(t.rows[0]) if t.rows else set()
            bad = [c for c in cols if c not in known]
            if bad:
                raise ValueError(f"unknown property {bad[0]}")
        skip = int(q.get("$skip", "0"))
        chunk = rows[skip : skip + self.page_size]
        if cols:
            chunk = [{c: r[c] for c in cols} for r in chunk]
        body: dict[str, object] = {"odata.metadata": f"{base}$metadata#TypedDataSet",
                                   "value": chunk}  # fmt: skip
        if skip + self.page_size < len(rows):
            keep = {k: v for k, v in q.items() if k != "$skip"}
            keep["$skip"] = str(skip + self.page_size)
            qs = "&".join(f"{k}={quote(v, safe=',$')}" for k, v in keep.items())
            body["odata.nextLink"] = f"{base}TypedDataSet?{qs}"
        page = skip // self.page_size + 1
        return 200, self._json(body), "json", "TypedDataSet", page, t.table_id

    def _pdok(self, level: str, q: dict[str, str]) -> tuple:
        f = self.snapshot / "geo" / f"{level}_{q.get('jaarcode', '')}.geojson"
        if not f.is_file():
            return 404, b'{"code":"NotFound"}', "json", f"pdok {level}", None, ""
        features = json.loads(f.read_text(encoding="utf-8"))["features"]
        limit, offset = int(q.get("limit", "10")), int(q.get("offset", "0"))
        body: dict[str, object] = {"type": "FeatureCollection",
                                   "features": features[offset : offset + limit], "links": []}  # fmt: skip
        if offset + limit < len(features):
            nxt = f"{self.url}/pdok/collections/{level}_gegeneraliseerd/items?f=json&jaarcode="
            nxt += f"{q.get('jaarcode')}&limit={limit}&offset={offset + limit}"
            body["links"] = [{"rel": "next", "href": nxt, "type": "application/geo+json"}]
        return 200, self._json(body), "json", f"pdok {level}", None, f"pdok {level}"


_CLAUSE = re.compile(r"^\s*(\w+)\s+eq\s+'((?:[^']|'')*)'\s*$")


def parse_filter(text: str) -> dict[str, set[str]]:
    """``(A eq 'x' or A eq 'y') and (B eq 'z')`` → {A: {x, y}, B: {z}}; exact, unstripped keys."""
    out: dict[str, set[str]] = {}
    for group in re.split(r"\)\s+and\s+\(|\s+and\s+", text.strip()):
        for term in group.strip().strip("()").split(" or "):
            m = _CLAUSE.match(term.strip().strip("()"))
            if not m:
                raise ValueError(f"unsupported $filter term: {term!r}")
            out.setdefault(m.group(1), set()).add(m.group(2).replace("''", "'"))
    return out


if __name__ == "__main__":
    import argparse
    import time

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=8765)
    args = ap.parse_args()
    rec = RecordedCBS().start(args.port)
    print(f"recorded CBS on {rec.url}  (ZICHT_CBS_URL={rec.url} ZICHT_GEO_URL={rec.url}/nl/wgs84"
          f" ZICHT_PDOK_URL={rec.url}/pdok)", flush=True)  # fmt: skip
    while True:
        time.sleep(3600)
