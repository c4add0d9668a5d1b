"""Funnel limits (data_pipeline.stats): the formulas, and clamping that can be seen to act."""

from __future__ import annotations

import pytest

from data_pipeline.stats import funnel_limits


def test_funnel_limits_count_and_share() -> None:
    low, high = funnel_limits(7.0, 10000, "count", [10000.0], 1.96)
    half = 1.96 * (7.0 * 10000 / 10000) ** 0.5
    assert (low[0], high[0]) == (pytest.approx(7.0 - half), pytest.approx(7.0 + half))
    low, high = funnel_limits(50.0, 100, "share", [100.0], 1.96)
    half = 1.96 * 100 * (0.25 / 100) ** 0.5
    assert (low[0], high[0]) == (pytest.approx(50 - half), pytest.approx(50 + half))


def test_funnel_limits_clamp_at_zero_and_at_the_scale() -> None:
    """A rate cannot go below 0 nor a share above 100%: limits that would are cut off."""
    low, _ = funnel_limits(0.5, 10000, "count", [1000.0], 1.96)
    assert 0.5 - 1.96 * (0.5 * 10000 / 1000) ** 0.5 < 0 and low == [0.0]
    _, high = funnel_limits(99.0, 100, "share", [10.0], 1.96)
    assert 99.0 + 1.96 * 100 * (0.99 * 0.01 / 10) ** 0.5 > 100 and high == [100.0]
    low, high = funnel_limits(3.0, 1, "average", [50.0], 1.96)
    assert low == high == [3.0]  # no noise model: the limits are the national value
