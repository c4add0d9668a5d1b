"""Indicator engine, written once: value, national value, index, z, class and reason.

Every value is a ratio of sums (``scale * Σnumerator / Σdenominator``), so an aggregate over any
set of gemeenten (provincie, RIEC region, peer group, Nederland) is correct by construction.
Where CBS publishes the figure for an area itself, the published figure is the value and the
engine's own ratio is a check (see tests).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from themes.spec import Indicator

# Index bands, symmetric on a ratio scale: ÷1.5, ÷1.11, ×1.11, ×1.5.
BANDS = (100 / 1.5, 100 / 1.11, 111.0, 150.0)
Z_CRIT = 1.96
SET_LEVELS = ("nederland", "provincie", "riec", "stedelijkheid", "grootteklasse")

REASON_MISSING = "geen gegevens"
REASON_SECRET = "onderdrukt"
REASON_NOT_IN_SOURCE = "niet in deze bron"
REASON_SMALL = "te kleine aantallen"

VALUE_COLUMNS = [
    "indicator_id",
    "region_code",
    "level",
    "year",
    "numerator",
    "denominator",
    "value",
    "nl_value",
    "index",
    "z",
    "lower",
    "upper",
    "is_significant",
    "klasse",
    "reason",
    "note",
]


def _series(obs: pd.DataFrame, measure: str | None) -> pd.DataFrame:
    """Observations of one measure indexed by (region_code, year): value and status."""
    if measure is None:
        index = pd.MultiIndex.from_arrays([[], []], names=["region_code", "year"])
        return pd.DataFrame({"value": pd.Series(dtype=float), "status": None}, index=index)
    sub = obs[obs["measure"] == measure]
    return sub.set_index(["region_code", "year"])[["value", "status"]]


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


def z_score(ind: Indicator, num: float, den: float, nl_value: float) -> float | None:
    """Poisson (counts) or binomial (shares) z against the national rate; None if untestable."""
    if ind.kind not in ("count", "share") or any(
        v is None or (isinstance(v, float) and math.isnan(v)) for v in (num, den, nl_value)
    ):
        return None
    p0 = nl_value / ind.scale
    expected = p0 * den
    var = expected if ind.kind == "count" else den * p0 * (1 - p0)
    if var <= 0:
        return None
    return (num - expected) / math.sqrt(var)


def compute(
    ind: Indicator,
    obs: pd.DataFrame,
    region: pd.DataFrame,
    members: pd.DataFrame,
) -> pd.DataFrame:
    """All rows of ``indicator_value`` for one indicator."""
    num_s, den_s, pub_s = (_series(obs, m) for m in (ind.numerator, ind.denominator, ind.published))
    lo_s = _series(obs, f"{ind.published}.ondergrens" if ind.kind == "survey" else None)
    hi_s = _series(obs, f"{ind.published}.bovengrens" if ind.kind == "survey" else None)
    key_measure = ind.published or ind.numerator
    years = sorted(obs.loc[obs["measure"] == key_measure, "year"].dropna().unique().tolist())
    if ind.kind != "survey" and ind.denominator:
        den_years = set(obs.loc[obs["measure"] == ind.denominator, "year"].unique().tolist())
        years = [y for y in years if y in den_years]
    level = region.set_index("code")["level"]

    # 1. Areas at the indicator's own levels (gemeente/wijk/buurt), from their own figures.
    own_codes = region.loc[region["level"].isin(ind.levels), "code"]
    grid = pd.MultiIndex.from_product([own_codes, years], names=["region_code", "year"])
    base = pd.DataFrame(index=grid)
    base["num"] = num_s["value"].reindex(grid)
    base["den"] = den_s["value"].reindex(grid)
    base["pub"] = pub_s["value"].reindex(grid)
    base["lower"] = lo_s["value"].reindex(grid)
    base["upper"] = hi_s["value"].reindex(grid)
    base["status"] = (pub_s if ind.published else num_s)["status"].reindex(grid)
    base = base.reset_index()
    if ind.published and ind.kind == "average":
        base["num"] = base["pub"] * base["den"] / ind.scale
    base["note"] = None

    # 2. Sets of gemeenten: published figure where CBS has one, else Σ over the members.
    gm = base[base["region_code"].map(level) == "gemeente"].copy()
    have = gm.dropna(subset=["num", "den"])
    agg = (
        members.merge(have, left_on="gemeente_code", right_on="region_code", how="inner")
        .groupby(["set_code", "year"])
        .agg(num=("num", "sum"), den=("den", "sum"), n=("num", "size"))
        .reset_index()
        .rename(columns={"set_code": "region_code"})
    )
    n_members = members.groupby("set_code").size()
    sets = (
        pd.MultiIndex.from_product([n_members.index, years], names=["region_code", "year"])
        .to_frame(index=False)
        .merge(agg, on=["region_code", "year"], how="left")
    )
    sets["n"] = sets["n"].fillna(0).astype(int)
    key = pd.MultiIndex.from_frame(sets[["region_code", "year"]])
    sets["pub"] = pub_s["value"].reindex(key).values
    sets["lower"] = lo_s["value"].reindex(key).values
    sets["upper"] = hi_s["value"].reindex(key).values
    own_num = num_s["value"].reindex(key).values
    own_den = den_s["value"].reindex(key).values
    has_own = ~np.isnan(own_num.astype(float)) & ~np.isnan(own_den.astype(float))
    if ind.kind == "ratio":  # a ratio of averages: always Σ over the member gemeenten
        has_own[:] = False
    # CBS's own totals for a set beat a sum over possibly incomplete members
    sets.loc[has_own, "num"] = own_num[has_own]
    sets.loc[has_own, "den"] = own_den[has_own]
    if ind.kind == "survey":
        sets.loc[sets["pub"].isna(), ["num", "den"]] = np.nan
    total = sets["region_code"].map(n_members)
    partial = (sets["n"] > 0) & (sets["n"] < total) & sets["pub"].isna() & ~has_own
    sets["note"] = np.where(
        partial,
        "op basis van " + sets["n"].astype(str) + " van " + total.astype(str) + " gemeenten",
        None,
    )
    sets["status"] = np.where(sets["pub"].notna() | sets["num"].notna(), "ok", None)
    sets = sets.drop(columns=["n"])
    allrows = pd.concat([base, sets], ignore_index=True)

    # 3. Value: published where present, else the ratio of sums (above a minimum denominator).
    ratio = ind.scale * allrows["num"] / allrows["den"].where(allrows["den"] > 0)
    allrows["value"] = allrows["pub"].where(allrows["pub"].notna(), ratio)
    small = allrows["den"].notna() & (allrows["den"] < ind.min_denominator)
    allrows.loc[small & allrows["pub"].isna(), "value"] = np.nan
    allrows["level"] = allrows["region_code"].map(level)

    nl = allrows[allrows["region_code"] == "NL"].set_index("year")["value"]
    allrows["nl_value"] = allrows["year"].map(nl)
    allrows["index"] = 100 * allrows["value"] / allrows["nl_value"].where(allrows["nl_value"] != 0)
    # z against the exact national rate (CBS rounds published rates, e.g. to whole numbers)
    nl_rows = allrows[allrows["region_code"] == "NL"].set_index("year")
    exact = ind.scale * nl_rows["num"] / nl_rows["den"].where(nl_rows["den"] > 0)
    nl_rate = allrows["year"].map(exact.where(exact.notna(), nl_rows["value"]))
    allrows["z"] = [
        z_score(ind, n, d, v) if not np.isnan(val) else None
        for n, d, v, val in zip(
            allrows["num"], allrows["den"], nl_rate, allrows["value"].astype(float)
        )
    ]
    allrows["is_significant"] = _significance(ind, allrows)
    allrows["klasse"] = [
        klasse(i, s) for i, s in zip(allrows["index"].astype(float), allrows["is_significant"])
    ]
    allrows["reason"] = _reason(allrows, small)
    allrows["indicator_id"] = ind.id
    out = allrows.rename(columns={"num": "numerator", "den": "denominator"})
    out["klasse"] = out["klasse"].astype("Int64")
    out["year"] = out["year"].astype(int)
    return out[VALUE_COLUMNS]


def _significance(ind: Indicator, rows: pd.DataFrame) -> list[bool | None]:
    """z beyond ±1.96, or the CBS confidence interval excluding the national value."""
    out: list[bool | None] = []
    for z, lo, hi, nl, v in zip(
        rows["z"], rows["lower"], rows["upper"], rows["nl_value"], rows["value"]
    ):
        if v is None or np.isnan(v):
            out.append(None)
        elif ind.kind == "survey":
            ok = not (np.isnan(lo) or np.isnan(hi) or np.isnan(nl))
            out.append(bool(nl < lo or nl > hi) if ok else None)
        elif z is not None and not np.isnan(z):
            out.append(bool(abs(z) >= Z_CRIT))
        else:
            out.append(None)
    return out


def _reason(rows: pd.DataFrame, small: pd.Series) -> list[str | None]:
    out: list[str | None] = []
    for value, status, is_small, pub in zip(rows["value"], rows["status"], small, rows["pub"]):
        if not np.isnan(value):
            out.append(None)
        elif is_small and np.isnan(pub):
            out.append(REASON_SMALL)
        elif status == "onderdrukt":
            out.append(REASON_SECRET)
        elif status == "geen gegevens":
            out.append(REASON_MISSING)
        elif status == "ok":
            out.append(REASON_MISSING)
        else:
            out.append(REASON_NOT_IN_SOURCE)
    return out
