"""Hostile input: malformed URLs, query strings and callback payloads never break or leak."""

from __future__ import annotations

import hashlib
import http.client
import json
import logging
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from tests.integration.loadgen import CALLBACK, PAGES, Callbacks, leaks, readable

#: query strings, sent raw (percent-encodings broken on purpose where they look broken).
QUERIES: tuple[str, ...] = (
    "gemeente=GM9999",
    "gemeente=GM0363%27%20OR%201%3D1--",
    "gemeente=GM0363' OR 1=1--",
    "gemeente=%27%3B%20DROP%20TABLE%20region%3B--",
    "indicator=x%27%29%3B%20DROP%20TABLE%20indicator_value%3B--",
    "thema=drugs%20UNION%20SELECT%20*%20FROM%20region",
    "indicator=vastgoed.woz%22%3B%20ATTACH%20%27%2Fetc%2Fpasswd%27",
    "gemeente=../../etc/passwd",
    "gemeente=%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "indicator=" + "a" * 10_000,
    "gemeenten=" + ",".join(["GM0363"] * 2_000),
    "gemeenten=" + ",".join(f"GM{n:04d}" for n in range(60)),
    "jaar=abcd",
    "jaar=-2024",
    "jaar=99999999999999999999999",
    "jaar=1e308",
    "jaar=NaN",
    "jaar=%C2%B2%C2%B2%C2%B2%C2%B2",  # '²²²²': str.isdigit() is True, int() fails
    "jaar=%D9%A2%D9%A0%D9%A2%D9%A4",  # Arabic-Indic digits 2024
    "jaar=2024&jaar=1900&jaar=x",
    "niveau=BUURT",
    "niveau=provincie",
    "niveau=%00",
    "gemeente=%ZZ",
    "gemeente=%C0%AF",
    "gemeente=%",
    "gemeente=%E2%80%AEGM0363",
    "gemeente=GM0363%00",
    "gemeente=GM0363%0d%0aSet-Cookie:%20x=1",
    "gemeente=%F0%9F%92%A3",
    "gemeente[]=GM0363",
    "gemeente=GM0363&gemeente=GM0599&gemeente=%27",
    "thema=&indicator=&niveau=&jaar=&gemeente=",
    "thema=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "indicator=__proto__",
    "regio=RE99",
    "regio=RE01%27--",
    "niveau=riec&regio=PV99",
    "gemeente=363",
    "===&&&;;;",
    "gemeente=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
)

#: paths outside the pages: traversal, encodings, internals, very long.
PATHS: tuple[str, ...] = (
    "/onbekend",
    "/kaart/extra/diep",
    "/KAART",
    "//kaart",
    "/../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/..%2f..%2f..%2fetc%2fpasswd",
    "/assets/../app.py",
    "/assets/%2e%2e/app.py",
    "/assets/..%2f..%2fdata_pipeline%2fsettings.py",
    "/assets/%C0%AE%C0%AE/app.py",
    "/assets/" + "a" * 10_000,
    "/assets/00-bootstrap-5.3.8.min.css?v=%ZZ",
    "/_dash-component-suites/dash/../../../app.py",
    "/_dash-component-suites/../../etc/passwd",
    "/_dash-component-suites/dash/%2e%2e/%2e%2e/app.py",
    "/_dash-component-suites/nonexistent/x.js",
    "/geo/gemeente.json?gemeente=GM0363%27%20OR%201=1--",
    "/geo/gemeente.json?gemeente=%ZZ",
    "/geo/wijk.json?gemeente=" + "9" * 10_000,
    "/geo/region;DROP.json",
    "/geo/..%2f..%2fetc%2fpasswd.json",
    "/geo/%00.json",
    "/%ZZ",
    "/%C0%AF",
    "/kaart%00",
    "/kaart%2500",
    "/.git/config",
    "/.env",
    "/app.py",
    "/data/zicht.duckdb",
    "/_dash-layout?x=%ZZ",
    "/_dash-dependencies/../app.py",
    "/" + "k" * 10_000,
    "/tabel?" + "a" * 10_000,
    "/%F0%9F%92%A3",
    "/%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
    "/kaart/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
)

#: things a response must never contain beyond tracebacks and paths.
SECRETS = (b"root:x:0:0", b"def create_app", b"[core]", b"ZICHT_")


@pytest.fixture(scope="module")
def callbacks(client: Any) -> Callbacks:
    return Callbacks.fetch(lambda p: client.get(p).get_json())


class Logged:
    """ERROR records logged during a test (a swallowed exception shows up here)."""

    def __init__(self, caplog: pytest.LogCaptureFixture) -> None:
        self.caplog = caplog

    def messages(self) -> list[str]:
        recs = [r for r in self.caplog.records if r.levelno >= logging.ERROR]
        return sorted({r.getMessage()[:160] for r in recs})


