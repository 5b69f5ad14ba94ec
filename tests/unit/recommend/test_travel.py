"""Travel-time estimates: the documented formula, terrain, and what a dispatcher expects."""

from __future__ import annotations

import pytest

from queries.models import GeoPoint
from queries.travel import (
    MOBILITY,
    MOUNTAIN_FACTOR,
    eta_derivation,
    eta_minutes,
    great_circle_km,
    max_reach_km,
    minutes_per_km,
    mountain_area,
    travel_parameters,
)

CHENGDU = GeoPoint(30.66, 104.06)
CHONGQING = GeoPoint(29.56, 106.55)
MULI = GeoPoint(27.92, 101.28)  # 木里, Hengduan mountains
WENCHUAN = GeoPoint(31.47, 103.59)


def test_worked_example_from_the_readme() -> None:
    # 15 min readiness + 25 km x 1.4 road factor at 60 km/h = 15 + 35 = 50 min
    assert eta_minutes(25.0, "ground", 15) == pytest.approx(50.0)
    assert eta_minutes(25.0, "ground", 15, mountainous=True) == pytest.approx(15 + 35 * 1.6)
    assert "ETA 50 min" in eta_derivation(25.0, "ground", 15)
    assert "mountain terrain" in eta_derivation(25.0, "ground", 15, mountainous=True)


def test_great_circle_distance_chengdu_chongqing() -> None:
    assert great_circle_km(CHENGDU, CHONGQING) == pytest.approx(267, abs=5)
    assert great_circle_km(CHENGDU, CHENGDU) == 0.0


@pytest.mark.parametrize("mode", sorted(MOBILITY))
@pytest.mark.parametrize("mountainous", [False, True])
def test_eta_grows_with_distance(mode: str, mountainous: bool) -> None:
    etas = [eta_minutes(km, mode, 10, mountainous=mountainous) for km in (0, 1, 10, 50, 300)]
    assert etas == sorted(etas) and len(set(etas)) == len(etas)


def test_readiness_adds_minute_for_minute() -> None:
    assert eta_minutes(40, "ground", 30) - eta_minutes(40, "ground", 5) == pytest.approx(25)


def test_air_wins_far_and_in_mountains_ground_wins_near() -> None:
    assert eta_minutes(5, "ground", 5) < eta_minutes(5, "air", 5)
    assert eta_minutes(200, "air", 5) < eta_minutes(200, "ground", 5)

    # in the mountains the break-even distance shrinks: air pays off sooner
    def break_even(mountainous: bool) -> int:
        return next(
            km
            for km in range(1, 500)
            if eta_minutes(km, "air", 5, mountainous=mountainous)
            < eta_minutes(km, "ground", 5, mountainous=mountainous)
        )

    assert break_even(True) < break_even(False)
    assert minutes_per_km("air", mountainous=True) == minutes_per_km("air", mountainous=False)
    assert minutes_per_km("ground", mountainous=True) == pytest.approx(
        MOUNTAIN_FACTOR * minutes_per_km("ground")
    )


def test_mountain_areas_are_the_mountains_not_the_basin() -> None:
    assert mountain_area(CHENGDU) is None
    assert mountain_area(CHONGQING) is None
    assert mountain_area(MULI) is not None
    assert mountain_area(WENCHUAN) is not None
    assert mountain_area(GeoPoint(29.65, 91.13)) is not None  # Lhasa


def test_unknown_mobility_travels_like_ground() -> None:
    assert eta_minutes(30, "hovercraft", 5) == eta_minutes(30, "ground", 5)
    assert eta_minutes(30, None, 5) == eta_minutes(30, "ground", 5)


@pytest.mark.parametrize("mountainous", [False, True])
def test_cypher_parameters_reproduce_the_python_formula(mountainous: bool) -> None:
    params = travel_parameters(mountainous=mountainous)
    for mode in MOBILITY:
        p = params[mode]
        assert 12 + p["extra"] + 42.0 * p["perKm"] == pytest.approx(
            eta_minutes(42.0, mode, 12, mountainous=mountainous)
        )


@pytest.mark.parametrize("mountainous", [False, True])
def test_max_reach_is_the_farthest_any_unit_gets(mountainous: bool) -> None:
    reach = max_reach_km(120, mountainous=mountainous)
    etas = [eta_minutes(reach, mode, 0, mountainous=mountainous) for mode in MOBILITY]
    assert min(etas) == pytest.approx(120)
    assert all(eta_minutes(reach * 1.01, m, 0, mountainous=mountainous) > 120 for m in MOBILITY)
