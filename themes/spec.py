"""Theme and Indicator dataclasses: indicator definitions as data, validated once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from themes.vocab import (  # noqa: F401  (one vocabulary; re-exported here)
    AREA_LEVELS,
    REASON_MISSING,
    REASON_NOT_IN_SOURCE,
    REASON_OFFLINE,
    REASON_SECRET,
    REASON_SMALL,
    REASONS,
)

Level = Literal["nederland", "provincie", "riec", "gemeente", "wijk", "buurt"]
Kind = Literal["count", "share", "average", "survey", "ratio"]
#: The five deviation classes against the national average (stored as ``klasse`` 1–5).
KLASSE_LABELS: dict[int, str] = {
    1: "veel lager",
    2: "lager",
    3: "gemiddeld",
    4: "hoger",
    5: "veel hoger",
}


@dataclass(frozen=True)
class Rounding:
    """How CBS rounds the figures an indicator is built from: the step, 0 = exact.

    E.g. suspects are counted in tens (``numerator=10``) and their rate per 10.000 is a whole
    number (``published=1``). The engine turns these steps into the range of underlying values
    that the published figures allow, and never calls a difference significant that rounding
    alone could explain.
    """

    numerator: float = 0.0
    denominator: float = 0.0
    published: float = 0.0


@dataclass(frozen=True)
class Indicator:
    """One indicator: a ratio of sums over measures loaded from CBS tables.

    ``value = scale * Σ numerator / Σ denominator``. Where CBS publishes the figure itself
    (``published``), that figure is used at the level it is published for; for averages the
    numerator is then ``published * denominator / scale`` so aggregation stays a ratio of sums.

    kind: ``count`` (numerator is a count of events: Poisson z), ``share`` (numerator is a part of
    the denominator: binomial z), ``average``/``ratio`` (no noise model), ``survey`` (CBS margins).
    """

    id: str
    theme: str
    title: str
    description: str  # what it measures, why it may point to undermining
    caveat: str  # what it does *not* prove
    unit: str
    denominator: str | None
    numerator: str | None = None
    published: str | None = None
    scale: float = 1.0
    kind: Kind = "count"
    levels: tuple[str, ...] = ("gemeente",)
    higher_is_riskier: bool = True
    sources: tuple[str, ...] = ()
    min_denominator: float = 0.0
    decimals: int = 1  # shown at most at the precision of the source
    short: str = ""  # short label for tables and axes
    rounding: Rounding = Rounding()
    #: years where the series changes source: (first year of the new series, what changed);
    #: values before that year carry the text as a note, so tables and charts show the break
    breaks: tuple[tuple[int, str], ...] = ()

    @property
    def label(self) -> str:
        return self.short or self.title


@dataclass(frozen=True)
class Theme:
    """A theme groups indicators; ``missing`` says plainly what has no open data."""

    id: str
    title: str
    description: str
    indicators: tuple[Indicator, ...]
    missing: str = ""
    order: int = 0
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Action:
    """Handelingsperspectief: one thing a gemeente can do when an indicator is high, and the
    public law or guidance it rests on (named, so a reader can look it up). Never a verdict:
    a high value is a reason to look further, not proof."""

    text: str
    source: str
