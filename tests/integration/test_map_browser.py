"""Kaart and Signalen in headless Chromium: after every interaction the map shows what it should.

For theme, indicator, year, level, search, a click on an area, 'Heel Nederland' and the
browser's back button: the console stays free of errors, the drawn figure (``gd._fullData``)
equals what the store gives for the view in the address bar, and a screenshot of the map
matches a fresh load of that address (pixel difference below ``mapcheck.PIXEL_THRESHOLD``).
"""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.common.by import By

from dashboard import url_state
from tests.harness import chrome
from tests.integration import mapcheck as mc
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.browser
HEERLEN, AMSTERDAM = "GM0917", "GM0363"


def expected(path: str) -> list[dict]:
    """The traces (locations, z) the server's figure holds for the view in ``path``."""
    from dashboard.pages import kaart, signalen

    query = path.split("?", 1)[1] if "?" in path else ""
    state, _ = url_state.read(query)
    if path.split("?", 1)[0].endswith("/signalen"):  # under any sub-path
        sel = signalen.resolve(state.level, state.year, state.gemeente)
        fig, _ = signalen.figure_update(sel, None)
    else:
        sel = kaart.resolve(state.theme, state.indicator, state.level, state.year, state.gemeente)
        fig, _ = kaart.figure_update(sel, None)
    return [{"locations": list(t["locations"]), "z": list(t["z"])} for t in fig["data"]]


def shown(state: dict) -> list[dict]:
    return [{"locations": t["locations"], "z": t["z"]} for t in state.get("traces", [])]


def check_view(driver: Any, graph: str, what: str, before: str) -> None:
    """The three checks after an interaction (the page's URL, once changed, names the view)."""
    wait_for(lambda: driver.current_url != before)
    path = mc.path_of(driver.current_url)
    want = expected(path)
    state = mc.settle(driver, graph, lambda traces: shown({"traces": traces}) == want)
    errors = mc.console_errors(driver)
    assert not errors, f"{what}: console errors {errors}"
    got = shown(state)
    assert [t["locations"][:3] for t in got] == [t["locations"][:3] for t in want], what
    assert got == want, f"{what}: the map does not show {path}"
    after = mc.map_png(driver, graph)
    fresh = mc.fresh_png(driver, graph, driver.current_url, lambda t: shown({"traces": t}) == want)
    share = mc.difference(after, fresh)
    if share >= mc.PIXEL_THRESHOLD:  # keep both pictures for whoever reads the failure
        mc.save_pair(what, after, fresh)
    assert share < mc.PIXEL_THRESHOLD, f"{what}: {share:.2%} of the map differs from a fresh load"
    assert not mc.console_errors(driver), f"{what}: console errors on a fresh load"


def area_point(con: Any, code: str) -> tuple[float, float]:
    geo = con.execute("SELECT geojson FROM geometry WHERE code = ?", [code]).fetchone()[0]
    return mc.inside(geo)


def start(driver: Any, live_server: Any, path: str, graph: str) -> None:
    driver.get(live_server.url + path)
    mc.settle(driver, graph)
    mc.console_errors(driver)  # drain the load


@pytest.fixture(params=["/", "/zicht/"])
def any_server(request, live_server) -> Any:
    """The checks at the root and under a sub-path."""
    return live_server if request.param == "/" else request.getfixturevalue("sub_path_server")


def test_kaart_follows_every_interaction(driver, any_server, con) -> None:
    live_server = any_server
    g = "kaart-map"
    start(driver, live_server, "/kaart?thema=drugs", g)
    before = driver.current_url
    mc.choose(driver, "kaart-jaar", 2023)
    check_view(driver, g, "jaar", before)
    before = driver.current_url
    mc.choose(driver, "kaart-thema", "vastgoed")
    check_view(driver, g, "thema", before)
    before = driver.current_url
    mc.choose(driver, "kaart-indicator", "vastgoed.koopwoningen")
    check_view(driver, g, "indicator", before)
    before = driver.current_url
    driver.find_element(By.CSS_SELECTOR, "#kaart-niveau input[value='wijk']").click()
    check_view(driver, g, "niveau wijk", before)
    before = driver.current_url
    driver.find_element(By.ID, "kaart-reset").click()
    check_view(driver, g, "Heel Nederland", before)
    before = driver.current_url
    mc.choose(driver, "kaart-gemeente", HEERLEN, "Heerlen")
    check_view(driver, g, "zoek Heerlen", before)
    assert "wijken van Heerlen" in driver.find_element(By.ID, "kaart-heading").text
    before = driver.current_url
    driver.find_element(By.ID, "kaart-reset").click()
    check_view(driver, g, "Heel Nederland na zoeken", before)
    national = driver.current_url
    mc.settle(driver, g)
    before = driver.current_url
    mc.click_lonlat(driver, g, *area_point(con, AMSTERDAM))
    wait_for(lambda: f"gemeente={AMSTERDAM}" in driver.current_url)
    check_view(driver, g, "klik Amsterdam", before)
    before = driver.current_url
    driver.back()
    wait_for(lambda: driver.current_url == national)
    check_view(driver, g, "terug", before)