@pytest.fixture
def app_errors(caplog: pytest.LogCaptureFixture) -> Iterator[Logged]:
    with caplog.at_level(logging.ERROR):
        yield Logged(caplog)


def _bad(resp: Any, allowed: set[int], echo: str = "") -> str | None:
    """Why a response is wrong: status not allowed, a leak, a secret, unescaped markup."""
    body = resp.get_data()
    if resp.status_code not in allowed:
        return f"HTTP {resp.status_code}"
    text = readable(body)
    for form in {echo, unquote(echo), echo.split("?")[0], unquote(echo.split("?")[0])} - {""}:
        text = text.replace(form, "")  # Dash echoes the page URL in meta tags; not a leak
    found = leaks(text) + [s.decode() for s in SECRETS if s in body]
    if b"<script>alert(1)" in body:
        found.append("unescaped <script>")
    return f"leak {found}" if found else None


@pytest.fixture(scope="module", autouse=True)
def db_sha(built_db: Path) -> str:
    return hashlib.sha256(built_db.read_bytes()).hexdigest()


STATUS: Counter[int] = Counter()


@pytest.mark.parametrize("query", QUERIES)
def test_hostile_query_string_on_every_page(
    query: str, client: Any, callbacks: Callbacks, app_errors: Logged
) -> None:
    """On each page: the shell loads (200) and the page itself renders (with a notice)."""
    problems: list[str] = []
    for path in PAGES:
        url = f"{path}?{query}"
        resp = client.get(url)
        STATUS[resp.status_code] += 1
        if why := _bad(resp, {200}, url):
            problems.append(f"GET {url[:90]}: {why}")
        resp = client.post(CALLBACK, json=callbacks.page(path, "?" + query))
        STATUS[resp.status_code] += 1
        if why := _bad(resp, {200}, url):
            problems.append(f"render {url[:90]}: {why}")
        elif "_pages_content" not in resp.get_data(as_text=True):
            problems.append(f"render {url[:90]}: no page content ({resp.get_data()[:120]!r})")
    assert not problems, "\n".join(problems)
    logged = app_errors.messages()
    assert not logged, f"{len(logged)} errors logged:\n" + "\n".join(logged)


@pytest.mark.parametrize(
    ("path", "query", "message"),
    [
        ("/kaart", "gemeente=GM9999", "bestaat niet"),
        ("/profiel", "gemeente=GM0363' OR 1=1--", "geen gemeentecode"),
        ("/vergelijk", "gemeenten=GM0363,%27%3B DROP TABLE region", "geen gemeentecode"),
        ("/tabel", "indicator=" + "a" * 10_000, "te lang"),
        ("/kaart", "jaar=abcd", "geen jaartal"),
        ("/signalen", "gemeente=%ZZ", "geen gemeentecode"),
    ],
)
def test_bad_parameter_shows_friendly_dutch_message(
    client: Any, callbacks: Callbacks, path: str, query: str, message: str
) -> None:
    resp = client.post(CALLBACK, json=callbacks.page(path, "?" + query))
    assert resp.status_code == 200
    text = resp.get_data(as_text=True)
    assert "Deze link klopt niet helemaal" in text, text[:300]
    assert message in text


@pytest.mark.parametrize("path", PATHS)
def test_hostile_path(path: str, client: Any, app_errors: Logged) -> None:
    problems: list[str] = []
    for method in ("GET", "POST", "HEAD"):
        resp = client.open(path, method=method)
        STATUS[resp.status_code] += 1
        if why := _bad(resp, {200, 301, 302, 308, 400, 403, 404, 405}, path):
            problems.append(f"{method} {path[:90]}: {why}")
    assert not problems, "\n".join(problems)
    logged = app_errors.messages()
    assert not logged, f"{len(logged)} errors logged:\n" + "\n".join(logged)


def _deep(n: int) -> bytes:
    return b"[" * n + b"]" * n


