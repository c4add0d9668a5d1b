"""Exports show figures at the precision of their source; the database keeps full precision."""

from __future__ import annotations

import math

import pandas as pd

from data_pipeline.store.export import rounded


def test_values_round_to_the_indicator_decimals_and_index_to_one() -> None:
    df = pd.DataFrame(
        {
            "value": [7.0, 30.402078, None],
            "nl_value": [7.0, 14.466531, 4.0],
            "index": [100.0, 210.16042987654321, None],
            "z": [0.0, 41.123456, None],
            "numerator": [4.924242, 102325.0, None],
            "denominator": [7575.757576, 336576.0, None],
        }
    )
    out = rounded(df, pd.Series([0, 1, 0]))
    assert list(out["value"][:2]) == [7.0, 30.4] and math.isnan(out["value"][2])
    assert list(out["nl_value"]) == [7.0, 14.5, 4.0]
    assert out["index"][1] == 210.2 and out["z"][1] == 41.12
    assert out["numerator"][0] == 4.9 and out["denominator"][0] == 7575.8
    assert df["index"][1] == 210.16042987654321  # the input (database copy) is untouched
