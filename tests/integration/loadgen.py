"""Test helpers: Dash callback payloads, leak checks, bounded load (servers: tests/harness.py)."""

from __future__ import annotations

import base64
import random
import socket
import statistics
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import requests

from dashboard import url_state
from tests.harness import Served

CALLBACK = "/_dash-update-component"
#: every page ("/" redirects to /kaart, see test_app_errors)
PAGES = url_state.PAGES

#: what no response body may contain: tracebacks and server file paths.
LEAKS = ("Traceback", "/work/", '.py"', "site-packages", 'File "')


def readable(body: bytes | str) -> str:
    """Body as text with JSON escapes undone (Dash writes '/' as \\u002f, hiding paths)."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    return text.replace("\\u002f", "/").replace("\\/", "/").replace('\\"', '"')


def leaks(body: bytes | str, ignore: Sequence[str] = ()) -> list[str]:
    """The forbidden fragments found in a response body (``ignore``: known, tested apart)."""
    text = readable(body)
    for known in ignore:
        text = text.replace(known, "")
    return [frag for frag in LEAKS if frag in text]


# --- Dash callback payloads ----------------------------------------------------------------------


def _outputs(spec: str) -> list[tuple[str, str]]:
    """``..a.b...c.d..`` (multi) or ``a.b`` → [(id, property)]."""
    parts = spec[2:-2].split("...") if spec.startswith("..") else [spec]
    return [tuple(p.rsplit(".", 1)) for p in parts]  # type: ignore[misc]


class Callbacks:
    """Valid ``/_dash-update-component`` bodies built from ``/_dash-dependencies``."""

    def __init__(self, deps: Sequence[Mapping[str, Any]]) -> None:
        self.deps = [d for d in deps if not d.get("clientside_function")]

    @classmethod
    def fetch(cls, get: Callable[[str], Any]) -> Callbacks:
        return cls(get("/_dash-dependencies"))

    def find(self, output: str) -> Mapping[str, Any]:
        """The server-side callback whose outputs include ``output`` (``id.property``)."""
        for d in self.deps:
            if output in {f"{i}.{p}" for i, p in _outputs(d["output"])}:
                return d
        raise KeyError(output)

    def payload(
        self, output: str, values: Mapping[str, Any], changed: Sequence[str] | None = None
    ) -> dict[str, Any]:
        """Body for the callback writing ``output``; ``values`` keyed ``id.property``."""
        d = self.find(output)
        outs = [{"id": i, "property": p} for i, p in _outputs(d["output"])]

        def items(kind: str) -> list[dict[str, Any]]:
            return [
                {**x, "value": values.get(f"{x['id']}.{x['property']}")} for x in d.get(kind, [])
            ]

        inputs = items("inputs")
        return {
            "output": d["output"],
            "outputs": outs if d["output"].startswith("..") else outs[0],
            "inputs": inputs,
            "changedPropIds": list(changed or [f"{x['id']}.{x['property']}" for x in inputs]),
            "state": items("state"),
        }

    def page(self, path: str, search: str = "") -> dict[str, Any]:
        """What the browser posts to render a page (Dash pages: location → page content)."""
        values = {"_pages_location.pathname": path, "_pages_location.search": search}
        return self.payload("_pages_content.children", values, ["_pages_location.pathname"])

    def export(
        self,
        kind: str,
        gebied: str,
        niveau: str = "wijk",
        thema: str | None = None,
        indicator: str | None = None,
        jaar: int | None = None,
        notatie: str = "intl",
    ) -> dict[str, Any]:
        """A click on 'Download CSV/Excel/GeoJSON' of Tabel & export."""
        values = {
            "tabel-csv.n_clicks": 1,
            "tabel-xlsx.n_clicks": 1,
            "tabel-geojson.n_clicks": 1,
            "tabel-csv-notatie.value": notatie,
            "tabel-link.href": "/tabel",
            "tabel-thema.value": thema,
            "tabel-indicator.value": indicator,
            "tabel-niveau.value": niveau,
            "tabel-gebied.value": gebied,
            "tabel-jaar.value": jaar,
        }
        return self.payload(f"tabel-download-{kind}.data", values, [f"tabel-{kind}.n_clicks"])

    def kaart(
        self,
        indicator: str | None,
        niveau: str = "gemeente",
        gemeente: str | None = None,
        jaar: Any = None,
        thema: str | None = None,
    ) -> dict[str, Any]:
        """An indicator switch or drill-down on the Kaart page (the map update callback)."""
        values = {
            "kaart-indicator.value": indicator,
            "kaart-jaar.value": jaar,
            "kaart-niveau.value": niveau,
            "kaart-gemeente.value": gemeente,
            "kaart-online.value": False,
            "kaart-thema.value": thema,
            "kaart-geokey.data": None,
        }
        return self.payload("kaart-map.figure", values, ["kaart-indicator.value"])


def download(body: Mapping[str, Any], component: str) -> tuple[str, bytes]:
    """(filename, bytes) of a ``dcc.Download`` answer in a callback response."""
    data = body["response"][component]["data"]
    raw = data["content"]
    return data["filename"], base64.b64decode(raw) if data.get("base64") else raw.encode("utf-8")


# --- load ---------------------------------------------------------------------------------------


@dataclass
class Stats:
    """Latencies (s) per request kind and every error seen."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, error: str | None = None) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            if error:
                self.errors.append(f"{kind}: {error}")

    @property
    def all(self) -> list[float]:
        return [x for xs in self.latencies.values() for x in xs]

    def pct(self, q: float, kind: str | None = None) -> float:
        xs = sorted(self.latencies.get(kind, []) if kind else self.all)
        if not xs:
            return 0.0
        return xs[min(len(xs) - 1, int(q * len(xs)))]

    def summary(self) -> str:
        lines = [
            f"requests {len(self.all)}  errors {len(self.errors)}  "
            f"p50 {self.pct(0.5) * 1000:.0f} ms  p95 {self.pct(0.95) * 1000:.0f} ms  "
            f"max {max(self.all, default=0) * 1000:.0f} ms"
        ]
        for kind, xs in sorted(self.latencies.items()):
            lines.append(
                f"  {kind:<12} n={len(xs):<5} p50 {statistics.median(xs) * 1000:6.0f} ms  "
                f"p95 {self.pct(0.95, kind) * 1000:6.0f} ms"
            )
        return "\n".join(lines)


