"""A slim validation layout: each component with an id, by its type and id only.

Dash embeds every page's whole layout (≈ 250 kB) in each HTML page only so the browser can
check that callback ids exist on components of the right type. Once Dash's router has set
``app.validation_layout`` (on the first request), :func:`install` replaces it with a flat
list of those components with their id and nothing else, which does the same job. Only
public Dash API: ``app.validation_layout``, iterating a component (its ids), ``component[id]``
and ``to_plotly_json()``; ``tests/integration/test_validation_layout.py`` fails when Dash
stops honouring it.
"""

from __future__ import annotations

import json
import threading
from typing import Any

import dash
from dash import html
from dash.development.base_component import Component


def slim(layout: Any) -> html.Div:
    """Every component with an id in ``layout``, as ``{type, namespace, props: {id}}``, once."""
    seen: dict[str, dict] = {}
    for root in layout if isinstance(layout, list | tuple) else [layout]:
        if not isinstance(root, Component):
            continue
        ids = ([root.id] if getattr(root, "id", None) is not None else []) + list(root)
        for cid in ids:
            key = json.dumps(cid, sort_keys=True, default=str)
            if key in seen:
                continue
            node = root if getattr(root, "id", None) == cid else root[cid]
            spec = node.to_plotly_json()
            seen[key] = {"type": spec["type"], "namespace": spec["namespace"], "props": {"id": cid}}
    return html.Div(list(seen.values()))


def install(app: dash.Dash) -> None:
    """Slim the validation layout once Dash has built it (a before-request hook after Dash's)."""
    lock = threading.Lock()
    done = threading.Event()

    def once() -> None:
        if done.is_set():
            return
        with lock:
            if not done.is_set() and app.validation_layout is not None:
                app.validation_layout = slim(app.validation_layout)
                done.set()

    app.server.before_request(once)
