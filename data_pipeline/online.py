"""``zicht check --online``: every table id, topic stem, pinned key and boundary URL the build
needs, checked against the real services (for users with internet; the build itself is not run).
"""

from __future__ import annotations

import requests

from data_pipeline.catalog import GEO_FILE, TABLES
from data_pipeline.errors import BuildError
from data_pipeline.live import LiveSource, _describe
from data_pipeline.load import _YEAR
from data_pipeline.odata import Feed
from data_pipeline.query import DIMENSION_TYPES, plan_query
from themes.vocab import AREA_LEVELS


def check_online(live: LiveSource) -> tuple[list[str], list[str]]:
    """(lines that passed, problems): one line per table and per boundary level."""
    ok: list[str] = []
    problems: list[str] = []
    kwb_year: int | None = None
    for entry in TABLES:
        table = live.resolve(entry)
        feed = Feed(live.http, live.cbs_url, table.id)
        try:
            info = (feed.entity("TableInfos") or [{}])[0]
            props = feed.entity("DataProperties")
            dims = {
                p["Key"]: feed.entity(p["Key"])
                for p in props
                if p.get("Type") in DIMENSION_TYPES
                and (p["Key"] in table.filters or p["Key"] in (table.split_col, table.period_dim))
            }
            plan = plan_query(table, props, dims)
        except BuildError as exc:
            problems.append(str(exc))
            continue
        except (requests.RequestException, ValueError) as exc:
            problems.append(f"{table.id}: {_describe(exc, 'CBS')}")
            continue
        if entry.alias == "kwb":
            m = _YEAR.search(str(info.get("Period") or table.title))
            kwb_year = int(m.group(0)) if m else None
        what = ", ".join(f"{k}={v[:60]}" for k, v in plan.params.items()) or "hele tabel"
        ok.append(f"{table.id} ({info.get('Title', table.title)}): {len(table.topics)} "
                  f"onderwerpen gevonden; {what}")  # fmt: skip
    if kwb_year is None:
        problems.append("grenzen: jaar van de kerncijfers onbekend, niet gecontroleerd")
        return ok, problems
    for level in AREA_LEVELS:
        tried = []
        for ext in ("topojson", "geojson"):
            url = f"{live.geo_url}/{GEO_FILE.format(level=level, year=kwb_year, ext=ext)}"
            try:
                r = live.http.session.head(url, timeout=live.http.timeout, allow_redirects=True)
                r.raise_for_status()
            except requests.RequestException as exc:
                tried.append(f"{_describe(exc, 'cartomap')} ({url})")
                continue
            ok.append(f"grenzen {level} {kwb_year}: {url}")
            break
        else:
            problems.append(f"grenzen {level} {kwb_year}: {'; '.join(tried)}")
    return ok, problems
