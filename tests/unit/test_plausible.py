"""Plausible ranges: one per measure, declared as data, and applied the same way everywhere."""

from __future__ import annotations

import math

import duckdb
import pandas as pd
import pytest

from data_pipeline import plausible as p
from data_pipeline.build import derived_measures
from data_pipeline.catalog import TABLES, Table, Topic
from data_pipeline.errors import BuildError
from data_pipeline.query import Plan, rows_to_csv
from data_pipeline.sanity import check_observations, require_plausible


def test_every_measure_has_a_declared_range_and_no_range_is_stale() -> None:
    """A new topic or derived measure must say what its values can be (not a unit guess)."""
    catalog = {topic.measure for t in TABLES for topic in t.topics}
    derived = set(derived_measures())
    assert sorted(catalog - set(p.RANGES)) == []
    assert sorted(derived - set(p.RANGES)) == []
    assert sorted(set(p.RANGES) - catalog - derived) == []


def test_ranges_are_sound() -> None:
    for measure, rule in p.RANGES.items():
        assert math.isfinite(rule.low) and math.isfinite(rule.high), measure
        assert rule.low < rule.high, measure
        assert not rule.positive_at or rule.low >= 0, measure


def test_split_measures_share_their_topic_range() -> None:
    assert p.plausible("vm.drugshandel_pct.ondergrens") is p.RANGES["vm.drugshandel_pct"]
    assert p.plausible("wmo.clienten_n.pgb") is p.RANGES["wmo.clienten_n"]
    assert p.plausible("onbekend.iets_n") is None


def test_rule_in_dutch_notation() -> None:
    assert p.RANGES["kwb.woz_keur"].describe() == "eindig getal 10–10.000"
    assert p.POPULATION.describe().startswith("eindig geheel getal 0–30.000.000, meer dan 0 voor")
    assert p.Plausible("x", 0.5, math.inf).describe() == "eindig getal ≥ 0,5"
    assert p.FINITE_ONLY.describe() == "eindig getal"


# --- the load check on a small table in the loader's shape (synthetic values) --------------

_KWB_LIKE = Table(id="T1", alias="t", title="t", region_code_col="Codering", period_dim=None,
                  topics=())  # fmt: skip
_INW = Topic("AantalInwoners", "kwb.inwoners_n", "Aantal inwoners")


def _check(texts: dict[str, str]) -> None:
    """Run the load check over synthetic rows: region code → the text in the file."""
    df = pd.DataFrame({"Codering_3": list(texts), "AantalInwoners_5": list(texts.values())})
    values = pd.to_numeric(df["AantalInwoners_5"].str.strip(), errors="coerce")
    obs = pd.DataFrame({"measure": _INW.measure, "region_code": df["Codering_3"],
                        "year": 2024, "value": values, "status": "ok"})  # fmt: skip
    require_plausible(_KWB_LIKE, _INW, "AantalInwoners_5", df, obs)


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ({"GM0001": "10", "GM0363": "NaN"}, "regio GM0363, jaar 2024: 'NaN' is geen getal"),
        ({"GM0363": "Infinity"}, "'Infinity' is geen eindig getal"),
        ({"GM0363": "-inf"}, "'-inf' is geen eindig getal"),
        ({"GM0363": "1e309"}, "'1e309' is geen eindig getal"),
        ({"GM0363": "4e7"}, "'4e7' ligt buiten het aannemelijke bereik"),
        ({"GM0363": "12.5"}, "'12.5' is geen geheel getal"),
        ({"GM0363": "0"}, "'0' is onmogelijk voor een gemeente"),
        ({"NL": "0"}, "'0' is onmogelijk voor Nederland"),
        ({"GM0363": "-1", "GM0364": "-2"}, "nog 1 andere waarden"),
    ],
)
def test_load_check_names_column_region_and_text(rows: dict[str, str], words: str) -> None:
    with pytest.raises(BuildError) as err:
        _check(rows)
    assert err.value.table == "T1"
    assert err.value.problem.startswith("kolom AantalInwoners_5, regio ")
    assert words in err.value.problem
    assert "\n" not in str(err.value) and "plausible.py" in err.value.hint


def test_load_check_accepts_empty_buurten_and_missing_markers() -> None:
    _check({"BU03630000": "0", "WK036300": "0", "GM0363": "931298"})
    df = pd.DataFrame({"Codering_3": ["GM0363"], "AantalInwoners_5": ["x"]})
    obs = pd.DataFrame({"measure": _INW.measure, "region_code": ["GM0363"], "year": [2024],
                        "value": [math.nan], "status": ["onderdrukt"]})  # fmt: skip
    require_plausible(_KWB_LIKE, _INW, "AantalInwoners_5", df, obs)  # CBS's secret: not bad


def test_check_applies_the_same_ranges_to_core_observation() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE core_observation (measure VARCHAR, region_code VARCHAR, "
                "year INTEGER, value DOUBLE, status VARCHAR)")  # fmt: skip
    con.execute(
        "INSERT INTO core_observation VALUES ('kwb.inwoners_n', 'BU03630000', 2024, 0, 'ok'), "
        "('kwb.inwoners_n', 'GM0363', 2024, 0, 'ok'), "
        "('kwb.huishoudensgrootte_gem', 'GM0363', 2024, -5, 'ok'), "
        "('vm.drugshandel_pct.ondergrens', 'GM0363', 2023, 101, 'ok'), "
        "('wmo.clienten_n.pgb', 'WK036300', 2024, 2.5, 'ok')"
    )
    found = check_observations(con)
    assert len(found) == 4, found
    assert "kwb.huishoudensgrootte_gem, regio GM0363" in found[0] and "1–10" in found[0]
    assert "kwb.inwoners_n, regio GM0363" in found[1] and "meer dan 0" in found[1]
    assert "vm.drugshandel_pct.ondergrens" in found[2] and "0–100" in found[2]
    assert "wmo.clienten_n.pgb" in found[3] and "geheel getal" in found[3]


def test_live_rows_keep_nan_and_infinity_as_text() -> None:
    """Python's JSON parser accepts NaN and Infinity: data.csv keeps them, never an empty field
    (which the loader would read as 'CBS left it empty')."""
    rows = [{"ID": 0, "A_1": math.nan, "B_2": math.inf, "C_3": None, "D_4": 2.5}]
    text = rows_to_csv(rows, Plan({}, {}, [])).decode()
    assert text.splitlines()[1] == "0,nan,inf,,2.5"


def test_load_check_keeps_the_line_short_whatever_the_file_holds() -> None:
    with pytest.raises(BuildError) as err:
        _check({"GM0363": "veel\nmeer\u2028" + "x" * 10_000})
    assert "\n" not in str(err.value) and "\u2028" not in str(err.value)
    assert "'veel meer xxx" in err.value.problem and len(str(err.value)) < 400
