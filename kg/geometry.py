"""Plane geometry on longitude/latitude for administrative boundaries (pure, no services).

Both the geography import (``loaders.geography``: a region's interior point) and
the locator (``queries.geography``: which regions contain a scene) need the same
point-in-polygon rule, so it is written once here. Shapes follow GeoJSON: a ring
is a list of ``(longitude, latitude)`` pairs whose last pair repeats the first, a
polygon is an outer ring followed by its holes, a multipolygon a list of
polygons. Treating degrees as a plane is exact enough for containment: edges are
at most a few kilometres long after simplification.

Example::

    square = [[(0, 0), (4, 0), (4, 4), (0, 4), (0, 0)], [(1, 1), (2, 1), (2, 2), (1, 1)]]
    contains([square], 104.0, 30.0)          # False: not in the square
    contains([square], 3.0, 3.0)             # True
    contains([square], 1.8, 1.2)             # False: in the hole
    representative_point([square])           # a point inside, never in a hole
"""

from __future__ import annotations

from collections.abc import Sequence

Position = Sequence[float]  # (longitude, latitude)
Ring = Sequence[Position]
Polygon = Sequence[Ring]
MultiPolygon = Sequence[Polygon]
BBox = tuple[float, float, float, float]  # min lon, min lat, max lon, max lat


def in_ring(ring: Ring, lon: float, lat: float) -> bool:
    """Even-odd rule: a ray from the point towards +longitude crosses the ring an odd
    number of times when the point is inside (a point exactly on an edge may go either
    way, which is below the data's precision)."""
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def in_polygon(polygon: Polygon, lon: float, lat: float) -> bool:
    """Inside the outer ring and in none of the holes."""
    if not polygon or not in_ring(polygon[0], lon, lat):
        return False
    return not any(in_ring(hole, lon, lat) for hole in polygon[1:])


def contains(shape: MultiPolygon, lon: float, lat: float) -> bool:
    """True when (lon, lat) lies in any polygon of the multipolygon."""
    return any(in_polygon(p, lon, lat) for p in shape)


def bbox(shape: MultiPolygon) -> BBox:
    """(min lon, min lat, max lon, max lat) over every outer ring."""
    lons = [p[0] for poly in shape for p in poly[0]]
    lats = [p[1] for poly in shape for p in poly[0]]
    if not lons:
        raise ValueError("an empty shape has no bounding box")
    return min(lons), min(lats), max(lons), max(lats)


def ring_area(ring: Ring) -> float:
    """Unsigned shoelace area in square degrees (for choosing the largest polygon)."""
    s = 0.0
    for i in range(len(ring) - 1):
        s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
    return abs(s) / 2.0


def _crossings(polygon: Polygon, lat: float) -> list[float]:
    """Longitudes where the horizontal line at `lat` crosses any ring of the polygon."""
    xs: list[float] = []
    for ring in polygon:
        for i in range(len(ring) - 1):
            (x1, y1), (x2, y2) = (ring[i][0], ring[i][1]), (ring[i + 1][0], ring[i + 1][1])
            if (y1 > lat) != (y2 > lat):
                xs.append(x1 + (lat - y1) * (x2 - x1) / (y2 - y1))
    return sorted(xs)


def representative_point(shape: MultiPolygon, lines: int = 9) -> tuple[float, float]:
    """A (lon, lat) inside the largest polygon and outside its holes: the middle of the
    widest inside stretch along a few horizontal lines through it (unlike a centroid,
    never outside a crescent-shaped county)."""
    if not shape:
        raise ValueError("an empty shape has no interior point")
    largest = max(shape, key=lambda p: ring_area(p[0]))
    lo = min(p[1] for p in largest[0])
    hi = max(p[1] for p in largest[0])
    best: tuple[float, float, float] | None = None  # width, lon, lat
    for k in range(1, lines + 1):
        # Lines nearer the middle first, so ties go to the middle.
        f = 0.5 + (-1) ** k * (k // 2) / (lines + 1)
        lat = lo + (hi - lo) * f
        xs = _crossings(largest, lat)
        for a, b in zip(xs[0::2], xs[1::2], strict=False):
            if best is None or b - a > best[0]:
                best = (b - a, (a + b) / 2.0, lat)
    if best is None:  # degenerate (a sliver): any vertex is on the shape
        x, y = largest[0][0][0], largest[0][0][1]
        return x, y
    return best[1], best[2]
