"""Signalen: signal counts from the database on the shared map, the table, and the page."""

from __future__ import annotations

import pytest
from dash import Patch

from tests.integration.conftest import wait_for


@pytest.fixture(scope="module")
def cb(dash_app):
    from dashboard.pages import signalen

    with dash_app.server.test_request_context():
        yield signalen


def test_map_codes_are_the_binned_signal_counts(cb, con) -> None:
    from dashboard.components.map import signal_bin

    sel = cb.resolve("gemeente", None, None)
    codes = tuple(
        r[0]
        for r in con.execute(
            "SELECT code FROM geometry WHERE level = 'gemeente' ORDER BY code"
        ).fetchall()
    )
    z = dict(zip(codes, cb.signal_codes(sel, codes), strict=True))
    rows = con.execute(
        "SELECT region_code, n_signals FROM signal WHERE level = 'gemeente' AND year = ?",
        [sel.year],
    ).fetchall()
    assert rows
    for code, n in rows:
        if code in z:
            assert z[code] == signal_bin(n)


def test_year_switch_patches_and_hover_lists_indicators(cb, con) -> None:
    sel = cb.resolve("gemeente", 2024, None)
    update, _ = cb.figure_update(cb.resolve("gemeente", 2023, None), cb.geo_key(sel))
    assert isinstance(update, Patch)
    code, n, tested, inds = con.execute(
        "SELECT region_code, n_signals, n_tested, indicators FROM signal "
        "WHERE level = 'gemeente' AND year = 2024 ORDER BY n_signals DESC LIMIT 1"
    ).fetchone()
    from data_pipeline import store

    lines = cb.signal_lines(store.area_signals(code, 2024))
    assert f"{n} van {tested} indicatoren" in lines[1]
    assert store.indicator(inds[0]).label in lines[2]


def test_table_lists_most_signals_first(cb) -> None:
    table = cb.table(cb.resolve("gemeente", 2024, None)).children
    counts = [r["signalen"] for r in table.rowData if r["signalen"] is not None]
    assert counts == sorted(counts, reverse=True) and len(table.rowData) == 342


def test_signals_count_over_the_same_set_for_every_gemeente(cb, con) -> None:
    rows = con.execute(
        "SELECT region_code, n_signals, n_tested, n_set, share, indicators, set_indicators "
        "FROM signal WHERE level = 'gemeente' AND year = 2024"
    ).fetchall()
    assert len(rows) == 342
    sets = {tuple(r[6]) for r in rows}
    assert len(sets) == 1  # one set for all gemeenten, whatever their gaps
    (the_set,) = sets
    by = {r[0]: r for r in rows}
    for code in ("GM0363", "GM0344", "GM0855"):  # Amsterdam, Utrecht, Tilburg
        _, n, tested, n_set, share, inds, _ = by[code]
        assert n_set == len(the_set) and tested <= n_set and set(inds) <= set(the_set)
        assert share == pytest.approx(n / tested)
    # the set leaves out what only some gemeenten have (survey, partial snapshot columns)
    assert "drugs.drugshandel_buurt" not in the_set and "vastgoed.onbewoond" not in the_set


def test_table_shows_counts_and_share(cb) -> None:
    table = cb.table(cb.resolve("gemeente", 2024, None)).children
    row = next(r for r in table.rowData if r["code"] == "GM0363")
    assert row["x_van_y"] == f"{row['signalen']} van {row['getoetst']}"
    assert row["set"] >= row["getoetst"] and row["aandeel"] == round(
        100 * row["signalen"] / row["getoetst"]
    )
    ids = {c["field"] for c in table.columnDefs}
    assert {"signalen", "getoetst", "set", "x_van_y", "aandeel"} <= ids
    assert "vaste set" in cb.source_line(cb.resolve("gemeente", 2024, None))


def test_click_gemeente_shows_its_wijken(cb) -> None:
    nav, levels = cb.chart.navigate, cb.view.signal_levels()
    click = {"points": [{"location": "GM0363"}]}
    assert nav("map", click, None, "gemeente", levels) == ("wijk", "GM0363")
    assert nav("reset", None, "GM0363", "wijk", levels) == ("gemeente", None)


@pytest.mark.browser
def test_signalen_page_in_the_browser(driver, live_server) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{live_server.url}/signalen?niveau=wijk&gemeente=GM0363")
    heading = wait_for(lambda: driver.find_element(By.ID, "signalen-heading").text)
    assert "per wijk" in heading and "Amsterdam" in heading
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#signalen-map canvas"))
    cells = wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#signalen-datatable .ag-cell"))
    assert cells
