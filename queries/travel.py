"""Travel-time estimate: great-circle distance x road factor / mobility speed + readiness.

Documented constants (README, "How a recommendation is made"):
ground units drive at 60 km/h over roads ~1.4x longer than the great circle;
air units fly 180 km/h nearly straight (factor 1.05) after 20 min extra spin-up;
water units are moved by road to the scene (boats on trailers).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from queries.models import GeoPoint

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Mobility:
    speed_kmh: float
    route_factor: float
    extra_minutes: float


MOBILITY: dict[str, Mobility] = {
    "ground": Mobility(speed_kmh=60.0, route_factor=1.4, extra_minutes=0.0),
    "water": Mobility(speed_kmh=50.0, route_factor=1.4, extra_minutes=5.0),
    "air": Mobility(speed_kmh=180.0, route_factor=1.05, extra_minutes=20.0),
}


def great_circle_km(a: GeoPoint, b: GeoPoint) -> float:
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def eta_minutes(distance_km: float, mobility: str, readiness_minutes: float) -> float:
    m = MOBILITY.get(mobility, MOBILITY["ground"])
    return readiness_minutes + m.extra_minutes + distance_km * m.route_factor / m.speed_kmh * 60.0


def max_reach_km(max_travel_minutes: float) -> float:
    """The farthest great-circle distance any unit could cover in the time (for the index)."""
    fastest = max(m.speed_kmh / m.route_factor for m in MOBILITY.values())
    return fastest * max_travel_minutes / 60.0
