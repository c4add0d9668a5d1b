"""Vergelijkbare gemeenten: the build's nearest-neighbour table on the real snapshot."""

from __future__ import annotations

from data_pipeline import similarity


def test_every_gemeente_has_ten_similar(con) -> None:
    n_gm = con.execute("SELECT count(*) FROM region WHERE level = 'gemeente'").fetchone()[0]
    rows = con.execute(
        "SELECT gemeente_code, count(*), bool_and(similar_code <> gemeente_code), "
        "list(distance ORDER BY rank) FROM similar_gemeente GROUP BY 1"
    ).fetchall()
    assert len(rows) == n_gm
    for code, n, not_self, dists in rows:
        assert n == similarity.N_SIMILAR, code
        assert not_self, code
        assert dists == sorted(dists) and dists[0] > 0, code


def test_distance_is_symmetric(con) -> None:
    pairs = con.execute(
        "SELECT a.distance, b.distance FROM similar_gemeente a JOIN similar_gemeente b "
        "ON a.gemeente_code = b.similar_code AND a.similar_code = b.gemeente_code"
    ).fetchall()
    assert pairs
    assert all(abs(x - y) < 1e-6 for x, y in pairs)


def test_traits_are_complete_cbs_columns(con, snapshot_dir) -> None:
    """Only traits CBS publishes for every gemeente (info.json complete_columns)."""
    import json

    info = json.loads((snapshot_dir / "cbs" / "85984NED" / "info.json").read_text())
    complete = {c.rsplit("_", 1)[0] for c in info["snapshot"]["complete_columns"]}
    from data_pipeline.catalog import table

    stems = {t.measure: t.stem for t in table("85984NED").topics}
    for measure in similarity.measures():
        assert stems[measure] in complete, measure
    traits = con.execute("SELECT label, gemeenten FROM similarity_trait").fetchall()
    n_gm = con.execute("SELECT count(*) FROM region WHERE level = 'gemeente'").fetchone()[0]
    assert len(traits) == len(similarity.TRAITS)
    assert all(n == n_gm for _, n in traits)


def test_big_cities_resemble_each_other(con) -> None:
    """A sanity check of the method: Rotterdam's nearest include the other big cities."""
    names = {
        r[0]
        for r in con.execute(
            "SELECT r.name FROM similar_gemeente s JOIN region r ON r.code = s.similar_code "
            "WHERE s.gemeente_code = 'GM0599' AND s.rank <= 5"
        ).fetchall()
    }
    assert {"'s-Gravenhage", "Amsterdam"} & names
