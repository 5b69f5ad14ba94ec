"""Douglas-Peucker simplification of boundary rings, with a tolerance in metres.

Distances are measured on a local plane (longitude scaled by the cosine of the
ring's mean latitude), which is exact to well under a metre at county scale. A
ring that collapses below a triangle at the tolerance (a islet or a sliver of a
hole smaller than the tolerance) is dropped; a polygon whose outer ring
collapses is dropped, except that the largest polygon of a shape is always kept
(simplified with a finer tolerance until it survives).

Example::

    simplify_shape(shape, tolerance_m=150.0)   # the same MultiPolygon, fewer vertices
"""

from __future__ import annotations

import math

from kg.geometry import MultiPolygon, Polygon, Ring, ring_area

_M_PER_DEG = 111_320.0


def _simplify_open(xs: list[float], ys: list[float], tol2: float) -> list[int]:
    """Indices to keep of an open polyline (first and last always kept); iterative."""
    n = len(xs)
    keep = [False] * n
    keep[0] = keep[n - 1] = True
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        ax, ay, bx, by = xs[a], ys[a], xs[b], ys[b]
        dx, dy = bx - ax, by - ay
        seg2 = dx * dx + dy * dy
        far, far_d = -1, tol2
        for i in range(a + 1, b):
            px, py = xs[i] - ax, ys[i] - ay
            if seg2 == 0.0:
                d = px * px + py * py
            else:
                t = max(0.0, min(1.0, (px * dx + py * dy) / seg2))
                ex, ey = px - t * dx, py - t * dy
                d = ex * ex + ey * ey
            if d > far_d:
                far, far_d = i, d
        if far >= 0:
            keep[far] = True
            stack.append((a, far))
            stack.append((far, b))
    return [i for i in range(n) if keep[i]]


def simplify_ring(ring: Ring, tolerance_m: float) -> list[tuple[float, float]]:
    """The ring with fewer vertices, still closed; [] when it collapses below a triangle."""
    pts = [(float(p[0]), float(p[1])) for p in ring]
    if len(pts) < 4:
        return []
    mean_lat = sum(p[1] for p in pts) / len(pts)
    kx = _M_PER_DEG * math.cos(math.radians(mean_lat))
    xs = [p[0] * kx for p in pts]
    ys = [p[1] * _M_PER_DEG for p in pts]
    # A closed ring: split at the vertex farthest from the first, simplify both halves.
    far = max(range(len(pts)), key=lambda i: (xs[i] - xs[0]) ** 2 + (ys[i] - ys[0]) ** 2)
    if far == 0:
        return []
    tol2 = tolerance_m * tolerance_m
    first = _simplify_open(xs[: far + 1], ys[: far + 1], tol2)
    second = _simplify_open(xs[far:], ys[far:], tol2)
    idx = first + [far + i for i in second[1:]]
    out = [pts[i] for i in idx]
    if len(out) < 4:
        return []
    out[-1] = out[0]
    return out


def simplify_polygon(polygon: Polygon, tolerance_m: float) -> list[list[tuple[float, float]]]:
    outer = simplify_ring(polygon[0], tolerance_m)
    if not outer:
        return []
    holes = [h for h in (simplify_ring(r, tolerance_m) for r in polygon[1:]) if h]
    return [outer, *holes]


def simplify_shape(
    shape: MultiPolygon, tolerance_m: float
) -> list[list[list[tuple[float, float]]]]:
    """Every polygon simplified; the largest one always survives."""
    if not shape:
        return []
    largest = max(range(len(shape)), key=lambda i: ring_area(shape[i][0]))
    out: list[list[list[tuple[float, float]]]] = []
    for i, polygon in enumerate(shape):
        simple = simplify_polygon(polygon, tolerance_m)
        tol = tolerance_m
        while i == largest and not simple and tol > 0.01:
            tol /= 4.0
            simple = simplify_polygon(polygon, tol)
        if simple:
            out.append(simple)
    return out
