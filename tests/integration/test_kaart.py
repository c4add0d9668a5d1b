"""Kaart: callbacks as plain functions on the real database, then the page in headless Chromium."""

from __future__ import annotations

import json

import pytest
from dash import Patch
from dash._utils import to_json

from dashboard import format as fmt
from dashboard import url_state
from tests.integration.conftest import wait_for

AMSTERDAM = "GM0363"


@pytest.fixture(scope="module")
def cb(dash_app):
    from dashboard.pages import kaart

    return kaart


@pytest.fixture(scope="module")
def ctx(dash_app):
    with dash_app.server.test_request_context():
        yield


def test_hover_of_amsterdam_shows_its_cbs_woz_value(cb, con, ctx) -> None:
    from data_pipeline import store

    value, nl_value, index = con.execute(
        "SELECT value, nl_value, index FROM indicator_value "
        "WHERE indicator_id = 'vastgoed.woz' AND region_code = ? AND year = 2024",
        [AMSTERDAM],
    ).fetchone()
    ind = store.indicator("vastgoed.woz")
    lines = cb.areas.hover_lines(store.area_value("vastgoed.woz", AMSTERDAM, 2024), ind)
    text = "\n".join(lines)
    assert lines[0] == "Amsterdam"
    assert fmt.with_unit(value, ind.unit, ind.decimals) in text
    assert f"Nederland: {fmt.with_unit(nl_value, ind.unit, ind.decimals)}" in text
    assert f"Index {fmt.index(index)}" in text


def test_hover_says_ns_and_no_data(cb, con, ctx) -> None:
    from data_pipeline import store

    row = con.execute(
        "SELECT indicator_id, region_code, year FROM indicator_value "
        "WHERE is_significant = false AND level = 'gemeente' LIMIT 1"
    ).fetchone()
    ind = store.indicator(row[0])
    assert "(n.s.)" in " ".join(cb.areas.hover_lines(store.area_value(*row), ind))
    empty = con.execute(
        "SELECT indicator_id, region_code, year, reason FROM indicator_value "
        "WHERE value IS NULL AND level = 'gemeente' LIMIT 1"
    ).fetchone()
    lines = cb.areas.hover_lines(store.area_value(*empty[:3]), store.indicator(empty[0]))
    assert lines[1] == f"geen gegevens ({empty[3]})"


def test_full_figure_has_every_gemeente_and_its_class(cb, con, ctx) -> None:
    sel = cb.resolve("vastgoed", "vastgoed.woz", "gemeente", 2024, None)
    fig = cb.full_figure(sel)
    trace = fig["data"][0]
    assert len(trace["locations"]) == 342
    assert trace["geojson"].startswith("/geo/gemeente.json?v=")
    klasse = con.execute(
        "SELECT klasse FROM indicator_value WHERE indicator_id = 'vastgoed.woz' "
        "AND region_code = ? AND year = 2024",
        [AMSTERDAM],
    ).fetchone()[0]
    assert trace["z"][trace["locations"].index(AMSTERDAM)] == klasse
    assert "85984NED" in cb.areas.source_line(sel.indicator, 2024)


def test_indicator_switch_is_a_small_patch(cb, ctx) -> None:
    from data_pipeline import store

    first = cb.resolve("vastgoed", "vastgoed.woz", "gemeente", 2024, None)
    key = cb.geo_key(first)
    nxt = cb.resolve("vastgoed", "vastgoed.koopwoningen", "gemeente", 2024, None)
    update, new_key = cb.figure_update(nxt, key)
    assert isinstance(update, Patch) and new_key == key
    naive = cb.full_figure(nxt)
    naive["data"][0]["geojson"] = json.loads(store.geometry_json("gemeente"))
    patch_bytes, full_bytes = len(to_json(update)), len(to_json(naive))
    assert patch_bytes <= 0.02 * full_bytes, (patch_bytes, full_bytes)


def test_level_change_sends_a_new_figure(cb, ctx) -> None:
    sel = cb.resolve("vastgoed", "vastgoed.woz", "wijk", 2024, AMSTERDAM)
    update, key = cb.figure_update(sel, "iets anders")
    assert isinstance(update, dict)
    assert all(code.startswith("WK0363") for code in update["data"][0]["locations"])


