"""The view state: resolved once per request, and the HTML page carries a slim validation layout."""

from __future__ import annotations

import json
import re

from benchmarks import view_trace


def test_view_state_returns_to_a_module_at_most_five_times(dash_app) -> None:
    """Traced from Kaart's layout(query) to the map's colours (benchmarks/view_trace.py)."""
    from dashboard.pages import kaart

    for project in (("dashboard",), ("dashboard", "data_pipeline.store")):
        view_trace.PROJECT = project
        with dash_app.server.test_request_context():
            visits = view_trace.doors(view_trace.trace(kaart.layout, "class_codes"))
        assert visits and visits[-1] == "dashboard.pages.kaart", visits
        assert view_trace.returns(visits) <= 5, visits
    view_trace.PROJECT = ("dashboard",)


def test_no_page_looks_the_indicator_up_again(dash_app) -> None:
    """Kaart's layout asks the store for the indicator's definition during resolution only."""
    import sys

    from dashboard.pages import kaart
    from data_pipeline import store

    callers: list[str] = []

    def profile(frame, event, arg):  # noqa: ANN001, ANN202
        if event == "call" and frame.f_code.co_name == "indicator":
            if frame.f_globals.get("__name__") == "data_pipeline.store.meta":
                callers.append(frame.f_back.f_globals.get("__name__", ""))

    assert store.indicator("vastgoed.woz")
    sys.setprofile(profile)
    try:
        with dash_app.server.test_request_context():
            kaart.layout(indicator="vastgoed.woz", niveau="wijk", gemeente="GM0363")
    finally:
        sys.setprofile(None)
    assert set(callers) <= {"dashboard.view"}, callers


def test_the_page_holds_a_slim_validation_layout(client) -> None:
    """Dash's validation layout (every page's layout) is replaced by ids and types only
    (dashboard/validation.py, public Dash API): fails loudly when Dash stops honouring it."""
    html = client.get("/kaart").get_data(as_text=True)
    config = json.loads(re.search(r'<script id="_dash-config"[^>]*>(.*?)</script>', html, re.S)[1])
    layout = config["validation_layout"]
    nodes = layout["props"]["children"]
    assert len(json.dumps(layout)) < 40_000, len(json.dumps(layout))
    assert all(
        set(n) == {"type", "namespace", "props"} and set(n["props"]) == {"id"} for n in nodes
    )
    ids = {json.dumps(n["props"]["id"]) for n in nodes}
    for wanted in ("kaart-map", "signalen-map", "tabel-inhoud", "view-shown", "_pages_content"):
        assert json.dumps(wanted) in ids, wanted
