"""GCJ-02 <-> WGS-84: the published forward pair, the inverse, and the size of the shift."""

from __future__ import annotations

import math

import pytest

from loaders.geography.gcj02 import gcj02_to_wgs84, outside_china, wgs84_to_gcj02


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    dlat = (a[0] - b[0]) * 111_320.0
    dlon = (a[1] - b[1]) * 111_320.0 * math.cos(math.radians(a[0]))
    return math.hypot(dlat, dlon)


def test_forward_matches_the_published_reference_pair() -> None:
    # The example pair of the widely used coordTransform library (Beijing, WGS-84 -> GCJ-02).
    lat, lon = wgs84_to_gcj02(39.915, 116.404)
    assert lat == pytest.approx(39.91640428150164, abs=1e-9)
    assert lon == pytest.approx(116.41024449916938, abs=1e-9)


def test_inverse_recovers_the_published_wgs84_point() -> None:
    back = gcj02_to_wgs84(39.91640428150164, 116.41024449916938)
    assert _metres(back, (39.915, 116.404)) < 0.01


@pytest.mark.parametrize(
    "wgs",
    [(30.66, 104.06), (33.0, 98.2), (27.9, 101.3), (28.2, 105.4), (32.1, 108.0), (22.3, 114.2)],
)
def test_round_trip_within_a_centimetre(wgs: tuple[float, float]) -> None:
    assert _metres(gcj02_to_wgs84(*wgs84_to_gcj02(*wgs)), wgs) < 0.01


@pytest.mark.parametrize(
    "wgs", [(30.66, 104.06), (31.48, 103.59), (27.89, 102.26), (29.55, 103.77)]
)
def test_the_shift_in_central_sichuan_is_300_to_450_metres(wgs: tuple[float, float]) -> None:
    # Chengdu, Wenchuan, Xichang, Leshan: what the import moves every boundary vertex by.
    assert 300.0 < _metres(wgs84_to_gcj02(*wgs), wgs) < 450.0


def test_outside_china_nothing_moves() -> None:
    assert outside_china(48.85, 2.35)
    assert wgs84_to_gcj02(48.85, 2.35) == (48.85, 2.35)
    assert gcj02_to_wgs84(48.85, 2.35) == (48.85, 2.35)
