"""Raw CBS files → DuckDB: cleaned ``raw_`` staging tables, ``core_observation`` and ``region``.

Reads only files (the snapshot layout), never the network. CBS quirks handled here once:
padded codes and names, empty/``.``/``x``/``-``/``?`` as missing, topic keys renumbered between
table versions (matched by stem), Nederland as NL00 or NL01, titles with a suffix such as " (GM)".
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from data_pipeline import sanity
from data_pipeline.catalog import Pick, Table, topic_stems
from data_pipeline.errors import BuildError
from themes.vocab import CODE_PREFIXES, Level, Reason

MISSING = {"", ".", "x", "-", "?"}
SECRET = {"x"}
REDOWNLOAD = "download de tabel opnieuw of herstel de snapshot"
SCHEMA_HINT = "CBS heeft de tabel gewijzigd; pas data_pipeline/catalog.py aan"
_SUFFIX = re.compile(r"_\d+$")
_YEAR = re.compile(r"(19|20)\d{2}")


def stem(key: str) -> str:
    """Topic key without CBS's numeric suffix: ``BedrijfsvestigingenTotaal_102`` → stem."""
    return _SUFFIX.sub("", key)


NEDERLAND_KEYS = {"NL00", "NL01"}  # other NL.. rows are e.g. "Nederland; niet in te delen"


def normalise_code(code: str | None) -> str | None:
    """GM0363 / WK036300 / BU03630000 / PV27 / RE05 stay; only NL00 and NL01 become NL."""
    if not isinstance(code, str):
        return None
    c = code.strip().upper()
    if not c:
        return None
    return "NL" if c in NEDERLAND_KEYS else c


_PERIOD_TITLES = (
    (re.compile(r"^((?:19|20)\d{2})\s*\*?$"), "{y}JJ00"),
    (re.compile(r"^([12])e halfjaar ((?:19|20)\d{2})"), "{y}HJ0{n}"),
    (re.compile(r"^((?:19|20)\d{2}) ([1-4])e kwartaal"), "{y}KW0{n}"),
)


def period_key(title: str | None) -> str | None:
    """CBS period key from a period title (``2024`` → 2024JJ00, ``1e halfjaar 2024`` → 2024HJ01).

    Used only where a table's ``Perioden.json`` is absent; CBS's own metadata wins otherwise.
    """
    t = (title or "").strip()
    for pattern, fmt in _PERIOD_TITLES:
        m = pattern.match(t)
        if m:
            groups = m.groups()
            year = next(g for g in groups if len(g) == 4)
            n = next((g for g in groups if len(g) == 1), "")
            return fmt.format(y=year, n=n)
    return None


def resolve_column(columns: list[str], stem_: str, occurrence: int = 0) -> str | None:
    """The ``occurrence``-th column whose stem equals ``stem_`` (table order), or None."""
    hits = [c for c in columns if stem(c) == stem_]
    return hits[occurrence] if len(hits) > occurrence else None


_GENERIC = re.compile(r"^(percentage|aantal|totaal|gemiddelde?)", re.IGNORECASE)


def closest_keys(stem_: str, columns: list[str], n: int = 3) -> list[str]:
    """Existing keys most like a missing stem, ignoring generic words CBS prefixes and drops."""

    def core(text: str) -> str:
        return _GENERIC.sub("", stem(text)).lower()

    scored = [(difflib.SequenceMatcher(None, core(stem_), core(c)).ratio(), c) for c in columns]
    return [c for score, c in sorted(scored, reverse=True)[:n] if score >= 0.5]


def topic_column(
    table: Table, columns: list[str], stem_: str, occurrence: int = 0, *, required: bool = True
) -> str | None:
    """Column of a topic by stem, trying the catalog's known renames; a missing required topic
    is one line naming the table, the topic and the closest existing keys."""
    for candidate in topic_stems(table, stem_):
        col = resolve_column(columns, candidate, occurrence)
        if col is not None:
            return col
    if not required:
        return None
    near = closest_keys(stem_, columns)
    hint = f"; dichtstbijzijnde: {', '.join(near)}" if near else ""
    raise BuildError(table.id, f"onderwerp {stem_} ontbreekt{hint}", SCHEMA_HINT)


@dataclass
class LoadedTable:
    table: Table
    rows: int
    observations: pd.DataFrame  # measure, region_code, year, value, status
    raw: pd.DataFrame
    info: dict


