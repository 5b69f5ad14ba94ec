"""Decode TopoJSON (Natural Earth's world-atlas) into GeoJSON geometries (pure).

A topology stores each shared border once as an *arc* of delta-encoded, quantized
positions; a polygon ring lists arc indices, ``~i`` (that is ``-i - 1``) meaning arc
``i`` walked backwards, and consecutive arcs share their joining position. Only what
world-atlas uses is read: Polygon and MultiPolygon in a GeometryCollection, with a
``transform``.

Example::

    topo = json.loads(Path("countries-50m.json").read_text())
    for name, shape in features(topo, "countries"):   # ("China", MultiPolygon coords)
        ...
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Coords = list[list[list[list[float]]]]  # MultiPolygon: polygons -> rings -> positions


def decode_arcs(topo: dict[str, Any]) -> list[list[list[float]]]:
    """Every arc as absolute (longitude, latitude) positions."""
    t = topo.get("transform")
    (sx, sy), (tx, ty) = (t["scale"], t["translate"]) if t else ((1, 1), (0, 0))
    out = []
    for arc in topo["arcs"]:
        x = y = 0.0
        pts = []
        for p in arc:
            x, y = (x + p[0], y + p[1]) if t else (p[0], p[1])
            pts.append([x * sx + tx, y * sy + ty])
        out.append(pts)
    return out


def ring(arcs: list[list[list[float]]], indices: list[int]) -> list[list[float]]:
    """One ring from its arc indices (a negative index walks ~index backwards)."""
    pts: list[list[float]] = []
    for i in indices:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(a if not pts else a[1:])
    return pts


def multipolygon(arcs: list[list[list[float]]], geometry: dict[str, Any]) -> Coords:
    """A Polygon or MultiPolygon geometry's coordinates, always as a MultiPolygon."""
    polys = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    return [[ring(arcs, r) for r in poly] for poly in polys]


def features(topo: dict[str, Any], name: str) -> Iterator[tuple[str, Coords]]:
    """(properties.name, MultiPolygon coordinates) of each polygonal geometry of an object."""
    arcs = decode_arcs(topo)
    for g in topo["objects"][name]["geometries"]:
        if g.get("type") in ("Polygon", "MultiPolygon"):
            yield str((g.get("properties") or {}).get("name", "")), multipolygon(arcs, g)
