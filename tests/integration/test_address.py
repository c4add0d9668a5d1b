"""The address bar in headless Chromium: written by the page's dcc.Location only, a control
keeps the page (no re-render), back and forward redraw the view, and the whole app under a
sub-path (``zicht serve --base-path /zicht/``): every page, a drill-down and an export."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import requests
from selenium.webdriver.common.by import By

from tests.integration import mapcheck as mc
from tests.integration.conftest import wait_for
from tests.integration.test_map_browser import area_point

pytestmark = pytest.mark.browser
MARK = "document.getElementById('kaart-map').__zichtMark"


def _heading(driver: Any) -> str:
    return driver.find_element(By.ID, "kaart-heading").text


def test_controls_keep_the_page_and_history_redraws_it(driver, live_server) -> None:
    from data_pipeline import store

    woz, koop = (store.indicator(i).title for i in ("vastgoed.woz", "vastgoed.koopwoningen"))
    first = live_server.url + "/kaart?thema=vastgoed&indicator=vastgoed.woz"
    driver.get(first)
    mc.settle(driver, "kaart-map")
    mc.console_errors(driver)
    driver.execute_script(f"{MARK} = 1;")
    steps = driver.execute_script("return history.length")
    mc.choose(driver, "kaart-indicator", "vastgoed.koopwoningen")
    wait_for(lambda: "indicator=vastgoed.koopwoningen" in driver.current_url)
    second = driver.current_url
    wait_for(lambda: koop in _heading(driver))
    mc.settle(driver, "kaart-map")
    assert driver.execute_script(f"return {MARK}") == 1, "the router drew the page anew"
    assert driver.execute_script("return history.length") == steps + 1  # one entry per view
    driver.find_element(By.CSS_SELECTOR, "#kaart-niveau input[value='wijk']").click()
    wait_for(lambda: "niveau=wijk" in driver.current_url)
    assert driver.execute_script(f"return {MARK}") == 1
    driver.back()
    wait_for(lambda: driver.current_url == second)
    wait_for(lambda: koop in _heading(driver) and "alle gemeenten" in _heading(driver))
    mc.settle(driver, "kaart-map")  # a user reads the map before the next step
    driver.back()  # to the address the page was opened with
    wait_for(lambda: driver.current_url == first)
    wait_for(lambda: woz in _heading(driver))
    mc.settle(driver, "kaart-map")
    driver.forward()
    wait_for(lambda: driver.current_url == second)
    wait_for(lambda: koop in _heading(driver))
    mc.settle(driver, "kaart-map")
    assert not mc.console_errors(driver)
    nav = driver.find_element(By.ID, "nav-kaart")
    assert "active" in nav.get_attribute("class")


def _resources(driver: Any) -> list[str]:
    return driver.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })"
    )


def test_every_page_drill_down_and_export_under_a_sub_path(
    driver, sub_path_server, con, tmp_path: Path
) -> None:
    base = sub_path_server.url  # http://127.0.0.1:<port>/zicht
    root = sub_path_server.served.url
    assert requests.get(base + "/health", timeout=10).status_code == 200
    assert requests.get(root + "/health", timeout=10).status_code == 404  # only under /zicht/
    assert requests.get(root + "/kaart", timeout=10).status_code == 404
    home = requests.get(base + "/", timeout=10, allow_redirects=False)
    assert home.status_code == 302 and home.headers["Location"].endswith("/zicht/kaart")
    driver.get(base + "/kaart?thema=vastgoed&indicator=vastgoed.woz")
    mc.settle(driver, "kaart-map")
    trace = driver.execute_script(
        "return document.querySelector('#kaart-map .js-plotly-plot')._fullData[0].geojson"
    )
    assert trace.startswith("/zicht/geo/gemeente.json?v="), trace
    assert requests.get(root + trace, timeout=30).status_code == 200
    mc.click_lonlat(driver, "kaart-map", *area_point(con, "GM0363"))  # drill down
    wait_for(lambda: "gemeente=GM0363" in driver.current_url)
    assert driver.current_url.startswith(base + "/kaart?")
    wait_for(lambda: "wijken van Amsterdam" in _heading(driver))
    for page in ("vergelijk", "profiel", "signalen", "tabel", "toelichting", "kaart"):
        link = driver.find_element(By.ID, f"nav-{page}")
        href = link.get_attribute("href")
        assert href.startswith(base + f"/{page}"), href
        if page != "toelichting":
            assert "gemeente=GM0363" in href  # the chosen gemeente travels with the menu
        driver.execute_script("arguments[0].click();", link)
        wait_for(lambda page=page: driver.current_url.startswith(base + f"/{page}"))
        wait_for(lambda: driver.find_elements(By.TAG_NAME, "h1"))
        assert not mc.console_errors(driver), page
    outside = [u for u in _resources(driver) if not u.startswith(base + "/")]
    assert outside == [], outside
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    driver.get(base + "/tabel?thema=vastgoed&indicator=vastgoed.woz&niveau=wijk&gemeente=GM0363")
    wait_for(lambda: driver.find_element(By.ID, "tabel-inhoud").text.strip())
    button = driver.find_element(By.ID, "tabel-csv")
    driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", button
    )

    def downloaded() -> Path | None:
        files = [p for p in tmp_path.glob("*.csv")]
        return files[0] if files else None

    csv = wait_for(downloaded, timeout=30)
    df = pd.read_csv(io.BytesIO(csv.read_bytes()), sep=";", decimal=",", encoding="utf-8-sig")
    assert set(df["gebied_code"]) and all(c.startswith("WK0363") for c in df["gebied_code"])
    share = driver.find_element(By.ID, "tabel-link").get_attribute("href")
    assert share.startswith(base + "/tabel?"), share
    assert not mc.console_errors(driver)
