"""Figures for Vergelijk and Profiel: index bars, ranking, funnel plot and sparklines."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.format import number as nl_number
from dashboard.format import peer_name
from data_pipeline import store

#: Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
OTHER = "#B0B0B0"
NL_LINE = "#333333"
LIMIT_STYLE = {"95%": "dash", "99,8%": "dot"}


def _base(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    """Shared look: Dutch separators (1.234,5), readable font, no internet-dependent assets."""
    fig.update_layout(
        title={"text": title, "font": {"size": 15}},
        separators=",.",
        template="plotly_white",
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 40},
        font={"family": "system-ui, sans-serif", "size": 13, "color": "#1a1a1a"},
        legend={"orientation": "h", "y": -0.15},
    )
    return fig


def source_note(meta: store.IndicatorInfo, year: int | None) -> str:
    """'Bron: CBS <tables>, <year>' — every figure says where it comes from."""
    return f"Bron: CBS {meta.source_text or '?'}, {year if year else 'jaar onbekend'}"


def empty_figure(message: str) -> go.Figure:
    """A figure that says why there is nothing to show (instead of an empty axis)."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _base(fig, "", height=200)


def index_bars(df: pd.DataFrame, regions: Sequence[str]) -> go.Figure:
    """Index (Nederland = 100) per indicator of a theme, one bar colour per region.

    The index makes indicators with different units comparable side by side.
    """
    if df.empty:
        return empty_figure("Geen gegevens voor deze selectie.")
    fig = go.Figure()
    for n, code in enumerate(regions):
        part = df[df["region_code"] == code]
        if part.empty:
            continue
        hover = [
            f"{r['name']}<br>{r['short']}: {nl_number(r['value'], r['decimals'])} {r['unit']}"
            f"<br>Nederland: {nl_number(r['nl_value'], r['decimals'])}<br>index "
            f"{nl_number(r['index'], 0)}<br>Bron: CBS {r['sources']}, {r['year']}"
            for _, r in part.iterrows()
        ]
        fig.add_bar(
            y=part["short"],
            x=part["index"],
            orientation="h",
            name=part["name"].iloc[0],
            marker_color=PALETTE[n % len(PALETTE)],
            hovertext=hover,
            hoverinfo="text",
        )
    fig.add_vline(x=100, line_color=NL_LINE, line_dash="dash", annotation_text="Nederland = 100")
    fig.update_xaxes(title="index (Nederland = 100)")
    fig.update_yaxes(autorange="reversed")  # first indicator on top, like the table
    fig.update_layout(barmode="group", legend_traceorder="normal")
    height = 120 + 28 * len(df["short"].unique()) * max(1, len(regions))
    return _base(fig, "Index ten opzichte van Nederland", height=min(max(height, 300), 1400))


def ranking_figure(
    rank: pd.DataFrame, meta: store.IndicatorInfo, year: int, highlight: Sequence[str]
) -> go.Figure:
    """All gemeenten sorted by value; the selected ones coloured and named."""
    rank = rank.dropna(subset=["value"])
    if rank.empty:
        return empty_figure("Geen gegevens voor deze indicator en dit jaar.")
    chosen = set(highlight)
    colours = [PALETTE[0] if c in chosen else OTHER for c in rank["region_code"]]
    hover = [
        f"{n}. {r['name']}: {nl_number(r['value'], meta.decimals)} {meta.unit}"
        for n, (_, r) in enumerate(rank.iterrows(), start=1)
    ]
    fig = go.Figure(
        go.Bar(
            x=list(range(1, len(rank) + 1)),
            y=rank["value"],
            marker_color=colours,
            hovertext=hover,
            hoverinfo="text",
            name=meta.label,
        )
    )
    for pos, (_, r) in enumerate(rank.iterrows(), start=1):
        if r["region_code"] in chosen:
            fig.add_annotation(x=pos, y=r["value"], text=f"{r['name']} ({pos})", showarrow=True)
    nl = rank["nl_value"].dropna()
    if not nl.empty:
        fig.add_hline(
            y=float(nl.iloc[0]), line_dash="dash", line_color=NL_LINE, annotation_text="Nederland"
        )
    fig.update_xaxes(title=f"rang (1 = hoogste van {len(rank)})")
    fig.update_yaxes(title=meta.unit)
    title = f"Rangorde: {meta.title} — {source_note(meta, year)}"
    return _base(fig, title)


