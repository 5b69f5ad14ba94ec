"""Douglas-Peucker on rings: fewer vertices, within the tolerance, closed, islets dropped."""

from __future__ import annotations

import itertools
import math

from kg.geometry import contains
from loaders.geography.simplify import simplify_ring, simplify_shape

M = 111_320.0  # metres per degree of latitude


def _wiggly_circle(
    lat0: float, radius_deg: float, n: int, wiggle_m: float
) -> list[tuple[float, float]]:
    """A closed ring around (104, lat0) whose radius wobbles by `wiggle_m` metres."""
    kx = math.cos(math.radians(lat0))
    pts = []
    for i in range(n):
        a = 2 * math.pi * i / n
        r = radius_deg + (wiggle_m / M) * math.sin(40 * a)
        pts.append((104.0 + r * math.cos(a) / kx, lat0 + r * math.sin(a)))
    return [*pts, pts[0]]


def _distance_to_ring_m(
    p: tuple[float, float], ring: list[tuple[float, float]], lat0: float
) -> float:
    kx = M * math.cos(math.radians(lat0))
    px, py = p[0] * kx, p[1] * M
    best = math.inf
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        ax, ay, bx, by = x1 * kx, y1 * M, x2 * kx, y2 * M
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
        best = min(best, math.hypot(px - ax - t * dx, py - ay - t * dy))
    return best


def test_ring_keeps_every_vertex_within_the_tolerance_and_stays_closed() -> None:
    ring = _wiggly_circle(30.0, 0.2, 4000, wiggle_m=50.0)
    simple = simplify_ring(ring, 200.0)
    assert simple[0] == simple[-1]
    assert 8 < len(simple) < len(ring) / 10
    assert max(_distance_to_ring_m(p, simple, 30.0) for p in ring) <= 200.0 + 1e-6


def test_a_finer_tolerance_keeps_more() -> None:
    ring = _wiggly_circle(30.0, 0.2, 4000, wiggle_m=150.0)
    assert len(simplify_ring(ring, 50.0)) > len(simplify_ring(ring, 300.0))


def test_islets_smaller_than_the_tolerance_go_but_the_largest_part_stays() -> None:
    main = _wiggly_circle(30.0, 0.2, 500, wiggle_m=10.0)
    islet = [(105.0, 30.0), (105.0005, 30.0), (105.0005, 30.0005), (105.0, 30.0)]
    shape = simplify_shape([[main], [islet]], 200.0)
    assert len(shape) == 1 and contains(shape, 104.0, 30.0)
    tiny = simplify_shape([[islet]], 200.0)  # the only part: kept at a finer tolerance
    assert len(tiny) == 1 and len(tiny[0][0]) >= 4
