"""Benchmark in headless Chromium: the user's wait from an input event to the map redrawn.

``python -m benchmarks.browser --db build/bench.duckdb`` (also called by ``make bench``):

- ``browser_switch_*_ms``: indicator switches on the Kaart, from the click on the option
  (the event's own time stamp) to the ``plotly_afterplot`` whose drawn data show the new
  indicator;
- ``browser_drill_*_ms``: a real mouse click on a gemeente to the afterplot showing its wijken;
- ``browser_first_map_ms`` (p50 over fresh browsers, so a cold cache) and ``first_map_bytes``:
  navigation start to the first map drawn (MapLibre idle after the first afterplot: every
  area loaded and drawn), and the bytes the server sent until then, counted by a WSGI wrapper
  after compression as the browser asked for it (Chromium: brotli; ``first_map_encodings``).
  The server is warmed first (one page load, its brotli-11 copies of the static files made:
  dashboard/serve/static_brotli.py), the browser's cache is cold; ``first_map_bytes_gzip`` is
  the same load counted as a client that only takes gzip would get it.

Timings run against the server ``make bench`` started (gunicorn, ``--base``); the bytes are
counted on the app in this process (werkzeug, threaded) behind the counting wrapper.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.common import percentile as shared
from tests.harness import InProcess, browser_available, chrome

ROOT = Path(__file__).resolve().parent.parent
GD = "document.querySelector('#kaart-map .js-plotly-plot')"
LISTEN = (
    "window.__zichtInput = [];"
    "['click', 'keydown', 'change'].forEach(function (kind) {"
    "  document.addEventListener(kind, function (e) { window.__zichtInput.push(e.timeStamp); },"
    "  true); });"
)


#: first map drawn: the first MapLibre 'idle' (every area loaded and drawn) after the first
#: plotly_afterplot, in ms since navigation start
FIRST_DRAWN = (
    "var a = (window.zichtAfterplot || [])[0]; if (!a) return null;"
    "var idle = (window.zichtIdle || []).filter(function (t) { return t >= a.t; });"
    "return idle.length ? idle[0] : null;"
)


def percentile(values: list[float], q: float) -> float | None:
    """The shared percentile (benchmarks.common), rounded to 0.1 ms for the report."""
    p = shared(values, q)
    return None if p is None else round(p, 1)


class Counter:
    """WSGI wrapper: records (end time, path, bytes) per response, compressed as asked for.

    ``encoding`` set (e.g. ``gzip``) replaces the browser's Accept-Encoding.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.log: list[tuple[float, str, int]] = []
        self.encodings: dict[str, str] = {}
        self.encoding: str | None = None
        self.lock = threading.Lock()

    def __call__(self, environ: dict, start_response: Any) -> Any:
        if self.encoding:
            environ["HTTP_ACCEPT_ENCODING"] = self.encoding
        path = environ.get("PATH_INFO", "")

        def starting(status: str, headers: list, *args: Any) -> Any:
            enc = dict((k.lower(), v) for k, v in headers).get("content-encoding", "identity")
            with self.lock:
                self.encodings[enc] = self.encodings.get(enc, 0) + 1
            return start_response(status, headers, *args)

        body = self.app(environ, starting)
        size = 0
        try:
            for chunk in body:
                size += len(chunk)
                yield chunk
        finally:
            if hasattr(body, "close"):
                body.close()
            with self.lock:
                self.log.append((time.time(), path, size))

    def bytes_until(self, since: float, until: float) -> tuple[int, dict[str, int]]:
        with self.lock:
            rows = [(p, n) for t, p, n in self.log if since <= t <= until]
        per: dict[str, int] = {}
        for path, n in rows:
            per[path] = per.get(path, 0) + n
        return sum(per.values()), per


def driver(width: int = 1366, height: int = 900):
    """A fresh headless Chromium (its own empty profile: a cold cache) that notes input times."""
    drv = chrome(width, height)
    drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LISTEN})
    return drv


def wait(cond: Any, timeout: float = 30.0, interval: float = 0.02) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = cond()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError("the map was not redrawn in time")


