"""The engine's three steps and the signal rule on small hand-built frames (no database).

Synthetic figures are fine here: they test the method, never appear in the product.
"""

from __future__ import annotations

import typing

import numpy as np
import pandas as pd
import pytest

from data_pipeline import engine
from data_pipeline.stats import is_signal
from themes.spec import KIND_POLICY, Indicator, Kind, Rounding
from themes.vocab import Reason


def _ind(kind: str, **kw) -> Indicator:
    base = dict(
        id=f"drugs.synthetic_{kind}",
        theme="drugs",
        title="t",
        description="d",
        caveat="c",
        unit="per 1.000",
        numerator="n",
        denominator="d",
        scale=1_000,
        kind=kind,
    )
    return Indicator(**{**base, **kw})


COUNT = _ind("count")
SHARE = _ind("share", unit="%", scale=100, rounding=Rounding(numerator=5))
AVERAGE = _ind("average", numerator=None, published="r", scale=100, unit="%")
RATIO = _ind("ratio", scale=1, unit="× inkomen")
SURVEY = _ind("survey", numerator=None, denominator=None, published="s", scale=100, unit="%")
SETS = {"NL": ["GM0001", "GM0002", "GM0003"], "PV01": ["GM0001", "GM0002"]}


def _frames(rows: dict[str, dict[str, float | None]], year: int = 2024):
    """obs / region / members from {code: {measure: value}}; gemeenten in two sets."""
    obs = [
        (measure, code, year, np.nan if v is None else float(v), "ok" if v is not None else None)
        for code, measures in rows.items()
        for measure, v in measures.items()
    ]
    obs_df = pd.DataFrame(obs, columns=["measure", "region_code", "year", "value", "status"])
    obs_df["status"] = obs_df["status"].fillna(Reason.MISSING)
    region = pd.DataFrame(
        {
            "code": ["NL", "PV01", "GM0001", "GM0002", "GM0003"],
            "level": ["nederland", "provincie", "gemeente", "gemeente", "gemeente"],
        }
    )
    members = pd.DataFrame(
        [(s, g) for s, gms in SETS.items() for g in gms], columns=["set_code", "gemeente_code"]
    )
    return obs_df, region, members


def _run(ind: Indicator, rows: dict) -> pd.DataFrame:
    return engine.compute(ind, *_frames(rows)).set_index("region_code")


def test_every_kind_has_one_policy() -> None:
    assert set(KIND_POLICY) == set(typing.get_args(Kind))
    assert COUNT.policy.noise == "poisson" and SHARE.policy.noise == "binomial"
    assert SURVEY.policy.significance == "ci" and RATIO.policy.sum_over_members_always


def test_steps_compose_to_compute() -> None:
    obs, region, members = _frames(
        {"GM0001": {"n": 10, "d": 1_000}, "GM0002": {"n": 30, "d": 2_000}}
    )
    m = engine.measures(COUNT, obs)
    assert m.years == [2024]
    own = engine.areas(COUNT, m, region)
    assert list(own["region_code"]) == ["GM0001", "GM0002", "GM0003"]
    sets = engine.gemeente_sets(COUNT, m, own, region, members).set_index("region_code")
    assert sets.loc["PV01", ["num", "den"]].tolist() == [40, 3_000]
    out = engine.derive(COUNT, pd.concat([own, sets.reset_index()], ignore_index=True))
    pd.testing.assert_frame_equal(out, engine.compute(COUNT, obs, region, members))
    assert list(out.columns) == engine.VALUE_COLUMNS


def test_a_set_is_the_ratio_of_sums_with_a_note_when_partial() -> None:
    out = _run(COUNT, {"GM0001": {"n": 10, "d": 1_000}, "GM0002": {"n": 30, "d": 2_000}})
    # Σn / Σd = 40 / 3.000, not the mean of 10 and 15 per 1.000
    assert out.loc["PV01", "value"] == pytest.approx(40 / 3)
    assert pd.isna(out.loc["PV01", "note"])
    assert out.loc["NL", "value"] == pytest.approx(40 / 3)
    assert out.loc["NL", "note"] == "op basis van 2 van 3 gemeenten"
    # no figure at all in the source: named as such, never 0
    assert np.isnan(out.loc["GM0003", "value"])
    assert out.loc["GM0003", "reason"] == Reason.NOT_IN_SOURCE


def test_cbs_own_figures_for_a_set_beat_the_sum() -> None:
    rows = {
        "NL": {"n": 90, "d": 6_000},  # CBS's own total: 15 per 1.000
        "GM0001": {"n": 10, "d": 1_000},
        "GM0002": {"n": 30, "d": 2_000},
    }
    out = _run(COUNT, rows)
    assert out.loc["NL", "value"] == 15 and pd.isna(out.loc["NL", "note"])
    # a ratio of averages is always Σ over the members, even where CBS has its own figures
    ratio = _run(RATIO, rows)
    assert ratio.loc["NL", "value"] == pytest.approx(40 / 3_000)


