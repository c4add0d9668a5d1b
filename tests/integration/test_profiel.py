"""Browser tests of Profiel: all themes for one gemeente, keyboard choice, URL in step."""

from __future__ import annotations

import base64

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


def test_similar_gemeenten_named(driver, live_server, con) -> None:
    """Breda's profile names its vergelijkbare gemeenten, with the distance, in build order."""
    driver.get(live_server.url + "/profiel?gemeente=GM0758")
    wait_for(lambda: "afstand" in driver.find_element(By.ID, "vergelijkbare-gemeenten").text)
    section = driver.find_element(By.ID, "vergelijkbare-gemeenten")
    assert "Vergelijkbare gemeenten" in section.text
    names = [
        r[0]
        for r in con.execute(
            "SELECT r.name FROM similar_gemeente s JOIN region r ON r.code = s.similar_code "
            "WHERE s.gemeente_code = 'GM0758' ORDER BY s.rank"
        ).fetchall()
    ]
    items = section.find_elements(By.CSS_SELECTOR, ".similar-list li")
    assert len(items) >= 5 and len(items) == len(names)
    for item, name in zip(items, names, strict=True):
        assert item.text.startswith(name) and "afstand" in item.text
    link = section.find_element(By.PARTIAL_LINK_TEXT, "Vergelijk Breda")
    assert "gemeenten=GM0758," in link.get_attribute("href")
    groups = driver.find_element(By.ID, "vergelijkingsgroepen").text
    assert "Zelfde stedelijkheid" in groups and "Zelfde grootteklasse" in groups


def test_trend_chart_has_year_ticks(driver, live_server, con) -> None:
    """Rotterdam: a real chart of drug suspects with a tick for every year 2010–2024."""
    driver.get(live_server.url + "/profiel?gemeente=GM0599")

    def graph():  # found anew each time: the profile may re-render while loading
        return driver.find_element(By.ID, "trend-drugs.verdachten_drugs_per_10k")

    ticks = wait_for(
        lambda: [t.text for t in graph().find_elements(By.CSS_SELECTOR, ".xtick text")] or None
    )
    years = [
        str(r[0])
        for r in con.execute(
            "SELECT DISTINCT year FROM indicator_value WHERE region_code = 'GM0599' AND "
            "indicator_id = 'drugs.verdachten_drugs_per_10k' AND value IS NOT NULL ORDER BY 1"
        ).fetchall()
    ]
    assert years[0] == "2010" and years[-1] == "2024"
    assert ticks == years
    value = con.execute(
        "SELECT value FROM indicator_value WHERE region_code = 'GM0599' AND year = 2010 AND "
        "indicator_id = 'drugs.verdachten_drugs_per_10k'"
    ).fetchone()[0]
    decimals = con.execute(
        "SELECT decimals FROM indicator WHERE id = 'drugs.verdachten_drugs_per_10k'"
    ).fetchone()[0]
    wait_for(  # values readable without hovering, at the precision CBS publishes
        lambda: (
            number(value, decimals)
            in [t.text for t in graph().find_elements(By.CSS_SELECTOR, ".textpoint text")]
        )
    )


def test_print_view_is_a_factsheet(driver, live_server) -> None:
    """Print media: name, disclaimer, legend, link as text; no controls or share link."""
    driver.get(live_server.url + "/profiel?gemeente=GM0363")
    wait_for(lambda: "Amsterdam (GM0363)" in _content(driver))
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = {
            sel: driver.find_element(By.CSS_SELECTOR, sel).is_displayed()
            for sel in (
                "#profiel-titel",
                ".disclaimer",
                "#profiel-legenda",
                ".print-link",
                ".share-link",
                "#profiel-gemeente",
                "header",
            )
        }
        assert shown["#profiel-titel"] and shown[".disclaimer"] and shown["#profiel-legenda"]
        assert shown[".print-link"]
        assert not (shown[".share-link"] or shown["#profiel-gemeente"] or shown["header"])
        assert (
            "/profiel?gemeente=GM0363" in driver.find_element(By.CSS_SELECTOR, ".print-link").text
        )
        breaks = driver.execute_script(
            "return getComputedStyle(document.querySelector('.profile-table tbody tr')).breakInside"
        )
        assert breaks == "avoid"
        pdf = base64.b64decode(driver.print_page())
        assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 2
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_factsheet_has_handelingsperspectief(driver, live_server, con) -> None:
    driver.get(live_server.url + "/profiel?gemeente=GM0363")
    text = wait_for(lambda: driver.find_element(By.ID, "handelingsperspectief").text)
    high = con.execute(
        "SELECT i.short FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id "
        "WHERE v.region_code = 'GM0363' AND v.klasse >= 4 AND i.higher_is_riskier "
        "AND v.year = (SELECT max(year) FROM indicator_value w WHERE w.indicator_id = v.indicator_id "
        "AND w.value IS NOT NULL)"
    ).fetchall()
    assert high
    assert "Bron: " in text and "geen bewijs" in text
    for (short,) in high:
        assert short in text


def test_gemeente_travels_with_the_menu(driver, live_server) -> None:
    """Heerlen chosen on Kaart is still Heerlen after clicking Profiel in the menu."""
    driver.get(live_server.url + "/kaart?gemeente=GM0917")
    wait_for(
        lambda: "gemeente=GM0917" in driver.find_element(By.ID, "nav-profiel").get_attribute("href")
    )
    for link in driver.find_elements(By.CSS_SELECTOR, "a.nav-link[id^='nav-']"):
        assert link.get_attribute("href").endswith("?gemeente=GM0917")
    driver.find_element(By.ID, "nav-profiel").click()
    wait_for(lambda: "Heerlen (GM0917)" in _content(driver))
    driver.find_element(By.ID, "profiel-gemeente").click()
    box = wait_for(lambda: driver.find_element(By.CSS_SELECTOR, "input.dash-dropdown-search"))
    box.send_keys("Breda")
    box.send_keys(Keys.ENTER)
    wait_for(
        lambda: (
            "gemeente=GM0758" in driver.find_element(By.ID, "nav-vergelijk").get_attribute("href")
        )
    )


def test_copy_link_button(driver, live_server) -> None:
    """The copy button puts the view's full address on the clipboard and says so in Dutch."""
    driver.execute_cdp_cmd(
        "Browser.grantPermissions",
        {
            "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
            "origin": live_server.url,
        },
    )
    driver.get(live_server.url + "/profiel?gemeente=GM0758")
    wait_for(lambda: "Breda (GM0758)" in _content(driver))
    share = driver.find_element(By.CSS_SELECTOR, ".share-link")
    share.find_element(By.CSS_SELECTOR, ".copy-button").click()
    status = wait_for(lambda: share.find_element(By.CSS_SELECTOR, ".copy-status").text)
    assert status == "Link gekopieerd naar het klembord."

    def clipboard() -> str:
        return driver.execute_async_script(
            "var done = arguments[0];"
            " navigator.clipboard.readText().then(done, function(e){ done('ERR ' + e); });"
        )

    expected = live_server.url + "/profiel?gemeente=GM0758"
    wait_for(lambda: clipboard() == expected, timeout=10)