def funnel_figure(
    rank: pd.DataFrame, meta: store.IndicatorInfo, year: int, highlight: Sequence[str]
) -> go.Figure:
    """Value against denominator with 95% and 99,8% limits around the national value.

    A small gemeente far from the national value may still lie within the funnel: noise.
    """
    pts = rank.dropna(subset=["value", "denominator"])
    pts = pts[pts["denominator"] > 0]
    nl = rank["nl_value"].dropna()
    if pts.empty or nl.empty:
        return empty_figure("Geen gegevens voor een trechterdiagram.")
    nl_value = float(nl.iloc[0])
    chosen = pts["region_code"].isin(set(highlight))
    fig = go.Figure()
    grid = store.funnel_grid(list(pts["denominator"]))
    for label, z in store.FUNNEL_Z.items():
        low, high = store.funnel_limits(nl_value, meta.scale, meta.kind, grid, z)
        style = {"color": NL_LINE, "dash": LIMIT_STYLE[label], "width": 1}
        fig.add_scatter(x=grid, y=high, mode="lines", line=style, name=f"grens {label}")
        fig.add_scatter(x=grid, y=low, mode="lines", line=style, showlegend=False, hoverinfo="skip")
    for mask, colour, name in (
        (~chosen, OTHER, "overige gemeenten"),
        (chosen, PALETTE[1], "selectie"),
    ):
        part = pts[mask]
        fig.add_scatter(
            x=part["denominator"],
            y=part["value"],
            mode="markers+text" if name == "selectie" else "markers",
            text=part["name"] if name == "selectie" else None,
            textposition="top center",
            marker={"color": colour, "size": 11 if name == "selectie" else 6},
            name=name,
            hovertext=[
                f"{r['name']}: {nl_number(r['value'], meta.decimals)} {meta.unit}"
                f"<br>noemer {nl_number(r['denominator'], 0)}"
                for _, r in part.iterrows()
            ],
            hoverinfo="text",
        )
    fig.add_hline(y=nl_value, line_color=NL_LINE, annotation_text="Nederland")
    fig.update_xaxes(type="log", title="noemer (omvang, logaritmische schaal)")
    fig.update_yaxes(title=meta.unit)
    return _base(fig, f"Trechterdiagram: {meta.title} — {source_note(meta, year)}", height=480)


def sparkline(
    years: Sequence[int], values: Sequence[float], nl: Sequence[float] | None = None
) -> go.Figure:
    """A tiny trend line (gemeente solid, Nederland dashed) for the profile table."""
    fig = go.Figure(
        go.Scatter(
            x=list(years),
            y=list(values),
            mode="lines+markers",
            line={"color": PALETTE[0], "width": 2},
            marker={"size": 4},
            name="gemeente",
        )
    )
    if nl is not None:
        fig.add_scatter(
            x=list(years),
            y=list(nl),
            mode="lines",
            name="Nederland",
            line={"color": NL_LINE, "width": 1, "dash": "dash"},
        )
    fig.update_layout(
        height=60,
        width=160,
        margin={"l": 2, "r": 2, "t": 2, "b": 2},
        showlegend=False,
        separators=",.",
        template="plotly_white",
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def trend_figure(part: pd.DataFrame, meta: store.IndicatorInfo, gemeente: str) -> go.Figure:
    """Years on the x axis: the gemeente (values as labels), Nederland and its peer groups.

    The gemeente's values are printed next to its points, so they are readable on touch
    screens without hovering.
    """
    d = meta.decimals
    fig = go.Figure()
    order = [gemeente, "NL", *sorted(set(part["region_code"]) - {gemeente, "NL"})]
    styles = {
        gemeente: {"color": PALETTE[0], "width": 3},
        "NL": {"color": NL_LINE, "width": 2, "dash": "dash"},
    }
    peers = iter((PALETTE[2], PALETTE[3], PALETTE[4]))
    for code in order:
        line = part[part["region_code"] == code].dropna(subset=["value"]).sort_values("year")
        if line.empty:
            continue
        name = str(line["name"].iloc[0])
        if code not in styles:
            name = peer_name(str(code), name)
        own = code == gemeente
        labels = [nl_number(v, d) for v in line["value"]]
        fig.add_scatter(
            x=line["year"],
            y=line["value"],
            mode="lines+markers+text" if own else "lines+markers",
            text=labels if own else None,
            textposition="top center",
            textfont={"size": 11, "color": PALETTE[0]},
            cliponaxis=False,
            name=name,
            line=styles.get(code, {"color": next(peers, OTHER), "width": 1.5}),
            marker={"size": 7 if own else 5},
            hovertext=[f"{name}, {y}: {t} {meta.unit}" for y, t in zip(line["year"], labels)],
            hoverinfo="text",
        )
    years = sorted(int(y) for y in part.dropna(subset=["value"])["year"].unique())
    fig.update_xaxes(
        tickmode="array",
        tickvals=years,
        ticktext=[str(y) for y in years],
        range=[years[0] - 0.5, years[-1] + 0.5] if years else None,
    )
    fig.update_yaxes(rangemode="tozero")  # the unit is in the title (no rotated axis title)
    title = (
        f"{meta.label}<br><sup>{meta.unit} · "
        f"{source_note(meta, years[-1] if years else None)}</sup>"
    )
    fig = _base(fig, title, height=400)
    fig.update_layout(legend={"orientation": "h", "y": -0.22}, margin={"l": 50, "b": 80, "t": 70})
    return fig
