"""The statistics of the comparison with Nederland, shared by the engine and the funnel plot.

Deviation classes (index bands), the Poisson/binomial z-score, the ranges CBS's rounding
allows, and the funnel plot's control limits: pure functions on numbers and arrays, no
database, so unit tests call them directly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from themes.spec import KIND_POLICY, Indicator
from themes.vocab import Reason

# Index bands, symmetric on a ratio scale: ÷1.5, ÷1.11, ×1.11, ×1.5.
BANDS = (100 / 1.5, 100 / 1.11, 111.0, 150.0)

#: z-values of the funnel plot's control limits (95% and 99.8% two-sided).
FUNNEL_Z: dict[str, float] = {"95%": 1.959964, "99,8%": 3.090232}


def klasse(index: float | None, significant: bool | None) -> int | None:
    """Five deviation classes; a deviation that is within noise counts as 'gemiddeld'."""
    if index is None or (isinstance(index, float) and math.isnan(index)):
        return None
    if significant is False:
        return 3
    if index <= BANDS[0]:
        return 1
    if index < BANDS[1]:
        return 2
    if index <= BANDS[2]:
        return 3
    if index < BANDS[3]:
        return 4
    return 5


def is_signal(rows: pd.DataFrame) -> pd.Series:
    """The signal rule, defined once: a risk indicator (``higher_is_riskier``) with a value that
    is significant (or has no noise model) and is hoger or veel hoger (``klasse >= 4``).

    True: a signal; False: tested without a signal (a value, or 'te kleine aantallen'); NA: not
    tested (no risk indicator, or no outcome). The engine stores it as
    ``indicator_value.is_signal``; ``signal.sql`` counts it, the profile lists it.
    """
    has_value = pd.to_numeric(rows["value"], errors="coerce").notna()
    significant = rows["is_significant"].astype("boolean").fillna(True)
    high = pd.to_numeric(rows["klasse"], errors="coerce").fillna(0) >= 4
    signal = (has_value & significant & high).astype("boolean")
    tested = has_value | (rows["reason"] == Reason.SMALL)
    risk = rows["higher_is_riskier"].astype("boolean").fillna(False)
    return signal.where(tested & risk, pd.NA)


def z_score(ind: Indicator, num: float, den: float, nl_value: float) -> float | None:
    """Poisson (counts) or binomial (shares) z against the national rate; None if untestable."""
    noise = ind.policy.noise
    if noise is None or any(
        v is None or (isinstance(v, float) and math.isnan(v)) for v in (num, den, nl_value)
    ):
        return None
    p0 = nl_value / ind.scale
    expected = p0 * den
    var = expected if noise == "poisson" else den * p0 * (1 - p0)
    if var <= 0:
        return None
    return (num - expected) / math.sqrt(var)


def _arr(values: object) -> np.ndarray:
    return np.asarray(values, dtype="float64")


def count_range(
    ind: Indicator, num: object, den: object, pub: object
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Range ``[low, high]`` of the underlying numerator that CBS's rounded figures allow.

    A count ``c`` rounded to a step ``s`` lies in ``[c - s/2, c + s/2]`` (never below 0); a
    published rate ``r`` rounded to ``t`` per ``scale`` of ``den`` puts it in
    ``[(r - t/2), (r + t/2)] * den / scale``. Both hold, so the count lies in their
    intersection (if the two disagree, e.g. through a derived denominator, in their hull).
    The best estimate is the published count moved into that range (the middle if no count).
    For averages the numerator is ``published * den / scale`` and only the rate's step counts.
    """
    c, d, r = _arr(num), _arr(den), _arr(pub)
    step_n, step_p = ind.rounding.numerator, ind.rounding.published
    with np.errstate(invalid="ignore"):
        r_lo = np.maximum(r - step_p / 2, 0) * d / ind.scale
        r_hi = (r + step_p / 2) * d / ind.scale
    bounds = ind.policy.rounding_range
    if bounds == "published":
        return r_lo, r_hi, c
    if bounds == "exact":
        return c.copy(), c.copy(), c
    c_lo, c_hi = np.maximum(c - step_n / 2, 0), c + step_n / 2
    if bounds == "count_and_rate":
        has_r = ~np.isnan(r_lo) & ~np.isnan(r_hi)
        has_c = ~np.isnan(c)
        both = has_r & has_c
        lo, hi = np.fmax(c_lo, r_lo), np.fmin(c_hi, r_hi)
        empty = both & (lo > hi)
        lo = np.where(empty, np.fmin(c_lo, r_lo), lo)
        hi = np.where(empty, np.fmax(c_hi, r_hi), hi)
    else:
        lo, hi = c_lo, c_hi
    best = np.where(np.isnan(c), (lo + hi) / 2, np.clip(c, lo, hi))
    return lo, hi, best


