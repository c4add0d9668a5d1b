"""Indicator engine pieces: classes, z-scores and the registry's validation."""

from __future__ import annotations

import dataclasses

import pytest

import themes
from data_pipeline.engine import klasse, z_score
from themes.spec import Theme


def test_klasse_bands_and_noise() -> None:
    assert klasse(50.0, True) == 1
    assert klasse(80.0, True) == 2
    assert klasse(100.0, None) == 3
    assert klasse(130.0, True) == 4
    assert klasse(200.0, True) == 5
    assert klasse(200.0, False) == 3  # within noise: 'gemiddeld', never painted as extreme
    assert klasse(None, None) is None


def test_small_gemeente_has_smaller_z_than_large_at_same_rate() -> None:
    ind = themes.get_indicator("drugs.verdachten_drugs_per_10k")
    nl = 7.0  # per 10.000
    small = z_score(ind, num=3, den=2_000, nl_value=nl)  # 15 per 10.000
    large = z_score(ind, num=1_500, den=1_000_000, nl_value=nl)  # 15 per 10.000
    assert small is not None and large is not None
    assert 0 < small < 1.96 < large


def test_share_uses_binomial_z() -> None:
    ind = themes.get_indicator("pgb.aandeel_pgb")
    z = z_score(ind, num=30, den=100, nl_value=20.0)
    assert z == pytest.approx((30 - 20) / (100 * 0.2 * 0.8) ** 0.5)
    assert z_score(themes.get_indicator("vastgoed.woz"), 1, 1, 1) is None


def test_registry_contract_ids() -> None:
    ids = {i.id for i in themes.all_indicators()}
    required = {
        "drugs.verdachten_drugs_per_10k",
        "drugs.aandeel_drugsverdachten",
        "drugs.misdrijven_per_1000",
        "drugs.drugshandel_buurt",
        "vastgoed.woz",
        "vastgoed.koopwoningen",
        "vastgoed.particuliere_verhuur",
        "vastgoed.onbewoond",
        "vastgoed.prijs_inkomen",
        "vastgoed.woningsplitsing",
        "vakantieparken.logies_naar_woon",
        "vakantieparken.woon_naar_logies",
        "pgb.wmo_pgb_per_1000",
        "pgb.aandeel_pgb",
        "branches.vestigingen_per_1000",
        "branches.aandeel_handel_horeca",
        "branches.aandeel_financieel_vastgoed",
    }
    assert required <= ids
    with pytest.raises(KeyError):
        themes.get_indicator("drugs.onbekend")


def test_registry_rejects_bad_definitions() -> None:
    good = themes.get_indicator("vastgoed.woz")
    bad = dataclasses.replace(good, id="drugs.woz")
    with pytest.raises(ValueError, match="hoort niet bij thema"):
        themes._validate((Theme("vastgoed", "x", "x", (bad,)),))
    dup = Theme("vastgoed", "x", "x", (good, good))
    with pytest.raises(ValueError, match="dubbele id"):
        themes._validate((dup,))


def test_every_catalog_measure_is_used() -> None:
    """PUDL's habit: a topic loaded but used by no indicator or derived measure is dead weight."""
    from data_pipeline.build import derived_measures
    from data_pipeline.catalog import TABLES

    derived = "\n".join(derived_measures().values())
    used = {
        m for i in themes.all_indicators() for m in (i.numerator, i.denominator, i.published) if m
    }
    from data_pipeline import similarity

    used |= similarity.measures()  # structural traits of vergelijkbare gemeenten
    for table in TABLES:
        for topic in table.topics:
            names = [topic.measure + suffix for suffix in ["", *table.split.values()]]
            assert any(n in used or f"'{n}'" in derived for n in names), topic.measure


