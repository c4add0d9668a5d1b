"""Indicator values against the CBS figures in the snapshot, and the engine's invariants."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

import themes
from tests.integration.test_pipeline import _snapshot_row, one


def value(con: duckdb.DuckDBPyConnection, ind: str, code: str, year: int) -> float | None:
    return one(
        con,
        "SELECT value FROM indicator_value WHERE indicator_id=? AND region_code=? AND year=?",
        ind,
        code,
        year,
    )


def test_known_values_equal_cbs(con: duckdb.DuckDBPyConnection, snapshot_dir: Path) -> None:
    kwb = _snapshot_row(snapshot_dir, "85984NED", Codering_3="GM0363")
    assert value(con, "vastgoed.woz", "GM0363", 2024) == float(
        kwb["GemiddeldeWOZWaardeVanWoningen_39"]
    )  # noqa: E501
    assert value(con, "vastgoed.woz", "GM0363", 2024) == 498
    wijk = _snapshot_row(snapshot_dir, "85984NED", Codering_3="WK0363AD")
    assert value(con, "vastgoed.woz", "WK0363AD", 2024) == float(
        wijk["GemiddeldeWOZWaardeVanWoningen_39"]
    )  # noqa: E501
    ver = _snapshot_row(snapshot_dir, "85655NED", Woongemeente="Amsterdam", Perioden="2024")
    assert value(con, "drugs.verdachten_drugs_per_10k", "GM0363", 2024) == float(
        ver["VerdachtenVanDrugsmisdrijven_13"]
    )  # noqa: E501
    pgb = _snapshot_row(
        snapshot_dir,
        "85995NED",
        Codering_3="GM0363",
        Financieringsvorm="Uitsluitend PersoonsGebondenBudget (PGB)",
    )
    assert value(con, "pgb.wmo_pgb_per_1000", "GM0363", 2024) == float(
        pgb["WmoClientenPer1000Inwoners_6"]
    )  # noqa: E501
    mis = _snapshot_row(snapshot_dir, "83648NED", RegioS="Rotterdam", Perioden="2023")
    assert value(con, "drugs.misdrijven_per_1000", "GM0599", 2023) == float(
        mis["GeregistreerdeMisdrijvenPer1000Inw_3"]
    )  # noqa: E501


def test_nederland_index_is_100(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT indicator_id, year, index FROM indicator_value WHERE region_code='NL'"
    ).fetchall()
    assert {r[0] for r in rows} == {i.id for i in themes.all_indicators()}
    assert all(r[2] == pytest.approx(100) for r in rows)


def test_aggregate_over_gemeenten_reproduces_national(con: duckdb.DuckDBPyConnection) -> None:
    """Σ numerator / Σ denominator over all gemeenten = CBS's national figure (within rounding)."""
    # CBS rounds counts per gemeente (to 5 for the housing stock changes), hence the tolerance
    for ind, year, tol, rel in (
        ("drugs.misdrijven_per_1000", 2023, 0.1, None),
        ("vastgoed.woningsplitsing", 2022, None, 0.03),
        # NL also counts suspects without a known woongemeente ("niet in te delen")
        ("drugs.aandeel_drugsverdachten", 2024, None, 0.015),
    ):
        scale = themes.get_indicator(ind).scale
        agg = one(
            con,
            "SELECT ? * sum(numerator) / sum(denominator) FROM indicator_value "
            "WHERE indicator_id=? AND year=? AND level='gemeente'",
            scale,
            ind,
            year,
        )
        assert agg == pytest.approx(value(con, ind, "NL", year), abs=tol, rel=rel), ind


def test_published_provincie_agrees_with_engine_sum(con: duckdb.DuckDBPyConnection) -> None:
    """Where CBS publishes a provincie figure, the sum over its gemeenten agrees within rounding."""
    rows = con.execute(
        """
        SELECT m.set_code, v.value, 1000 * sum(g.numerator) / sum(g.denominator)
        FROM region_member m
        JOIN indicator_value g ON g.region_code = m.gemeente_code
        JOIN indicator_value v ON v.region_code = m.set_code
             AND v.indicator_id = g.indicator_id AND v.year = g.year
        WHERE g.indicator_id = 'drugs.misdrijven_per_1000' AND g.year = 2024
          AND m.set_code LIKE 'PV%'
        GROUP BY m.set_code, v.value
        """
    ).fetchall()
    assert len(rows) == 12
    for code, published, summed in rows:
        assert summed == pytest.approx(published, abs=0.15), code


def test_woz_of_gemeente_matches_its_wijken(con: duckdb.DuckDBPyConnection) -> None:
    """WOZ per gemeente (published) ≈ dwelling-weighted WOZ of its wijken (published)."""
    rows = con.execute(
        """
        SELECT r.gemeente_code, any_value(g.value), sum(w.numerator) / sum(w.denominator)
        FROM indicator_value w JOIN region r ON r.code = w.region_code
        JOIN indicator_value g ON g.region_code = r.gemeente_code AND g.indicator_id = w.indicator_id
        WHERE w.indicator_id = 'vastgoed.woz' AND r.level = 'wijk' AND w.numerator IS NOT NULL
        GROUP BY r.gemeente_code
        HAVING count(*) = count(w.value) AND count(*) >= 3
        """
    ).fetchall()
    assert len(rows) > 100
    close = [abs(a - b) / a < 0.03 for _, a, b in rows]
    assert sum(close) / len(close) > 0.95


def test_suppressed_inputs_are_null_with_reason(con: duckdb.DuckDBPyConnection) -> None:
    bad = one(con, "SELECT count(*) FROM indicator_value WHERE value IS NULL AND reason IS NULL")
    assert bad == 0
    assert (
        one(con, "SELECT count(*) FROM indicator_value WHERE value = 0 AND numerator IS NULL") == 0
    )  # noqa: E501
    reasons = {r[0] for r in con.execute("SELECT DISTINCT reason FROM indicator_value").fetchall()}
    assert {"geen gegevens", "niet in deze bron"} <= reasons
    # Gemeenten without a Veiligheidsmonitor sample: NULL, 'niet in deze bron', never 0
    row = con.execute(
        "SELECT value, reason, klasse FROM indicator_value WHERE indicator_id="
        "'drugs.drugshandel_buurt' AND region_code='GM1680' AND year=2023"
    ).fetchone()
    assert row == (None, "niet in deze bron", None)


def test_small_counts_within_noise_are_gemiddeld(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT klasse FROM indicator_value WHERE is_significant = FALSE AND value IS NOT NULL"
    ).fetchall()
    assert rows and all(k == 3 for (k,) in rows)


def test_signal_lists_significant_risks(con: duckdb.DuckDBPyConnection) -> None:
    n, inds = con.execute(
        "SELECT n_signals, indicators FROM signal WHERE region_code='GM0363' AND year=2024"
    ).fetchone()
    assert n == len(inds) > 0
    assert "drugs.verdachten_drugs_per_10k" in inds
    for ind in inds:
        k, sig = con.execute(
            "SELECT klasse, is_significant FROM indicator_value WHERE indicator_id=? "
            "AND region_code='GM0363' ORDER BY year DESC LIMIT 1",
            [ind],
        ).fetchone()
        assert sig is not False and k in (4, 5)
        assert themes.get_indicator(ind).higher_is_riskier
