"""Browser tests of Profiel: all themes for one gemeente, keyboard choice, URL in step."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard.format import number
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.browser


def _content(driver) -> str:
    return driver.find_element(By.ID, "profiel-inhoud").text


def test_profile_shows_every_theme(driver, live_server, con) -> None:
    driver.get(live_server.url + "/profiel?gemeente=GM0363")
    wait_for(lambda: "Amsterdam (GM0363)" in _content(driver))
    text = _content(driver)
    for (title,) in con.execute("SELECT title FROM theme").fetchall():
        assert title in text
    woz = con.execute(
        "SELECT value FROM indicator_value WHERE indicator_id = 'vastgoed.woz' "
        "AND region_code = 'GM0363' ORDER BY year DESC LIMIT 1"
    ).fetchone()[0]
    assert number(woz, 0) in text
    assert "hoogste" in text and "laagste" in text


def test_keyboard_choice_updates_url(driver, live_server) -> None:
    driver.get(live_server.url + "/profiel?gemeente=GM0363")
    wait_for(lambda: "Amsterdam (GM0363)" in _content(driver))
    driver.find_element(By.ID, "profiel-gemeente").click()
    box = wait_for(lambda: driver.find_element(By.CSS_SELECTOR, "input.dash-dropdown-search"))
    box.send_keys("Rotterdam")
    box.send_keys(Keys.ENTER)
    wait_for(lambda: "Rotterdam (GM0599)" in _content(driver))
    wait_for(lambda: driver.current_url.endswith("/profiel?gemeente=GM0599"))


def test_bad_gemeente_shows_message(driver, live_server) -> None:
    driver.get(live_server.url + "/profiel?gemeente=GM9999")
    msg = wait_for(lambda: driver.find_element(By.CLASS_NAME, "url-errors").text)
    assert "bestaat niet" in msg
