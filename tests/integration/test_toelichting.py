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
