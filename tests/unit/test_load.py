"""Loading CBS files: stem matching, cleaning, codes, and clear errors on broken files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from data_pipeline.catalog import table
from data_pipeline.errors import BuildError
from data_pipeline.load import clean_text, load_table, normalise_code, resolve_column, stem


def test_stem_and_occurrence() -> None:
    cols = ["ID", "VerdachtenVanDrugsmisdrijven_6", "VerdachtenVanDrugsmisdrijven_13"]
    assert stem("BedrijfsvestigingenTotaal_102") == "BedrijfsvestigingenTotaal"
    assert resolve_column(cols, "VerdachtenVanDrugsmisdrijven") == cols[1]
    assert resolve_column(cols, "VerdachtenVanDrugsmisdrijven", 1) == cols[2]
    assert resolve_column(cols, "Onbekend") is None


def test_codes_and_missing_markers() -> None:
    assert normalise_code("GM0363    ") == "GM0363"
    assert normalise_code("NL00      ") == "NL" == normalise_code("NL01")
    assert normalise_code(None) is None
    cleaned = clean_text(pd.Series(["  12 ", "", ".", "x", "-", "?", "a"]))
    assert cleaned.isna().tolist() == [False, True, True, True, True, True, False]


def _copy_table(snapshot_dir: Path, tmp_path: Path, table_id: str) -> Path:
    dst = tmp_path / table_id
    shutil.copytree(snapshot_dir / "cbs" / table_id, dst)
    return dst


def test_renumbered_topic_keys_load_the_same(snapshot_dir: Path, tmp_path: Path) -> None:
    """CBS's live numbering (…Totaal_95) and the snapshot's (…Totaal_102) give equal values."""
    t = table("85984NED")
    original = load_table(t, snapshot_dir / "cbs" / t.id).observations
    folder = _copy_table(snapshot_dir, tmp_path, t.id)
    csv = folder / "data.csv"
    header, rest = csv.read_text(encoding="utf-8").split("\n", 1)

    def renumber(col: str) -> str:
        if stem(col) == col:
            return col
        n = int(col.rsplit("_", 1)[1])
        return f"{stem(col)}_{n - 7 if n > 7 else n + 200}"

    renumbered = [renumber(c) for c in header.split(",")]
    assert "BedrijfsvestigingenTotaal_95" in renumbered
    csv.write_text(",".join(renumbered) + "\n" + rest, encoding="utf-8")
    again = load_table(t, folder).observations
    pd.testing.assert_frame_equal(
        original.reset_index(drop=True), again.reset_index(drop=True), check_dtype=False
    )


def test_missing_topic_names_table_and_topic(snapshot_dir: Path, tmp_path: Path) -> None:
    t = table("86054NED")
    folder = _copy_table(snapshot_dir, tmp_path, t.id)
    df = pd.read_csv(folder / "data.csv", dtype=str, keep_default_na=False)
    df.drop(columns=["Woningsplitsing_8", "Woningsplitsing_19"]).to_csv(
        folder / "data.csv", index=False
    )
    with pytest.raises(BuildError, match=r"86054NED: onderwerp Woningsplitsing ontbreekt"):
        load_table(t, folder)


def test_truncated_csv_is_a_clear_error(snapshot_dir: Path, tmp_path: Path) -> None:
    t = table("83648NED")
    folder = _copy_table(snapshot_dir, tmp_path, t.id)
    data = (folder / "data.csv").read_bytes()
    (folder / "data.csv").write_bytes(data[: len(data) // 2])
    with pytest.raises(BuildError, match=r"83648NED: data.csv is afgekapt"):
        load_table(t, folder)


def test_non_utf8_csv_is_a_clear_error(snapshot_dir: Path, tmp_path: Path) -> None:
    t = table("83625NED")
    folder = _copy_table(snapshot_dir, tmp_path, t.id)
    text = (folder / "data.csv").read_text(encoding="utf-8") + "999,Súdwest-Fryslân,2024,1\n"
    (folder / "data.csv").write_bytes(text.encode("latin-1"))
    with pytest.raises(BuildError, match=r"83625NED: data.csv is geen UTF-8"):
        load_table(t, folder)


def test_suppressed_values_are_null_not_zero(snapshot_dir: Path) -> None:
    t = table("85995NED")
    obs = load_table(t, snapshot_dir / "cbs" / t.id).observations
    missing = obs[obs["status"] != "ok"]
    assert len(missing) > 0
    assert missing["value"].isna().all()


def test_csv_cut_at_a_line_end_is_caught_by_row_count(snapshot_dir: Path, tmp_path: Path) -> None:
    t = table("86054NED")
    folder = _copy_table(snapshot_dir, tmp_path, t.id)
    lines = (folder / "data.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "data.csv").write_text("".join(lines[:-100]), encoding="utf-8")
    with pytest.raises(
        BuildError, match=r"86054NED: data.csv heeft 1568 rijen, info.json noemt er 1668"
    ):
        load_table(t, folder)


def test_a_name_with_a_unicode_line_separator_is_one_row(tmp_path) -> None:
    """U+2028 inside a name is text, not a line break (str.splitlines would cut the row)."""
    from data_pipeline.catalog import Table
    from data_pipeline.load import read_csv

    (tmp_path / "data.csv").write_text(
        'ID,RegioS,Waarde_1\n0,"Naam\u2028met scheiding",5\n1,Ander,6\n', encoding="utf-8"
    )
    df = read_csv(Table(id="T", alias="t", title="t", topics=()), tmp_path)
    assert len(df) == 2 and df.loc[0, "RegioS"] == "Naam\u2028met scheiding"
