"""What a drill records (plain data): needs as they arise and are met, and team sorties.

These are the simulation's output and the metrics' input (queries.drills.metrics), and
what the UI replays: every record carries times in minutes from the drill's start.

Example::

    need = NeedRecord("EQ-1", "cap.collapsed-structure-sar", "倒塌建筑搜救",
                      "Collapsed structure SAR", weight=1.0, units=2, arisen=0.0)
    need.first_arrival = 42.0
    need.minutes_to_first_unit       # 42.0
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class NeedRecord:
    """One capability an incident needs (weight at least the relevance floor)."""

    incident: str
    capability: str
    name_zh: str
    name_en: str
    weight: float
    units: int
    arisen: float  # minutes: when the incident (or the escalation) asked for it
    teams: list[str] = field(default_factory=list)  # teams sent that hold it
    first_arrival: float | None = None  # when the first of them was on scene

    @property
    def minutes_to_first_unit(self) -> float | None:
        return None if self.first_arrival is None else self.first_arrival - self.arisen

    @property
    def key(self) -> tuple[str, str]:
        return (self.incident, self.capability)


@dataclass
class Sortie:
    """One team sent to one incident: out, on scene, back."""

    team: str
    name_zh: str
    name_en: str
    mobility: str
    incident: str
    covers: list[str]  # capability ids it brings to the incident's needs
    base_lat: float
    base_lon: float
    scene_lat: float
    scene_lon: float
    distance_km: float
    dispatched: float
    arrives: float
    work_minutes: float
    readiness: float = 0.0  # minutes to get going before the team moves
    leaves: float | None = None  # set when it leaves the scene
    home: float | None = None  # set when it is back at its base

    @property
    def travel_minutes(self) -> float:
        """One way, without the readiness time: what it drives or flies."""
        return self.arrives - self.dispatched - self.readiness


@dataclass
class IncidentRecord:
    id: str
    name_zh: str
    name_en: str
    hazards: list[str]
    level: str
    latitude: float
    longitude: float
    opened: float
    cascade_of: str | None = None
    closed: float | None = None
    levels: list[tuple[float, str]] = field(default_factory=list)  # (minute, level) changes


def as_dict(record: Any) -> dict[str, Any]:
    return asdict(record)
