"""Sources: the live CBS/cartomap/PDOK download against a recorded CBS served over real HTTP.

The recorded server (tests/recorded_cbs.py) behaves like the real feed: padded keys in dimension
entities, keys (not titles) in TypedDataSet, 10,000-row pages with odata.nextLink, exact-match
$filter and $select; its values come from the snapshot files.
"""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path
from urllib.parse import unquote

import pytest
import requests

from data_pipeline.catalog import Pick, Table, Topic, table
from data_pipeline.choose_source import open_source
from data_pipeline.errors import BuildError
from data_pipeline.live import LiveSource
from data_pipeline.load import level_of_code, load_table, normalise_code
from data_pipeline.query import plan_query
from data_pipeline.sources import SnapshotSource
from tests.conftest import SNAPSHOT, live_source

VERDACHTEN = table("85655NED")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def _data_calls(cbs, table_id: str) -> list[str]:
    return [unquote(c.replace("+", " ")) for c in cbs.calls if f"/{table_id}/TypedDataSet?" in c]


def test_live_download_filters_by_padded_key_and_selects(cbs, tmp_path: Path) -> None:
    live = live_source(tmp_path / "cache", cbs)
    d = live.table_dir(VERDACHTEN)
    calls = _data_calls(cbs, "85655NED")
    assert calls and all("$filter=(Geslacht eq 'T001038') and (Leeftijd eq '10000')" in c
                         for c in calls)  # fmt: skip
    assert all("$select=ID,Leeftijd,Geslacht,Woongemeente,Perioden," in c for c in calls)

    def mapped(folder: Path):  # rows whose region has a known code (the build keeps only those)
        obs = load_table(VERDACHTEN, folder).observations
        return obs[obs["region_code"].map(level_of_code).notna()]

    got, want = mapped(d), mapped(SNAPSHOT / "cbs" / "85655NED")
    key = ["measure", "region_code", "year"]
    assert (
        got.sort_values(key)
        .reset_index(drop=True)
        .equals(want.sort_values(key).reset_index(drop=True))
    )
    heerlen = got[(got.region_code == "GM0917") & (got.year == 2024)]
    assert heerlen.set_index("measure").loc["verdachten.drugs_per_10k", "value"] == 27
    meta = json.loads((d / "Woongemeente.json").read_text(encoding="utf-8"))
    assert {"Key": "NL01  ", "Title": "Nederland"} in meta  # padded, as CBS lists it
    info = json.loads((d / "info.json").read_text(encoding="utf-8"))
    assert info["source"] == "live" and info["rows"] == len(_rows(d / "data.csv"))
    assert info["requests"] >= 1 and info["bytes"] > 0


def test_unpadded_key_matches_nothing_on_the_server(cbs) -> None:
    """The recorded feed is exact-match, like CBS: code that strips keys would find no rows."""
    url = f"{cbs.url}/ODataFeed/odata/82900NED/TypedDataSet"
    padded = requests.get(url, params={"$filter": "RegioS eq 'NL01  '"}, timeout=5).json()
    stripped = requests.get(url, params={"$filter": "RegioS eq 'NL01'"}, timeout=5).json()
    assert len(padded["value"]) == 13 and stripped["value"] == []


def test_kwb_is_paged_and_selected(cbs, tmp_path: Path) -> None:
    live = live_source(tmp_path / "cache", cbs)
    d = live.table_dir(table("85984NED"))
    calls = _data_calls(cbs, "85984NED")
    assert len(calls) == 2 and "$skip=10000" in calls[1]  # 18,310 rows in 10,000-row pages
    header = next(csv.reader((d / "data.csv").open(encoding="utf-8")))
    assert header[:3] == ["ID", "WijkenEnBuurten", "Codering_3"] and len(header) < 20
    assert len(_rows(d / "data.csv")) == 18310


def test_second_call_uses_cache_without_network(cbs, tmp_path: Path) -> None:
    live = live_source(tmp_path / "cache", cbs)
    live.table_dir(VERDACHTEN)
    n = len(cbs.calls)
    assert live.table_dir(VERDACHTEN) == tmp_path / "cache" / "cbs" / "85655NED"
    assert len(cbs.calls) == n


def test_refresh_downloads_only_what_changed(cbs, tmp_path: Path) -> None:
    live_source(tmp_path / "cache", cbs).table_dir(VERDACHTEN)
    again = live_source(tmp_path / "cache", cbs, refresh=True)
    cbs.calls.clear()
    again.table_dir(VERDACHTEN)
    assert _data_calls(cbs, "85655NED") == []  # TableInfos.Modified unchanged
    rec = cbs.table("85655NED")
    old = rec.modified
    rec.modified = "2099-01-01T00:00:00+00:00"
    try:
        again.table_dir(VERDACHTEN)
    finally:
        rec.modified = old
    assert _data_calls(cbs, "85655NED")