def test_resolve_falls_back_with_a_note(cb, ctx) -> None:
    sel = cb.resolve("drugs", "drugs.misdrijven_per_1000", "wijk", 1999, AMSTERDAM)
    assert sel.level == "gemeente"
    assert sel.year == 2024
    assert any("niet per wijk" in n for n in sel.notes)


def test_click_drills_down(cb, ctx) -> None:
    nav = cb.chart.navigate
    all_levels = ["gemeente", "wijk", "buurt"]
    click = {"points": [{"location": AMSTERDAM}]}
    assert nav("map", click, None, "gemeente", all_levels) == ("wijk", AMSTERDAM)
    wijk = {"points": [{"location": "WK0363AA"}]}
    assert nav("map", wijk, AMSTERDAM, "wijk", all_levels) == ("buurt", AMSTERDAM)
    assert nav("reset", None, AMSTERDAM, "wijk", all_levels) == ("gemeente", None)
    assert nav("search", None, "GM0599", "gemeente", all_levels) == ("wijk", "GM0599")


def test_gemeente_only_indicator_never_shows_a_disabled_level(cb, ctx) -> None:
    """Searching or clicking a gemeente where the data has no wijken: outlined, no note."""
    nav = cb.chart.navigate
    only = cb.levels_of("drugs.misdrijven_per_1000")
    assert only == ["gemeente"]
    assert nav("search", None, AMSTERDAM, "gemeente", only) == ("gemeente", AMSTERDAM)
    click = {"points": [{"location": AMSTERDAM}]}
    assert nav("map", click, None, "gemeente", only) == ("gemeente", AMSTERDAM)
    assert nav("indicator", None, AMSTERDAM, "wijk", only)[0] == "gemeente"
    out = cb.render(
        "search", "drugs.misdrijven_per_1000", 2024, "wijk", AMSTERDAM, False, None, "drugs", None
    )
    fig, notes, niveau_options, niveau = out[0], out[4], out[11], out[12]
    assert notes == [] and niveau == "gemeente"
    assert [o["value"] for o in niveau_options if not o["disabled"]] == ["gemeente"]
    assert [t["locations"] for t in fig["data"][1:]] == [[AMSTERDAM]]  # the outline
    assert fig["layout"]["meta"]["fit"]  # zoomed to the gemeente in the browser


def test_buurten_without_boundaries_become_a_table(cb, con, ctx) -> None:
    sel = cb.resolve("vastgoed", "vastgoed.woz", "buurt", 2024, AMSTERDAM)
    assert sel.drawn == "wijk"
    notes, table = cb.side_panels(sel)
    assert "Buurtgrenzen ontbreken" in str(notes)
    rows = table.children[1].rowData
    n = con.execute(
        "SELECT count(*) FROM region WHERE level = 'buurt' AND gemeente_code = ?", [AMSTERDAM]
    ).fetchone()[0]
    assert len(rows) == n > 0


def test_url_state_validates_against_the_database(dash_app) -> None:
    state, errors = url_state.read(
        {"gemeente": "GM9999", "indicator": "vastgoed.bestaatniet", "jaar": "1800"}
    )
    assert state.gemeente is None and state.indicator is None and state.year is None
    assert len(errors) == 3


def test_geojson_route_is_cacheable(client) -> None:
    from dashboard.url_state import geo_url

    with client.application.test_request_context():
        url = geo_url("wijk", AMSTERDAM)
    resp = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert resp.status_code == 200
    assert "immutable" in resp.headers["Cache-Control"]
    assert resp.headers.get("Content-Encoding") == "gzip"
    assert client.get("/geo/land.json").status_code == 404


# --- in the browser ---------------------------------------------------------------------------


def choose(driver, dropdown_id: str, value: str) -> None:
    """Open a dcc.Dropdown and pick the option with ``value``."""
    from selenium.webdriver.common.by import By

    driver.find_element(By.ID, dropdown_id).click()
    option = wait_for(
        lambda: driver.find_element(By.XPATH, f"//*[@role='option'][.//input[@value='{value}']]")
    )
    option.click()


