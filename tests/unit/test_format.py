"""Dutch number notation and units."""

from __future__ import annotations

import math

import pytest

from dashboard import format as fmt


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1234.5, 1, "1.234,5"),
        (1234567.891, 2, "1.234.567,89"),
        (0.04, 1, "0,0"),
        (-0.04, 1, "0,0"),
        (-1234.56, 1, "-1.234,6"),
        (12, 0, "12"),
        (None, 1, "–"),
        (math.nan, 1, "–"),
    ],
)
def test_number(value, decimals: int, text: str) -> None:
    assert fmt.number(value, decimals) == text


def test_units() -> None:
    assert fmt.with_unit(12.34, "%", 1) == "12,3%"
    assert fmt.with_unit(412000, "€", 0) == "€ 412.000"
    assert fmt.with_unit(498, "× 1.000 euro", 0) == "498 × 1.000 euro"
    assert fmt.with_unit(4.5, "per 1.000 inwoners", 1) == "4,5 per 1.000 inwoners"
    assert fmt.with_unit(None, "%") == "geen gegevens"
    assert fmt.with_unit(3.0, "", 1) == "3,0"


def test_index_and_klasse() -> None:
    assert fmt.index(131.4) == "131"
    assert [fmt.klasse(k) for k in (1, 2, 3, 4, 5)] == [
        "veel lager",
        "lager",
        "gemiddeld",
        "hoger",
        "veel hoger",
    ]
    assert fmt.klasse(None) == "geen gegevens"
    assert fmt.klasse(9) == "geen gegevens"


def test_every_kind_of_indicator_is_explained_in_dutch() -> None:
    from dashboard.format import KIND_WORDS
    from themes.spec import KIND_POLICY

    assert set(KIND_WORDS) == set(KIND_POLICY)
