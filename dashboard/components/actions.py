"""Handelingsperspectief in the interface: what a gemeente can do, with the public source."""

from __future__ import annotations

from dash import dcc, html

from dashboard import url_state
from themes.handelingsperspectief import BY_INDICATOR, BY_THEME, DISCLAIMER, actions_for
from themes.spec import Action

__all__ = [
    "BY_INDICATOR",
    "BY_THEME",
    "DISCLAIMER",
    "action_block",
    "action_list",
    "kaart_extras",
    "steps",
]


def action_list(indicator_id: str) -> html.Ul | None:
    """The steps for one indicator (its theme's and its own), each with its source."""
    return steps(actions_for(indicator_id))


def steps(actions: tuple[Action, ...]) -> html.Ul | None:
    """A list of steps, each followed by the law or guidance it rests on."""
    if not actions:
        return None
    return html.Ul(
        [
            html.Li(
                [a.text, " ", html.Span(f"(Bron: {a.source})", className="text-body-secondary")]
            )
            for a in actions
        ],
        className="handeling",
    )


def action_block(indicator_id: str, title: str = "Wat kan de gemeente doen bij een hoge waarde?"):
    """Heading, steps and the reminder that a signal is no proof."""
    steps = action_list(indicator_id)
    if steps is None:
        return None
    return html.Div(
        [html.Strong(title), steps, html.Small(DISCLAIMER, className="d-block")],
        className="handeling-block",
    )


def kaart_extras(indicator_id: str | None, gemeente: str | None) -> list:
    """For the Kaart detail card: a link to the gemeente's trend charts and the steps."""
    if not indicator_id or not gemeente:
        return []
    href = url_state.build_url("/profiel", gemeente=gemeente) + f"#trend-{indicator_id}"
    extras: list = [
        html.P(
            dcc.Link("Trend over de jaren en profiel van deze gemeente", href=href),
            className="mb-1",
        )
    ]
    steps = action_list(indicator_id)
    if steps is not None:
        extras.append(
            html.Details(
                [html.Summary("Wat kan de gemeente doen?"), steps, html.Small(DISCLAIMER)],
                className="handeling-details",
            )
        )
    return extras
