"""Security headers on every kind of response, in-process, dev server and gunicorn production."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.harness import ZICHT, Served, serve, serve_prod
from tests.integration.loadgen import CALLBACK, Callbacks


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


Get = Callable[[str], Answer]
Post = Callable[[str, Any], Answer]


def _lower(headers: Any) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def kinds(get: Get, post: Post) -> dict[str, Answer]:
    """One response of every kind the app gives: pages, assets, callbacks, exports, errors."""
    page = get("/kaart")
    html = page.body.decode("utf-8", "replace")
    script = re.findall(r'<script[^>]*src="(/_dash-component-suites/[^"]+\.js)"', html)[0]
    css = re.findall(r'<link[^>]*href="(/assets/[^"]+\.css[^"]*)"', html)[0]
    cb = Callbacks(json.loads(get("/_dash-dependencies").body))
    return {
        "page": page,
        "home": get("/"),
        "js asset": get(script),
        "css asset": get(css),
        "dash layout": get("/_dash-layout"),
        "dash dependencies": get("/_dash-dependencies"),
        "geojson route": get("/geo/gemeente.json"),
        "callback": post(CALLBACK, cb.page("/profiel", "?gemeente=GM0363")),
        "export csv": post(CALLBACK, cb.export("csv", "GM0363")),
        "export xlsx": post(CALLBACK, cb.export("xlsx", "RE05", niveau="gemeente")),
        "404 page": get("/bestaat-niet"),
        "404 asset": get("/assets/bestaat-niet.js"),
        "404 geojson": get("/geo/planeet.json"),
        "405": post("/kaart", {}),
        "400 bad json": post(CALLBACK, b"{not json"),
    }


def check_headers(answers: dict[str, Answer]) -> list[str]:
    """Problems with the security headers of each answer (empty list = all fine)."""
    problems = []
    for kind, a in answers.items():
        h = a.headers
        csp = h.get("content-security-policy", "")
        if not csp:
            problems.append(f"{kind} ({a.status}): no Content-Security-Policy")
            continue
        directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
        if "frame-ancestors" not in directives:
            problems.append(f"{kind}: CSP without frame-ancestors")
        elif "*" in directives["frame-ancestors"]:
            problems.append(f"{kind}: frame-ancestors allows any site")
        if "default-src" not in directives:
            problems.append(f"{kind}: CSP without default-src")
        scripts = directives.get("script-src", directives.get("default-src", []))
        if "*" in scripts or "'unsafe-inline'" in scripts:
            problems.append(f"{kind}: script-src too wide: {scripts}")
        if h.get("x-content-type-options", "").lower() != "nosniff":
            problems.append(f"{kind} ({a.status}): X-Content-Type-Options not nosniff")
    return problems


def _expect_statuses(answers: dict[str, Answer]) -> None:
    want = {"page": 200, "js asset": 200, "css asset": 200, "callback": 200, "export csv": 200}
    want |= {"404 page": 404, "404 asset": 404, "404 geojson": 404, "geojson route": 200}
    got = {k: answers[k].status for k in want}
    assert got == want


# --- in-process (Flask test client) ------------------------------------------------------------


@pytest.fixture(scope="module")
def in_process(client: Any) -> dict[str, Answer]:
    def get(path: str) -> Answer:
        r = client.get(path)
        return Answer(r.status_code, _lower(r.headers), r.get_data())

    def post(path: str, body: Any) -> Answer:
        if isinstance(body, bytes):
            r = client.post(path, data=body, content_type="application/json")
        else:
            r = client.post(path, json=body)
        return Answer(r.status_code, _lower(r.headers), r.get_data())

    return kinds(get, post)


def test_headers_in_process(in_process: dict[str, Answer]) -> None:
    _expect_statuses(in_process)
    problems = check_headers(in_process)
    assert not problems, "\n".join(problems)


def test_export_is_a_download_with_headers(in_process: dict[str, Answer]) -> None:
    body = json.loads(in_process["export csv"].body)
    data = body["response"]["tabel-download-csv"]["data"]
    assert data["filename"].endswith(".csv") and data["content"]


# --- over HTTP: dev server, debug mode and gunicorn --------------------------------------------


def http_kinds(url: str) -> dict[str, Answer]:
    with requests.Session() as s:

        def get(path: str) -> Answer:
            r = s.get(url + path, timeout=30)
            return Answer(r.status_code, _lower(r.headers), r.content)

        def post(path: str, body: Any) -> Answer:
            if isinstance(body, bytes):
                r = s.post(url + path, data=body, timeout=30, headers=_JSON)
            else:
                r = s.post(url + path, json=body, timeout=30)
            return Answer(r.status_code, _lower(r.headers), r.content)

        return kinds(get, post)


_JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def served_db(built_db: Path) -> Path:
    """The servers read the session database (read-only); nothing is written."""
    return built_db


@pytest.fixture(scope="module")
def prod(served_db: Path) -> Iterator[Served]:
    with serve_prod(served_db, workers=3) as served:
        yield served


def _page_settings(html: str) -> dict[str, Any]:
    m = re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', html, re.S)
    assert m, "no _dash-config in the page"
    return json.loads(m.group(1))


def test_prod_is_gunicorn_with_several_workers(prod: Served) -> None:
    master = prod.processes()[0]
    assert "gunicorn" in " ".join(master.cmdline())
    assert len(prod.workers()) >= 2


def test_prod_headers_on_every_response(prod: Served) -> None:
    answers = http_kinds(prod.url)
    _expect_statuses(answers)
    problems = check_headers(answers)
    assert not problems, "\n".join(problems)


def test_prod_has_no_dev_tools(prod: Served) -> None:
    html = requests.get(prod.url + "/kaart", timeout=10).text
    config = _page_settings(html)
    assert config["ui"] is False, "dev tools UI on"
    assert config["props_check"] is False
    assert "hot_reload" not in config, "hot reload on"
    assert "dev_tools" not in config
    assert requests.get(prod.url + "/_dash-dependencies", timeout=10).status_code == 200
    assert "Werkzeug Debugger" not in html and "__debugger__" not in html
    r = requests.get(prod.url + "/?__debugger__=yes&cmd=resource&f=style.css", timeout=10)
    assert b"Werkzeug" not in r.content


def test_prod_starts_from_venv_without_activation(
    served_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``.venv/bin/zicht serve --prod`` as `make run` style calls it: venv not on PATH."""
    path = os.pathsep.join(
        p for p in os.environ.get("PATH", "").split(os.pathsep) if Path(p) != ZICHT.parent
    )
    monkeypatch.setenv("PATH", path)
    with serve_prod(served_db, workers=2, timeout=30, venv_on_path=False) as served:
        assert requests.get(served.url + "/kaart", timeout=10).status_code == 200


def test_prod_has_no_reload_hash(prod: Served) -> None:
    assert requests.get(prod.url + "/_reload-hash", timeout=10).status_code == 404


@pytest.mark.parametrize("debug", [False, True], ids=["dev", "debug"])
def test_headers_in_dev_and_debug_mode(served_db: Path, debug: bool) -> None:
    with serve(served_db, debug=debug) as dev:  # Dash's own server; debug: with its reloader
        answers = http_kinds(dev.url)
        config = _page_settings(requests.get(dev.url + "/kaart", timeout=10).text)
    _expect_statuses(answers)
    problems = check_headers(answers)
    assert not problems, "\n".join(problems)
    assert config["ui"] is debug
