"""Build steps: extract → load → regions → geometry → indicators → atomic swap into place."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd

import themes
from data_pipeline import coverage, engine, sanity, schema, similarity
from data_pipeline.catalog import GEO_LICENCE, TABLES
from data_pipeline.cleanup import remove_stale_temps
from data_pipeline.errors import BuildError
from data_pipeline.geometry import load_boundaries
from data_pipeline.load import level_of_code, load_table, table_year, write_df
from data_pipeline.regions import build_regions
from data_pipeline.sources import Source
from themes.spec import KLASSE_LABELS
from themes.vocab import AREA_LEVELS, Level

Progress = Callable[[str, int, int], None]


@dataclass
class BuildReport:
    """What a build did: shown as the closing summary and stored in ``build_info``."""

    source: str
    db: Path
    steps: dict[str, float] = field(default_factory=dict)
    tables: dict[str, int] = field(default_factory=dict)
    regions: dict[str, int] = field(default_factory=dict)
    indicator_rows: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


@contextmanager
def _timed(report: BuildReport, step: str) -> Iterator[None]:
    t0 = time.perf_counter()
    yield
    report.steps[step] = round(time.perf_counter() - t0, 2)


def _sql(name: str) -> str:
    return resources.files("data_pipeline").joinpath("sql", name).read_text(encoding="utf-8")


def derived_measures() -> dict[str, str]:
    """One SQL file per derived measure (``sql/derived/<measure>.sql``), keyed by the measure:
    each inserts only its own rows into ``core_observation``, from CBS figures only."""
    folder = resources.files("data_pipeline").joinpath("sql", "derived")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name)
    return {f.name.removesuffix(".sql"): f.read_text(encoding="utf-8") for f in files}


def _noop(step: str, done: int, total: int) -> None:
    pass


def build(source: Source, db: Path, progress: Progress = _noop) -> BuildReport:
    """Build the database into a temp file and rename it over ``db`` only when all succeeded."""
    db = Path(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    tmp = db.with_name(f".{db.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    remove_stale_temps(db)  # litter of builds that were killed (kill -9, SIGTERM)
    report = BuildReport(source=source.describe(), db=db)
    t0 = time.perf_counter()
    try:
        con = duckdb.connect(str(tmp))
        try:
            _build_into(con, source, report, progress)
        finally:
            con.close()
        tmp.replace(db)  # atomic on POSIX: readers see the old or the new file, never half
    except BaseException:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
        raise
    report.seconds = round(time.perf_counter() - t0, 2)
    return report


def _build_into(
    con: duckdb.DuckDBPyConnection, source: Source, report: BuildReport, progress: Progress
) -> None:
    loaded = {}
    with _timed(report, "extract+load"):
        for i, entry in enumerate(TABLES):
            progress("tabellen laden", i, len(TABLES))
            table = source.resolve(entry)

            def rows(done: int, total: int | None, tid: str = table.id) -> None:
                progress(f"download {tid}", done, total or 0)

            lt = load_table(table, source.table_dir(table, rows))
            loaded[table.alias] = lt
            report.tables[table.id] = lt.rows
        progress("tabellen laden", len(TABLES), len(TABLES))
        for lt in loaded.values():
            write_df(con, f"raw_{lt.table.id.lower()}", lt.raw)
        _write_sources(con, source, loaded)

    with _timed(report, "regio's"):
        progress("regio's", 0, 1)
        region, members = build_regions(
            loaded["kwb"].raw, loaded["gebieden"].raw, loaded["gebieden"].table
        )
        schema.write(con, "region", region)
        schema.write(con, "region_member", members)
        report.regions = region["level"].value_counts().to_dict()
        progress("regio's", 1, 1)
        obs = pd.concat([lt.observations for lt in loaded.values()], ignore_index=True)
        obs = obs[obs["region_code"].map(level_of_code).notna()]
        codes = region["code"]
        unknown = obs["region_code"].str.startswith("GM") & ~obs["region_code"].isin(codes)
        _report_unknown_gemeenten(obs[unknown], report)
        obs = obs[~unknown]
        obs["year"] = obs["year"].astype(int)
        if source.kind == "snapshot":  # name what the partial snapshot lacks (never live)
            by_id = {lt.table.id: lt for lt in loaded.values()}
            folders = {tid: source.table_dir(lt.table) for tid, lt in by_id.items()}
            gemeenten = region.loc[region["level"] == "gemeente"].set_index("code")["name"]
            obs = coverage.mark_offline(obs, by_id, folders, gemeenten.to_dict())
            obs = obs[~obs["region_code"].str.startswith("GM") | obs["region_code"].isin(codes)]
        schema.write(con, "core_observation", obs)
        for name, sql in derived_measures().items():  # each from CBS figures only
            try:
                con.execute(sql)
            except duckdb.Error as exc:
                raise BuildError(f"afgeleide maat {name}", str(exc).splitlines()[0]) from exc
        sanity.require_sane_inputs(con)
        similar, traits = similarity.build(obs, region)
        schema.write(con, "similar_gemeente", similar)
        schema.write(con, "similarity_trait", traits)

    with _timed(report, "grenzen"):
        geo_year = table_year(loaded["kwb"].table, loaded["kwb"].info)
        _write_geometry(con, source, region, geo_year, progress)

    with _timed(report, "indicatoren"):
        obs = con.execute("SELECT * FROM core_observation").df()
        inds = themes.all_indicators()
        frames = []
        for i, ind in enumerate(inds):
            progress("indicatoren", i, len(inds))
            frames.append(engine.compute(ind, obs, region, members))
        progress("indicatoren", len(inds), len(inds))
        values = pd.concat(frames, ignore_index=True)
        schema.write(con, "indicator_value", values)
        report.indicator_rows = len(values)
        _write_definitions(con, values)
        levels = {"area_levels": [str(lv) for lv in AREA_LEVELS], "gemeente": Level.GEMEENTE}
        con.execute(schema.BY_NAME["signal"].ddl())
        con.execute(_sql("signal.sql"), levels)
        for view in schema.VIEWS:  # sql/<view>.sql
            con.execute(_sql(f"{view}.sql"))
        sanity.require_sane_outputs(con)
        report.warnings.extend(source.warnings)
        _write_build_info(con, report)
        con.execute("CHECKPOINT")


def _report_unknown_gemeenten(rows: pd.DataFrame, report: BuildReport) -> None:
    """Gemeente codes the region table lacks (a newer indeling, a former gemeente): reported."""
    if rows.empty:
        return
    per_table = rows.assign(table=rows["measure"].str.split(".").str[0])
    for alias, grp in per_table.groupby("table"):
        codes = sorted(grp["region_code"].unique())
        report.warnings.append(
            f"{alias}: {len(codes)} gemeentecodes die de huidige gemeentelijke indeling niet "
            f"kent (opgeheven of nieuw), weggelaten (o.a. {', '.join(codes[:3])})"
        )


def _write_sources(con: duckdb.DuckDBPyConnection, source: Source, loaded: dict) -> None:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    rows = []
    for lt in loaded.values():
        tid = lt.table.id
        snap = lt.info.get("snapshot", {})
        note = snap.get("note") or snap.get("partial_coverage") or ""
        if snap.get("partial_coverage") and snap.get("note"):
            note = f"{snap['note']} {snap['partial_coverage']}"
        rows.append(
            {
                "table_id": tid,
                "title": lt.info.get("Title") or lt.table.title,
                "period": str(lt.info.get("Period") or ""),
                "licence": lt.table.licence,
                "origin": source.origin(tid),
                "kind": source.kind,
                "loaded_at": now,
                "rows": lt.rows,
                "coverage_note": note,
            }
        )
    schema.write(con, "source", pd.DataFrame(rows))


def _write_geometry(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    region: pd.DataFrame,
    year: int,
    progress: Progress,
) -> None:
    """Boundaries per level for the KWB's year; a level no source has is recorded as
    unavailable with the reason, except gemeenten, without which there is no map."""
    frames, levels = [], []
    for i, level in enumerate(AREA_LEVELS):
        progress("grenzen", i, len(AREA_LEVELS))
        try:
            path = source.geo_file(level, year)
        except BuildError as exc:
            if level == "gemeente":
                raise
            note = f"Geen {level}grenzen beschikbaar: {exc.problem}"
            note += f" ({exc.hint})." if exc.hint else "."
            levels.append({"level": level, "is_available": False, "features": 0, "note": note})
            continue
        geo = load_boundaries(path, level)
        known = set(region.loc[region["level"] == level, "code"])
        unknown = sorted(set(geo["code"]) - known)
        geo = geo[geo["code"].isin(known)]
        note = f"{GEO_LICENCE}; {path.name}"
        if unknown:
            note += f"; {len(unknown)} grenzen zonder regio weggelaten (o.a. {unknown[0]})"
        levels.append({"level": level, "is_available": True, "features": len(geo), "note": note})
        frames.append(geo)
    progress("grenzen", len(AREA_LEVELS), len(AREA_LEVELS))
    schema.write(con, "geometry", pd.concat(frames, ignore_index=True))
    schema.write(con, "geometry_level", pd.DataFrame(levels))


def _write_definitions(con: duckdb.DuckDBPyConnection, values: pd.DataFrame) -> None:
    years = values.dropna(subset=["value"]).groupby("indicator_id")["year"].unique()
    order = {i.id: n for t in themes.all_themes() for n, i in enumerate(t.indicators)}
    rows = [
        schema.indicator_row(ind, order[ind.id], sorted(int(y) for y in years.get(ind.id, [])))
        for ind in themes.all_indicators()
    ]
    schema.write(con, "indicator", pd.DataFrame(rows, columns=schema.BY_NAME["indicator"].names))
    theme_rows = [
        {
            "id": t.id,
            "title": t.title,
            "description": t.description,
            "missing": t.missing,
            "ord": t.order,
        }
        for t in themes.all_themes()
    ]
    schema.write(con, "theme", pd.DataFrame(theme_rows))
    bounds = (0.0, *engine.BANDS, None)
    klasse_rows = [
        {"klasse": k, "label": label, "index_from": bounds[k - 1], "index_to": bounds[k]}
        for k, label in KLASSE_LABELS.items()
    ]
    schema.write(con, "klasse", pd.DataFrame(klasse_rows))


def _write_build_info(con: duckdb.DuckDBPyConnection, report: BuildReport) -> None:
    info = {
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": report.source,
        "duckdb": duckdb.__version__,
        "z_crit": str(engine.Z_CRIT),
    }
    schema.write(con, "build_info", pd.DataFrame({"key": list(info), "value": list(info.values())}))


def check(db: Path) -> list[str]:
    """Consistency and sanity checks on a built database; returns problems (empty = fine)."""
    if not Path(db).is_file():
        raise BuildError("database", f"{db} bestaat niet", "bouw eerst met `zicht build`")
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error as exc:
        raise BuildError("database", f"{db} kan niet worden geopend ({exc})") from exc
    problems = []
    try:
        for sql, params, what in (
            ("SELECT count(*) FROM region WHERE level = ?", [Level.GEMEENTE], "gemeenten"),
            ("SELECT count(*) FROM indicator_value", [], "indicatorwaarden"),
        ):
            if con.execute(sql, params).fetchone()[0] == 0:
                problems.append(f"geen {what}")
        problems += sanity.problems(con)  # ranges, boundaries, wijken/buurten without gemeente
    finally:
        con.close()
    return problems
