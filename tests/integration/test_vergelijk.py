"""Browser tests of Vergelijk: side-by-side table, ranking and funnel, shared and bad URLs."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from dashboard.format import number
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.browser

VIEW = "/vergelijk?thema=vastgoed&indicator=vastgoed.woz&gemeenten=GM0363,GM0599"


def _table(driver) -> str:
    return driver.find_element(By.ID, "vergelijk-tabel").text


def test_side_by_side_with_peers(driver, live_server, con) -> None:
    driver.get(live_server.url + VIEW)
    wait_for(lambda: "Rotterdam" in _table(driver))
    text = _table(driver)
    woz = con.execute(
        "SELECT value FROM indicator_value WHERE indicator_id = 'vastgoed.woz' "
        "AND region_code = 'GM0363' ORDER BY year DESC LIMIT 1"
    ).fetchone()[0]
    assert "Amsterdam" in text and "Nederland" in text and "Stedelijkheid" in text
    assert number(woz, 0) in text and "85984NED" in text


def test_ranking_and_funnel_render(driver, live_server) -> None:
    driver.get(live_server.url + VIEW)
    for graph in ("vergelijk-rangorde", "vergelijk-trechter"):
        wait_for(lambda g=graph: "Bron: CBS" in driver.find_element(By.ID, g).text)
    funnel = driver.find_element(By.ID, "vergelijk-trechter").text
    assert "grens 95%" in funnel and "Amsterdam" in funnel


def test_shared_url_shows_same_view(driver, live_server) -> None:
    driver.get(live_server.url + VIEW)
    wait_for(lambda: "Rotterdam" in _table(driver))
    first = _table(driver)
    href = driver.find_element(By.ID, "vergelijk-link").get_attribute("href")
    assert href.endswith(VIEW)
    assert driver.current_url.endswith(VIEW)
    driver.get(href)
    wait_for(lambda: _table(driver) == first)


def test_bad_url_shows_message(driver, live_server) -> None:
    driver.get(live_server.url + "/vergelijk?gemeenten=GM9999&jaar=abcd&thema=%3Cscript%3E")
    msg = wait_for(lambda: driver.find_element(By.CLASS_NAME, "url-errors").text)
    assert "Onbekende gemeente(n): GM9999" in msg and "geen jaartal" in msg
    assert "Terug naar de standaardweergave" in msg
    assert "Traceback" not in driver.page_source


def test_one_click_similar_gemeenten(driver, live_server, con) -> None:
    """Breda: the similar gemeenten are named, and one click adds them to the selection."""
    driver.get(live_server.url + "/vergelijk?thema=drugs&gemeenten=GM0758")
    hint = wait_for(lambda: driver.find_element(By.ID, "vergelijk-vergelijkbaar").text)
    assert "Vergelijkbare gemeenten van Breda" in hint
    similar = con.execute(
        "SELECT s.similar_code, r.name FROM similar_gemeente s JOIN region r "
        "ON r.code = s.similar_code WHERE s.gemeente_code = 'GM0758' ORDER BY s.rank"
    ).fetchall()
    assert all(name in hint for _, name in similar)
    driver.find_element(By.ID, "vergelijk-vergelijkbaar-knop").click()
    codes = ",".join(["GM0758"] + [c for c, _ in similar])
    wait_for(lambda: f"gemeenten={codes}" in driver.current_url)
    wait_for(lambda: similar[-1][1] in _table(driver))
