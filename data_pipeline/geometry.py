"""Boundaries → simplified WGS84 GeoJSON per area, invalid polygons repaired, topology kept."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
import topojson

from data_pipeline.errors import BuildError

# Simplification tolerance in degrees (≈ 100 m resp. 30 m at 52° N): enough for a choropleth,
# applied on a shared topology so neighbouring areas keep a common border.
TOLERANCE = {"gemeente": 0.0015, "wijk": 0.0004, "buurt": 0.0002}
PRECISION = 1e-5
_HINT = "download het grensbestand opnieuw of herstel de snapshot"  # ≈ 1 m; keeps the JSON small


def _polygons(geom: shapely.Geometry) -> shapely.Geometry | None:
    """make_valid may return a collection with stray lines; keep only the areas."""
    if geom is None or geom.is_empty:
        return None
    geom = shapely.make_valid(geom)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else None


def load_boundaries(path: Path, level: str) -> pd.DataFrame:
    """Read a cartomap TopoJSON/GeoJSON file → DataFrame(code, level, geojson)."""
    label = f"geo {path.name}"
    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise BuildError(label, f"grensbestand onleesbaar ({type(exc).__name__})", _HINT) from exc
    if "statcode" not in gdf.columns:
        raise BuildError(label, "kolom statcode ontbreekt", _HINT)
    gdf = gdf.set_crs(4326, allow_override=True)  # cartomap wgs84 files do not state the CRS
    gdf["geometry"] = [_polygons(g) for g in gdf.geometry]
    gdf = gdf[gdf.geometry.notna()][["statcode", "geometry"]].reset_index(drop=True)
    topo = topojson.Topology(
        gdf, prequantize=1e6, toposimplify=TOLERANCE.get(level, 0.0005), simplify_algorithm="dp"
    )
    simple = topo.to_gdf()
    geoms = [_polygons(g) for g in simple.geometry]
    geoms = [shapely.set_precision(g, PRECISION) if g is not None else None for g in geoms]
    # fall back to the unsimplified (repaired) shape where simplification collapsed an area
    geoms = [s if s is not None and not s.is_empty else o for s, o in zip(geoms, gdf.geometry)]
    return pd.DataFrame(
        {
            "code": simple["statcode"].astype(str).str.strip().str.upper(),
            "level": level,
            "geojson": [json.dumps(shapely.geometry.mapping(g)) for g in geoms],
        }
    )
