"""Indicator engine, written once: value, national value, index, z, class and reason.

Every value is a ratio of sums (``scale * Σnumerator / Σdenominator``), so an aggregate over any
set of gemeenten (provincie, RIEC region, peer group, Nederland) is correct by construction.
Where CBS publishes the figure for an area itself, the published figure is the value and the
engine's own ratio is a check (see tests).

CBS rounds what it publishes (suspects to tens, many counts to fives, rates to whole numbers).
The engine therefore works with the *range* of underlying values that the published figures
allow (``Indicator.rounding`` gives the steps) and never calls a difference significant, or
paints it as an extreme class, when rounding alone could explain it.

``compute`` runs three steps: ``areas`` (the indicator's own levels), ``gemeente_sets``
(provincie, RIEC, peer groups, Nederland) and ``derive`` (value, z, class, reason, signal).
Every per-kind rule comes from ``Indicator.policy`` (``themes.spec.KIND_POLICY``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from data_pipeline.stats import (  # noqa: F401  (re-exported: engine.klasse, engine.BANDS, …)
    BANDS,
    compare_to_nl,
    count_range,
    is_signal,
    klasse,
    value_range,
    z_score,
)
from themes.spec import Indicator
from themes.vocab import Z_CRIT, Reason

#: observation status of a figure the offline snapshot lacks: ``offline:<table id>`` (set by the
#: build for snapshot builds only; a live build never has it)
STATUS_OFFLINE = "offline"
NOTE_ROUNDING = "verschil valt binnen de afronding door CBS"
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
    "numerator_low",
    "numerator_high",
    "is_signal",
]


def _series(obs: pd.DataFrame, measure: str | None) -> pd.DataFrame:
    """Observations of one measure indexed by (region_code, year): value and status."""
    if measure is None:
        index = pd.MultiIndex.from_arrays([[], []], names=["region_code", "year"])
        return pd.DataFrame({"value": pd.Series(dtype=float), "status": None}, index=index)
    sub = obs[obs["measure"] == measure]
    return sub.set_index(["region_code", "year"])[["value", "status"]]


def is_offline(status: object) -> bool:
    """Status of a figure the offline snapshot lacks: ``offline:<table id>``."""
    return isinstance(status, str) and status.startswith(STATUS_OFFLINE)


def offline_note(status: str) -> str:
    """Which table the offline snapshot lacks this figure in, and that the live source has it."""
    table = status.partition(":")[2] or "de brontabel"
    return (
        f"{table} is in de offline snapshot niet volledig; CBS publiceert dit cijfer wel "
        "(de live bron heeft het)"
    )


@dataclass(frozen=True)
class Measures:
    """One indicator's observations, each indexed by (region_code, year), and its years."""

    num: pd.DataFrame
    den: pd.DataFrame
    pub: pd.DataFrame
    lower: pd.DataFrame
    upper: pd.DataFrame
    key: pd.DataFrame  # region_code, year of the figure that decides where a value can exist
    years: list


def measures(ind: Indicator, obs: pd.DataFrame) -> Measures:
    """The indicator's measures taken from ``obs`` once (the steps below share them)."""
    ci = ind.policy.significance == "ci"
    key_measure = ind.published or ind.numerator
    years = sorted(obs.loc[obs["measure"] == key_measure, "year"].dropna().unique().tolist())
    if ind.policy.years_need_denominator and ind.denominator:
        den_years = set(obs.loc[obs["measure"] == ind.denominator, "year"].unique().tolist())
        years = [y for y in years if y in den_years]
    return Measures(
        *(_series(obs, m) for m in (ind.numerator, ind.denominator, ind.published)),
        _series(obs, f"{ind.published}.ondergrens" if ci else None),
        _series(obs, f"{ind.published}.bovengrens" if ci else None),
        obs.loc[obs["measure"] == key_measure, ["region_code", "year"]],
        years,
    )