def test_503_on_a_later_page_honours_retry_after(cbs, tmp_path: Path) -> None:
    cbs.page_size = 2000
    cbs.fail("TypedDataSet", 503, times=1, page=3, retry_after=1)
    live = live_source(tmp_path / "cache", cbs)
    t0 = time.monotonic()
    d = live.table_dir(VERDACHTEN)
    assert time.monotonic() - t0 >= 1.0  # waited as CBS asked
    assert len(_rows(d / "data.csv")) == 7245


@pytest.mark.parametrize("fault", ["reset", "truncate"])
def test_broken_body_is_fetched_again(cbs, tmp_path: Path, fault: str) -> None:
    cbs.page_size = 2000
    cbs.fail("TypedDataSet", fault, times=1, page=2)
    d = live_source(tmp_path / "cache", cbs).table_dir(VERDACHTEN)
    assert len(_rows(d / "data.csv")) == 7245


def test_failure_mid_table_resumes_from_the_last_page(cbs, tmp_path: Path) -> None:
    cbs.page_size = 2000
    cbs.fail("TypedDataSet", "reset", page=3)  # every time: this build fails
    live = live_source(tmp_path / "cache", cbs)
    with pytest.raises(BuildError) as err:
        live.table_dir(VERDACHTEN)
    assert err.value.table == "85655NED" and "\n" not in str(err.value)
    assert not (tmp_path / "cache" / "cbs" / "85655NED" / "data.csv").exists()
    cbs.faults.clear()
    cbs.calls.clear()
    d = live_source(tmp_path / "cache", cbs).table_dir(VERDACHTEN)
    skips = [c.split("$skip=")[1].split("&")[0] for c in _data_calls(cbs, "85655NED")]
    assert skips == ["4000", "6000"]  # pages 1-2 came from disk
    assert len(_rows(d / "data.csv")) == 7245
    assert not (tmp_path / "cache" / "pages" / "85655NED").exists() or not any(
        (tmp_path / "cache" / "pages" / "85655NED").rglob("page-*")
    )


@pytest.mark.parametrize(("fault", "reason"), [(503, "HTTP 503"), (500, "HTTP 500")])
def test_persistent_failure_is_one_line(cbs, tmp_path: Path, fault: int, reason: str) -> None:
    cbs.fail("TableInfos", fault)
    with pytest.raises(BuildError) as err:
        live_source(tmp_path / "cache", cbs).table_dir(VERDACHTEN)
    assert reason in err.value.problem and "--source snapshot" in err.value.hint
    assert _files(tmp_path / "cache") == []


def test_no_server_is_no_connection(tmp_path: Path) -> None:
    live = LiveSource(tmp_path / "c", cbs_url="http://127.0.0.1:9", retries=0, has_snapshot=False)
    with pytest.raises(BuildError) as err:
        live.table_dir(VERDACHTEN)
    assert "geen verbinding" in err.value.problem
    assert "ZICHT_SNAPSHOT" in err.value.hint and "niet in de repository" in err.value.hint


def test_renamed_topic_is_found_and_a_missing_one_named(cbs) -> None:
    props = json.loads((SNAPSHOT / "cbs/85984NED/DataProperties.json").read_text("utf-8"))
    old = Table(id="85984NED", alias="kwb", title="t", region_code_col="Codering",
                period_dim=None, renames={"PercentageOnbewoond": ("OnbewoondeWoningen",)},
                topics=(Topic("PercentageOnbewoond", "kwb.onbewoond_pct", "x"),))  # fmt: skip
    plan = plan_query(old, props, {"WijkenEnBuurten": []})
    assert "OnbewoondeWoningen_46" in plan.params["$select"]
    with pytest.raises(BuildError) as err:
        plan_query(Table(**{**old.__dict__, "renames": {}}), props, {"WijkenEnBuurten": []})
    msg = str(err.value)
    assert "85984NED" in msg and "PercentageOnbewoond" in msg and "OnbewoondeWoningen_46" in msg


def test_pinned_key_that_disagrees_with_metadata_stops(cbs, tmp_path: Path) -> None:
    wrong = Table(**{**VERDACHTEN.__dict__, "filters": {"Leeftijd": Pick("Totaal", "99999")}})
    with pytest.raises(BuildError, match="sleutel 10000.*verwacht 99999"):
        live_source(tmp_path / "cache", cbs).table_dir(wrong)


