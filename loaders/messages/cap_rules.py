"""The rules of the CAP standard that its XML schema cannot say (CAP 1.2 §3.2, 1.1 alike).

- identifier and sender: no spaces, commas, ``<`` or ``&`` (§3.2.1);
- references: a space-separated list of ``sender,identifier,sent`` (§3.2.1); an empty
  element says nothing and is refused (NOAA and Environment Canada feeds had them);
- polygon: four or more ``lat,lon`` pairs separated by spaces, the first and last the
  same, latitudes -90..90, longitudes -180..180 (§3.2.4);
- circle: ``lat,lon radius`` with the radius in kilometres (§3.2.4).

Each problem names the element by its path (``alert/info[1]/area[1]/polygon[2]``).

Example::

    parse_polygon("30.7,104.0 30.7,104.2 30.6,104.2 30.7,104.0", "alert/info[1]/area[1]/polygon[1]")
    # (((30.7, 104.0), (30.7, 104.2), (30.6, 104.2), (30.7, 104.0)), [])
"""

from __future__ import annotations

import re

from loaders.messages.cap_model import Circle, LatLon
from loaders.messages.problems import Problem

FORBIDDEN_ID_CHARS = re.compile(r"[\s,<&]")
MIN_POLYGON_PAIRS = 4
SHOWN_CHARS = 80  # a value quoted in a problem is cut here


def shown(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= SHOWN_CHARS else value[: SHOWN_CHARS - 1] + "…"


def check_id(value: str, element: str) -> list[Problem]:
    """identifier / sender: present and free of spaces, commas, < and &."""
    if not value.strip():
        return [Problem.of("CAP_EMPTY", element=element)]
    if FORBIDDEN_ID_CHARS.search(value.strip()):
        return [Problem.of("CAP_ID_CHARS", element=element, value=shown(value))]
    return []


def check_references(value: str, element: str) -> list[Problem]:
    if not value.strip():
        return [Problem.of("CAP_EMPTY_REFERENCES", element=element)]
    for ref in value.split():
        parts = ref.split(",")
        if len(parts) != 3 or not all(parts):
            return [Problem.of("CAP_BAD_REFERENCE", element=element, value=shown(ref))]
    return []


def _pair(text: str) -> LatLon | None:
    parts = text.split(",")
    if len(parts) != 2:
        return None
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        return None
    return lat, lon


def _in_range(p: LatLon) -> bool:
    return -90.0 <= p[0] <= 90.0 and -180.0 <= p[1] <= 180.0


def parse_polygon(text: str, element: str) -> tuple[tuple[LatLon, ...] | None, list[Problem]]:
    """The polygon's points, or None and what is wrong with it."""
    tokens = text.split()
    if not tokens:
        return None, [Problem.of("CAP_EMPTY", element=element)]
    points: list[LatLon] = []
    for t in tokens:
        p = _pair(t)
        if p is None:
            return None, [Problem.of("CAP_POLYGON_PAIR", element=element, pair=shown(t))]
        if not _in_range(p):
            return None, [Problem.of("CAP_COORD_RANGE", element=element, pair=shown(t))]
        points.append(p)
    if len(points) < MIN_POLYGON_PAIRS:
        return None, [Problem.of("CAP_POLYGON_SHORT", element=element, count=len(points))]
    if points[0] != points[-1]:
        return None, [Problem.of("CAP_POLYGON_OPEN", element=element)]
    return tuple(points), []


def parse_circle(text: str, element: str) -> tuple[Circle | None, list[Problem]]:
    tokens = text.split()
    if not tokens:
        return None, [Problem.of("CAP_EMPTY", element=element)]
    center = _pair(tokens[0]) if len(tokens) == 2 else None
    try:
        radius = float(tokens[1]) if len(tokens) == 2 else -1.0
    except ValueError:
        radius = -1.0
    if center is None or radius < 0:
        return None, [Problem.of("CAP_CIRCLE_FORMAT", element=element, value=shown(text))]
    if not _in_range(center):
        return None, [Problem.of("CAP_COORD_RANGE", element=element, pair=shown(tokens[0]))]
    return Circle(center, radius), []