def compute(
    ind: Indicator,
    obs: pd.DataFrame,
    region: pd.DataFrame,
    members: pd.DataFrame,
) -> pd.DataFrame:
    """All rows of ``indicator_value`` for one indicator: areas, sets, then derived values."""
    m = measures(ind, obs)
    own = areas(ind, m, region)
    rows = pd.concat([own, gemeente_sets(ind, m, own, region, members)], ignore_index=True)
    return derive(ind, rows)


def areas(ind: Indicator, m: Measures, region: pd.DataFrame) -> pd.DataFrame:
    """Step 1: areas at the indicator's own levels (gemeente/wijk/buurt), from their own figures.

    A level gets rows only for the years its key figure exists at that level.
    """
    level = region.set_index("code")["level"]
    key_levels = m.key.assign(level=m.key["region_code"].map(level)).dropna(subset=["level"])
    grid = pd.MultiIndex.from_tuples([], names=["region_code", "year"])
    for lv in ind.levels:
        lv_years = set(key_levels.loc[key_levels["level"] == lv, "year"]) & set(m.years)
        codes = region.loc[region["level"] == lv, "code"]
        part = pd.MultiIndex.from_product([codes, sorted(lv_years)], names=grid.names)
        grid = grid.append(part) if len(grid) else part
    base = pd.DataFrame(index=grid)
    base["num"] = m.num["value"].reindex(grid)
    base["den"] = m.den["value"].reindex(grid)
    base["pub"] = m.pub["value"].reindex(grid)
    base["lower"] = m.lower["value"].reindex(grid)
    base["upper"] = m.upper["value"].reindex(grid)
    base["status"] = (m.pub if ind.published else m.num)["status"].reindex(grid)
    # a numerator or denominator missing from the offline snapshot also explains a gap
    # (not for published figures: their value needs nothing else)
    for part in () if ind.published else (m.num, m.den):
        part_status = part["status"].reindex(grid)
        fill = part_status.map(is_offline).fillna(False).astype(bool) & ~base["status"].map(
            is_offline
        ).fillna(False).astype(bool)
        fill &= base["status"].isin([Reason.MISSING, "ok"]) | base["status"].isna()
        base.loc[fill, "status"] = part_status[fill]
    base = base.reset_index()
    base["note"] = [offline_note(s) if is_offline(s) else None for s in base["status"]]
    if ind.published and ind.policy.numerator_from_published:
        base["num"] = base["pub"] * base["den"] / ind.scale
    base["c"] = base["num"]  # the count as CBS published it (rounded)
    base["num_lo"], base["num_hi"], base["num"] = count_range(
        ind, base["num"], base["den"], base["pub"]
    )
    base["is_sum"] = False
    base["level"] = base["region_code"].map(level)
    return base


