"""Point in polygon (holes, several parts), bounding box, interior point."""

from __future__ import annotations

import pytest

from kg.geometry import bbox, contains, in_ring, representative_point

SQUARE = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0)]
HOLE = [(1.0, 1.0), (3.0, 1.0), (3.0, 3.0), (1.0, 3.0), (1.0, 1.0)]
ISLAND = [(10.0, 10.0), (11.0, 10.0), (11.0, 11.0), (10.0, 11.0), (10.0, 10.0)]
# A "C": the centroid of this shape (about (1.6, 2)) lies in the open middle.
C_SHAPE = [
    (0.0, 0.0), (4.0, 0.0), (4.0, 1.0), (1.0, 1.0), (1.0, 3.0), (4.0, 3.0), (4.0, 4.0),
    (0.0, 4.0), (0.0, 0.0),
]  # fmt: skip


@pytest.mark.parametrize(
    ("lon", "lat", "inside"),
    [
        (0.5, 0.5, True),  # in the ring, outside the hole
        (2.0, 2.0, False),  # in the hole
        (3.5, 3.9, True),
        (5.0, 2.0, False),  # beside
        (-0.1, 2.0, False),
        (10.5, 10.5, True),  # in the second part
        (10.5, 11.5, False),
    ],
)
def test_contains_respects_holes_and_parts(lon: float, lat: float, inside: bool) -> None:
    assert contains([[SQUARE, HOLE], [ISLAND]], lon, lat) is inside


def test_ring_orientation_does_not_matter() -> None:
    assert in_ring(SQUARE, 1.0, 1.0) and in_ring(list(reversed(SQUARE)), 1.0, 1.0)


def test_bbox_spans_every_part() -> None:
    assert bbox([[SQUARE, HOLE], [ISLAND]]) == (0.0, 0.0, 11.0, 11.0)
    with pytest.raises(ValueError):
        bbox([])


def test_representative_point_is_inside_even_for_a_c_shape_and_a_holed_square() -> None:
    for shape in ([[C_SHAPE]], [[SQUARE, HOLE]], [[ISLAND], [SQUARE, HOLE]]):
        lon, lat = representative_point(shape)
        assert contains(shape, lon, lat), (shape, lon, lat)
    # The largest part is chosen.
    lon, lat = representative_point([[ISLAND], [SQUARE, HOLE]])
    assert 0 < lon < 4 and 0 < lat < 4