def drawn(drv: Any) -> dict:
    """What the map shows: first location, z, afterplot count, MapLibre done."""
    return drv.execute_script(
        f"var gd = {GD}; if (!gd || !gd._fullData || !gd._fullData.length) return null;"
        "var m = gd._fullLayout.map && gd._fullLayout.map._subplot.map;"
        "return {loc: gd._fullData[0].locations.slice(0, 3), z: gd._fullData[0].z.slice(),"
        " n: (window.zichtAfterplot || []).length,"
        " ready: !!(m && m.loaded() && gd.__zichtFitted === String(gd.layout.uirevision)),"
        " last: (window.zichtAfterplot || []).slice(-1)[0] || null};"
    )


def inputs(drv: Any) -> int:
    return drv.execute_script("return window.__zichtInput.length")


def redraw_ms(drv: Any, before: int, first_input: int, check: Any) -> float:
    """Input event number ``first_input`` → the first later afterplot that passes ``check``."""

    def found() -> float | None:
        start, plots = drv.execute_script(
            f"return [window.__zichtInput[{first_input}], window.zichtAfterplot.slice({before})]"
        )
        hits = [p["t"] for p in plots if start is not None and p["t"] > start and check(p)]
        return hits[0] - start if hits else None

    return wait(found)


def first_map_ms(base: str, runs: int) -> list[float]:
    """Navigation start → first map drawn, each in a fresh browser (cold cache)."""
    times = []
    for _ in range(runs):
        drv = driver()
        try:
            drv.get(base + "/kaart")
            times.append(wait(lambda d=drv: d.execute_script(FIRST_DRAWN), timeout=60))
        finally:
            drv.quit()
    return times


def count_first_map(base: str, counter: Counter) -> tuple[float, int, dict[str, int]]:
    """One fresh browser: (ms to the first map, bytes sent until then, bytes per path)."""
    drv = driver()
    try:
        t0 = time.time()
        drv.get(base + "/kaart")
        ms = wait(lambda d=drv: d.execute_script(FIRST_DRAWN), timeout=60)
        total, parts = counter.bytes_until(t0 - 0.05, t0 + ms / 1000 + 0.05)
        return ms, total, parts
    finally:
        drv.quit()


def first_maps(base: str, counter: Counter, runs: int) -> dict[str, Any]:
    from dashboard.serve import static_brotli

    first_map_ms(base, 1)  # warms the server (its caches, brotli-11 copies): not counted
    static_brotli.ready()
    counter.encoding = "gzip"  # the same load for a client that only takes gzip
    gzip_total = count_first_map(base, counter)[1]
    counter.encoding = None
    with counter.lock:
        counter.encodings.clear()
    times, sizes, parts = [], [], {}
    for _ in range(runs):
        ms, total, parts = count_first_map(base, counter)
        times.append(ms)
        sizes.append(total)
    return {
        "browser_first_map_ms": percentile(times, 50),
        "browser_first_map_runs_ms": [round(t) for t in times],
        "first_map_bytes": max(sizes),
        "first_map_bytes_runs": sizes,
        "first_map_bytes_gzip": gzip_total,
        "first_map_encodings": dict(counter.encodings),
        "first_map_bytes_parts": parts,
    }


def choose(drv: Any, value: str) -> None:
    """Open the indicator dropdown and click the option ``value``."""
    from selenium.webdriver.common.by import By

    drv.find_element(By.ID, "kaart-indicator").click()
    xpath = f"//*[@role='option'][.//input[@value='{value}']]"

    def click() -> bool:
        try:
            option = drv.find_element(By.XPATH, xpath)
            drv.execute_script("arguments[0].scrollIntoView({block: 'center'})", option)
            option.click()
            return True
        except Exception:  # noqa: BLE001 - still opening (animation), try again
            return False

    wait(click, timeout=10, interval=0.05)


def switches(drv: Any, base: str, indicators: list[str], n: int) -> list[float]:
    drv.get(f"{base}/kaart?thema=vastgoed&indicator={indicators[0]}")
    wait(lambda: (s := drawn(drv)) and s["ready"], timeout=60)
    out: list[float] = []
    for k in range(1, n + 2):
        ind = indicators[k % len(indicators)]
        before, k_input = drawn(drv), inputs(drv)
        choose(drv, ind)

        def done(plot: dict, sig: int = before["last"]["sig"]) -> bool:
            return plot["sig"] != sig

        ms = redraw_ms(drv, before["n"], k_input + 1, done)  # +1: the click opening the list
        if k > 1:  # the first one warms the server's caches
            out.append(ms)
    return out


