"""Documented constants of the readiness check (README "Plan readiness").

A plan's `timeStandardMinutes` (a Plan property) is the time within which what it
prescribes must be on scene. Without it, the default for the response level holds:

- level I   (特别重大) 120 min: the national rule that rescue forces reach a
  particularly serious disaster within two hours;
- level II  (重大)     180 min;
- level III (较大)     240 min;
- level IV  (一般)     360 min: smaller events prescribe local forces and the plans
  allow a longer mobilisation for the full list.

A prescription without `units` asks for one unit (one team; for equipment, one
item). Equipment in a depot is loaded and sent in DEPOT_LOADING_MINUTES by road;
a named expert travels by road after EXPERT_READY_MINUTES.

Example::

    time_standard(ResponseLevel.I, None)    # 120.0
    time_standard(ResponseLevel.I, 90)      # 90.0
"""

from __future__ import annotations

from queries.models import ResponseLevel

DEFAULT_TIME_STANDARD_MINUTES: dict[ResponseLevel, float] = {
    ResponseLevel.I: 120.0,
    ResponseLevel.II: 180.0,
    ResponseLevel.III: 240.0,
    ResponseLevel.IV: 360.0,
}
DEFAULT_UNITS = 1
DEPOT_LOADING_MINUTES = 60.0  # equipment from a depot: loading before the road
EXPERT_READY_MINUTES = 30.0  # a named expert leaves within this, by road
AVAILABLE_TEAM_STATUSES = ("available", "standby")
READY_EQUIPMENT_STATUS = "ready"
# The supply read around a province reaches this many times the standard's reach, so
# that the nearest extra unit beyond the standard is usually found; beyond it a
# shortfall says "none within <km> km".
SUPPLY_REACH_FACTOR = 2.0


def time_standard(level: ResponseLevel, plan_minutes: float | None) -> float:
    """The plan's own standard when it has one, else the level's default (minutes)."""
    if plan_minutes is not None and plan_minutes > 0:
        return float(plan_minutes)
    return DEFAULT_TIME_STANDARD_MINUTES[level]
