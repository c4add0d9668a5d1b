"""Where the view state travels: from Kaart's ``layout(query)`` to the map's colours.

Records, under ``sys.setprofile``, every call into a dashboard module that receives the view
state — an object of a class named ``State``, ``Selection`` or ``View`` defined in
``dashboard``, an indicator definition (``IndicatorInfo``), or one of the values such a state
object held (indicator id, gemeente code, level, year) — until the function that computes the
map's class codes (``end``) returns. The store is the data door, not a place the state lives:
calls into it are not counted. Consecutive calls in one module count once; a *return* is a
visit to a module the state had already left. ``python -m benchmarks.view_trace DB``.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from typing import Any

STATE_CLASSES = {"State", "Selection", "View"}
PROJECT = ("dashboard",)
QUERY = {"indicator": "vastgoed.woz", "niveau": "wijk", "gemeente": "GM0363"}


def _is_state(value: Any) -> bool:
    kind = type(value)
    return kind.__name__ in STATE_CLASSES and kind.__module__.startswith("dashboard")


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


def _carries_state(frame: Any, parts: set) -> bool:
    """Whether a call receives the view state or a part of it (``parts`` grows as states pass)."""
    hit = False
    for value in list(frame.f_locals.values()):
        if _is_state(value):
            hit = True
            for f in dataclasses.fields(value):
                part = getattr(value, f.name, None)  # None while __init__ runs
                if _scalar(part):
                    parts.add((type(part), part))
        elif type(value).__name__ in ("IndicatorInfo", "Indicator") or (
            _scalar(value) and (type(value), value) in parts
        ):
            hit = True
    return hit


def trace(layout: Callable[..., Any], end: str, query: dict[str, str] = QUERY) -> list[str]:
    """The modules the view state visits, in order (consecutive duplicates collapsed)."""
    visits: list[str] = []
    parts: set = set()
    done = False

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal done
        if done:
            return
        module = frame.f_globals.get("__name__", "")
        if event == "return" and frame.f_code.co_name == end and module.startswith(PROJECT):
            done = True
            return
        if event != "call" or not module.startswith(PROJECT):
            return
        if not _carries_state(frame, parts):
            return
        if not visits or visits[-1] != module:
            visits.append(module)

    sys.setprofile(profile)
    try:
        layout(**query)
    finally:
        sys.setprofile(None)
    return visits


def doors(visits: list[str]) -> list[str]:
    """The same trace with the store's modules as one door (``store``)."""
    out: list[str] = []
    for module in visits:
        name = "store" if module.startswith("data_pipeline.store") else module
        if not out or out[-1] != name:
            out.append(name)
    return out


def returns(visits: list[str]) -> int:
    """How often the state comes back to a module it had left."""
    seen: set[str] = set()
    count = 0
    for module in visits:
        count += module in seen
        seen.add(module)
    return count


def main() -> None:
    import app

    app.create_app(sys.argv[1])
    from dashboard.pages import kaart

    global PROJECT
    for project in (("dashboard",), ("dashboard", "data_pipeline.store")):
        PROJECT = project
        visits = doors(trace(kaart.layout, "class_codes"))
        print(f"counting {' and '.join(project)}:")
        print("  " + " → ".join(m.removeprefix("dashboard.") for m in visits))
        print(f"  {len(set(visits))} modules, {returns(visits)} returns")


if __name__ == "__main__":
    main()
