"""The ``region`` dimension and ``region_member`` sets, from KWB 2024 and Gebieden in Nederland.

Levels: nederland, provincie, riec (politie-eenheid), gemeente, wijk, buurt, and the peer groups
stedelijkheid (ST1..ST5) and grootteklasse (GK..) that CBS assigns each gemeente.
"""

from __future__ import annotations

import pandas as pd

from data_pipeline.catalog import Table
from data_pipeline.errors import BuildError
from data_pipeline.load import (
    SCHEMA_HINT,
    clean_text,
    level_of_code,
    normalise_code,
    resolve_column,
    stem,
)
from themes.vocab import AREA_LEVELS, Level

#: the KWB lists Nederland and every gemeente, wijk and buurt
_KWB_LEVELS = (Level.NEDERLAND, *AREA_LEVELS)

REGION_COLUMNS = [
    "code",
    "name",
    "level",
    "gemeente_code",
    "wijk_code",
    "provincie_code",
    "riec_code",
    "stedelijkheid",
    "stedelijkheid_name",
    "grootteklasse",
    "grootteklasse_name",
    "inwoners",
]


def _pair(df: pd.DataFrame, prefix: str, table_id: str) -> tuple[str, str]:
    """Code_N/Naam_N pair whose codes start with ``prefix`` (titles are not in the snapshot)."""
    cols = list(df.columns)
    for i, col in enumerate(cols):
        if stem(col) == "Code" and i + 1 < len(cols):
            values = clean_text(df[col]).dropna()
            if len(values) and values.str.startswith(prefix).all():
                return col, cols[i + 1]
    raise BuildError(table_id, f"geen kolom met {prefix}-codes gevonden", SCHEMA_HINT)


def _class_pair(df: pd.DataFrame, word: str, table_id: str) -> tuple[str, str]:
    """Code_N/Omschrijving_N pair whose descriptions contain ``word`` (size or urbanity)."""
    cols = list(df.columns)
    for i, col in enumerate(cols):
        if stem(col) == "Omschrijving" and i > 0:
            values = clean_text(df[col]).dropna()
            if len(values) and values.str.contains(word, case=False).mean() > 0.5:
                return cols[i - 1], col
    raise BuildError(table_id, f"geen klasse-kolom met '{word}' gevonden", SCHEMA_HINT)


def build_regions(
    kwb: pd.DataFrame, gebieden: pd.DataFrame, gebieden_table: Table
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (region, region_member) from the raw KWB and Gebieden-in-Nederland tables; the
    catalog entry of the latter says which columns hold which division (``roles``)."""
    cols = list(kwb.columns)
    code = clean_text(kwb[resolve_column(cols, "Codering")]).map(normalise_code)
    name = clean_text(kwb["WijkenEnBuurten"])
    inw = pd.to_numeric(kwb[resolve_column(cols, "AantalInwoners")], errors="coerce")
    base = pd.DataFrame({"code": code, "name": name, "inwoners": inw})
    level = base["code"].map(level_of_code)
    base["level"] = level.where(level.isin(_KWB_LEVELS))
    base = base[base["level"].notna()].copy()
    base.loc[base.level == "nederland", "name"] = "Nederland"
    base["gemeente_code"] = None
    is_wb = base.level.isin([Level.WIJK, Level.BUURT])
    base.loc[is_wb, "gemeente_code"] = "GM" + base.loc[is_wb, "code"].str[2:6]
    base.loc[base.level == "gemeente", "gemeente_code"] = base.loc[base.level == "gemeente", "code"]
    base["wijk_code"] = None
    is_bu = base.level == "buurt"
    base.loc[is_bu, "wijk_code"] = "WK" + base.loc[is_bu, "code"].str[2:8]
    base.loc[base.level == "wijk", "wijk_code"] = base.loc[base.level == "wijk", "code"]

    tid = gebieden_table.id
    gcols = list(gebieden.columns)
    g = pd.DataFrame({"gemeente_code": clean_text(gebieden[resolve_column(gcols, "Code")])})
    for role, (kind, marker) in gebieden_table.roles.items():
        if kind == "code":
            code_col, name_col = _pair(gebieden, marker, tid)
            g[f"{role}_code"] = clean_text(gebieden[code_col])
            g[f"{role}_name"] = clean_text(gebieden[name_col])
        else:
            code_col, name_col = _class_pair(gebieden, marker, tid)
            codes = pd.to_numeric(clean_text(gebieden[code_col]), errors="coerce")
            g[role] = codes.astype("Int64")
            g[f"{role}_name"] = clean_text(gebieden[name_col])

    kwb_gm = set(base.loc[base.level == "gemeente", "code"])
    missing = kwb_gm - set(g.gemeente_code)
    if missing:
        raise BuildError(
            tid,
            f"{len(missing)} gemeenten zonder indeling, o.a. {sorted(missing)[0]}",
            "gebruik Gebieden in Nederland van hetzelfde jaar als de kerncijfers",
        )
    attrs = [c for c in g.columns if c not in ("provincie_name", "riec_name")]
    region = base.merge(g[attrs], on="gemeente_code", how="left")

    sets = []
    for level, code_col, name_col, prefix in (
        (Level.PROVINCIE, "provincie_code", "provincie_name", ""),
        (Level.RIEC, "riec_code", "riec_name", ""),
        (Level.STEDELIJKHEID, "stedelijkheid", "stedelijkheid_name", "ST"),
        (Level.GROOTTEKLASSE, "grootteklasse", "grootteklasse_name", "GK"),
    ):
        grp = g.dropna(subset=[code_col]).copy()
        grp["set_code"] = prefix + grp[code_col].astype(str)
        names = grp.groupby("set_code")[name_col].first()
        members = grp[["set_code", "gemeente_code"]]
        sets.append((level, names, members))
    members = pd.concat(
        [m for _, _, m in sets]
        + [pd.DataFrame({"set_code": "NL", "gemeente_code": sorted(kwb_gm)})],
        ignore_index=True,
    )
    inw_gm = region[region.level == "gemeente"].set_index("code")["inwoners"]
    extra = []
    for level, names, m in sets:
        pop = m.assign(inw=m.gemeente_code.map(inw_gm)).groupby("set_code")["inw"].sum()
        for code_, name_ in names.items():
            row = {"code": code_, "name": name_, "level": str(level), "inwoners": pop.get(code_)}
            if level == Level.PROVINCIE:
                row["provincie_code"] = code_
            if level == Level.RIEC:
                row["riec_code"] = code_
            extra.append(row)
    region = pd.concat([region, pd.DataFrame(extra)], ignore_index=True)
    region["inwoners"] = pd.to_numeric(region["inwoners"]).round().astype("Int64")
    return region[REGION_COLUMNS], members
