"""Travel-time estimate: great-circle distance x route factor / speed + readiness + spin-up.

Every figure is a documented, configurable constant (queries/README.md, "Travel time"):

- ground units drive at 60 km/h over roads ~1.4x longer than the great circle;
- water units (boats) are moved to the scene by road on trailers: 50 km/h, factor 1.4,
  plus 5 min to launch;
- air units fly 180 km/h nearly straight (factor 1.05) after 20 min of spin-up (crew
  brief, flight plan, start-up);
- in mountainous terrain (coarse boxes below: the Tibetan plateau, the Hengduan
  mountains of western Sichuan / Yunnan, Longmen-Min, Qinling-Daba, the Yunnan-Guizhou plateau)
  roads wind and climb: ground and water units take MOUNTAIN_FACTOR (1.6) times as
  long; aircraft are not slowed, which is why a helicopter often wins there.

ETA = readiness minutes + spin-up + km x route factor x terrain / speed x 60.
The candidate queries evaluate the same formula in Cypher from `travel_parameters`,
so Python and the database never disagree.

Example::

    eta_minutes(25.0, "ground", 15)                      # 15 + 25 x 1.4 / 60 x 60 = 50.0
    eta_minutes(25.0, "ground", 15, mountainous=True)    # 15 + 35 x 1.6 = 71.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from queries.models import GeoPoint

EARTH_RADIUS_KM = 6371.0088
MOUNTAIN_FACTOR = 1.6  # ground/water travel time multiplier when the scene is mountainous


@dataclass(frozen=True)
class Mobility:
    speed_kmh: float
    route_factor: float  # route length / great-circle length
    extra_minutes: float  # spin-up before moving (launch, flight preparation)
    terrain_sensitive: bool  # slowed by mountain roads


MOBILITY: dict[str, Mobility] = {
    "ground": Mobility(speed_kmh=60.0, route_factor=1.4, extra_minutes=0.0, terrain_sensitive=True),
    "water": Mobility(speed_kmh=50.0, route_factor=1.4, extra_minutes=5.0, terrain_sensitive=True),
    "air": Mobility(
        speed_kmh=180.0, route_factor=1.05, extra_minutes=20.0, terrain_sensitive=False
    ),
}
DEFAULT_MOBILITY = "ground"


@dataclass(frozen=True)
class MountainArea:
    name: str
    lat_min: float
    lat_max: float
    lon_min: float
    lon_max: float

    def contains(self, p: GeoPoint) -> bool:
        return (
            self.lat_min <= p.latitude <= self.lat_max
            and self.lon_min <= p.longitude <= self.lon_max
        )


# Coarse boxes (replace with a DEM lookup when one is loaded). The Sichuan basin
# (Chengdu, Deyang, Leshan, Yibin, ...) lies outside all of them on purpose.
MOUNTAIN_AREAS: tuple[MountainArea, ...] = (
    MountainArea("Tibetan plateau 青藏高原", 27.0, 39.5, 73.0, 97.0),
    MountainArea("Hengduan mountains 横断山区 (W Sichuan, NW Yunnan)", 24.0, 34.5, 97.0, 103.7),
    MountainArea("Longmen-Min mountains 龙门山-岷山 (Maoxian, Beichuan)", 31.2, 33.5, 103.0, 104.6),
    MountainArea("Qinling-Daba 秦巴山区", 31.8, 34.5, 104.5, 111.0),
    MountainArea("Yunnan-Guizhou plateau 云贵高原", 23.0, 28.3, 102.0, 109.5),
)


def mountain_area(p: GeoPoint) -> MountainArea | None:
    return next((a for a in MOUNTAIN_AREAS if a.contains(p)), None)


def great_circle_km(a: GeoPoint, b: GeoPoint) -> float:
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def mobility_of(mode: str | None) -> Mobility:
    return MOBILITY.get(mode or DEFAULT_MOBILITY, MOBILITY[DEFAULT_MOBILITY])


def minutes_per_km(mode: str | None, *, mountainous: bool = False) -> float:
    m = mobility_of(mode)
    terrain = MOUNTAIN_FACTOR if mountainous and m.terrain_sensitive else 1.0
    return m.route_factor * terrain / m.speed_kmh * 60.0


def eta_minutes(
    distance_km: float, mobility: str | None, readiness_minutes: float, *, mountainous: bool = False
) -> float:
    """Minutes until the team is on scene (readiness + spin-up + travel)."""
    m = mobility_of(mobility)
    return (
        readiness_minutes
        + m.extra_minutes
        + distance_km * minutes_per_km(mobility, mountainous=mountainous)
    )


def eta_derivation(
    distance_km: float, mobility: str | None, readiness_minutes: float, *, mountainous: bool = False
) -> str:
    """The ETA as a sentence a commander can check by hand."""
    m = mobility_of(mobility)
    eta = eta_minutes(distance_km, mobility, readiness_minutes, mountainous=mountainous)
    parts = [f"ready in {readiness_minutes:.0f} min"]
    if m.extra_minutes:
        parts.append(f"{m.extra_minutes:.0f} min spin-up")
    terrain = (
        f" x mountain terrain {MOUNTAIN_FACTOR:.1f}" if mountainous and m.terrain_sensitive else ""
    )
    parts.append(
        f"{distance_km:.1f} km x route factor {m.route_factor}{terrain} at "
        f"{m.speed_kmh:.0f} km/h ({mobility or DEFAULT_MOBILITY})"
    )
    return f"ETA {eta:.0f} min = " + " + ".join(parts)


def travel_parameters(*, mountainous: bool) -> dict[str, dict[str, float]]:
    """The formula's constants per mobility, as the Cypher `$travel` parameter."""
    return {
        mode: {"extra": m.extra_minutes, "perKm": minutes_per_km(mode, mountainous=mountainous)}
        for mode, m in MOBILITY.items()
    }


def max_reach_km(
    max_travel_minutes: float, *, mountainous: bool = False, modes: tuple[str, ...] | None = None
) -> float:
    """The farthest great-circle distance a unit (of `modes`, default any) could cover in
    the time when ready at once: the radius for the point index."""
    return max(
        max(0.0, max_travel_minutes - m.extra_minutes)
        / minutes_per_km(mode, mountainous=mountainous)
        for mode, m in MOBILITY.items()
        if modes is None or mode in modes
    )