def read_csv(table: Table, folder: Path) -> pd.DataFrame:
    """data.csv as text; a truncated or non-UTF-8 file is a BuildError naming the table."""
    path = folder / "data.csv"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise BuildError(table.id, f"bestand ontbreekt: {path.name}", REDOWNLOAD) from exc
    except UnicodeDecodeError as exc:
        raise BuildError(
            table.id, f"data.csv is geen UTF-8 (byte {exc.start})", REDOWNLOAD
        ) from exc
    if not text.strip():
        raise BuildError(table.id, "data.csv is leeg", REDOWNLOAD)
    # csv on the text itself, not str.splitlines(): that also splits on U+2028 and other
    # Unicode line breaks, which may occur inside a (quoted) name
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    bad = [i + 2 for i, r in enumerate(body) if len(r) != len(header)]
    if bad:
        raise BuildError(
            table.id,
            f"data.csv is afgekapt of beschadigd (regel {bad[0]} heeft "
            f"{len(body[bad[0] - 2])} van {len(header)} velden)",
            REDOWNLOAD,
        )
    if not body:
        raise BuildError(table.id, "data.csv bevat geen rijen", REDOWNLOAD)
    return pd.DataFrame(body, columns=header, dtype=object)


def clean_text(series: pd.Series) -> pd.Series:
    """Strip padding; CBS missing/secret markers become None."""
    s = series.astype("string").str.strip()
    return s.mask(s.isin(MISSING))


def to_number(series: pd.Series) -> pd.Series:
    return pd.to_numeric(clean_text(series), errors="coerce").astype("float64")


def typed_raw(df: pd.DataFrame) -> pd.DataFrame:
    """Staging copy: every column cleaned; numeric where every present value parses."""
    out = {}
    for col in df.columns:
        s = clean_text(df[col])
        num = pd.to_numeric(s, errors="coerce")
        out[col] = (
            num.astype("float64") if num.notna().sum() == s.notna().sum() else s.astype(object)
        )
    return pd.DataFrame(out)


def _dim_map(table: Table, folder: Path, dim: str, *, required: bool = True) -> dict[str, str]:
    """Title → stripped key from ``<dim>.json``; {} where it is absent and not ``required``."""
    path = folder / f"{dim}.json"
    if not required and not path.is_file():
        return {}
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BuildError(table.id, f"metadata ontbreekt: {path.name}", REDOWNLOAD) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BuildError(table.id, f"{path.name} is geen geldige JSON", REDOWNLOAD) from exc
    return {str(i["Title"]).strip(): str(i["Key"]).strip() for i in items}


def region_codes(table: Table, folder: Path, df: pd.DataFrame) -> pd.Series:
    """Region code per row: from a code column, or titles mapped through ``<dim>.json``."""
    cols = list(df.columns)
    if table.region_code_col:
        col = topic_column(table, cols, table.region_code_col)
        return clean_text(df[col]).map(normalise_code)
    assert table.region_dim
    if table.region_dim not in cols:
        raise BuildError(table.id, f"dimensie {table.region_dim} ontbreekt", SCHEMA_HINT)
    titles = clean_text(df[table.region_dim])
    mapping = _dim_map(table, folder, table.region_dim)
    return titles.map(lambda t: normalise_code(mapping.get(t)) if t else None)


def table_year(table: Table, info: dict) -> int:
    """Year of a table without a period dimension: from its Period (TableInfos), else title."""
    for text in (info.get("Period"), info.get("Title"), table.title):
        m = _YEAR.search(str(text or ""))
        if m:
            return int(m.group(0))
    raise BuildError(table.id, "geen jaar in de tabelinformatie", REDOWNLOAD)


def period_keys(table: Table, folder: Path, df: pd.DataFrame) -> pd.Series:
    """Period key per row: titles mapped through ``Perioden.json``, else derived from the title."""
    assert table.period_dim
    if table.period_dim not in df.columns:
        raise BuildError(table.id, f"dimensie {table.period_dim} ontbreekt", SCHEMA_HINT)
    mapping = _dim_map(table, folder, table.period_dim, required=False)
    return clean_text(df[table.period_dim]).map(
        lambda t: (mapping.get(t) or period_key(t)) if t else None
    )


def pick_mask(table: Table, folder: Path, df: pd.DataFrame) -> pd.Series:
    """Rows that have every category the catalog picks (by key where metadata has one)."""
    mask = pd.Series(True, index=df.index)
    for dim, pick in table.filters.items():
        if dim not in df.columns:
            raise BuildError(table.id, f"dimensie {dim} ontbreekt", SCHEMA_HINT)
        titles = clean_text(df[dim])
        mapping = _dim_map(table, folder, dim, required=False)
        if not mapping:
            mask &= titles == pick.title
            continue
        key = check_pick(table, dim, pick, mapping)
        mask &= titles.map(mapping) == key
    if table.period_dim:
        keys = period_keys(table, folder, df)
        mask &= keys.fillna("").str.fullmatch(table.periods)
    return mask.fillna(False).astype(bool)