def gemeente_sets(
    ind: Indicator, m: Measures, own: pd.DataFrame, region: pd.DataFrame, members: pd.DataFrame
) -> pd.DataFrame:
    """Step 2: sets of gemeenten: CBS's own figure where it has one, else Σ over the members.

    CBS's totals for a set beat a sum over possibly incomplete members; a partial sum says
    over how many of its gemeenten it runs.
    """
    gm = own[own["level"] == "gemeente"]
    have = gm.dropna(subset=["num", "den"])
    agg = (
        members.merge(have, left_on="gemeente_code", right_on="region_code", how="inner")
        .groupby(["set_code", "year"])
        .agg(num=("num", "sum"), den=("den", "sum"), n=("num", "size"))
        .reset_index()
        .rename(columns={"set_code": "region_code"})
    )
    n_members = members.groupby("set_code").size()
    out = (
        pd.MultiIndex.from_product([n_members.index, m.years], names=["region_code", "year"])
        .to_frame(index=False)
        .merge(agg, on=["region_code", "year"], how="left")
    )
    out["n"] = out["n"].fillna(0).astype(int)
    key = pd.MultiIndex.from_frame(out[["region_code", "year"]])
    out["pub"] = m.pub["value"].reindex(key).values
    out["lower"] = m.lower["value"].reindex(key).values
    out["upper"] = m.upper["value"].reindex(key).values
    own_num = m.num["value"].reindex(key).values
    own_den = m.den["value"].reindex(key).values
    has_own = ~np.isnan(own_num.astype(float)) & ~np.isnan(own_den.astype(float))
    if ind.policy.sum_over_members_always:
        has_own[:] = False
    out.loc[has_own, "num"] = own_num[has_own]
    out.loc[has_own, "den"] = own_den[has_own]
    if ind.policy.sets_need_published:
        out.loc[out["pub"].isna(), ["num", "den"]] = np.nan
    total = out["region_code"].map(n_members)
    partial = (out["n"] > 0) & (out["n"] < total) & out["pub"].isna() & ~has_own
    out["note"] = np.where(
        partial,
        "op basis van " + out["n"].astype(str) + " van " + total.astype(str) + " gemeenten",
        None,
    )
    out["status"] = np.where(out["pub"].notna() | out["num"].notna(), "ok", None)
    out = out.drop(columns=["n"])
    out["c"] = out["num"]
    # own CBS figures are rounded like a gemeente's; a sum of best estimates is taken as exact
    # (rounding errors of many members largely cancel and the noise model dominates)
    if ind.published and ind.policy.numerator_from_published:
        out.loc[has_own, "num"] = out["pub"] * out["den"] / ind.scale
    lo, hi, best = count_range(ind, out["num"], out["den"], out["pub"])
    sum_rows = ~has_own
    out["num_lo"] = np.where(sum_rows, out["num"], lo)
    out["num_hi"] = np.where(sum_rows, out["num"], hi)
    out["num"] = np.where(sum_rows, out["num"], best)
    out["is_sum"] = sum_rows & out["pub"].isna().to_numpy()
    out["level"] = out["region_code"].map(region.set_index("code")["level"])
    return out


def derive(ind: Indicator, allrows: pd.DataFrame) -> pd.DataFrame:
    """Step 3: value, national value, index, ranges, z, significance, class, reason and notes.

    The value is the published figure where present, else the ratio of sums (above a minimum
    denominator); z and class are taken against the national range CBS's rounding allows.
    """
    allrows = allrows.copy()
    ratio = ind.scale * allrows["c"] / allrows["den"].where(allrows["den"] > 0)
    ratio = ratio.where(~allrows["is_sum"], ind.scale * allrows["num"] / allrows["den"])
    allrows["value"] = allrows["pub"].where(allrows["pub"].notna(), ratio)
    small = allrows["den"].notna() & (allrows["den"] < ind.min_denominator)
    allrows.loc[small & allrows["pub"].isna(), "value"] = np.nan

    nl_rows = allrows[allrows["region_code"] == "NL"].set_index("year")
    allrows["nl_value"] = allrows["year"].map(nl_rows["value"])
    allrows["index"] = 100 * allrows["value"] / allrows["nl_value"].where(allrows["nl_value"] != 0)

    v_lo, v_hi = value_range(
        ind, allrows["num_lo"], allrows["num_hi"], allrows["den"], allrows["pub"], allrows["value"]
    )
    sum_rows = allrows["is_sum"].to_numpy()
    v = allrows["value"].to_numpy(dtype=float)
    v_lo, v_hi = np.where(sum_rows, v, v_lo), np.where(sum_rows, v, v_hi)
    allrows["v_lo"], allrows["v_hi"] = v_lo, v_hi
    nl_range = allrows[allrows["region_code"] == "NL"].set_index("year")
    nl_lo = allrows["year"].map(nl_range["v_lo"])
    nl_hi = allrows["year"].map(nl_range["v_hi"])

    # A count CBS rounded to 0 whose range spans the national value says nothing: too few.
    spans = (allrows["v_lo"] <= nl_hi) & (allrows["v_hi"] >= nl_lo)
    too_few = (
        allrows["pub"].isna()
        & ~allrows["is_sum"]
        & (allrows["c"] == 0)
        & spans
        & (ind.rounding.numerator > 0)
        & ind.policy.zero_count_means_too_few
    )
    allrows.loc[too_few, ["value", "index", "v_lo", "v_hi"]] = np.nan

    z, index_near, within = compare_to_nl(
        ind,
        allrows["value"],
        allrows["nl_value"],
        allrows["v_lo"],
        allrows["v_hi"],
        nl_lo,
        nl_hi,
        allrows["den"],
    )
    has_value = ~np.isnan(allrows["value"].to_numpy(dtype=float))
    allrows["z"] = np.where(has_value, z, np.nan)
    allrows["is_significant"] = _significance(ind, allrows, within)
    allrows["klasse"] = [
        klasse(i, s) if h else None
        for i, s, h in zip(index_near, allrows["is_significant"], has_value, strict=True)
    ]
    band = [klasse(i, True) for i in allrows["index"].astype(float)]
    explained = [
        w and b not in (None, 3) and k == 3
        for w, b, k in zip(within, band, allrows["klasse"], strict=True)
    ]
    allrows.loc[np.array(explained, dtype=bool) & allrows["note"].isna(), "note"] = NOTE_ROUNDING
    allrows["reason"] = _reason(allrows, small, too_few)
    allrows.loc[allrows["reason"] == Reason.SMALL, "note"] = None
    allrows.loc[allrows["value"].notna() & allrows["status"].map(is_offline), "note"] = None
    allrows = _mark_breaks(ind, allrows)
    allrows["is_signal"] = is_signal(allrows.assign(higher_is_riskier=ind.higher_is_riskier))
    allrows["indicator_id"] = ind.id
    out = allrows.rename(
        columns={
            "num": "numerator",
            "den": "denominator",
            "num_lo": "numerator_low",
            "num_hi": "numerator_high",
        }
    )
    out["klasse"] = out["klasse"].astype("Int64")
    out["year"] = out["year"].astype(int)
    return out[VALUE_COLUMNS]


