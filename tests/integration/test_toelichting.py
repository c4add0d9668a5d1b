"""Browser test of Toelichting: every indicator, the themes' gaps, method, privacy, sources."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from tests.integration.conftest import wait_for

pytestmark = pytest.mark.browser


def test_toelichting_lists_everything(driver, live_server, con) -> None:
    driver.get(live_server.url + "/toelichting")
    body = wait_for(lambda: driver.find_element(By.ID, "indicatoren").text)
    for (title,) in con.execute("SELECT title FROM indicator").fetchall():
        assert title in body
    wait_for(lambda: "nooit gegevens over personen" in driver.find_element(By.ID, "privacy").text)
    page = driver.find_element(By.TAG_NAME, "body").text
    for (missing,) in con.execute("SELECT missing FROM theme WHERE missing <> ''").fetchall():
        assert missing.split("\n")[0][:60] in page
    for (table_id,) in con.execute("SELECT table_id FROM source").fetchall():
        assert table_id in page
    assert "index = 100 × waarde / landelijke waarde" in page
    note = con.execute("SELECT note FROM geometry_level WHERE NOT is_available").fetchone()
    if note:
        assert note[0][:40] in page


def test_similarity_method_explained(driver, live_server, con) -> None:
    driver.get(live_server.url + "/toelichting#vergelijkbaar")
    text = wait_for(lambda: driver.find_element(By.ID, "vergelijkbaar").text)
    assert "Vergelijkbare gemeenten" in text and "euclidische afstand" in text
    assert "gestandaardiseerd" in text and "logaritmische" in text
    for (label,) in con.execute("SELECT label FROM similarity_trait").fetchall():
        assert label in text
    # the link from Vergelijk and Profiel lands on the section, not on the top of the page
    top = wait_for(
        lambda: (
            y
            if (
                y := driver.execute_script(
                    "return document.getElementById('vergelijkbaar').getBoundingClientRect().top"
                )
            )
            < 200
            else None
        )
    )
    assert driver.execute_script("return window.scrollY") > 500 and top >= -5


def test_toelichting_fits_a_phone(live_server) -> None:
    """At 390 px nothing makes the page scroll sideways: wide tables scroll in their own box."""
    from tests.harness import chrome

    phone = chrome(390, 844)
    metrics = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}
    phone.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)  # headless: ≥ 500 px
    try:
        for path in (
            "/toelichting",
            "/vergelijk?gemeenten=GM0363,GM0599",
            "/profiel?gemeente=GM0363",
        ):
            phone.get(live_server.url + path)
            wait_for(lambda: phone.find_elements(By.CSS_SELECTOR, "main table"))
            width = phone.execute_script("return document.documentElement.scrollWidth")
            assert width <= 390, (path, width)
    finally:
        phone.quit()


def test_handelingsperspectief_per_indicator(driver, live_server, con) -> None:
    from themes.handelingsperspectief import actions_for

    driver.get(live_server.url + "/toelichting")
    body = wait_for(lambda: driver.find_element(By.ID, "indicatoren").text)
    assert body.count("Handelingsperspectief bij een hoge waarde") == len(
        con.execute("SELECT id FROM indicator").fetchall()
    )
    for (iid,) in con.execute("SELECT id FROM indicator").fetchall():
        for action in actions_for(iid):
            assert f"(Bron: {action.source})" in body


def test_how_computed_link_lands_on_the_method(driver, live_server) -> None:
    """Vergelijk's 'hoe berekend?' (a client-side link) shows the similarity method itself."""
    driver.get(live_server.url + "/vergelijk?gemeenten=GM0363,GM0599")
    wait_for(lambda: driver.find_element(By.LINK_TEXT, "hoe berekend?")).click()
    wait_for(lambda: driver.current_url.endswith("/toelichting#vergelijkbaar"))
    script = "return document.getElementById('vergelijkbaar').getBoundingClientRect().top"
    wait_for(lambda: driver.find_elements(By.ID, "vergelijkbaar"))
    wait_for(lambda: abs(driver.execute_script(script)) < 50)