def click_at(driver, graph_id: str, lon: float, lat: float, click: bool = True) -> None:
    """A real mouse click (or hover) on the map at a point, projected by MapLibre itself."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    from tests.integration.mapcheck import steady

    canvas = wait_for(lambda: driver.find_element(By.CSS_SELECTOR, f"#{graph_id} canvas"))
    wait_for(
        lambda: driver.execute_script(
            f"var gd = document.querySelector('#{graph_id} .js-plotly-plot');"
            "var m = gd._fullLayout.map._subplot.map; return m.loaded() && m.isStyleLoaded()"
            " && gd.__zichtFitted === String(gd.layout.uirevision) && !m.isMoving();"
        )
    )
    steady(driver, graph_id)
    x, y = driver.execute_script(
        f"var gd = document.querySelector('#{graph_id} .js-plotly-plot');"
        f"var p = gd._fullLayout.map._subplot.map.project([{lon}, {lat}]); return [p.x, p.y];"
    )
    size = canvas.size
    chain = ActionChains(driver).move_to_element_with_offset(
        canvas, int(x - size["width"] / 2), int(y - size["height"] / 2)
    )
    chain = chain.pause(0.1).move_by_offset(1, 1).pause(0.1)
    (chain.click() if click else chain).perform()


@pytest.mark.browser
def test_shared_url_opens_the_same_view_and_click_drills_down(driver, live_server) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{live_server.url}/kaart?indicator=vastgoed.woz&niveau=gemeente")
    heading = wait_for(lambda: driver.find_element(By.ID, "kaart-heading"))
    assert "WOZ" in heading.text and "alle gemeenten" in heading.text
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#kaart-map canvas"))
    click_at(driver, "kaart-map", 4.90, 52.37)  # the centre of Amsterdam → its wijken
    wait_for(lambda: "wijken van Amsterdam" in driver.find_element(By.ID, "kaart-heading").text)
    wait_for(
        lambda: "gemeente=GM0363" in driver.current_url and "niveau=wijk" in driver.current_url
    )
    shared = driver.current_url
    driver.get(shared)
    wait_for(lambda: "wijken van Amsterdam" in driver.find_element(By.ID, "kaart-heading").text)


@pytest.mark.browser
def test_indicator_switch_in_the_browser(driver, live_server) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{live_server.url}/kaart?thema=vastgoed&indicator=vastgoed.woz")
    wait_for(lambda: "WOZ" in driver.find_element(By.ID, "kaart-heading").text)
    choose(driver, "kaart-indicator", "vastgoed.koopwoningen")
    wait_for(lambda: "koopwoning" in driver.find_element(By.ID, "kaart-heading").text.lower())
    assert "indicator=vastgoed.koopwoningen" in driver.current_url
    geo = wait_for(
        lambda: driver.execute_script(
            "var gd = document.querySelector('#kaart-map .js-plotly-plot');"
            "return gd && gd.data && gd.data[0].geojson;"
        )
    )
    assert geo.startswith("/geo/gemeente.json")


@pytest.mark.browser
def test_hover_shows_the_tooltip(driver, live_server) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{live_server.url}/kaart?indicator=vastgoed.woz&niveau=wijk&gemeente=GM0363")
    click_at(driver, "kaart-map", 4.8936, 52.3731, click=False)  # Dam square: Burgwallen
    tip = wait_for(lambda: driver.find_element(By.ID, "kaart-tooltip").text)
    assert "Nederland:" in tip and "Index" in tip and "× 1.000 euro" in tip


def test_index_page_is_dutch_small_and_loads_the_partial_plotly(client) -> None:
    page = client.get("/kaart").get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert "Loading..." not in page and "laden…" in page
    assert len(page) < 60_000  # no copy of every page's layout in the config
    assert "plotly-loader.js" in page and "package_data/plotly.min.js" not in page
    for name in ("plotly-zicht.min.mjs", "maplibre-gl.mjs", "maplibre-gl-shared.mjs"):
        resp = client.get(f"/assets/vendor/plotly/{name}")
        assert resp.status_code == 200 and resp.mimetype == "text/javascript"
    licences = ("LICENSE-plotly.js.txt", "LICENSE-maplibre-gl.txt")
    assert all(client.get(f"/assets/vendor/plotly/{n}").status_code == 200 for n in licences)