class User:
    """One simulated user: a session, a random generator and a way to time each request."""

    def __init__(self, session: requests.Session, rng: random.Random, stats: Stats) -> None:
        self.s = session
        self.rng = rng
        self.stats = stats
        self.ignore: Sequence[str] = ()

    def request(self, kind: str, method: str, url: str, **kw: Any) -> requests.Response | None:
        """Send and record one request; None when it failed (the caller stops its action)."""
        t0 = time.perf_counter()
        try:
            resp = self.s.request(method, url, timeout=30, **kw)
        except requests.RequestException as exc:
            self.stats.add(kind, time.perf_counter() - t0, repr(exc)[:200])
            return None
        seconds = time.perf_counter() - t0  # the check below is the client's time, not the app's
        error = check(resp, self.ignore)
        self.stats.add(kind, seconds, error)
        return None if error else resp


Action = Callable[[User], object]


def check(resp: requests.Response, ignore: Sequence[str] = ()) -> str | None:
    """Why a response counts as an error (None = fine)."""
    if resp.status_code >= 400:
        return f"HTTP {resp.status_code} {resp.request.method} {resp.request.path_url[:80]}"
    found = leaks(resp.content, ignore)
    if found:
        return f"leak {found} in {resp.request.path_url[:80]}"
    return None


def run_users(
    actions: Sequence[tuple[float, Action]],
    users: int,
    seconds: float,
    think: tuple[float, float] = (0.2, 1.0),
    seed: int = 5,
    ignore: Sequence[str] = (),
) -> Stats:
    """``users`` threads, each a session doing weighted actions with think time, for a while."""
    stats = Stats()
    deadline = time.monotonic() + seconds
    weights = [w for w, _ in actions]

    def user(n: int) -> None:
        rng = random.Random(seed * 1000 + n)
        with requests.Session() as session:
            u = User(session, rng, stats)
            u.ignore = ignore
            while time.monotonic() < deadline:
                action = rng.choices([a for _, a in actions], weights)[0]
                action(u)
                time.sleep(rng.uniform(*think))

    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 60)
    return stats


# --- hostile clients ----------------------------------------------------------------------------


class SlowClients:
    """``n`` connections that trickle a request one byte per ``interval`` and never finish it.

    ``kind`` = "header" (an endless header block) or "body" (a POST whose announced body never
    arrives in full). A connection the server closes is opened again, until ``stop()``.
    """

    def __init__(self, url: str, n: int, kind: str, interval: float = 1.0) -> None:
        host, port = url.removeprefix("http://").split(":")
        self.addr = (host, int(port))
        self.kind, self.interval = kind, interval
        self.done = threading.Event()
        self.reconnects = 0
        self.threads = [threading.Thread(target=self._one, daemon=True) for _ in range(n)]

    def _start_bytes(self) -> bytes:
        if self.kind == "header":
            return b"GET /kaart HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        return (
            b"POST /_dash-update-component HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{"
        )

    def _one(self) -> None:
        while not self.done.is_set():
            try:
                with socket.create_connection(self.addr, timeout=5) as sock:
                    sock.sendall(self._start_bytes())
                    while not self.done.wait(self.interval):
                        sock.sendall(b"X" if self.kind == "header" else b" ")
            except OSError:
                self.reconnects += 1
                self.done.wait(0.2)

    def __enter__(self) -> SlowClients:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        for t in self.threads:
            t.join(timeout=10)


class RssSampler:
    """Samples the served processes' total RSS every ``every`` s in a thread (peak and series)."""

    def __init__(self, served: Served, every: float = 0.5) -> None:
        self.served, self.every = served, every
        self.samples: list[tuple[float, float]] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        t0 = time.monotonic()
        while not self.done.is_set():
            self.samples.append((time.monotonic() - t0, self.served.rss_mb()))
            self.done.wait(self.every)

    @property
    def peak(self) -> float:
        return max((mb for _, mb in self.samples), default=0.0)

    def __enter__(self) -> RssSampler:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.thread.join(timeout=5)
