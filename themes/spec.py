"""Theme and Indicator dataclasses: indicator definitions as data, validated once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["count", "share", "average", "survey", "ratio"]


@dataclass(frozen=True)
class KindPolicy:
    """How the engine treats one kind of indicator: every per-kind rule in one place.

    noise: the z-model of the numerator (``poisson`` counts, ``binomial`` shares, None: no z).
    significance: ``ci`` = CBS's confidence interval (``.ondergrens``/``.bovengrens``) must
    exclude the national value; ``z`` = |z| >= Z_CRIT (no z: no significance, class by band).
    rounding_range: which rounded figures bound the underlying numerator: ``count_and_rate``
    (both the count and the published rate), ``count``, ``published`` (the rate only) or
    ``exact`` (no range).
    """

    noise: Literal["poisson", "binomial"] | None
    significance: Literal["ci", "z"]
    rounding_range: Literal["count_and_rate", "count", "published", "exact"]
    #: a year counts only where the denominator has figures too (a survey needs none)
    years_need_denominator: bool = True
    #: numerator = published * denominator / scale, so sets stay a ratio of sums
    numerator_from_published: bool = False
    #: a set is always Σ over its members, never CBS's own figure (a ratio of averages)
    sum_over_members_always: bool = False
    #: a set has a value only where CBS publishes one (sample figures do not add up)
    sets_need_published: bool = False
    #: a count rounded to 0 whose range spans the national value: 'te kleine aantallen'
    zero_count_means_too_few: bool = False
    #: the value can never exceed ``scale`` (a part of the whole)
    capped_at_scale: bool = False


KIND_POLICY: dict[str, KindPolicy] = {
    "count": KindPolicy("poisson", "z", "count_and_rate", zero_count_means_too_few=True),
    "share": KindPolicy(
        "binomial", "z", "count", zero_count_means_too_few=True, capped_at_scale=True
    ),
    "average": KindPolicy(None, "z", "published", numerator_from_published=True),
    "survey": KindPolicy(
        None, "ci", "published", years_need_denominator=False, sets_need_published=True
    ),
    "ratio": KindPolicy(None, "z", "exact", sum_over_members_always=True),
}
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
        """The short name where there is one (legends, lists), else the title."""
        return self.short or self.title

    @property
    def source_text(self) -> str:
        """The CBS tables as one line: '85984NED, 83625NED'."""
        return ", ".join(self.sources)

    @property
    def policy(self) -> KindPolicy:
        """The per-kind rules of this indicator (``KIND_POLICY``)."""
        return KIND_POLICY[self.kind]


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
