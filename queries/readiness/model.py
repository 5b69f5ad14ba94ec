"""Typed inputs and results of the readiness check (frozen; parsed in queries/readiness/graph.py).

A `Prescribed` item is one thing a plan asks for at a response level; a `Unit` is one
thing of the registry that could answer it (a team, an equipment stock, an expert);
`PrescriptionReadiness` says whether the units that reach the region in time suffice.

Example::

    Prescribed("capability", ConceptRef("cap.water-rescue", "水域救援", "Water rescue"), 2)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from queries.models import ConceptRef, GeoPoint, Reason, ResponseLevel

Kind = Literal["capability", "teamType", "team", "equipmentType", "expert"]
UnitKind = Literal["team", "equipment", "expert"]
Status = Literal["MET", "PARTLY", "NOT_MET"]
KINDS: tuple[Kind, ...] = ("capability", "teamType", "team", "equipmentType", "expert")


@dataclass(frozen=True)
class Prescribed:
    """One prescription: `units` teams (or equipment items) of the target; for a capability,
    optionally held at `capability_level` or better (1 = most capable)."""

    kind: Kind
    target: ConceptRef
    units: int = 1
    capability_level: int | None = None

    @property
    def key(self) -> str:
        """Stable id of the prescription within a plan and level: kind:target."""
        return f"{self.kind}:{self.target.id}"


@dataclass(frozen=True)
class PlanPrescriptions:
    """A plan at one response level: what it prescribes and its time standard."""

    plan: ConceptRef
    plan_level: str  # national, provincial, municipal, county
    time_standard: float  # minutes (the plan's own or the level's default)
    own_standard: bool  # True when the plan sets timeStandardMinutes
    items: tuple[Prescribed, ...]
    applies_to: tuple[str, ...]  # Region ids; empty: a national plan (applies everywhere)
    covers: tuple[ConceptRef, ...] = ()  # the hazard types it covers

    def applies_in(self, chain: tuple[str, ...]) -> bool:
        return not self.applies_to or any(r in chain for r in self.applies_to)


@dataclass(frozen=True)
class RegionPoint:
    """A region with the point its readiness is measured from (its central point)."""

    region: ConceptRef
    rank: str
    point: GeoPoint
    chain: tuple[str, ...]  # its id and the ids of the regions it is PART_OF
    boundary: str | None = None  # GeoJSON text (the map), not read by the check


@dataclass(frozen=True)
class Unit:
    """One unit of supply. Teams count one each; equipment counts its `quantity`."""

    id: str
    name: ConceptRef
    kind: UnitKind
    location: GeoPoint
    status: str
    usable: bool  # its status lets it be sent (available/standby team, ready equipment, ...)
    mobility: str = "ground"
    ready_minutes: float = 0.0  # before it moves (readiness, depot loading, expert)
    team_type: str | None = None
    capabilities: tuple[tuple[str, int], ...] = ()  # (capability id, level 1..4), sorted
    equipment_type: str | None = None
    quantity: int = 1
    holder: ConceptRef | None = None  # equipment: the team or depot holding it
    holder_usable: bool = True  # equipment: its holder may send it (a team available/standby)


@dataclass(frozen=True)
class UsedUnit:
    unit: ConceptRef
    eta_minutes: float
    quantity: int = 1
    holder: ConceptRef | None = None


@dataclass(frozen=True)
class PrescriptionReadiness:
    prescribed: Prescribed
    status: Status
    have: int  # units (items) that reach the region within the standard, up to `need`
    need: int
    used: tuple[UsedUnit, ...]  # what would be sent, fastest first
    nearest_extra: UsedUnit | None  # shortfall: the nearest further unit beyond the standard
    blocked: int  # units that would reach in time but whose status keeps them out
    reasons: tuple[Reason, ...]

    @property
    def short(self) -> int:
        return max(0, self.need - self.have)


@dataclass(frozen=True)
class PlanReadiness:
    plan: PlanPrescriptions
    region: RegionPoint
    level: ResponseLevel
    prescriptions: tuple[PrescriptionReadiness, ...]

    @property
    def met(self) -> int:
        return sum(1 for p in self.prescriptions if p.status == "MET")

    @property
    def applies(self) -> bool:
        """Whether the plan applies in this region (national, or one of its regions)."""
        return self.plan.applies_in(self.region.chain)


@dataclass(frozen=True)
class RegionReadiness:
    region: RegionPoint
    level: ResponseLevel
    plans: tuple[PlanReadiness, ...]

    @property
    def met(self) -> int:
        return sum(p.met for p in self.plans)

    @property
    def total(self) -> int:
        return sum(len(p.prescriptions) for p in self.plans)

    @property
    def share_met(self) -> float | None:
        """Met / prescribed over every applicable plan; None where no plan applies."""
        return self.met / self.total if self.total else None


@dataclass(frozen=True)
class ReadinessMatrix:
    level: ResponseLevel
    province: ConceptRef
    hazard: ConceptRef | None
    plan: ConceptRef | None
    regions: tuple[RegionReadiness, ...]
    region_seconds: tuple[float, ...] = field(default=(), compare=False)  # per-region check time