def test_each_derived_measure_file_inserts_only_its_own_measure() -> None:
    """One SQL file per derived measure: the file name is the only measure it writes."""
    import re

    from data_pipeline.build import derived_measures

    files = derived_measures()
    assert "verdachten.bevolking_n" in files and len(files) >= 8
    for name, sql in files.items():
        assert sql.count("INSERT INTO core_observation") == 1, name
        assert set(re.findall(r"SELECT '([\w.]+)'", sql)) == {name}, name


# --- Rounding-aware statistics on small synthetic frames (no database, milliseconds) ---------

import dataclasses as _dc  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from data_pipeline import engine  # noqa: E402
from themes.spec import Indicator, Rounding  # noqa: E402
from themes.vocab import Reason  # noqa: E402

RATE = Indicator(
    id="drugs.synthetic_rate",
    theme="drugs",
    title="t",
    description="d",
    caveat="c",
    unit="per 10.000 inwoners",
    numerator="n",
    denominator="d",
    published="r",
    scale=10_000,
    kind="count",
    rounding=Rounding(numerator=10, published=1),
    decimals=0,
)
SHARE = Indicator(
    id="drugs.synthetic_share",
    theme="drugs",
    title="t",
    description="d",
    caveat="c",
    unit="%",
    numerator="n",
    denominator="d",
    scale=100,
    kind="share",
    rounding=Rounding(numerator=10, denominator=10),
    min_denominator=20,
)
AVERAGE = Indicator(
    id="vastgoed.synthetic_pct",
    theme="vastgoed",
    title="t",
    description="d",
    caveat="c",
    unit="%",
    denominator="d",
    published="r",
    scale=100,
    kind="average",
    rounding=Rounding(published=1),
    decimals=0,
)


def _frames(rows: dict[str, dict[str, float | None]], year: int = 2024, status: dict | None = None):
    """obs / region / members for gemeenten GM0001.. plus NL, from {code: {measure: value}}."""
    obs = []
    for code, measures in rows.items():
        for measure, value in measures.items():
            st = (status or {}).get((code, measure), "ok" if value is not None else "geen gegevens")
            obs.append((measure, code, year, np.nan if value is None else float(value), st))
    obs_df = pd.DataFrame(obs, columns=["measure", "region_code", "year", "value", "status"])
    codes = [c for c in rows if c != "NL"]
    region = pd.DataFrame(
        {"code": ["NL", *codes], "level": ["nederland"] + ["gemeente"] * len(codes)}
    )
    members = pd.DataFrame({"set_code": "NL", "gemeente_code": codes})
    return obs_df, region, members


def _row(out: pd.DataFrame, code: str) -> pd.Series:
    return out.set_index("region_code").loc[code]


NL_RATE = {"n": 12_910, "d": 19_000_000, "r": 7}  # 6,79 per 10.000, published as 7


def test_count_range_intersects_count_and_rate() -> None:
    # Noord-Beveland 2024: 0 suspects (tens), 7 per 10.000 (whole), about 7.576 inhabitants
    lo, hi, best = engine.count_range(RATE, [0.0], [7576.0], [7.0])
    assert lo[0] == pytest.approx(6.5 * 0.7576) and hi[0] == 5.0
    assert lo[0] <= best[0] <= hi[0]
    # the rate is the sharper figure: a count of 20 with a rate of 13 per 10.000 of 18.462
    lo, hi, best = engine.count_range(RATE, [20.0], [18_462.0], [13.0])
    assert 23 < lo[0] <= best[0] <= hi[0] < 25  # 12,5..13,5 per 10.000 of 18.462


def test_equal_to_national_is_gemiddeld_with_z_zero() -> None:
    obs, region, members = _frames({"NL": NL_RATE, "GM0001": {"n": 0, "d": 7576, "r": 7}})
    row = _row(engine.compute(RATE, obs, region, members), "GM0001")
    assert row["value"] == row["nl_value"] == 7
    assert row["z"] == 0 and not row["is_significant"]
    assert row["klasse"] == 3


