"""Refresh faults: a broken snapshot or CBS outage stops the build and leaves the served DB intact."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from data_pipeline.build import build
from data_pipeline.catalog import TABLES
from data_pipeline.errors import BuildError
from data_pipeline.sources import SnapshotSource
from zicht import cli

ZICHT = Path(sys.executable).with_name("zicht")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_snapshot(snapshot: Path, dest: Path) -> Path:
    """Writable copy of the (read-only) snapshot; the original is never touched."""
    shutil.copytree(snapshot, dest)
    for p in [dest, *dest.rglob("*")]:
        p.chmod(p.stat().st_mode | stat.S_IWUSR)
    return dest


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    """Files beside the database that a build must not leave behind (temp, WAL, parts)."""
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


# --- corruptions (each gets a private copy of the snapshot) -------------------------------------


def _cut_mid_line(path: Path) -> None:
    data = path.read_bytes()
    cut = len(data) // 2
    while data[cut - 1 : cut] in (b"\n", b",", b'"'):
        cut += 1  # really in the middle of a field, like an interrupted download
    path.write_bytes(data[:cut])


def _rewrite_csv(path: Path, fix: Callable[[list[list[str]]], list[list[str]]]) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(fix(rows))
    path.write_text(out.getvalue(), encoding="utf-8")


# Tables are built in catalog order (85984NED, 85755NED, 85385NED, 85655NED, ...): faults in
# the early ones fail fast and keep this module quick; the geo faults come after all tables.


def truncated_csv(snap: Path) -> None:
    _cut_mid_line(snap / "cbs/85984NED/data.csv")


def non_utf8_csv(snap: Path) -> None:
    p = snap / "cbs/85984NED/data.csv"
    p.write_bytes(p.read_text(encoding="utf-8").encode("latin-1", errors="replace"))


def empty_csv(snap: Path) -> None:
    (snap / "cbs/85755NED/data.csv").write_bytes(b"")


def header_only_csv(snap: Path) -> None:
    p = snap / "cbs/85385NED/data.csv"
    p.write_text(p.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")


def missing_table(snap: Path) -> None:
    shutil.rmtree(snap / "cbs/85755NED")


def missing_topic(snap: Path) -> None:
    def drop(rows: list[list[str]]) -> list[list[str]]:
        i = rows[0].index("OnbewoondeWoningen_46")
        return [r[:i] + r[i + 1 :] for r in rows]

    _rewrite_csv(snap / "cbs/85984NED/data.csv", drop)


def corrupt_dim_json(snap: Path) -> None:
    p = snap / "cbs/85655NED/Woongemeente.json"
    p.write_bytes(p.read_bytes()[:777])


def corrupt_info_json(snap: Path) -> None:
    (snap / "cbs/85385NED/info.json").write_text('{"Identifier": "85385NED", ', encoding="utf-8")


def garbage_geo(snap: Path) -> None:
    (snap / "geo/gemeente_2024.topojson").write_bytes(os.urandom(4096))


def truncated_geo(snap: Path) -> None:
    p = snap / "geo/wijk_2024.geojson"
    p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])


def geo_without_codes(snap: Path) -> None:
    empty = {"type": "FeatureCollection", "features": []}
    (snap / "geo/gemeente_2024.topojson").write_text(json.dumps(empty), encoding="utf-8")


@dataclass(frozen=True)
class Fault:
    corrupt: Callable[[Path], None]
    table: str  # the table (or geo file) the one-line reason must name
    words: tuple[str, ...]  # what went wrong, as the reason must say it


FAULTS: dict[str, Fault] = {
    "truncated_csv": Fault(truncated_csv, "85984NED", ("afgekapt",)),
    "non_utf8_csv": Fault(non_utf8_csv, "85984NED", ("UTF-8",)),
    "empty_csv": Fault(empty_csv, "85755NED", ("leeg",)),
    "header_only_csv": Fault(header_only_csv, "85385NED", ("geen rijen",)),
    "missing_table": Fault(missing_table, "85755NED", ("ontbreekt",)),
    "missing_topic": Fault(missing_topic, "85984NED", ("OnbewoondeWoningen", "ontbreekt")),
    "corrupt_dim_json": Fault(corrupt_dim_json, "85655NED", ("Woongemeente.json",)),
    "corrupt_info_json": Fault(corrupt_info_json, "85385NED", ("info.json",)),
    "garbage_geo": Fault(garbage_geo, "gemeente_2024", ("onleesbaar",)),
    "truncated_geo": Fault(truncated_geo, "wijk_2024", ("onleesbaar",)),
    "geo_without_codes": Fault(geo_without_codes, "gemeente_2024", ("gemeente_2024",)),
}


@dataclass(frozen=True)
class Run:
    rc: int
    stdout: str
    stderr: str
    db: Path
    before: str  # sha256 of the database before the failed build


def _run_cli(snapshot: Path, db: Path, columns: int = 200) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(columns), "ZICHT_CACHE": str(db.parent / "no-cache")}
    args = [str(ZICHT), "build", "--source", "snapshot", "--snapshot", str(snapshot)]
    return subprocess.run(
        [*args, "--db", str(db)], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.fixture(scope="module")
def fault_runs(
    tmp_path_factory: pytest.TempPathFactory, snapshot_dir: Path, built_db: Path
) -> dict[str, Run]:
    """Every corrupted snapshot built over a copy of a good database, two at a time."""

    def one(name: str) -> Run:
        root = tmp_path_factory.mktemp(name)
        snap = copy_snapshot(snapshot_dir, root / "snapshot")
        FAULTS[name].corrupt(snap)
        served = root / "served"
        served.mkdir()
        db = served / "zicht.duckdb"
        shutil.copy2(built_db, db)
        before = sha256(db)
        p = _run_cli(snap, db)
        return Run(p.returncode, p.stdout, p.stderr, db, before)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(FAULTS, pool.map(one, FAULTS)))


@pytest.mark.slow  # the shared fixture runs 11 failing builds (≈ 30 s)
@pytest.mark.parametrize("name", list(FAULTS))
def test_broken_snapshot_fails_cleanly(name: str, fault_runs: dict[str, Run]) -> None:
    run, fault = fault_runs[name], FAULTS[name]
    both = run.stdout + run.stderr
    assert run.rc != 0, f"{name}: build should fail\n{both}"
    assert "Traceback" not in both, f"{name}: traceback shown\n{both}"
    failed = [line for line in run.stderr.splitlines() if line.startswith("Bouwen mislukt:")]
    assert len(failed) == 1, f"{name}: expected one reason line\n{run.stderr}"
    assert fault.table in failed[0], f"{name}: reason does not name {fault.table}: {failed[0]}"
    for word in fault.words:
        assert word in failed[0], f"{name}: reason lacks {word!r}: {failed[0]}"
    assert sha256(run.db) == run.before, f"{name}: served database changed"
    assert leftovers(run.db.parent, {run.db.name}) == [], f"{name}: temp files left"
    con = duckdb.connect(str(run.db), read_only=True)  # still a working database
    try:
        assert con.execute("SELECT count(*) FROM indicator_value").fetchone()[0] > 0
    finally:
        con.close()


@pytest.mark.parametrize("name", FAULTS)
@pytest.mark.slow
def test_broken_snapshot_says_what_to_do(name: str, fault_runs: dict[str, Run]) -> None:
    """The issue asks for 'which table, what went wrong, what to do' in the one line."""
    line = next(ln for ln in fault_runs[name].stderr.splitlines() if "Bouwen mislukt:" in ln)
    assert " — " in line, f"{name}: no hint on what to do: {line}"


def test_reason_is_one_line_in_a_log(snapshot_dir: Path, tmp_path: Path) -> None:
    """Run as cron would (no terminal, no COLUMNS): the reason must still be a single line."""
    snap = copy_snapshot(snapshot_dir, tmp_path / "snapshot")
    truncated_csv(snap)
    db = tmp_path / "zicht.duckdb"
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    args = [str(ZICHT), "build", "--source", "snapshot", "--snapshot", str(snap), "--db", str(db)]
    p = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    lines = p.stderr.splitlines()
    i = next(i for i, ln in enumerate(lines) if ln.startswith("Bouwen mislukt:"))
    assert "download de tabel opnieuw" in lines[i], p.stderr
    assert lines[i + 1].startswith("Er is niets geschreven"), p.stderr  # no database existed
    db.write_bytes(b"")  # now one exists: it is named as untouched
    again = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    lines = again.stderr.splitlines()
    i = next(i for i, ln in enumerate(lines) if ln.startswith("Bouwen mislukt:"))
    assert lines[i + 1].startswith("De bestaande database"), lines
    assert db.read_bytes() == b""


# --- renumbered topic keys: the build must succeed with identical values ------------------------


def renumber_topics(snap: Path) -> dict[str, str]:
    """85984NED as CBS revised it: every topic suffix +7, BedrijfsvestigingenTotaal_102 → _95."""

    with (snap / "cbs/85984NED/data.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    old = rows[0]
    new: list[str] = []
    for col in old:
        base, sep, num = col.rpartition("_")
        new.append(f"{base}_{int(num) + 7}" if sep and num.isdigit() else col)
    # swap so BedrijfsvestigingenTotaal gets _95 as in the live table; the column that would
    # have become _95 takes the freed _109: keys stay unique, but no longer mean the same.
    i_bv = old.index("BedrijfsvestigingenTotaal_102")
    i_95 = next(i for i, c in enumerate(new) if c.endswith("_95"))
    new[i_95] = new[i_95].rsplit("_", 1)[0] + "_109"
    new[i_bv] = "BedrijfsvestigingenTotaal_95"
    assert len(set(new)) == len(new)
    rows[0] = new
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (snap / "cbs/85984NED/data.csv").write_text(out.getvalue(), encoding="utf-8")
    return dict(zip(old, new))


VALUE_COLS = "indicator_id, region_code, level, year, numerator, denominator, value, nl_value, "
VALUE_COLS += "index, z, is_significant, klasse, reason"


def test_renumbered_topic_keys_give_identical_values(
    tmp_path: Path, snapshot_dir: Path, built_db: Path
) -> None:
    snap = copy_snapshot(snapshot_dir, tmp_path / "snapshot")
    mapping = renumber_topics(snap)
    assert mapping["BedrijfsvestigingenTotaal_102"] == "BedrijfsvestigingenTotaal_95"
    assert mapping["GemiddeldeWOZWaardeVanWoningen_39"] == "GemiddeldeWOZWaardeVanWoningen_46"
    db = tmp_path / "renumbered.duckdb"
    build(SnapshotSource(snap), db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        con.execute(f"ATTACH '{built_db}' AS good (READ_ONLY)")
        n = con.execute("SELECT count(*) FROM indicator_value").fetchone()[0]
        assert n == con.execute("SELECT count(*) FROM good.indicator_value").fetchone()[0]
        for a, b in (("main", "good"), ("good", "main")):
            diff = con.execute(
                f"SELECT count(*) FROM (SELECT {VALUE_COLS} FROM {a}.indicator_value "  # noqa: S608
                f"EXCEPT ALL SELECT {VALUE_COLS} FROM {b}.indicator_value)"
            ).fetchone()[0]
            assert diff == 0, f"{diff} indicator values in {a} differ from {b}"
        obs = "SELECT measure, region_code, year, value FROM {}.core_observation"
        diff = con.execute(
            f"SELECT count(*) FROM ({obs.format('main')} EXCEPT ALL {obs.format('good')})"
        ).fetchone()[0]
        assert diff == 0
        vest = con.execute(
            "SELECT value FROM core_observation WHERE measure = 'kwb.vestigingen_n' "
            "AND region_code = 'NL'"
        ).fetchone()
        assert vest is not None and vest[0] > 0
    finally:
        con.close()


# --- live source against the recorded CBS (real HTTP on loopback), end to end -----------------


def _same_values(db: Path, good: Path) -> None:
    """Same figures and verdicts; only the snapshot build says a gap is the snapshot's own."""
    cols = VALUE_COLS.replace(", reason", "")
    con = duckdb.connect(str(db), read_only=True)
    try:
        con.execute(f"ATTACH '{good}' AS good (READ_ONLY)")
        for a, b in (("main", "good"), ("good", "main")):
            diff = con.execute(
                f"SELECT count(*) FROM (SELECT {cols} FROM {a}.indicator_value "  # noqa: S608
                f"EXCEPT ALL SELECT {cols} FROM {b}.indicator_value)"
            ).fetchone()[0]
            assert diff == 0, f"{diff} indicator values in {a} differ from {b}"
        reasons = con.execute(
            "SELECT DISTINCT g.reason, m.reason FROM good.indicator_value g "
            "JOIN main.indicator_value m USING (indicator_id, region_code, year) "
            "WHERE g.reason IS DISTINCT FROM m.reason"
        ).fetchall()
        assert {snap for snap, _ in reasons} <= {"niet in de offline gegevens"}, reasons
        assert "niet in de offline gegevens" not in {live for _, live in reasons}
    finally:
        con.close()