def click_point(drv: Any, lon: float, lat: float) -> None:
    """A real mouse click on the map canvas at a longitude/latitude."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    steady = (
        "var c = document.querySelector('#kaart-map canvas'); return c.getBoundingClientRect().left"
    )
    wait(
        lambda: (
            (a := drv.execute_script(steady)) == (time.sleep(0.3) or drv.execute_script(steady))
            and a is not None
        ),
        10,
    )
    canvas = drv.find_element(By.CSS_SELECTOR, "#kaart-map canvas")
    x, y = drv.execute_script(
        f"var p = {GD}._fullLayout.map._subplot.map.project([{lon}, {lat}]); return [p.x, p.y];"
    )
    size = canvas.size
    ActionChains(drv).move_to_element_with_offset(
        canvas, int(x - size["width"] / 2), int(y - size["height"] / 2)
    ).pause(0.05).click().perform()


def drills(drv: Any, base: str, targets: list[tuple[str, float, float]]) -> list[float]:
    """A click on each gemeente, then 'Heel Nederland' back to all gemeenten."""
    from selenium.webdriver.common.by import By

    out: list[float] = []
    drv.get(base + "/kaart?thema=vastgoed&indicator=vastgoed.woz")
    for code, lon, lat in targets:
        wait(lambda: (s := drawn(drv)) and s["ready"] and s["loc"][0].startswith("GM"), 60)
        before, k_input = drawn(drv), inputs(drv)
        click_point(drv, lon, lat)
        prefix = "WK" + code[2:]
        check = lambda plot, p=prefix: plot["loc"].startswith(p)  # noqa: E731
        out.append(redraw_ms(drv, before["n"], k_input, check))
        wait(lambda: drawn(drv)["ready"], 30)
        drv.find_element(By.ID, "kaart-reset").click()
    return out


def drill_targets(n: int) -> list[tuple[str, float, float]]:
    """The n gemeenten with most inhabitants, each with a point well inside it."""
    from shapely.geometry import shape

    from data_pipeline import store

    rows = store.query(
        "SELECT r.code, g.geojson FROM region r JOIN geometry g ON g.code = r.code "
        "WHERE r.level = 'gemeente' ORDER BY r.inwoners DESC NULLS LAST LIMIT ?",
        [n],
    )
    out = []
    for code, geo in rows:
        point = shape(json.loads(geo)).representative_point()
        out.append((code, point.x, point.y))
    return out


def measure(
    db: Path, base: str | None = None, switch_n: int = 30, drill_n: int = 20, cold_runs: int = 5
) -> dict[str, Any]:
    """Every browser figure against ``db``; timings against the server at ``base`` if given.

    Bytes are always counted on an in-process server (the counting wrapper needs the WSGI app).
    """
    if not browser_available():
        return {"browser_error": "chromium ontbreekt"}
    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request

    from app import create_app
    from data_pipeline import settings, store

    server = create_app(settings.load(db=db, debug=False, tiles=False)).server
    counter = Counter(server.wsgi_app)
    server.wsgi_app = counter
    results: dict[str, Any] = {"browser_server": base or "werkzeug in-process"}
    with InProcess(server) as counting:
        counted = counting.url
        results.update(first_maps(counted, counter, 1 if base else cold_runs))
        if base:
            times = first_map_ms(base, cold_runs)
            results["browser_first_map_ms"] = percentile(times, 50)
            results["browser_first_map_runs_ms"] = [round(t) for t in times]
        base = base or counted
        ids = [i.id for i in store.indicators("vastgoed")]
        drv = driver()
        try:
            sw = switches(drv, base, ids, switch_n)
            dr = drills(drv, base, drill_targets(drill_n))
        finally:
            drv.quit()
        results.update(
            browser_switch_p50_ms=percentile(sw, 50),
            browser_switch_p95_ms=percentile(sw, 95),
            browser_switch_n=len(sw),
            browser_drill_p50_ms=percentile(dr, 50),
            browser_drill_p95_ms=percentile(dr, 95),
            browser_drill_n=len(dr),
        )
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", type=Path, default=ROOT / "build" / "bench.duckdb")
    ap.add_argument("--base", help="time against this running server (default: in-process)")
    ap.add_argument("--switches", type=int, default=30)
    ap.add_argument("--drills", type=int, default=20)
    args = ap.parse_args(argv)
    results = measure(args.db, args.base, args.switches, args.drills)
    print(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
