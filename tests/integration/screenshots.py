"""Screenshots of every page at desktop (1366 px) and phone (390 px) width into build/screenshots.

Also after interactions (indicator switch, a click on Heerlen, a search on Signalen), each
next to a fresh load of the address the interaction led to (``…-vers.png``): the two should
show the same map.

Run as ``python -m tests.integration.screenshots`` (``make screenshots``). Uses the database of
``ZICHT_DB`` / ``data/zicht.duckdb`` when it exists, else builds one from the snapshot first.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from data_pipeline import settings

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "build" / "screenshots"
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
PAGES = {
    "kaart": "/kaart",
    "kaart-wijken-amsterdam": "/kaart?thema=vastgoed&indicator=vastgoed.woz&niveau=wijk&gemeente=GM0363",
    "kaart-buurten-amsterdam": "/kaart?thema=vastgoed&indicator=vastgoed.woz&niveau=buurt&gemeente=GM0363",
    "kaart-foute-url": "/kaart?gemeente=GM9999&jaar=abc",
    "vergelijk": "/vergelijk",
    "profiel": "/profiel?gemeente=GM0363",
    "signalen": "/signalen",
    "tabel": "/tabel",
    "toelichting": "/toelichting",
    "niet-gevonden": "/bestaat-niet",
}


def database() -> Path:
    """The database to show: the configured one, or a fresh build from the snapshot."""
    db = settings.path("db")
    if db.exists():
        return db
    from data_pipeline.build import build
    from data_pipeline.sources import SnapshotSource

    db = ROOT / "build" / "screenshots.duckdb"
    db.parent.mkdir(parents=True, exist_ok=True)
    build(SnapshotSource(settings.path("snapshot")), db)
    return db


def full_height(driver, width: int, minimum: int) -> None:
    """Resize so the whole page fits in one screenshot."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, max(minimum, min(int(height) + 40, 4000)))


def interactions(server_url: str) -> dict[str, tuple[str, object]]:
    """name → (start path, action(driver)) for the screenshots after an interaction."""
    from data_pipeline import store
    from tests.integration import mapcheck as mc

    geo = store.query("SELECT geojson FROM geometry WHERE code = ?", ["GM0917"])[0][0]
    heerlen = mc.inside(geo)

    def switch(driver) -> None:
        mc.choose(driver, "kaart-indicator", "vastgoed.koopwoningen")

    def click_heerlen(driver) -> None:
        mc.click_lonlat(driver, "kaart-map", *heerlen)

    def search_heerlen(driver) -> None:
        mc.choose(driver, "signalen-gemeente", "GM0917", "Heerlen")

    return {
        "kaart-na-indicatorwissel": ("/kaart?thema=vastgoed&indicator=vastgoed.woz", switch),
        "kaart-na-klik-heerlen": ("/kaart?thema=vastgoed&indicator=vastgoed.woz", click_heerlen),
        "signalen-na-zoeken-heerlen": ("/signalen", search_heerlen),
    }


def after_interaction(driver, base: str, name: str, path: str, action, label: str) -> None:
    """Screenshot after ``action``, then of a fresh load of the URL it led to."""
    from tests.integration import mapcheck as mc

    graph = "signalen-map" if path.startswith("/signalen") else "kaart-map"
    driver.get(base + path)
    mc.settle(driver, graph)
    before = driver.current_url
    action(driver)
    deadline = time.monotonic() + 20
    while driver.current_url == before and time.monotonic() < deadline:
        time.sleep(0.1)
    mc.settle(driver, graph)
    mc.park_mouse(driver)
    driver.save_screenshot(str(OUT / f"{name}-{label}.png"))
    mc.fresh_png(driver, graph, driver.current_url)
    mc.park_mouse(driver)
    driver.save_screenshot(str(OUT / f"{name}-{label}-vers.png"))
    print(f"build/screenshots/{name}-{label}.png  ({mc.path_of(driver.current_url)})")


def main() -> int:
    import app as app_module

    dash_app = app_module.create_app(settings.load(db=database()))
    from tests.harness import InProcess, browser_available, chrome

    if not browser_available():
        print("chromium/chromedriver ontbreken: geen screenshots", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with InProcess(dash_app.server) as server:
        for label, (width, height) in WIDTHS.items():
            driver = chrome(width, height, logging={"browser": "ALL"})
            try:
                for name, path in PAGES.items():
                    driver.set_window_size(width, height)
                    driver.get(server.url + path)
                    time.sleep(4)  # layout callbacks, map tiles-free render, lazy bundles
                    full_height(driver, width, height)
                    time.sleep(1.5)
                    target = OUT / f"{name}-{label}.png"
                    driver.save_screenshot(str(target))
                    print(target.relative_to(ROOT))
                driver.set_window_size(width, height)
                for name, (path, action) in interactions(server.url).items():
                    after_interaction(driver, server.url, name, path, action, label)
            finally:
                driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