def test_live_cli_build_gives_the_snapshot_figures(
    cbs, tmp_path: Path, built_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """zicht build --source live against the recorded CBS, with a 503 on a later page."""
    cbs.page_size = 4000
    cbs.fail("TypedDataSet", 503, times=1, page=2, retry_after=0)
    monkeypatch.setenv("ZICHT_CBS_URL", cbs.url)
    monkeypatch.setenv("ZICHT_GEO_URL", f"{cbs.url}/nl/wgs84")
    monkeypatch.setenv("ZICHT_PDOK_URL", f"{cbs.url}/pdok")
    monkeypatch.setenv("ZICHT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "200")
    db = tmp_path / "live.duckdb"
    result = CliRunner().invoke(cli.main, ["build", "--source", "live", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    _same_values(db, built_db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        heerlen = con.execute(
            "SELECT value FROM indicator_value WHERE indicator_id = "
            "'drugs.verdachten_drugs_per_10k' AND region_code = 'GM0917' AND year = 2024"
        ).fetchone()
        assert heerlen == (27.0,)
        live_tables = con.execute("SELECT count(*) FROM source WHERE kind = 'live'").fetchone()[0]
        assert live_tables == len(TABLES)
        buurt = con.execute("SELECT is_available, note FROM geometry_level WHERE level = 'buurt'")
        available, note = buurt.fetchone()
        assert not available and "cartomap" in note and "PDOK" in note
    finally:
        con.close()
    from urllib.parse import unquote

    data_calls = [unquote(c.replace("+", " ")) for c in cbs.calls if "/TypedDataSet?" in c]
    for t in TABLES:
        calls = [c for c in data_calls if f"/{t.id}/" in c]
        assert calls, t.id
        if t.filters or t.split_col:
            assert all("$filter=" in c for c in calls), t.id
    assert all("$select=" in c for c in data_calls if "/85984NED/" in c)


@pytest.fixture
def served_db(tmp_path: Path, built_db: Path) -> Path:
    served = tmp_path / "served"
    served.mkdir()
    db = served / "zicht.duckdb"
    shutil.copy2(built_db, db)
    return db


@pytest.mark.parametrize(
    ("part", "fault", "page", "reason"),
    [
        ("TableInfos", 500, None, "HTTP 500"),
        ("TypedDataSet", 503, None, "HTTP 503"),
        ("TypedDataSet", "reset", 2, "CBS"),
    ],
)
def test_cbs_outage_stops_build_and_keeps_db(
    cbs, tmp_path: Path, served_db: Path, part: str, fault: int | str, page: int | None,
    reason: str,
) -> None:  # fmt: skip
    from tests.conftest import live_source

    cbs.page_size = 2000
    cbs.fail(part, fault, page=page)
    live = live_source(tmp_path / "cache", cbs, retries=1)
    before = sha256(served_db)
    with pytest.raises(BuildError) as err:
        build(live, served_db)
    assert reason in err.value.problem
    assert "\n" not in str(err.value) and err.value.hint
    assert sha256(served_db) == before
    assert leftovers(served_db.parent, {served_db.name}) == []


def test_boundary_outage_after_tables_keeps_db(cbs, tmp_path: Path, served_db: Path) -> None:
    """cartomap and PDOK down while the new database is already half written: the old stays."""
    from tests.conftest import live_source

    for part in ("gemeente_2024.topojson", "gemeente_2024.geojson", "pdok gemeente"):
        cbs.fail(part, 503)
    before = sha256(served_db)
    with pytest.raises(BuildError) as err:
        build(live_source(tmp_path / "cache", cbs, retries=0), served_db)
    assert err.value.table == "geo gemeente_2024"
    assert "HTTP 503" in err.value.problem
    assert sha256(served_db) == before
    assert leftovers(served_db.parent, {served_db.name}) == []


def test_first_run_without_snapshot_or_network_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fresh clone, no ../shared, no internet: where it looked, that nothing was written, and
    how to point at a snapshot."""
    from data_pipeline import settings

    missing = tmp_path / "shared" / "data" / "snapshot"
    monkeypatch.setitem(
        settings.SETTINGS,
        "snapshot",
        settings.Setting("snapshot", "ZICHT_SNAPSHOT", str(missing), ""),
    )
    monkeypatch.delenv("ZICHT_SNAPSHOT", raising=False)
    monkeypatch.setenv("ZICHT_CBS_URL", "http://127.0.0.1:9")  # nothing listens: no network
    monkeypatch.setenv("ZICHT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "300")
    db = tmp_path / "new" / "zicht.duckdb"
    result = CliRunner().invoke(cli.main, ["build", "--db", str(db)])
    out = " ".join(result.output.split())
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"Geen offline snapshot in {missing}" in out and "live van CBS" in out
    assert "geen verbinding" in out and "ZICHT_SNAPSHOT of --snapshot" in out
    assert "niet in de repository" in out and "--source snapshot" not in out
    assert "Er is niets geschreven" in out and "niet gewijzigd" not in out
    assert not db.exists()


def test_unexpected_error_is_one_line(
    tmp_path: Path, snapshot_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*a: object, **k: object) -> None:
        raise TypeError("Invalid comparison between dtype=str and ndarray")

    monkeypatch.setattr("data_pipeline.build.build", boom)
    monkeypatch.delenv("ZICHT_DEBUG", raising=False)
    monkeypatch.setenv("COLUMNS", "300")
    result = CliRunner().invoke(
        cli.main, ["build", "--snapshot", str(snapshot_dir), "--db", str(tmp_path / "x.duckdb")]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = [ln for ln in result.output.splitlines() if ln.startswith("Bouwen mislukt:")]
    assert len(lines) == 1 and "TypeError" in lines[0] and "ZICHT_DEBUG=1" in lines[0]