def _payloads(cb: Callbacks) -> dict[str, tuple[bytes, str]]:
    """Malformed or malicious callback bodies: (raw body, content type)."""
    js = "application/json"
    good = cb.kaart("vastgoed.woz")

    def with_(**changes: Any) -> bytes:
        return json.dumps({**good, **changes}).encode()

    def kaart(**values: Any) -> bytes:
        base = {"indicator": "vastgoed.woz", "niveau": "gemeente"}
        return json.dumps(cb.kaart(**{**base, **values})).encode()

    def export(kind: str, **values: Any) -> bytes:
        return json.dumps(cb.export(kind, **{"gebied": "GM0363", **values})).encode()

    def inputs(*values: Any) -> bytes:
        body = json.loads(json.dumps(good))
        for item, v in zip(body["inputs"], values):
            item["value"] = v
        return json.dumps(body).encode()

    hover = cb.payload(
        "kaart-tooltip.show",
        {
            "kaart-map.hoverData": {"points": [{"location": "GM0363' OR 1=1--", "bbox": "x"}]},
            "kaart-indicator.value": "vastgoed.woz",
            "kaart-jaar.value": 2024,
        },
    )
    click = cb.payload(
        "kaart-niveau.value",
        {"kaart-map.clickData": {"points": [{"location": ["GM0363"]}]}, "kaart-niveau.value": 5},
        ["kaart-map.clickData"],
    )
    return {
        "empty": (b"", js),
        "not_json": (b"{this is not json", js),
        "json_null": (b"null", js),
        "json_string": (b'"hello"', js),
        "json_list": (b"[1, 2, 3]", js),
        "json_number": (b"42", js),
        "text_plain": (json.dumps(good).encode(), "text/plain"),
        "form_encoded": (b"output=x&inputs=y", "application/x-www-form-urlencoded"),
        "latin1_body": ('{"output": "é"}'.encode("latin-1"), js),
        "nul_bytes": (b'{"output": "\x00\x00", "inputs": []}', js),
        "deeply_nested": (_deep(100_000), js),
        "huge_5mb": (json.dumps({**good, "pad": "x" * 5_000_000}).encode(), js),
        "missing_output": (json.dumps({"inputs": [], "state": []}).encode(), js),
        "missing_inputs": (json.dumps({"output": good["output"]}).encode(), js),
        "unknown_output": (with_(output="nope.children", outputs={"id": "nope"}), js),
        "output_sql": (with_(output="kaart-map.figure'; DROP TABLE region;--"), js),
        "outputs_wrong_type": (with_(outputs="kaart-map"), js),
        "inputs_dict": (with_(inputs={"id": "kaart-indicator"}), js),
        "inputs_strings": (with_(inputs=["a", "b"]), js),
        "inputs_missing_value": (with_(inputs=[{"id": "kaart-indicator"}]), js),
        "inputs_too_few": (with_(inputs=good["inputs"][:1]), js),
        "inputs_too_many": (with_(inputs=good["inputs"] * 20), js),
        "changed_garbage": (with_(changedPropIds=[None, 5, {"a": 1}]), js),
        "state_garbage": (with_(state="x"), js),
        "indicator_sql": (kaart(indicator="vastgoed.woz' OR 1=1--"), js),
        "indicator_drop": (kaart(indicator="'; DROP TABLE indicator_value;--"), js),
        "indicator_list": (kaart(indicator=["vastgoed.woz"]), js),
        "indicator_dict": (kaart(indicator={"$ne": None}), js),
        "indicator_number": (kaart(indicator=12), js),
        "indicator_10k": (kaart(indicator="x" * 10_000), js),
        "jaar_string": (kaart(jaar="2024; DROP TABLE region"), js),
        "jaar_superscript": (kaart(jaar="²²²²"), js),
        "jaar_float": (kaart(jaar=2024.5), js),
        "jaar_huge": (kaart(jaar=10**30), js),
        "jaar_negative": (kaart(jaar=-1), js),
        "jaar_bool": (kaart(jaar=True), js),
        "niveau_sql": (kaart(niveau="gemeente' OR '1'='1"), js),
        "niveau_list": (kaart(niveau=["wijk"]), js),
        "gemeente_traversal": (kaart(niveau="wijk", gemeente="../../etc/passwd"), js),
        "gemeente_dict": (kaart(niveau="wijk", gemeente={"code": "GM0363"}), js),
        "thema_sql": (kaart(thema="drugs' UNION SELECT 1--"), js),
        "input_values_mixed": (inputs(None, {"a": [1, 2]}, 3.5, ["GM0363"], "ja"), js),
        "hover_sql": (json.dumps(hover).encode(), js),
        "click_list_location": (json.dumps(click).encode(), js),
        "export_sql_area": (export("csv", gebied="GM0363'; DROP TABLE region;--"), js),
        "export_bad_level": (export("csv", niveau="buurt' OR 1=1"), js),
        "export_bad_notatie": (export("csv", notatie={"sep": "\x00"}), js),
        "export_xlsx_bad_year": (export("xlsx", jaar="1900"), js),
        "export_geojson_dict": (export("geojson", gebied={"$gt": ""}), js),
        "export_indicator_10k": (export("csv", indicator="i" * 10_000), js),
        "page_traversal": (json.dumps(cb.page("/../../etc/passwd", "?a=%ZZ")).encode(), js),
        "page_pathname_dict": (json.dumps(cb.page({"x": 1}, ["y"])).encode(), js),  # type: ignore[arg-type]
        "page_pathname_10k": (json.dumps(cb.page("/" + "p" * 10_000)).encode(), js),
    }