def value_range(
    ind: Indicator, n_lo: object, n_hi: object, den: object, pub: object, value: object
) -> tuple[np.ndarray, np.ndarray]:
    """Range of the underlying value (in the indicator's unit) that the published figures allow."""
    v, d, r = _arr(value), _arr(den), _arr(pub)
    step_p = ind.rounding.published
    if ind.policy.rounding_range == "published":
        lo = np.where(np.isnan(r), v, np.maximum(r - step_p / 2, 0))
        hi = np.where(np.isnan(r), v, r + step_p / 2)
        return lo, hi
    if ind.policy.rounding_range == "exact":
        return v.copy(), v.copy()
    step_d = ind.rounding.denominator
    d_lo = np.maximum(d - step_d / 2, 0)
    d_hi = d + step_d / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        lo = ind.scale * _arr(n_lo) / np.where(d_hi > 0, d_hi, np.nan)
        hi = ind.scale * _arr(n_hi) / np.where(d_lo > 0, d_lo, np.nan)
    if ind.policy.capped_at_scale:
        hi = np.fmin(hi, ind.scale)
    hi = np.where(np.isnan(hi) & ~np.isnan(lo), np.inf, hi)  # e.g. a denominator rounded to 0
    lo, hi = np.where(np.isnan(v), np.nan, lo), np.where(np.isnan(v), np.nan, hi)
    # the value shown must lie in its own range (a published rate may round differently)
    return np.fmin(lo, v), np.fmax(hi, v)


def compare_to_nl(
    ind: Indicator,
    value: object,
    nl_value: object,
    v_lo: object,
    v_hi: object,
    nl_lo: object,
    nl_hi: object,
    den: object,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """z, the index nearest to 100 that the rounding allows, and whether rounding explains all.

    If the value's range and the national range overlap (or the published figures are equal
    at the indicator's precision), rounding alone could explain the difference: z = 0 and the
    index is 100. Otherwise z compares the nearest ends of both ranges: Poisson for counts
    (expected = national rate × denominator), binomial for shares; so z never points against
    the published comparison.
    """
    v, nl = _arr(value), _arr(nl_value)
    v_lo, v_hi, nl_lo, nl_hi, d = map(_arr, (v_lo, v_hi, nl_lo, nl_hi, den))
    nl_lo, nl_hi = np.fmin(nl_lo, nl), np.fmax(nl_hi, nl)
    equal = np.round(v, ind.decimals) == np.round(nl, ind.decimals)
    overlap = (v_lo <= nl_hi) & (v_hi >= nl_lo)
    within = equal | overlap
    above = v_lo > nl_hi
    v_near = np.where(above, v_lo, v_hi)
    nl_near = np.where(above, nl_hi, nl_lo)
    with np.errstate(divide="ignore", invalid="ignore"):
        index_near = np.where(within, 100.0, 100 * v_near / np.where(nl_near != 0, nl_near, np.nan))
        p0 = nl_near / ind.scale
        noise = ind.policy.noise
        if noise == "poisson":
            var = p0 * d
        elif noise == "binomial":
            var = d * p0 * (1 - p0)
        else:
            var = np.full_like(v, np.nan)
        z = (v_near - nl_near) / ind.scale * d / np.sqrt(np.where(var > 0, var, np.nan))
    z = np.where(within & ~np.isnan(v) & ~np.isnan(nl), 0.0, z)
    if noise is None:
        z = np.full_like(v, np.nan)
    # safeguard: z follows the published comparison (value vs national value), never against it
    against = (z * (v - nl)) < 0
    z = np.where(against, 0.0, z)
    within = within | against
    return z, index_near, within


def funnel_limits(
    nl_value: float, scale: float, kind: str, denominators: Sequence[float], z: float
) -> tuple[list[float], list[float]]:
    """Lower and upper control limits around the national value for each denominator.

    count: nl ± z·sqrt(nl·scale/den) (Poisson); share: binomial on p = nl/scale.
    Other kinds have no noise model: the limits collapse onto the national value.
    """
    policy = KIND_POLICY[kind]
    lows, highs = [], []
    for den in denominators:
        if not den or den <= 0 or policy.noise is None:
            half = 0.0
        elif policy.noise == "poisson":
            half = z * math.sqrt(max(nl_value, 0.0) * scale / den)
        else:
            p = min(max(nl_value / scale, 0.0), 1.0)
            half = z * scale * math.sqrt(p * (1 - p) / den)
        low, high = nl_value - half, nl_value + half
        lows.append(max(low, 0.0))
        highs.append(min(high, scale) if policy.capped_at_scale else high)
    return lows, highs


def funnel_grid(denominators: Sequence[float], n: int = 120) -> list[float]:
    """Log-spaced denominators spanning the data, for smooth control-limit curves."""
    dens = [d for d in denominators if d and d > 0]
    if not dens:
        return []
    lo, hi = math.log10(min(dens)), math.log10(max(dens))
    if hi - lo < 1e-9:
        return [min(dens)]
    return [10 ** (lo + (hi - lo) * k / (n - 1)) for k in range(n)]
