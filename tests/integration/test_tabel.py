"""Browser tests of Tabel & export: the table, CSV and Excel downloads checked against the DB."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from selenium.webdriver.common.by import By

from tests.integration.conftest import wait_for

pytestmark = pytest.mark.browser

VIEW = "/tabel?thema=vastgoed&indicator=vastgoed.woz&niveau=wijk&gemeente=GM0363"


@pytest.fixture()
def downloads(driver, tmp_path: Path) -> Path:
    """Let headless Chromium save downloads into a fresh folder for this test."""
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    return tmp_path


def _downloaded(folder: Path, suffix: str) -> Path:
    def done() -> Path | None:
        files = [p for p in folder.glob(f"*{suffix}") if not p.name.endswith(".crdownload")]
        return files[0] if files else None

    return wait_for(done, timeout=30)


def _click(driver, element_id: str) -> None:
    """Click a button below the grid (scrolled to the middle of the window first)."""
    button = wait_for(lambda: driver.find_element(By.ID, element_id))
    driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", button
    )


def _open(driver, live_server, path: str) -> None:
    driver.get(live_server.url + path)
    wait_for(lambda: driver.find_element(By.ID, "tabel-inhoud").text.strip())


def _wijk_woz(con) -> dict[str, float]:
    rows = con.execute(
        "SELECT v.region_code, v.value FROM indicator_value v JOIN region r "
        "ON r.code = v.region_code WHERE v.indicator_id = 'vastgoed.woz' AND r.level = 'wijk' "
        "AND r.gemeente_code = 'GM0363' AND v.year = (SELECT max(year) FROM indicator_value "
        "WHERE indicator_id = 'vastgoed.woz' AND value IS NOT NULL)"
    ).fetchall()
    return dict(rows)


def test_table_lists_the_wijken(driver, live_server, con) -> None:
    _open(driver, live_server, VIEW)
    inhoud = driver.find_element(By.ID, "tabel-inhoud")
    wait_for(lambda: "Gemiddelde WOZ-waarde" in inhoud.text)  # the grid renders async
    assert f"{len(_wijk_woz(con))} gebieden × 1 indicatoren" in inhoud.text


def test_csv_download_matches_db(driver, live_server, con, downloads: Path) -> None:
    _open(driver, live_server, VIEW)
    _click(driver, "tabel-csv")
    path = _downloaded(downloads, ".csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig")
    expected = _wijk_woz(con)
    got = dict(zip(df["gebied_code"], df["waarde"], strict=True))
    assert set(got) == set(expected)
    for code, value in expected.items():
        if value is None:
            assert pd.isna(got[code]), f"{code}: missing in DB must stay empty, not 0"
        else:
            assert got[code] == pytest.approx(value)


def test_excel_download_has_sources_and_link(driver, live_server, con, downloads: Path) -> None:
    _open(driver, live_server, VIEW)
    _click(driver, "tabel-xlsx")
    wb = load_workbook(_downloaded(downloads, ".xlsx"))
    assert wb.sheetnames == ["Gegevens", "Bronnen"]
    rows = list(wb["Gegevens"].values)
    header = list(rows[0])
    amsterdam_centrum = {r[header.index("Gebiedscode")]: r for r in rows[1:]}
    expected = _wijk_woz(con)
    code = next(c for c, v in expected.items() if v is not None)
    assert amsterdam_centrum[code][header.index("Waarde")] == pytest.approx(expected[code])
    text = " ".join(str(c) for row in wb["Bronnen"].values for c in row if c is not None)
    assert "CC BY 4.0, Bron: CBS" in text and "85984NED" in text
    assert live_server.url + "/tabel?" in text and "gemeente=GM0363" in text


def test_empty_selection_says_so(driver, live_server, downloads: Path) -> None:
    _open(
        driver,
        live_server,
        "/tabel?thema=vastgoed&indicator=vastgoed.woningsplitsing&niveau=buurt&gemeente=GM0363",
    )
    assert "leeg" in driver.find_element(By.ID, "tabel-inhoud").text
    _click(driver, "tabel-csv")
    wait_for(lambda: "leeg" in driver.find_element(By.ID, "tabel-status-csv").text)
    time.sleep(1)
    assert not list(downloads.iterdir())


def test_riec_region_via_url(driver, live_server, con) -> None:
    _open(driver, live_server, "/tabel?thema=vastgoed&indicator=vastgoed.woz&regio=RE05")
    n = con.execute("SELECT count(*) FROM region_member WHERE set_code = 'RE05'").fetchone()[0]
    assert f"{n} gebieden" in driver.find_element(By.ID, "tabel-inhoud").text


def test_shared_url_reopens_same_view(driver, live_server) -> None:
    _open(driver, live_server, VIEW)
    first = wait_for(lambda: driver.find_element(By.ID, "tabel-telling").text)
    href = driver.find_element(By.ID, "tabel-link").get_attribute("href")
    assert "gemeente=GM0363" in href and "niveau=wijk" in href
    driver.get(href)
    wait_for(lambda: driver.find_element(By.ID, "tabel-telling").text == first)


def test_grid_sorts_all_rows_with_dutch_numbers(driver, live_server, con) -> None:
    """All wijken of Nederland: sorting by value descending puts the highest first, in Dutch."""
    from dashboard.format import number

    _open(driver, live_server, "/tabel?thema=vastgoed&indicator=vastgoed.woz&niveau=wijk")
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, ".ag-cell[col-id='value']"))
    header = driver.find_element(
        By.CSS_SELECTOR, ".ag-header-cell[col-id='value'] .ag-header-cell-label"
    )
    header.click()  # ascending
    time.sleep(0.5)
    header.click()  # descending
    best = con.execute(
        "SELECT v.value FROM indicator_value v JOIN region r ON r.code = v.region_code "
        "WHERE v.indicator_id = 'vastgoed.woz' AND r.level = 'wijk' AND v.year = 2024 "
        "ORDER BY v.value DESC NULLS LAST LIMIT 1"
    ).fetchone()[0]

    def first_value() -> str:
        cell = driver.find_element(
            By.CSS_SELECTOR, ".ag-row[row-index='0'] .ag-cell[col-id='value']"
        )
        return cell.text

    wait_for(lambda: first_value() == number(best, 0))
    headers = driver.find_element(By.CSS_SELECTOR, ".ag-header").text
    assert "Gebied" in headers and "Waarde" in headers and "gebied_code" not in headers
    page = driver.find_element(By.TAG_NAME, "body").text
    assert page.index("Gebied") < page.index("Download CSV")  # table above the buttons