def test_z_never_points_against_the_published_comparison() -> None:
    rng = np.random.default_rng(11)
    rows = {"NL": NL_RATE}
    for i in range(200):
        pop = float(rng.integers(1_000, 900_000))
        true = rng.poisson(7e-4 * pop * rng.uniform(0.3, 3))
        rows[f"GM{i:04d}"] = {
            "n": round(true / 10) * 10,
            "d": pop,
            "r": round(1e4 * true / pop),
        }
    obs, region, members = _frames(rows)
    out = engine.compute(RATE, obs, region, members)
    gm = out[out["level"] == "gemeente"].dropna(subset=["value"])
    assert ((gm["z"] * (gm["value"] - gm["nl_value"])) >= 0).all()
    assert not gm.loc[gm["value"] == gm["nl_value"], "is_significant"].astype(bool).any()
    assert gm["is_significant"].astype(bool).any()  # large clear differences stay significant


def test_clear_difference_in_a_large_area_is_significant() -> None:
    obs, region, members = _frames({"NL": NL_RATE, "GM0363": {"n": 2_800, "d": 930_000, "r": 30}})
    row = _row(engine.compute(RATE, obs, region, members), "GM0363")
    assert row["z"] > 1.96 and bool(row["is_significant"]) and row["klasse"] == 5


def test_share_of_a_count_rounded_to_zero_is_too_few() -> None:
    nl = {"n": 12_910, "d": 140_610}  # 9,2 %
    obs, region, members = _frames(
        {"NL": nl, "GM0001": {"n": 0, "d": 40}, "GM0002": {"n": 10, "d": 60}}
    )
    out = engine.compute(SHARE, obs, region, members)
    zero, ten = _row(out, "GM0001"), _row(out, "GM0002")
    assert np.isnan(zero["value"]) and zero["reason"] == Reason.SMALL
    # 10 of 60 (16,7 %) could be 5 of 65 (7,7 %): rounding alone explains the difference
    assert ten["value"] == pytest.approx(100 / 6) and ten["klasse"] == 3
    assert ten["z"] == 0 and ten["note"] == engine.NOTE_ROUNDING


def test_average_class_is_the_least_extreme_the_rounding_allows() -> None:
    obs, region, members = _frames(
        {
            "NL": {"d": 8_000_000, "r": 4},
            "GM0001": {"d": 10_000, "r": 5},  # 4,5..5,5 vs 3,5..4,5: could be equal
            "GM0002": {"d": 10_000, "r": 6},  # at least 5,5 / 4,5 = index 122: hoger
        }
    )
    out = engine.compute(AVERAGE, obs, region, members)
    assert _row(out, "GM0001")["index"] == 125 and _row(out, "GM0001")["klasse"] == 3
    assert _row(out, "GM0002")["klasse"] == 4


def test_offline_gap_is_named_with_its_table() -> None:
    obs, region, members = _frames(
        {"NL": {"d": 8_000_000, "r": 4}, "GM0855": {"d": 100_000, "r": None}},
        status={("GM0855", "r"): "offline:85984NED"},
    )
    row = _row(engine.compute(AVERAGE, obs, region, members), "GM0855")
    assert row["reason"] == Reason.OFFLINE and "85984NED" in row["note"]
    assert "live" in row["note"]


def test_values_before_a_series_break_carry_a_note() -> None:
    ind = _dc.replace(AVERAGE, breaks=((2012, "oudere reeks"),))
    frames = [
        _frames({"NL": {"d": 8e6, "r": 4}, "GM0001": {"d": 1e4, "r": 5}}, year=y)
        for y in (2011, 2012)
    ]
    obs = pd.concat([f[0] for f in frames], ignore_index=True)
    out = engine.compute(ind, obs, frames[0][1], frames[0][2]).set_index(["region_code", "year"])
    assert out.loc[("GM0001", 2011), "note"].startswith("oudere reeks")
    assert "oudere reeks" not in str(out.loc[("GM0001", 2012), "note"])
