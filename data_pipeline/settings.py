"""Every setting once (name, default, help, env var); nothing else reads os.environ."""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting(
            "db", "ZICHT_DB", str(ROOT / "data" / "zicht.duckdb"), "DuckDB file to build/serve"
        ),
        Setting(
            "snapshot",
            "ZICHT_SNAPSHOT",
            str(ROOT.parent / "shared" / "data" / "snapshot"),
            "Offline snapshot folder in the cbsodata layout",
        ),
        Setting("source", "ZICHT_SOURCE", "auto", "auto | snapshot | live"),
        Setting("cache", "ZICHT_CACHE", str(ROOT / "data" / "cache"), "Live download cache"),
        Setting(
            "cbs_url",
            "ZICHT_CBS_URL",
            "https://opendata.cbs.nl",
            "CBS OData base: <url>/ODataFeed/odata/<table>/ and <url>/ODataCatalog/Tables",
        ),
        Setting(
            "geo_url",
            "ZICHT_GEO_URL",
            "https://cartomap.github.io/nl/wgs84",
            "Boundary files <url>/<level>_<year>.topojson (cartomap)",
        ),
        Setting(
            "pdok_url",
            "ZICHT_PDOK_URL",
            "https://api.pdok.nl/cbs/gebiedsindelingen/ogc/v1",
            "PDOK OGC API Features, fallback for boundaries (<level>_gegeneraliseerd)",
        ),
        Setting(
            "kwb_table",
            "ZICHT_KWB_TABLE",
            "",
            "Pin the Kerncijfers wijken en buurten table id (empty = newest in CBS's catalog)",
        ),
        Setting(
            "gebieden_table",
            "ZICHT_GEBIEDEN_TABLE",
            "",
            "Pin the Gebieden in Nederland table id (empty = newest in CBS's catalog)",
        ),
        Setting(
            "cache_days",
            "ZICHT_CACHE_DAYS",
            "30",
            "Days a downloaded table is used before CBS is asked whether it changed",
        ),
        Setting("host", "ZICHT_HOST", "127.0.0.1", "Address the web app listens on"),
        Setting("port", "ZICHT_PORT", "8050", "Port the web app listens on"),
        Setting(
            "base_path",
            "ZICHT_BASE_PATH",
            "/",
            "Serve every page, asset and download under this sub-path, e.g. /zicht/",
        ),
        Setting("tiles", "ZICHT_TILES", "0", "1 = offer an online base-map tile layer"),
        Setting("debug", "ZICHT_DEBUG", "0", "1 = Dash debug mode (never in production)"),
    )
}


def get(name: str) -> str:
    """Value of a setting: environment variable if set, else its default."""
    if name not in SETTINGS:
        raise KeyError(f"onbekende instelling: {name}")
    s = SETTINGS[name]
    return os.environ.get(s.env) or s.default


def is_set(name: str) -> bool:
    """Whether the user set a setting's environment variable (not just its default)."""
    return bool(os.environ.get(SETTINGS[name].env))


def path(name: str) -> Path:
    return Path(get(name)).expanduser()


def flag(name: str) -> bool:
    return get(name).strip().lower() in {"1", "true", "yes", "ja", "on"}


@dataclass(frozen=True)
class Config:
    """Every setting, typed and read once (:func:`load`); passed down instead of re-reading."""

    db: Path
    snapshot: Path
    snapshot_set: bool  # the user named a snapshot (ZICHT_SNAPSHOT), not just the default
    source: str
    cache: Path
    cbs_url: str
    geo_url: str
    pdok_url: str
    kwb_table: str
    gebieden_table: str
    cache_days: float
    host: str
    port: int
    tiles: bool
    debug: bool
    base_path: str = "/"  # always starts and ends with '/' (see base_path())

    def replace(self, **changes: Any) -> Config:
        """A copy with some settings changed (command-line options over the environment)."""
        changes = {k: v for k, v in changes.items() if v is not None}
        if "base_path" in changes:
            changes["base_path"] = base_path(changes["base_path"])
        return dataclasses.replace(self, **changes)

    def live(self, refresh: bool = False) -> dict[str, Any]:
        """The keyword arguments of ``LiveSource`` (besides the cache folder)."""
        return {
            "cbs_url": self.cbs_url,
            "geo_url": self.geo_url,
            "pdok_url": self.pdok_url,
            "pins": {"kwb_table": self.kwb_table, "gebieden_table": self.gebieden_table},
            "refresh": refresh,
            "max_age_days": self.cache_days,
        }


def load(**overrides: Any) -> Config:
    """The settings from the environment (else their defaults), with ``overrides`` on top."""
    config = Config(
        db=path("db"),
        snapshot=path("snapshot"),
        snapshot_set=is_set("snapshot"),
        source=get("source"),
        cache=path("cache"),
        cbs_url=get("cbs_url"),
        geo_url=get("geo_url"),
        pdok_url=get("pdok_url"),
        kwb_table=get("kwb_table"),
        gebieden_table=get("gebieden_table"),
        cache_days=float(get("cache_days")),
        host=get("host"),
        port=int(get("port")),
        tiles=flag("tiles"),
        debug=flag("debug"),
        base_path=base_path(get("base_path")),
    )
    return config.replace(**overrides)


_SEGMENT = re.compile(r"^[A-Za-z0-9._~-]+$")


def base_path(text: str) -> str:
    """``zicht``, ``/zicht`` and ``/zicht/`` all mean ``/zicht/``; ``/`` is the root.

    Raises ValueError (a Dutch message) for anything but plain path segments.
    """
    parts = [p for p in str(text).strip().split("/") if p]
    bad = [p for p in parts if not _SEGMENT.match(p) or p in {".", ".."}]
    if bad:
        raise ValueError(f"ongeldig basispad {text!r}: alleen letters, cijfers en . _ ~ -")
    return "/" + "".join(p + "/" for p in parts)