def test_newest_kwb_is_found_in_the_catalog_unless_pinned(cbs, tmp_path: Path) -> None:
    live = live_source(tmp_path / "cache", cbs)
    kwb = table("85984NED")
    assert live.resolve(kwb).id == "85984NED"
    assert any("ODataCatalog/Tables" in c for c in cbs.calls)
    pinned = live_source(tmp_path / "cache", cbs, pins={"kwb_table": "99999NED"})
    assert pinned.resolve(kwb).id == "99999NED"
    with pytest.raises(BuildError, match="99999NED.*HTTP 404"):
        pinned.table_dir(pinned.resolve(kwb))


def test_boundaries_fall_back_to_pdok(cbs, tmp_path: Path) -> None:
    cbs.fail("wijk_2024.geojson", 404)
    live = live_source(tmp_path / "cache", cbs)
    f = live.geo_file("wijk", 2024)
    features = json.loads(f.read_text(encoding="utf-8"))["features"]
    assert len(features) == 3393
    assert sum("/pdok/collections/wijk_gegeneraliseerd" in c for c in cbs.calls) == 4  # paged
    with pytest.raises(BuildError) as err:
        live.geo_file("buurt", 2024)
    assert "cartomap" in err.value.problem and "PDOK" in err.value.problem
    assert "publiceren dit niveau" in err.value.hint


def test_truncated_boundary_is_not_cached(cbs, tmp_path: Path) -> None:
    cbs.fail("gemeente_2024.topojson", "truncate")
    cbs.fail("gemeente_2024.geojson", 404)
    cbs.fail("pdok gemeente", 404)
    live = live_source(tmp_path / "cache", cbs)
    with pytest.raises(BuildError):
        live.geo_file("gemeente", 2024)
    assert _files(tmp_path / "cache") == []


def test_only_nl00_and_nl01_are_nederland() -> None:
    assert normalise_code("NL01  ") == "NL" and normalise_code("NL00") == "NL"
    assert normalise_code("NL02") == "NL02" and level_of_code("NL02") is None
    assert level_of_code("NL") == "nederland"


def test_one_category_per_dimension_or_a_clear_error(tmp_path: Path) -> None:
    wmo = table("85995NED")
    both = Table(**{**wmo.__dict__, "split_col": None, "split": {}})
    with pytest.raises(BuildError, match="meer dan eens"):
        load_table(both, SNAPSHOT / "cbs" / "85995NED")


def test_open_source(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert isinstance(open_source("auto", SNAPSHOT, cache), SnapshotSource)
    assert isinstance(open_source("snapshot", SNAPSHOT, cache), SnapshotSource)
    live = open_source("live", SNAPSHOT, cache)
    assert isinstance(live, LiveSource) and live.cache_dir == cache
    assert isinstance(open_source("auto", tmp_path / "missing", cache), LiveSource)
    assert isinstance(open_source("auto", None, cache), LiveSource)
    with pytest.raises(BuildError, match="geen snapshot"):  # named by the user: never live
        open_source("auto", tmp_path / "missing", cache, explicit_snapshot=True)
    with pytest.raises(BuildError):
        open_source("snapshot", tmp_path / "missing", cache)
    with pytest.raises(BuildError):
        open_source("snapshot", None, cache)
    with pytest.raises(BuildError, match="onbekende bron"):
        open_source("ftp", SNAPSHOT, cache)


def test_check_online_against_the_recorded_cbs(cbs, tmp_path: Path) -> None:
    """``zicht check --online``'s checks, offline, against the recorded feed."""
    from data_pipeline.online import check_online

    ok, problems = check_online(live_source(tmp_path, cbs))
    # the recorded CBS is built from the snapshot, which has no buurt boundaries
    assert len(problems) == 1 and problems[0].startswith("grenzen buurt 2024: niet gevonden")
    assert any("85655NED" in line and "'10000'" in line for line in ok)
    assert any(line.startswith("grenzen wijk 2024") for line in ok)


def test_pages_of_an_older_revision_are_not_resumed(cbs, tmp_path: Path) -> None:
    cbs.page_size = 2000
    cbs.fail("TypedDataSet", "reset", page=3)
    with pytest.raises(BuildError):
        live_source(tmp_path / "cache", cbs).table_dir(VERDACHTEN)
    cbs.faults.clear()
    rec = cbs.table("85655NED")
    old = rec.modified
    rec.modified = "2099-01-01T00:00:00+00:00"  # CBS revised the table in between
    try:
        cbs.calls.clear()
        live_source(tmp_path / "cache", cbs).table_dir(VERDACHTEN)
    finally:
        rec.modified = old
    skips = [
        c.split("$skip=")[1].split("&")[0] for c in _data_calls(cbs, "85655NED") if "$skip" in c
    ]
    assert skips == ["2000", "4000", "6000"]  # all pages again, first one without $skip
    assert len(list((tmp_path / "cache" / "pages" / "85655NED").iterdir())) == 0