#: every malformed envelope, each answered without a 5xx
PAYLOAD_NAMES = [
    "empty", "not_json", "json_null", "json_string", "json_list", "json_number", "text_plain",
    "form_encoded", "latin1_body", "nul_bytes", "deeply_nested", "huge_5mb", "missing_output",
    "missing_inputs", "unknown_output", "output_sql", "outputs_wrong_type", "inputs_dict",
    "inputs_strings", "inputs_missing_value", "inputs_too_few", "inputs_too_many",
    "changed_garbage", "state_garbage", "indicator_sql", "indicator_drop", "indicator_list",
    "indicator_dict", "indicator_number", "indicator_10k", "jaar_string", "jaar_superscript",
    "jaar_float", "jaar_huge", "jaar_negative", "jaar_bool", "niveau_sql", "niveau_list",
    "gemeente_traversal", "gemeente_dict", "thema_sql", "input_values_mixed", "hover_sql",
    "click_list_location", "export_sql_area", "export_bad_level", "export_bad_notatie",
    "export_xlsx_bad_year", "export_geojson_dict", "export_indicator_10k", "page_traversal",
    "page_pathname_dict", "page_pathname_10k",
]  # fmt: skip


@pytest.fixture(scope="module")
def payloads(callbacks: Callbacks) -> dict[str, tuple[bytes, str]]:
    built = _payloads(callbacks)
    assert sorted(built) == sorted(PAYLOAD_NAMES)
    return built


@pytest.mark.parametrize(
    "name",
    [n for n in PAYLOAD_NAMES],
)
def test_malformed_callback_payload(
    name: str,
    client: Any,
    payloads: dict[str, tuple[bytes, str]],
    app_errors: Logged,
) -> None:
    body, ctype = payloads[name]
    resp = client.post(CALLBACK, data=body, content_type=ctype)
    STATUS[resp.status_code] += 1
    why = _bad(resp, {200, 204, 400, 413, 415, 422})
    assert why is None, f"{name}: {why} {resp.get_data()[:200]!r}"
    logged = app_errors.messages()
    assert not logged, f"{name}: {len(logged)} errors logged:\n" + "\n".join(logged)


def test_toelichting_shows_no_server_paths(
    client: Any, callbacks: Callbacks, snapshot_dir: Path
) -> None:
    text = readable(client.post(CALLBACK, json=callbacks.page("/toelichting")).get_data())
    assert str(snapshot_dir) not in text
    assert not leaks(text)


def test_database_unchanged_after_injection(client: Any, built_db: Path, db_sha: str) -> None:
    """Runs last in this module: the served file is byte-for-byte what was built."""
    from data_pipeline import store

    assert hashlib.sha256(built_db.read_bytes()).hexdigest() == db_sha
    for table in ("region", "indicator", "indicator_value", "source"):
        assert store.scalar(f"SELECT count(*) FROM {table}") > 0  # noqa: S608 - fixed names
    print(f"\nhostile requests by status: {dict(sorted(STATUS.items()))}")


def _raw(host: str, port: int, request: bytes) -> tuple[int, bytes]:
    """Send bytes that no well-behaved client would; return (status, body)."""
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.connect()
    assert conn.sock is not None
    conn.sock.sendall(request)
    resp = http.client.HTTPResponse(conn.sock, method="GET")
    resp.begin()
    body = resp.read()
    conn.close()
    return resp.status, body


RAW_REQUESTS: tuple[bytes, ...] = (
    b"GET /kaart?gemeente=%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /%C0%AF HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /assets/../../app.py HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /kaart?x=\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /profiel?gemeente=GM0363'%20OR%201=1-- HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /tabel HTTP/1.1\r\nHost: x\r\nX-Long: " + b"h" * 8000 + b"\r\nConnection: close\r\n\r\n",
    b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    b"Content-Length: 10\r\nConnection: close\r\n\r\n{not json}",
    b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    b"Content-Length: 5\r\nConnection: close\r\n\r\n[1,2]",
)


@pytest.mark.parametrize("raw", RAW_REQUESTS)
def test_hostile_request_against_served_app(raw: bytes, live_server: Any) -> None:
    """Raw bytes through a real socket (what a test client would normalise away)."""
    host, port = live_server.url.removeprefix("http://").split(":")
    status, body = _raw(host, int(port), raw)
    STATUS[status] += 1
    assert status < 500, (raw[:80], status, body[:200])
    assert not leaks(body), (raw[:80], leaks(body))
    assert not [s for s in SECRETS if s in body], raw[:80]
