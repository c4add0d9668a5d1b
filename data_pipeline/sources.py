"""Source interface: where the CBS files come from (offline snapshot or live CBS/cartomap).

Both implementations hand the loader the *same files* (the snapshot layout, see
``../shared/data/snapshot/README.md``), so everything downstream reads files, never the network.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path

from data_pipeline.catalog import GEO_FILE, Table
from data_pipeline.errors import BuildError

log = logging.getLogger(__name__)
Progress = Callable[[int, int | None], None]  # rows done, rows expected (None = unknown)


class Source(ABC):
    """Provides table folders (data.csv, info.json, <Dim>.json) and boundary files."""

    kind: str

    @abstractmethod
    def describe(self) -> str:
        """One line for the build log: which source and where."""

    warnings: list[str]

    def resolve(self, table: Table) -> Table:
        """The table to read for a catalog entry (the live source may find a newer edition)."""
        return table

    @abstractmethod
    def table_dir(self, table: Table, progress: Progress | None = None) -> Path:
        """Folder holding ``data.csv``, ``info.json`` and ``<Dim>.json`` for ``table``."""

    @abstractmethod
    def geo_file(self, level: str, year: int) -> Path:
        """Boundary file (TopoJSON or GeoJSON, WGS84) for a level; BuildError with the reason
        where this source has none."""

    @abstractmethod
    def origin(self, table_id: str) -> str:
        """Where a table came from (URL or path), stored in the ``source`` table."""


class SnapshotSource(Source):
    """Reads a snapshot folder; no network."""

    kind = "snapshot"

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.warnings: list[str] = []
        if not (self.root / "cbs").is_dir():
            raise BuildError(
                "snapshot", f"geen map cbs/ in {self.root}", "zet ZICHT_SNAPSHOT of --snapshot"
            )

    def describe(self) -> str:
        return f"snapshot {self.root}"

    def table_dir(self, table: Table, progress: Progress | None = None) -> Path:
        d = self.root / "cbs" / table.id
        if not (d / "data.csv").is_file():
            raise BuildError(
                table.id, f"bestand ontbreekt: {d / 'data.csv'}", "snapshot onvolledig"
            )
        return d

    def geo_file(self, level: str, year: int) -> Path:
        for ext in ("topojson", "geojson"):
            f = self.root / "geo" / GEO_FILE.format(level=level, year=year, ext=ext)
            if f.is_file():
                return f
        raise BuildError(
            f"geo {level}_{year}",
            "niet in de offline snapshot",
            "de live bron haalt ze op bij cartomap of PDOK",
        )

    def origin(self, table_id: str) -> str:
        # No absolute path: the origin is shown in the app and in exports.
        return f"offline snapshot (cbs/{table_id}, CBS StatLine)"