def test_side_text_follows_the_indicator_and_the_page_is_dutch(driver, live_server) -> None:
    from data_pipeline import store

    start(driver, live_server, "/kaart?thema=vastgoed&indicator=vastgoed.woz", "kaart-map")
    assert driver.execute_script("return document.documentElement.lang") == "nl"
    titles = driver.execute_script(
        "return Array.from(document.querySelectorAll('#kaart-map .modebar-btn'))"
        ".map(function (b) { return b.getAttribute('data-title'); })"
    )
    assert len(titles) == 1 and "PNG" in titles[0] and "plot as" not in titles[0], titles
    assert driver.execute_script(
        "return !!window.Plotly.register && !document.querySelector("
        "'script[src*=\"package_data/plotly.min.js\"]')"
    ), "the partial bundle draws, Dash's full plotly.min.js is not loaded"
    mc.choose(driver, "kaart-indicator", "vastgoed.koopwoningen")
    text = store.indicator("vastgoed.koopwoningen").description
    wait_for(lambda: text[:60] in driver.find_element(By.ID, "kaart-uitleg").text)


def test_signalen_follows_every_interaction(driver, any_server, con) -> None:
    live_server = any_server
    g = "signalen-map"
    start(driver, live_server, "/signalen", g)
    years = [o["value"] for o in _year_options(driver)]
    before = driver.current_url
    mc.choose(driver, "signalen-jaar", years[1] if len(years) > 1 else years[0])
    check_view(driver, g, "jaar", before)
    before = driver.current_url
    driver.find_element(By.CSS_SELECTOR, "#signalen-niveau input[value='wijk']").click()
    check_view(driver, g, "niveau wijk", before)
    before = driver.current_url
    driver.find_element(By.ID, "signalen-reset").click()
    check_view(driver, g, "Heel Nederland", before)
    before = driver.current_url
    mc.choose(driver, "signalen-gemeente", HEERLEN, "Heerlen")
    check_view(driver, g, "zoek Heerlen", before)
    before = driver.current_url
    driver.find_element(By.ID, "signalen-reset").click()
    check_view(driver, g, "Heel Nederland na zoeken", before)
    national = driver.current_url
    before = driver.current_url
    mc.click_lonlat(driver, g, *area_point(con, AMSTERDAM))
    wait_for(lambda: f"gemeente={AMSTERDAM}" in driver.current_url)
    check_view(driver, g, "klik Amsterdam", before)
    before = driver.current_url
    driver.back()
    wait_for(lambda: driver.current_url == national)
    check_view(driver, g, "terug", before)


def _year_options(driver: Any) -> list[dict]:
    from data_pipeline import store

    return [{"value": y} for y in reversed(store.signal_years("gemeente"))]


def test_pixel_threshold_separates_right_from_wrong(driver, live_server) -> None:
    """Calibration: two loads of one view differ far less than two views (WOZ vs koopwoningen)."""
    base = live_server.url + "/kaart?thema=vastgoed&indicator="
    a1 = mc.fresh_png(driver, "kaart-map", base + "vastgoed.woz")
    a2 = mc.fresh_png(driver, "kaart-map", base + "vastgoed.woz")
    b = mc.fresh_png(driver, "kaart-map", base + "vastgoed.koopwoningen")
    same, other = mc.difference(a1, a2), mc.difference(a1, b)
    print(f"pixel difference: same view {same:.3%}, other indicator {other:.3%}")
    assert same < mc.PIXEL_THRESHOLD / 4 and other > 4 * mc.PIXEL_THRESHOLD


def test_phone_drill_down_and_no_page_wider_than_the_screen(live_server, con) -> None:
    phone = chrome(390, 844, logging={"browser": "ALL"})
    metrics = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}
    phone.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)  # headless: ≥ 500 px
    try:
        start(phone, live_server, "/kaart?thema=vastgoed&indicator=vastgoed.woz", "kaart-map")
        assert phone.execute_script("return window.innerWidth") == 390
        top = phone.execute_script(
            "return [document.getElementById('kaart-map').getBoundingClientRect().top,"
            " document.getElementById('kaart-thema').getBoundingClientRect().top]"
        )
        assert top[0] < top[1], "on a phone the map comes before the controls"
        before = phone.current_url
        mc.click_lonlat(phone, "kaart-map", *area_point(con, AMSTERDAM))
        wait_for(lambda: f"gemeente={AMSTERDAM}" in phone.current_url)
        check_view(phone, "kaart-map", "telefoon: klik Amsterdam", before)
        pages = ("/kaart", "/vergelijk", "/profiel?gemeente=GM0363", "/signalen", "/tabel")
        for path in (*pages, "/toelichting"):
            phone.get(live_server.url + path)
            wait_for(lambda: phone.find_elements(By.TAG_NAME, "h1"))
            mc.settle(phone, "kaart-map", timeout=3) if path == "/kaart" else None
            width = phone.execute_script(
                "return [document.documentElement.scrollWidth, window.innerWidth]"
            )
            assert width[0] <= width[1], f"{path} is {width[0]} px wide on a {width[1]} px screen"
    finally:
        phone.quit()
