"""What the browser really drew on a map page: settled state, drawn data, screenshots, console.

Shared by the browser tests and ``make screenshots``. Nothing here relies on the app's own
JavaScript (assets/zicht-map.js), so the same checks run against any version of the app.
"""

from __future__ import annotations

import io
import time
from typing import Any
from urllib.parse import urlparse

#: a pixel differs when one of its channels differs by more than this (0–255)
CHANNEL_TOLERANCE = 32
#: share of differing pixels above which two map screenshots are not the same map; see
#: test_map_browser.test_pixel_threshold_separates_right_from_wrong for the calibration
PIXEL_THRESHOLD = 0.01
#: console messages that are not errors of the app (headless software WebGL)
BENIGN = ("GPU stall", "WebGL", "GL Driver", "swiftshader")


def gd(graph: str) -> str:
    return f"document.querySelector('#{graph} .js-plotly-plot')"


def drawn(driver: Any, graph: str) -> dict | None:
    """The drawn figure (``gd._fullData``): locations and z of every trace, and map state."""
    return driver.execute_script(
        f"var gd = {gd(graph)};"
        "if (!gd || !gd._fullData || !gd._fullLayout || !gd._fullLayout.map) return null;"
        "var m = gd._fullLayout.map._subplot && gd._fullLayout.map._subplot.map;"
        "return {traces: gd._fullData.map(function (t) {"
        "  return {locations: Array.from(t.locations || []), z: Array.from(t.z || []),"
        "          geojson: typeof t.geojson === 'string' ? t.geojson : null}; }),"
        " ready: !!(m && m.loaded() && m.isStyleLoaded() && !m.isMoving()),"
        " loading: !!document.querySelector('[data-dash-is-loading=true]')};"
    )


def settle(driver: Any, graph: str, want: Any = None, timeout: float = 30.0) -> dict:
    """Wait until the map has stopped changing (and, with ``want``, shows ``want(traces)``).

    Returns the last drawn state even when ``want`` never held, so the caller's assertion
    shows what the browser drew instead of a timeout.
    """
    deadline = time.monotonic() + timeout
    last, stable_since = None, time.monotonic()
    while time.monotonic() < deadline:
        state = drawn(driver, graph)
        if state != last:
            last, stable_since = state, time.monotonic()
        elif (
            state
            and state["ready"]
            and not state["loading"]
            and time.monotonic() - stable_since > 0.6
            and (want is None or want(state["traces"]))
        ):
            return state
        time.sleep(0.1)
    return last or {}


def console_errors(driver: Any) -> list[str]:
    """Severe browser console messages since the last call (the log is drained)."""
    return [
        e["message"]
        for e in driver.get_log("browser")
        if e["level"] == "SEVERE" and not any(b in e["message"] for b in BENIGN)
    ]


def path_of(url: str) -> str:
    parts = urlparse(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def park_mouse(driver: Any) -> None:
    """Move the pointer off the map (no tooltip, no mode bar in the screenshot)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    ActionChains(driver).move_to_element(driver.find_element(By.TAG_NAME, "h1")).perform()
    visible = (
        "return Array.from(document.querySelectorAll('.dcc-tooltip-bounding-box'))"
        ".some(function (e) { return e.offsetParent !== null"
        " && getComputedStyle(e).visibility !== 'hidden'; })"
    )
    deadline = time.monotonic() + 5
    while driver.execute_script(visible) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.3)


def map_png(driver: Any, graph: str) -> bytes:
    from selenium.webdriver.common.by import By

    park_mouse(driver)
    return driver.find_element(By.ID, graph).screenshot_as_png


def difference(png_a: bytes, png_b: bytes) -> float:
    """Share of pixels that differ by more than CHANNEL_TOLERANCE in some channel."""
    from PIL import Image, ImageChops

    a = Image.open(io.BytesIO(png_a)).convert("RGB")
    b = Image.open(io.BytesIO(png_b)).convert("RGB")
    if a.size != b.size:
        return 1.0
    diff = ImageChops.difference(a, b).point(lambda v: 255 if v > CHANNEL_TOLERANCE else 0)
    mask = diff.convert("L").point(lambda v: 255 if v else 0)
    return mask.histogram()[255] / (a.size[0] * a.size[1])


def fresh_png(driver: Any, graph: str, url: str, want: Any = None) -> bytes:
    """Screenshot of the map after loading ``url`` anew (same window)."""
    driver.get(url)
    settle(driver, graph, want)
    return map_png(driver, graph)


def choose(
    driver: Any, dropdown_id: str, value: Any, text: str = "", timeout: float = 10.0
) -> None:
    """Open a dcc.Dropdown (typing ``text`` in its search box) and click the option ``value``."""
    from selenium.webdriver.common.by import By

    box = driver.find_element(By.ID, dropdown_id)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    time.sleep(0.2)
    box.click()
    if text:
        box = driver.find_element(By.CSS_SELECTOR, "input.dash-dropdown-search")
        box.send_keys(text)
    xpath = f"//*[@role='option'][.//input[@value='{value}']]"
    deadline = time.monotonic() + timeout
    while True:
        try:
            option = driver.find_element(By.XPATH, xpath)
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", option)
            option.click()
            return
        except Exception:  # noqa: BLE001 - list still opening
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def steady(driver: Any, graph: str, timeout: float = 10.0) -> None:
    """Wait until the map's place on the page and its view stop changing (for 0.5 s)."""
    probe = (
        f"var c = document.querySelector('#{graph} canvas'); if (!c) return null;"
        f"var m = {gd(graph)}._fullLayout.map._subplot.map;"
        "var r = c.getBoundingClientRect(), v = m.getCenter();"
        "return [r.left, r.top, r.width, r.height, v.lng, v.lat, m.getZoom(), m.isMoving()];"
    )
    deadline = time.monotonic() + timeout
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        now = driver.execute_script(probe)
        if now != last:
            last, since = now, time.monotonic()
        elif now and not now[-1] and time.monotonic() - since > 0.5:
            return
        time.sleep(0.05)


def click_lonlat(driver: Any, graph: str, lon: float, lat: float) -> None:
    """A real mouse click on the map where MapLibre draws (lon, lat), once the map is steady."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    steady(driver, graph)
    canvas = driver.find_element(By.CSS_SELECTOR, f"#{graph} canvas")
    x, y = driver.execute_script(
        f"var p = {gd(graph)}._fullLayout.map._subplot.map.project([{lon}, {lat}]);"
        "return [p.x, p.y];"
    )
    size = canvas.size
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(x - size["width"] / 2), int(y - size["height"] / 2)
    ).pause(0.2).click().perform()


def inside(geojson: str) -> tuple[float, float]:
    """A point well inside an area's boundary (lon, lat)."""
    import json

    from shapely.geometry import shape

    point = shape(json.loads(geojson)).representative_point()
    return point.x, point.y


def save_pair(name: str, after: bytes, fresh: bytes) -> None:
    """Write both screenshots to build/test-artifacts (after the interaction, fresh load)."""
    from pathlib import Path

    out = Path(__file__).resolve().parents[2] / "build" / "test-artifacts"
    out.mkdir(parents=True, exist_ok=True)
    slug = "".join(c if c.isalnum() else "-" for c in name)
    (out / f"{slug}-na-interactie.png").write_bytes(after)
    (out / f"{slug}-vers-geladen.png").write_bytes(fresh)
