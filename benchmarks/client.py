"""A tiny Dash renderer over HTTP: fires callbacks as the browser would and applies answers."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlparse

import requests

from benchmarks.common import (
    AMSTERDAM,
    HEADERS,
    apply_patch,
    components,
    decode,
    server_timing_ms,
    split_outputs,
)

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
