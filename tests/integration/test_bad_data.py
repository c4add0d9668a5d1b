"""Bad values in CBS data are refused at load: one Dutch line naming table, column and region.

Each attack is what an operator meets: a copy of the real snapshot (made here, at test time)
with one bad value planted in a table's ``data.csv``, built with the ``zicht`` command over a
served database, which must stay byte-for-byte the same. The same values reach the loader
through the live path too (the recorded CBS serves the planted copy as JSON).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from data_pipeline import catalog, load
from tests.integration.test_build_faults import ZICHT, copy_snapshot, leftovers, sha256


def plant(snap: Path, table_id: str, stem: str, code: str, text: str, *, year: int = 2024,
          occurrence: int = 0) -> str:  # fmt: skip
    """Write ``text`` into the cell the build reads for topic ``stem`` of region ``code`` in
    ``year`` (the row the catalog's picks select); return the column key, as CBS names it."""
    table = catalog.table(table_id)
    folder = snap / "cbs" / table_id
    path = folder / "data.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    df = pd.DataFrame(rows[1:], columns=header, dtype=object)
    info = json.loads((folder / "info.json").read_text(encoding="utf-8"))
    used = load.pick_mask(table, folder, df)
    used &= load.region_codes(table, folder, df) == code
    used &= load.years(table, folder, df, info) == year
    if table.split_col:  # the first category of a split (the total)
        used &= load.clean_text(df[table.split_col]) == next(iter(table.split))
    hits = df.index[used.fillna(False).astype(bool)]
    assert len(hits) == 1, f"{table_id} {code} {year}: {len(hits)} rows"
    col = load.resolve_column(header, stem, occurrence)
    assert col is not None, stem
    rows[hits[0] + 1][header.index(col)] = text
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return col


@dataclass(frozen=True)
class Attack:
    table: str
    stem: str
    code: str
    text: str
    words: tuple[str, ...]  # what the one line must also say
    year: int = 2024
    occurrence: int = 0


KWB = "85984NED"
ATTACKS: dict[str, Attack] = {
    # today: builds, Amsterdam's population NULL (load.py coerces 'NaN')
    "population_nan": Attack(KWB, "AantalInwoners", "GM0363", "NaN", ("'NaN'", "geen getal")),
    # today: "onverwachte fout (TypeError: cannot safely cast …)" from regions.py
    "population_1e308": Attack(KWB, "AantalInwoners", "GM0363", "1e308", ("'1e308'",)),
    "population_fraction": Attack(
        KWB, "AantalInwoners", "GM0363", "931298.5", ("'931298.5'", "geheel getal")
    ),
    "population_zero_gemeente": Attack(KWB, "AantalInwoners", "GM0363", "0", ("'0'", "gemeente")),
    # today: builds, moves Amsterdam's most similar gemeente
    "household_negative": Attack(
        KWB, "GemiddeldeHuishoudensgrootte", "GM0363", "-5", ("'-5'", "1–10")
    ),
    # today: fails naming indicator_value.numerator … regio GK8, after numpy warnings
    "woz_1e308": Attack(KWB, "GemiddeldeWOZWaardeVanWoningen", "GM0363", "1e308", ("'1e308'",)),
    # WOZ in euros where CBS publishes × 1.000 euro: today builds, Amsterdam 1.000× the average
    "woz_in_euros": Attack(
        KWB, "GemiddeldeWOZWaardeVanWoningen", "GM0363", "512000", ("'512000'", "10–10.000")
    ),
    "density_negative": Attack(KWB, "Omgevingsadressendichtheid", "WK0363AA", "-1", ("'-1'",)),
    # text in a number column: today the value silently becomes NULL ("geen gegevens")
    "share_text": Attack(KWB, "Koopwoningen", "BU0363AA01", "veel", ("'veel'", "geen getal")),
    # a table whose regions are titles (Woongemeente), a rate per 10.000
    "rate_inf": Attack(
        "85655NED", "VerdachtenVanDrugsmisdrijven", "GM0917", "inf", ("'inf'",), occurrence=1
    ),
    # a price in euros: today builds (money had no upper bound)
    "price_1e308": Attack("83625NED", "GemiddeldeVerkoopprijs", "GM0363", "1e308", ("'1e308'",)),
}


@dataclass(frozen=True)
class Run:
    rc: int
    output: str
    column: str
    db: Path
    before: str


def _build(snapshot: Path, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "300", "ZICHT_CACHE": str(db.parent / "no-cache")}
    env.pop("ZICHT_DEBUG", None)
    args = [str(ZICHT), "build", "--source", "snapshot", "--snapshot", str(snapshot)]
    return subprocess.run(
        [*args, "--db", str(db)], capture_output=True, text=True, env=env, timeout=300
    )


def _served_copy(root: Path, built_db: Path) -> Path:
    served = root / "served"
    served.mkdir()
    db = served / "zicht.duckdb"
    shutil.copy2(built_db, db)
    return db


@pytest.fixture(scope="module")
def attack_runs(
    tmp_path_factory: pytest.TempPathFactory, snapshot_dir: Path, built_db: Path
) -> dict[str, Run]:
    """Every attack built with ``zicht build`` over a copy of a good database, two at a time."""

    def one(name: str) -> Run:
        a = ATTACKS[name]
        root = tmp_path_factory.mktemp(name)
        snap = copy_snapshot(snapshot_dir, root / "snapshot")
        col = plant(snap, a.table, a.stem, a.code, a.text, year=a.year, occurrence=a.occurrence)
        db = _served_copy(root, built_db)
        before = sha256(db)
        p = _build(snap, db)
        shutil.rmtree(snap)  # 11 copies of the snapshot need not outlive their build
        return Run(p.returncode, p.stdout + p.stderr, col, db, before)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(ATTACKS, pool.map(one, ATTACKS)))


