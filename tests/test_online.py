"""The catalog against the real CBS, cartomap and PDOK (opt-in: ZICHT_ONLINE=1, internet)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from data_pipeline import settings
from data_pipeline.live import LiveSource
from data_pipeline.online import check_online

pytestmark = [
    pytest.mark.online,
    pytest.mark.skipif(
        os.environ.get("ZICHT_ONLINE") != "1", reason="real services: set ZICHT_ONLINE=1"
    ),
]


def test_every_table_topic_key_and_boundary_exists_online(tmp_path: Path) -> None:
    live = LiveSource(
        tmp_path,
        cbs_url=settings.get("cbs_url"),
        geo_url=settings.get("geo_url"),
        pdok_url=settings.get("pdok_url"),
    )
    ok, problems = check_online(live)
    assert not problems, "\n".join(problems)
    assert len(ok) >= 10