def test_a_published_figure_beats_the_sum() -> None:
    rows = {
        "NL": {"d": 10_000, "r": 20},
        "PV01": {"d": 3_000, "r": 12},
        "GM0001": {"d": 1_000, "r": 10},
        "GM0002": {"d": 2_000, "r": 25},
    }
    out = _run(AVERAGE, rows)
    assert out.loc["PV01", "value"] == 12  # published, not Σ (= 20 %)
    # averages aggregate through numerator = published × denominator / scale
    assert out.loc["GM0002", "numerator"] == pytest.approx(500)
    assert out.loc["NL", "value"] == 20 and out.loc["GM0001", "value"] == 10


def test_below_min_denominator_is_too_few() -> None:
    ind = _ind("share", unit="%", scale=100, min_denominator=50)
    out = _run(ind, {"GM0001": {"n": 5, "d": 40}, "GM0002": {"n": 30, "d": 200}})
    assert np.isnan(out.loc["GM0001", "value"])
    assert out.loc["GM0001", "reason"] == Reason.SMALL and out.loc["GM0001", "note"] is None
    assert out.loc["GM0002", "value"] == 15 and pd.isna(out.loc["GM0002", "reason"])


def test_survey_significance_from_the_confidence_interval() -> None:
    rows = {
        "NL": {"s": 10.0, "s.ondergrens": 9.8, "s.bovengrens": 10.2},
        "GM0001": {"s": 16.0, "s.ondergrens": 12.0, "s.bovengrens": 20.0},  # excludes 10
        "GM0002": {"s": 16.0, "s.ondergrens": 8.0, "s.bovengrens": 24.0},  # includes 10
    }
    out = _run(SURVEY, rows)
    assert bool(out.loc["GM0001", "is_significant"]) and out.loc["GM0001", "klasse"] == 5
    assert out.loc["GM0002", "is_significant"] is False and out.loc["GM0002", "klasse"] == 3
    assert np.isnan(out.loc["GM0001", "z"])  # a survey has no z, only CBS's margins
    # sample figures do not add up: a set without its own published figure stays empty
    assert np.isnan(out.loc["PV01", "value"])


def test_a_difference_rounding_explains_is_not_significant() -> None:
    ind = _ind("count", rounding=Rounding(numerator=10, denominator=100))
    rows = {
        "NL": {"n": 100_000, "d": 10_000_000},  # 10 per 1.000
        "GM0001": {"n": 10, "d": 800},  # 12,5 per 1.000, but 5..15 of 750..850 overlaps 10
        "GM0002": {"n": 5_000, "d": 100_000},  # 50 per 1.000: far beyond any rounding
    }
    out = _run(ind, rows)
    row = out.loc["GM0001"]
    assert row["value"] == 12.5 and row["z"] == 0 and row["is_significant"] is False
    assert row["klasse"] == 3 and row["note"] == engine.NOTE_ROUNDING
    assert bool(out.loc["GM0002", "is_significant"]) and out.loc["GM0002", "klasse"] == 5


def test_the_signal_rule() -> None:
    rows = pd.DataFrame(
        {
            "value": [150.0, 150.0, 150.0, np.nan, np.nan, 150.0, 90.0],
            "is_significant": [True, False, None, None, None, True, True],
            "klasse": [5, 3, 4, None, None, 5, 2],
            "reason": [None, None, None, Reason.SMALL, Reason.MISSING, None, None],
            "higher_is_riskier": [True, True, True, True, True, False, True],
        }
    )
    got = is_signal(rows).tolist()
    # significant and high; not significant; no noise model but hoger; tested but too few;
    # no outcome; not a risk indicator; significantly lower
    assert got == [True, False, True, False, pd.NA, pd.NA, False]


def test_the_engine_stores_the_signal_rule() -> None:
    rows = {
        "NL": {"n": 100_000, "d": 10_000_000},
        "GM0001": {"n": 5_000, "d": 100_000},
        "GM0002": {"n": 100, "d": 10_000},
    }
    out = _run(COUNT, rows)
    assert out["is_signal"].dtype == "boolean"
    assert out.loc["GM0001", "is_signal"] and not out.loc["GM0002", "is_signal"]
    assert out.loc["GM0003", "is_signal"] is pd.NA
    safe = _run(_ind("count", higher_is_riskier=False), rows)
    assert safe["is_signal"].isna().all()
