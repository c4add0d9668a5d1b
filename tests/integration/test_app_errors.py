"""Bad URLs and failures: readable Dutch messages, a way back, 200/404 — never 500, no traceback."""

from __future__ import annotations

import pytest

from tests.integration.conftest import wait_for

HOSTILE = [
    "/kaart?jaar=abc",
    "/kaart?gemeente=GM9999&indicator=bestaat.niet",
    "/kaart?niveau=provincie",
    "/kaart?gemeente=%3Cscript%3Ealert(1)%3C/script%3E",
    "/kaart?%zz=%E0%A4%A&jaar=%00",
    "/kaart?jaar=2024&jaar=1999&gemeenten=" + ",".join(["GM0363"] * 80),
    "/kaart?indicator=" + "x" * 5000,
    "/signalen?niveau=buurt&jaar=1800",
    "/vergelijk?gemeenten=GM0363,XX",
    "/profiel?gemeente=GM0000",
    "/tabel?niveau=;DROP TABLE region",
    "/toelichting?indicator=../../etc/passwd",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_urls_answer_200(client, url: str) -> None:
    resp = client.get(url)
    assert resp.status_code == 200
    assert b"Traceback" not in resp.data


@pytest.mark.parametrize("url", ["/bestaat-niet", "/kaart/extra", "/admin.php"])
def test_unknown_paths_answer_404_with_the_app(client, url: str) -> None:
    resp = client.get(url)
    assert resp.status_code == 404
    assert b"react-entry-point" in resp.data  # the app renders its Dutch 404 page


def test_security_headers_on_every_response(client) -> None:
    for url in ("/kaart", "/_dash-layout", "/assets/zicht.css", "/bestaat-niet"):
        headers = client.get(url).headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["Referrer-Policy"]


def test_layout_reports_bad_parameters_in_dutch(dash_app) -> None:
    from dashboard.pages import kaart, signalen

    text = str(kaart.layout(gemeente="GM9999", jaar="abc", niveau="land"))
    assert "klopt niet helemaal" in text
    assert "Jaar 'abc' is geen jaartal." in text
    assert "Niveau 'land' bestaat niet" in text
    assert "klopt niet helemaal" in str(signalen.layout(niveau="x"))


def test_broken_callback_request_is_not_a_500(client) -> None:
    resp = client.post(
        "/_dash-update-component", data="{niet json", content_type="application/json"
    )
    assert resp.status_code != 500
    assert b"Traceback" not in resp.data


def test_failing_callback_shows_banner_not_500(client, dash_app, monkeypatch) -> None:
    from dashboard.callbacks import kaart
    from data_pipeline import store

    def broken(*_: object) -> None:
        raise RuntimeError("database weg")

    monkeypatch.setattr(store, "area_value", broken)
    body = {
        "output": "..kaart-tooltip.show...kaart-tooltip.bbox...kaart-tooltip.children..",
        "outputs": [
            {"id": "kaart-tooltip", "property": "show"},
            {"id": "kaart-tooltip", "property": "bbox"},
            {"id": "kaart-tooltip", "property": "children"},
        ],
        "inputs": [
            {
                "id": "kaart-map",
                "property": "hoverData",
                "value": {"points": [{"location": "GM0363"}]},
            }
        ],
        "state": [
            {
                "id": "kaart-url",
                "property": "search",
                "value": "?indicator=vastgoed.woz&jaar=2024",
            },
        ],
        "changedPropIds": ["kaart-map.hoverData"],
    }
    assert kaart.on_hover  # registered
    client.get("/kaart")  # first request sets up the page routing
    resp = client.post("/_dash-update-component", json=body)
    assert resp.status_code == 200
    assert b"Traceback" not in resp.data
    assert "kon niet worden bijgewerkt" in resp.get_data(as_text=True)  # banner via set_props


@pytest.mark.browser
def test_hostile_url_shows_the_message_and_a_way_back(driver, live_server) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{live_server.url}/kaart?gemeente=GM9999&jaar=abc")
    alert = wait_for(lambda: driver.find_element(By.CSS_SELECTOR, ".url-errors"))
    assert "klopt niet helemaal" in alert.text and "GM9999" in alert.text
    link = alert.find_element(By.TAG_NAME, "a")
    assert link.get_attribute("href").endswith("/kaart")
    driver.get(f"{live_server.url}/bestaat-niet")
    wait_for(lambda: "Pagina niet gevonden" in driver.find_element(By.TAG_NAME, "h1").text)


def test_store_reopens_after_an_atomic_rebuild(built_db, tmp_path) -> None:
    """A rebuilt file renamed into place is picked up on the next query, never half-read."""
    import os
    import shutil

    from data_pipeline import store

    live = tmp_path / "zicht.duckdb"
    shutil.copy(built_db, live)
    try:
        store.use_db(live)
        before = store.version()
        assert store.known_region("GM0363", "gemeente")
        tmp = tmp_path / "zicht.duckdb.tmp"
        shutil.copy(built_db, tmp)
        os.replace(tmp, live)
        assert store.version() != before
        assert store.query("SELECT count(*) FROM region WHERE code = ?", ["GM0363"]) == [(1,)]
        live.unlink()
        with pytest.raises(store.StoreUnavailable):
            store.query("SELECT 1")
    finally:
        store.use_db(built_db)


def test_home_is_the_map_and_keeps_the_view(client) -> None:
    """'/' redirects to the one Kaart page with its query (a shared '/?…' link still works)."""
    resp = client.get("/?gemeente=GM0363&niveau=wijk")
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/kaart?gemeente=GM0363&niveau=wijk"
    assert client.get("/").headers["Location"] == "/kaart"
