"""Recorded CBS OData / cartomap responses, built from the offline snapshot (no made-up data)."""

from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests
import responses

SNAPSHOT = Path(
    os.environ.get("ZICHT_SNAPSHOT")
    or Path(__file__).resolve().parents[2].parent / "shared" / "data" / "snapshot"
)
# cbsodata 1.3.5 reads the bulk feed (ODataFeed), not ODataApi, and asks for $format=json.
FEED = "https://opendata.cbs.nl/ODataFeed/odata/{table}/"

Fault = int | BaseException  # an HTTP status to answer with, or an exception to raise


@dataclass
class _Fault:
    part: str
    page: int | None
    fault: Fault
    times: int | None  # None = every time


@dataclass
class Recorder:
    """Serves payloads through ``responses`` and injects faults (status codes or exceptions)."""

    calls: list[str] = field(default_factory=list)
    faults: list[_Fault] = field(default_factory=list)

    def fail(self, part: str, fault: Fault, *, times: int | None = None, page: int | None = None):
        """Make requests for ``part`` (and ``page``, 1-based, if given) fail ``times`` times."""
        self.faults.append(_Fault(part, page, fault, times))

    def _fault(self, part: str, page: int | None) -> Fault | None:
        for f in self.faults:
            if f.part == part and (f.page is None or f.page == page) and f.times != 0:
                if f.times is not None:
                    f.times -= 1
                return f.fault
        return None

    @staticmethod
    def _raise_or_status(fault: Fault) -> tuple[int, dict[str, str], str]:
        if isinstance(fault, BaseException):
            raise fault
        return fault, {}, json.dumps({"odata.error": {"message": {"value": "recorded fault"}}})


def _typed(text: str) -> object:
    """A value as TypedDataSet sends it: JSON number, null for missing, else the text itself."""
    if text == "":
        return None
    try:
        return int(text) if text.lstrip("-").isdigit() else float(text)
    except ValueError:
        return text


class RecordedCBS(Recorder):
    """The CBS OData v3 feed for one snapshot table, in the JSON shape cbsodata 1.3.5 reads.

    ``cbsodata.get_data`` (typed=False!) reads ``TypedDataSet``, paged with ``odata.nextLink``.
    It holds dimension *keys* (as CBS sends them); cbsodata maps them back to titles with the
    dimension tables, which must reproduce the snapshot's ``data.csv``.
    """

    def __init__(self, table_id: str, *, snapshot: Path = SNAPSHOT, page_size: int = 500) -> None:
        super().__init__()
        self.table_id = table_id
        self.base = FEED.format(table=table_id)
        self.page_size = page_size
        folder = snapshot / "cbs" / table_id
        info = json.loads((folder / "info.json").read_text(encoding="utf-8"))
        self.table_infos = [{k: v for k, v in info.items() if k != "snapshot"}]
        self.dims = {
            p.stem: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(folder.glob("*.json"))
            if p.name != "info.json"
        }
        with (folder / "data.csv").open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            columns = list(reader.fieldnames or [])
            source_rows = list(reader)
        to_key = {dim: {m["Title"]: m["Key"] for m in meta} for dim, meta in self.dims.items()}
        self.rows: list[dict[str, object]] = []
        for r in source_rows:
            row: dict[str, object] = {}
            for col in columns:
                value = r[col]
                if col == "ID":
                    row[col] = int(value)
                elif col in to_key:
                    row[col] = to_key[col].get(value, value)  # unknown titles stay as they are
                else:
                    row[col] = _typed(value)
            self.rows.append(row)
        self.data_properties = [
            {"Key": c, "Type": "Dimension" if c in self.dims else "Topic"}
            for c in columns
            if c != "ID"
        ]
        names = ["TableInfos", "UntypedDataSet", "TypedDataSet", "DataProperties"]
        names += ["CategoryGroups", *self.dims]
        self.service = [{"name": n, "url": self.base + n} for n in names]

    def register(self, rsps: responses.RequestsMock) -> None:
        rsps.add_callback(responses.GET, re.compile(re.escape(self.base) + ".*"), self._answer)

    def _answer(self, request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        url = str(request.url)
        self.calls.append(url)
        parts = urlsplit(url)
        part = parts.path.rstrip("/").rsplit("/", 1)[-1]
        part = "" if part == self.table_id else part
        query = parse_qs(parts.query)
        skip = int(query.get("$skip", ["0"])[0])
        page = skip // self.page_size + 1 if part.endswith("DataSet") else None
        fault = self._fault(part, page)
        if fault is not None:
            return self._raise_or_status(fault)
        body: dict[str, object] = {"odata.metadata": self.base + "$metadata#" + (part or "")}
        if part == "":
            body["value"] = self.service
        elif part in ("UntypedDataSet", "TypedDataSet"):
            body["value"] = self.rows[skip : skip + self.page_size]
            if skip + self.page_size < len(self.rows):
                body["odata.nextLink"] = (
                    f"{self.base}{part}?$format=json&$skip={skip + self.page_size}"
                )
        elif part == "TableInfos":
            body["value"] = self.table_infos
        elif part == "DataProperties":
            body["value"] = self.data_properties
        elif part == "CategoryGroups":
            body["value"] = []
        elif part in self.dims:
            body["value"] = self.dims[part]
        else:
            return 404, {}, "{}"
        return 200, {"Content-Type": "application/json"}, json.dumps(body)


class RecordedFile(Recorder):
    """One static file (e.g. a cartomap TopoJSON) served at ``url``; fault part is ``"file"``."""

    def __init__(self, url: str, path: Path) -> None:
        super().__init__()
        self.url = url
        self.body = path.read_bytes()

    def register(self, rsps: responses.RequestsMock) -> None:
        rsps.add_callback(responses.GET, self.url, self._answer)

    def _answer(self, request: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes | str]:
        self.calls.append(str(request.url))
        fault = self._fault("file", None)
        if fault is not None:
            return self._raise_or_status(fault)
        return 200, {"Content-Type": "application/json"}, self.body