def check_pick(table: Table, dim: str, pick: Pick, mapping: dict[str, str]) -> str:
    """The stripped key of ``pick`` in a dimension's title → key map; stop where they disagree."""
    key = mapping.get(pick.title)
    if key is None:
        known = ", ".join(sorted(mapping)[:5])
        raise BuildError(
            table.id, f"categorie '{pick.title}' niet in {dim} (wel o.a.: {known})", SCHEMA_HINT
        )
    if pick.key is not None and key != pick.key:
        raise BuildError(
            table.id,
            f"{dim} '{pick.title}' heeft bij CBS sleutel {key}, de catalogus verwacht {pick.key}",
            SCHEMA_HINT,
        )
    return key


def years(table: Table, folder: Path, df: pd.DataFrame, info: dict) -> pd.Series:
    """Year per row: from the period key (``YYYY…``), or the table's own year."""
    if table.period_dim is None:
        return pd.Series(table_year(table, info), index=df.index, dtype="Int64")
    keys = period_keys(table, folder, df)
    return keys.str[:4].map(lambda y: int(y) if y and y.isdigit() else None).astype("Int64")


def status_of(series: pd.Series) -> pd.Series:
    raw = series.astype("string").str.strip().fillna("")
    status = pd.Series("ok", index=series.index, dtype=object)
    status[raw.isin(MISSING)] = Reason.MISSING
    status[raw.isin(SECRET)] = Reason.SECRET
    return status


def load_table(table: Table, folder: Path) -> LoadedTable:
    """Read, filter, map regions/years and melt the catalog topics into observations."""
    df = read_csv(table, folder)
    info_path = folder / "info.json"
    try:
        info = json.loads(info_path.read_text(encoding="utf-8")) if info_path.exists() else {}
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BuildError(table.id, "info.json is geen geldige JSON", REDOWNLOAD) from exc
    expected = info.get("rows") or info.get("snapshot", {}).get("rows")
    if isinstance(expected, int) and expected != len(df):  # cut exactly at a line end
        raise BuildError(
            table.id, f"data.csv heeft {len(df)} rijen, info.json noemt er {expected}", REDOWNLOAD
        )
    cols = list(df.columns)
    df = df[pick_mask(table, folder, df)]
    codes = region_codes(table, folder, df)
    yrs = years(table, folder, df, info)
    split = clean_text(df[table.split_col]) if table.split_col else None
    frames = []
    for topic in table.topics:
        col = topic_column(table, cols, topic.stem, topic.occurrence, required=topic.required)
        if col is None:
            continue
        obs = pd.DataFrame(
            {
                "measure": topic.measure,
                "region_code": codes,
                "year": yrs,
                "value": to_number(df[col]),
                "status": status_of(df[col]),
            }
        )
        if split is not None:
            suffix = split.map(table.split)
            obs["measure"] = topic.measure + suffix
            obs = obs[suffix.notna()]
        sanity.require_plausible(table, topic, col, df, obs)  # before anything casts a value
        frames.append(obs)
    obs = pd.concat(frames, ignore_index=True)
    obs = obs[obs["region_code"].notna() & obs["year"].notna()]
    dup = obs.duplicated(["measure", "region_code", "year"])
    if dup.any():
        first = obs[dup].iloc[0]
        raise BuildError(
            table.id,
            f"{first['measure']} staat meer dan eens voor {first['region_code']} in "
            f"{first['year']} (kies één categorie per dimensie in de catalogus)",
            SCHEMA_HINT,
        )
    return LoadedTable(table, len(df), obs, typed_raw(df), info)


def level_of_code(code: str) -> str | None:
    """Region level from a normalised code's prefix (Nederland is exactly ``NL``)."""
    if code == "NL":
        return str(Level.NEDERLAND)
    level = CODE_PREFIXES.get(code[:2]) if code else None
    return None if level is None or level == Level.NEDERLAND else str(level)


def write_df(con: duckdb.DuckDBPyConnection, name: str, df: pd.DataFrame) -> None:
    """Create table ``name`` (a fixed identifier from the catalog) from a DataFrame."""
    con.register("_df", df)
    con.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM _df')  # noqa: S608
    con.unregister("_df")