def _refused(run: Run, attack: Attack, name: str) -> None:
    out = run.output
    assert run.rc == 1, f"{name}: the build must be refused\n{out[-2000:]}"
    assert "Traceback" not in out and "Warning" not in out, f"{name}: noise\n{out}"
    failed = [ln for ln in out.splitlines() if ln.startswith("Bouwen mislukt:")]
    assert len(failed) == 1, f"{name}: expected one reason line\n{out}"
    line = failed[0]
    for word in (attack.table, run.column, attack.code, *attack.words):
        assert word in line, f"{name}: the line lacks {word!r}: {line}"
    assert "onverwachte fout" not in line, line
    assert f"De bestaande database {run.db} is niet gewijzigd." in " ".join(out.split())
    assert sha256(run.db) == run.before, f"{name}: served database changed"
    assert leftovers(run.db.parent, {run.db.name}) == [], f"{name}: temp files left"


@pytest.mark.slow  # the shared fixture runs 11 refused builds
@pytest.mark.parametrize("name", list(ATTACKS))
def test_bad_value_is_refused_naming_table_column_region(
    name: str, attack_runs: dict[str, Run]
) -> None:
    _refused(attack_runs[name], ATTACKS[name], name)


# --- the same values from the live source (recorded CBS serving the planted copy) -------------

LIVE = ("population_nan", "household_negative", "woz_1e308")


@pytest.mark.slow
@pytest.mark.parametrize("name", LIVE)
def test_bad_value_from_cbs_is_refused(
    name: str,
    tmp_path: Path,
    snapshot_dir: Path,
    built_db: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """CBS (or a mirror) sends the bad value as a JSON number (NaN as the bare ``NaN`` that
    Python's JSON writer emits): the live path must refuse it with the same line."""
    from tests.recorded_cbs import RecordedCBS
    from zicht import cli

    a = ATTACKS[name]
    snap = copy_snapshot(snapshot_dir, tmp_path / "snapshot")
    col = plant(snap, a.table, a.stem, a.code, a.text, year=a.year, occurrence=a.occurrence)
    db = _served_copy(tmp_path, built_db)
    before = sha256(db)
    with RecordedCBS(snapshot=snap) as server:
        monkeypatch.setenv("ZICHT_CBS_URL", server.url)
        monkeypatch.setenv("ZICHT_GEO_URL", f"{server.url}/nl/wgs84")
        monkeypatch.setenv("ZICHT_PDOK_URL", f"{server.url}/pdok")
        monkeypatch.setenv("ZICHT_CACHE", str(tmp_path / "cache"))
        monkeypatch.setenv("COLUMNS", "300")
        monkeypatch.delenv("ZICHT_DEBUG", raising=False)
        result = CliRunner().invoke(cli.main, ["build", "--source", "live", "--db", str(db)])
    words = tuple(w for w in a.words if not w.startswith("'"))  # JSON spells numbers its own way
    run = Run(result.exit_code, result.output, col, db, before)
    _refused(run, Attack(a.table, a.stem, a.code, a.text, words), name)
