"""Where an alert points: one location for its areas (polygons and circles).

The location of an incident draft is the area-weighted centroid of every polygon
(planar in degrees: alert areas are county-sized, where the error is metres) and
every circle (its centre, weighted by its area); circles of radius 0 weigh as a
point. An alert with no geometry has no location (areaDesc and geocodes remain).

Example::

    area_centroid([CapArea("锦江区", polygons=(((30.6, 104.0), (30.6, 104.1), (30.7, 104.1),
                                                (30.7, 104.0), (30.6, 104.0)),))])
    # (30.65, 104.05)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from loaders.messages.cap_model import CapArea, LatLon

KM_PER_DEGREE = 111.32
POINT_WEIGHT = 1e-9  # a zero-area polygon or circle still counts, as a point


def polygon_centroid(points: Sequence[LatLon]) -> tuple[LatLon, float]:
    """The polygon's centroid and its area in square degrees (shoelace formula)."""
    twice_area = cx = cy = 0.0
    for (lat0, lon0), (lat1, lon1) in itertools.pairwise(points):
        cross = lon0 * lat1 - lon1 * lat0
        twice_area += cross
        cx += (lon0 + lon1) * cross
        cy += (lat0 + lat1) * cross
    if abs(twice_area) < 1e-12:  # degenerate: the mean of its distinct points
        distinct = list(dict.fromkeys(points))
        lat = sum(p[0] for p in distinct) / len(distinct)
        lon = sum(p[1] for p in distinct) / len(distinct)
        return (lat, lon), 0.0
    area = twice_area / 2
    return (cy / (6 * area), cx / (6 * area)), abs(area)


def area_centroid(areas: Sequence[CapArea]) -> LatLon | None:
    """The weighted centroid of all the areas' polygons and circles; None without any."""
    parts: list[tuple[LatLon, float]] = []
    for a in areas:
        parts += [polygon_centroid(p) for p in a.polygons]
        for c in a.circles:
            lat_deg = c.radius_km / KM_PER_DEGREE
            lon_deg = lat_deg / max(math.cos(math.radians(c.center[0])), 1e-6)
            parts.append((c.center, math.pi * lat_deg * lon_deg))
    if not parts:
        return None
    total = sum(max(w, POINT_WEIGHT) for _, w in parts)
    lat = sum(p[0] * max(w, POINT_WEIGHT) for p, w in parts) / total
    lon = sum(p[1] * max(w, POINT_WEIGHT) for p, w in parts) / total
    return round(lat, 6), round(lon, 6)
