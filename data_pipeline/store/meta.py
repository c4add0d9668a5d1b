"""Themes and indicator definitions, read back from the database into their one declaration.

``themes.spec.Indicator`` and ``themes.spec.Theme`` are written by the build
(``data_pipeline.schema``) and read back here as the same dataclasses, field by field from
their annotations: a field added to the declaration needs no edit here. Every page, export and
chart reads definitions through ``themes()``, ``indicators()`` and ``indicator()``; the store's
own value queries join them through ``frame()``, built from the same reader.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from data_pipeline import schema
from data_pipeline.store.db import known_indicator, memoize, query, query_df
from themes.spec import Indicator, Theme

#: the name other modules used before the declaration was read back as itself
IndicatorInfo = Indicator
ThemeInfo = Theme


@memoize(maxsize=4)
def themes() -> tuple[Theme, ...]:
    """Every theme in display order (``indicators`` left empty: see ``indicators(theme)``)."""
    rows = query("SELECT id, title, description, missing, ord FROM theme ORDER BY ord, id")
    return tuple(
        Theme(id=i, title=t, description=d or "", indicators=(), missing=m or "", order=o)
        for i, t, d, m, o in rows
    )


@memoize(maxsize=4)
def _all() -> tuple[Indicator, ...]:
    """Every stored definition, in theme and registry order."""
    df = query_df(
        "SELECT i.* FROM indicator i LEFT JOIN theme t ON t.id = i.theme ORDER BY t.ord, i.ord"
    )
    return tuple(schema.indicator_from_row(row) for row in df.to_dict("records"))


@memoize(maxsize=32)
def indicators(theme: str | None = None) -> tuple[Indicator, ...]:
    """Indicator definitions (of one theme if given), in theme and registry order."""
    return tuple(i for i in _all() if theme is None or i.theme == theme)


@memoize(maxsize=256)
def indicator(indicator_id: str) -> Indicator | None:
    """One indicator definition, or None when unknown."""
    if not known_indicator(indicator_id):
        return None
    return next((i for i in _all() if i.id == indicator_id), None)


def theme_title(theme_id: str) -> str | None:
    return next((t.title for t in themes() if t.id == theme_id), None)


FRAME_COLUMNS = (
    "id",
    "theme",
    "theme_title",
    "title",
    "short",
    "description",
    "caveat",
    "unit",
    "kind",
    "scale",
    "decimals",
    "higher_is_riskier",
    "sources",
    "levels",
    "min_denominator",
)


def frame(theme: str | None = None) -> pd.DataFrame:
    """The same definitions as a frame, for joining onto values inside the store.

    ``sources`` is the one-line text and ``short`` falls back to the title, as tables show them.
    """
    rows = [
        dataclasses.asdict(i)
        | {"sources": i.source_text, "short": i.label, "theme_title": theme_title(i.theme)}
        for i in indicators(theme)
    ]
    return pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
