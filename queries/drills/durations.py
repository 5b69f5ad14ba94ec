"""How long a team works on scene (pure): a documented table of hazard x need.

A team sent to an incident works there for the longest of the durations of the needs it
covers (the figure below for the incident's first hazard and that capability), then
drives home (its ETA less its readiness time) and is available again. The table is
expert judgement for drills (one shift of technical rescue, a few hours of triage), not
a statistic; queries/drills/README.md prints it for planners to check.

Lookup order: (hazard subcategory, capability), then (hazard subcategory, any), then
(any hazard, capability), then DEFAULT_HOURS. A subcategory is the first three
characters of the GB/T 35561 code: 11A flood/drought, 11B meteorological, 11C
earthquake, 11D geological, 11G forest/grassland fire, 12B non-coal mine, 12D hazardous
chemicals, 12G fire.

Example::

    work_hours("11C02", "cap.collapsed-structure-sar")   # 12.0
    work_minutes("11A01", ["cap.water-rescue", "cap.medical-triage"])   # 360.0
"""

from __future__ import annotations

from collections.abc import Iterable

DEFAULT_HOURS = 4.0
ANY = "*"

# (hazard subcategory or ANY, capability id or ANY) -> hours on scene
WORK_HOURS: dict[tuple[str, str], float] = {
    # earthquake: trapped people are searched for over days; one shift is 12 h
    ("11C", "cap.collapsed-structure-sar"): 12.0,
    ("11C", "cap.technical-search"): 12.0,
    ("11C", "cap.canine-search"): 8.0,
    ("11C", "cap.heavy-lifting"): 10.0,
    ("11C", ANY): 8.0,
    # geological: landslides and debris flows, digging out and watching the slope
    ("11D", "cap.geohazard-assessment"): 6.0,
    ("11D", ANY): 8.0,
    # floods, dams and levees: rescue in hours, defence and pumping over a day
    ("11A", "cap.water-rescue"): 6.0,
    ("11A", "cap.swiftwater-rescue"): 6.0,
    ("11A", "cap.flood-defense"): 12.0,
    ("11A", "cap.dewatering"): 10.0,
    ("11A", "cap.evacuation"): 6.0,
    ("11A", ANY): 6.0,
    ("11B", ANY): 6.0,
    # forest fires burn for a day: crews work 12 h shifts on the line
    ("11G", "cap.wildfire-suppression"): 12.0,
    ("11G", "cap.aerial-firefighting"): 6.0,
    ("11G", ANY): 8.0,
    # hazardous chemicals: control and decontamination until the leak is closed
    ("12D", "cap.hazmat-leak-control"): 6.0,
    ("12D", "cap.petrochemical-firefighting"): 8.0,
    ("12D", "cap.decontamination"): 6.0,
    ("12D", ANY): 5.0,
    # mines: rescue continues until the miners are reached
    ("12B", "cap.mine-rescue"): 12.0,
    ("12B", ANY): 8.0,
    # building fires: hours, then overhaul
    ("12G", ANY): 3.0,
    # any hazard: short medical and support tasks
    (ANY, "cap.medical-triage"): 4.0,
    (ANY, "cap.patient-transport"): 3.0,
    (ANY, "cap.aeromedical-evacuation"): 3.0,
    (ANY, "cap.aerial-reconnaissance"): 3.0,
    (ANY, "cap.emergency-communications"): 12.0,
}


def work_hours(hazard: str, capability: str) -> float:
    """Hours on scene for one need of an incident of `hazard` (the table's lookup order)."""
    sub = hazard[:3]
    for key in ((sub, capability), (sub, ANY), (ANY, capability)):
        if key in WORK_HOURS:
            return WORK_HOURS[key]
    return DEFAULT_HOURS


def work_minutes(hazard: str, capabilities: Iterable[str]) -> float:
    """Minutes a team covering `capabilities` works at an incident of `hazard`."""
    return 60.0 * max((work_hours(hazard, c) for c in capabilities), default=DEFAULT_HOURS)