def _mark_breaks(ind: Indicator, rows: pd.DataFrame) -> pd.DataFrame:
    """Values before a series break carry the break's text as their note."""
    for first_year, text in ind.breaks:
        before = (rows["year"] < first_year) & rows["value"].notna()
        rows.loc[before, "note"] = [
            text if not isinstance(n, str) else f"{text}; {n}" for n in rows.loc[before, "note"]
        ]
    return rows


def _significance(ind: Indicator, rows: pd.DataFrame, within: np.ndarray) -> list[bool | None]:
    """z beyond ±1.96, or the CBS confidence interval excluding the national value.

    A difference that CBS's rounding alone could explain (``within``) is never significant.
    """
    out: list[bool | None] = []
    for z, lo, hi, nl, v, w in zip(
        rows["z"], rows["lower"], rows["upper"], rows["nl_value"], rows["value"], within
    ):
        if v is None or np.isnan(v):
            out.append(None)
        elif ind.policy.significance == "ci":
            ok = not (np.isnan(lo) or np.isnan(hi) or np.isnan(nl))
            out.append(bool((nl < lo or nl > hi) and not w) if ok else None)
        elif z is not None and not np.isnan(z):
            out.append(bool(abs(z) >= Z_CRIT and not w))
        else:
            out.append(None)
    return out


def _reason(rows: pd.DataFrame, small: pd.Series, too_few: pd.Series) -> list[str | None]:
    """Why a value is empty, in the one vocabulary ``themes.vocab.Reason``."""
    out: list[str | None] = []
    for value, status, is_small, pub, few in zip(
        rows["value"], rows["status"], small, rows["pub"], too_few
    ):
        if not np.isnan(value):
            out.append(None)
        elif (is_small and np.isnan(pub)) or few:
            out.append(Reason.SMALL)
        elif is_offline(status):
            out.append(Reason.OFFLINE)
        elif status == Reason.SECRET:
            out.append(Reason.SECRET)
        elif status in (Reason.MISSING, "ok"):
            out.append(Reason.MISSING)
        else:
            out.append(Reason.NOT_IN_SOURCE)
    return out
