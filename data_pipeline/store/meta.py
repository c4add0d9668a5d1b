"""Themes and indicator definitions: one reader per fact, one shape (frozen dataclasses).

Every page, export and chart reads metadata through ``themes()``, ``indicators()`` and
``indicator()``; the store's own value queries join it through ``frame()``, built from the same
reader, so a definition can never differ between two parts of the dashboard.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from data_pipeline.store.db import known_indicator, memoize, query


@dataclass(frozen=True)
class ThemeInfo:
    """A theme as stored: id, title, introduction and what has no open data."""

    id: str
    title: str
    description: str | None
    missing: str | None


@dataclass(frozen=True)
class IndicatorInfo:
    """An indicator definition as stored by the build (``themes/`` is where it is written)."""

    id: str
    theme: str
    theme_title: str | None
    title: str
    short: str | None
    description: str | None
    caveat: str | None
    unit: str | None
    kind: str
    scale: float
    decimals: int
    higher_is_riskier: bool
    sources: tuple[str, ...]
    levels: tuple[str, ...]
    years: tuple[int, ...]
    min_denominator: float | None

    @property
    def label(self) -> str:
        """The short name where there is one (legends, lists), else the title."""
        return self.short or self.title

    @property
    def source_text(self) -> str:
        """The CBS tables as one line: '85984NED, 83625NED'."""
        return ", ".join(self.sources)


_COLS = (
    "i.id, i.theme, t.title, i.title, i.short, i.description, i.caveat, i.unit, i.kind, "
    "i.scale, i.decimals, i.higher_is_riskier, i.sources, i.levels, i.years, i.min_denominator"
)


def _as_list(value: Any) -> list:
    """A list column as DuckDB returns it (a list), or as JSON/comma text from older files."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return list(value)
    text = str(value).strip()
    if text.startswith("["):
        try:
            return list(json.loads(text))
        except ValueError:
            pass
    return [p.strip() for p in text.split(",") if p.strip()]


def _info(row: tuple) -> IndicatorInfo:
    (iid, theme, theme_title, title, short, desc, caveat, unit, kind, scale, dec, risk) = row[:12]
    sources, levels, years, min_den = row[12:]
    return IndicatorInfo(
        id=iid,
        theme=theme,
        theme_title=theme_title,
        title=title,
        short=short or None,
        description=desc,
        caveat=caveat,
        unit=unit,
        kind=kind,
        scale=float(scale if scale is not None else 1),
        decimals=int(dec if dec is not None else 1),
        higher_is_riskier=bool(risk),
        sources=tuple(str(s) for s in _as_list(sources)),
        levels=tuple(str(s) for s in _as_list(levels)),
        years=tuple(sorted(int(y) for y in _as_list(years))),
        min_denominator=None if min_den is None else float(min_den),
    )


@memoize(maxsize=4)
def themes() -> tuple[ThemeInfo, ...]:
    """Every theme in display order."""
    rows = query("SELECT id, title, description, missing FROM theme ORDER BY ord, id")
    return tuple(ThemeInfo(*r) for r in rows)


@memoize(maxsize=32)
def indicators(theme: str | None = None) -> tuple[IndicatorInfo, ...]:
    """Indicator definitions (of one theme if given), in theme and registry order."""
    sql = f"SELECT {_COLS} FROM indicator i LEFT JOIN theme t ON t.id = i.theme"  # noqa: S608
    if theme is None:
        return tuple(_info(r) for r in query(sql + " ORDER BY t.ord, i.ord"))
    return tuple(_info(r) for r in query(sql + " WHERE i.theme = ? ORDER BY i.ord", [theme]))


@memoize(maxsize=256)
def indicator(indicator_id: str) -> IndicatorInfo | None:
    """One indicator definition, or None when unknown."""
    if not known_indicator(indicator_id):
        return None
    return next((i for i in indicators() if i.id == indicator_id), None)


def frame(theme: str | None = None) -> pd.DataFrame:
    """The same definitions as a frame, for joining onto values inside the store.

    ``sources`` is the one-line text and ``short`` falls back to the title, as tables show them.
    """
    rows = [asdict(i) | {"sources": i.source_text, "short": i.label} for i in indicators(theme)]
    cols = [*IndicatorInfo.__dataclass_fields__]
    return pd.DataFrame(rows, columns=cols)
