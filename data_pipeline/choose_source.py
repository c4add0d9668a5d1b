"""Which source a build reads: the offline snapshot when one is present, else live CBS."""

from __future__ import annotations

from pathlib import Path

from data_pipeline.errors import BuildError
from data_pipeline.live import LiveSource
from data_pipeline.sources import SnapshotSource, Source


def open_source(
    kind: str,
    snapshot: Path | None,
    cache: Path,
    *,
    explicit_snapshot: bool = False,
    **live: object,
) -> Source:
    """Pick the source for a build. ``auto`` takes the snapshot when one is present, else live;
    a snapshot path the user named (``--snapshot``/``ZICHT_SNAPSHOT``) must exist."""
    k = (kind or "").strip().lower()
    if k not in ("auto", "snapshot", "live"):
        raise BuildError("bron", f"onbekende bron: {kind!r}", "kies auto, snapshot of live")
    present = snapshot is not None and (Path(snapshot) / "cbs").is_dir()
    if k == "snapshot" or (k == "auto" and explicit_snapshot):
        if not present:
            raise BuildError(
                "snapshot",
                f"geen snapshot in {snapshot} (map cbs/ ontbreekt)",
                "controleer ZICHT_SNAPSHOT of --snapshot; de snapshot staat niet in de repository",
            )
        return SnapshotSource(Path(snapshot))  # type: ignore[arg-type]
    if k == "auto" and present:
        return SnapshotSource(Path(snapshot))  # type: ignore[arg-type]
    return LiveSource(Path(cache), has_snapshot=present, **live)  # type: ignore[arg-type]
