"""The planner workbench's inputs: a team, expert, equipment item, depot or plan as the
loader record of its kind (docs/graph-model.md), field for field.

Required fields are the record shape's (shapes.ttl); an optional field left out of an
update keeps its stored value (a planner cannot read a team's contacts, so leaving them
out must not erase them), an explicit null clears it. Lists replace the stored list.

Example::

    TeamInput(id="T-1", name_zh="测试队", team_type="tt.fire-rescue", ...).record()
    # ({'id': 'T-1', 'nameZh': '测试队', 'teamType': 'tt.fire-rescue', ...}, {'leader', ...})
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

import strawberry
from strawberry import UNSET
from strawberry.utils.str_converters import to_camel_case

from api.graphql.enums import (
    AdminLevel,
    ConceptKind,
    EquipmentStatus,
    Mobility,
    ResponseLevel,
    TeamStatus,
)
from api.graphql.recommend import GeoPointInput

PRESCRIBABLE = (
    ConceptKind.CAPABILITY,
    ConceptKind.TEAM_TYPE,
    ConceptKind.TEAM,
    ConceptKind.EQUIPMENT_TYPE,
    ConceptKind.EXPERT,
)


def _value(v: Any) -> Any:
    if isinstance(v, ResponseLevel | TeamStatus | Mobility | AdminLevel | EquipmentStatus):
        return v.value
    return v


def _record(
    obj: Any, *, lists: Mapping[str, Callable[[Any], dict[str, Any]]] | None = None
) -> tuple[dict[str, Any], set[str]]:
    """(record, optional record fields left out): every input field is the record field of
    the same name in camelCase (`name_zh` -> nameZh), `location` its latitude and
    longitude; a field of `lists` is a list of items, each made a record by its function
    (left out: kept as stored; given: replaces the stored list)."""
    record: dict[str, Any] = {}
    left_out: set[str] = set()
    items = lists or {}
    for f in obj.__strawberry_definition__.fields:
        attr = f.python_name
        if attr == "location":
            continue
        name = to_camel_case(attr)
        v = getattr(obj, attr)
        if v is UNSET:
            left_out.add(name)
        elif attr in items:
            record[name] = [items[attr](x) for x in v or []]
        else:
            record[name] = _value(v)
    location = getattr(obj, "location", None)
    if location is UNSET:
        left_out |= {"latitude", "longitude"}
    elif location is not None:
        record["latitude"], record["longitude"] = location.latitude, location.longitude
    return record, left_out


@strawberry.input(description="What every workbench record has: its id and names.")
class RecordInput:
    id: strawberry.ID = strawberry.field(description="Stable id: letters, digits, . _ -.")
    name_zh: str = strawberry.field(description="Chinese name.")
    name_en: str | None = strawberry.field(default=UNSET, description="English name.")

    def record(self) -> tuple[dict[str, Any], set[str]]:
        """(the loader record, the optional fields left out), field for field."""
        return _record(self)


@strawberry.input(description="A team's capability at a level (HAS_CAPABILITY {level}).")
class CapabilityLevelInput:
    capability: strawberry.ID = strawberry.field(description="The Capability id (cap.*).")
    level: int = strawberry.field(description="1 (most capable) to 4, as in RTLT.")


def _capability_level(c: CapabilityLevelInput) -> dict[str, Any]:
    return {"capability": c.capability, "level": c.level}


@strawberry.input(description="A team as the loader's teams record (shape:Team).")
class TeamInput(RecordInput):
    team_type: strawberry.ID = strawberry.field(description="The TeamType id (tt.*).")
    status: TeamStatus = strawberry.field(description="Available, standby, ...")
    headcount: int = strawberry.field(description="Members, 1-100000.")
    readiness_minutes: int = strawberry.field(description="Minutes to set off, 0-10080.")
    mobility: Mobility = strawberry.field(description="How the team travels.")
    admin_level: AdminLevel = strawberry.field(description="Administrative level.")
    location: GeoPointInput = strawberry.field(description="Where the team is based.")
    region: strawberry.ID | None = strawberry.field(
        default=UNSET, description="The Region (GB/T 2260 code) it is based in."
    )
    capabilities: list[CapabilityLevelInput] | None = strawberry.field(
        default=UNSET, description="What it can do, at which level (replaces the list)."
    )
    duty_phone: str | None = strawberry.field(
        default=UNSET, description="Duty phone (left out: kept; planners cannot read it)."
    )
    radio_channel: str | None = strawberry.field(default=UNSET, description="Radio channel.")
    leader: str | None = strawberry.field(default=UNSET, description="The team leader.")

    def record(self) -> tuple[dict[str, Any], set[str]]:
        return _record(self, lists={"capabilities": _capability_level})


@strawberry.input(description="An expert as the loader's experts record (shape:Expert).")
class ExpertInput(RecordInput):
    available: bool = strawberry.field(description="Can be called on now.")
    affiliation: str | None = strawberry.field(default=UNSET, description="Where they work.")
    profile_zh: str | None = strawberry.field(default=UNSET, description="Chinese profile.")
    profile_en: str | None = strawberry.field(default=UNSET, description="English profile.")
    location: GeoPointInput | None = strawberry.field(default=UNSET, description="Where based.")
    region: strawberry.ID | None = strawberry.field(default=UNSET, description="Region code.")
    expertise: list[strawberry.ID] | None = strawberry.field(
        default=UNSET, description="HazardType codes and Capability ids (replaces the list)."
    )
    duty_phone: str | None = strawberry.field(default=UNSET, description="Duty phone.")
    radio_channel: str | None = strawberry.field(default=UNSET, description="Radio channel.")


@strawberry.input(description="An equipment item or stock (shape:Equipment).")
class EquipmentInput(RecordInput):
    equipment_type: strawberry.ID = strawberry.field(description="The EquipmentType (eq.*).")
    quantity: int = strawberry.field(description="How many pieces or sets (>= 0).")
    status: EquipmentStatus = strawberry.field(description="Ready, in maintenance, deployed.")
    location: GeoPointInput | None = strawberry.field(default=UNSET, description="Where kept.")
    holder: strawberry.ID | None = strawberry.field(
        default=UNSET, description="The Team or Depot holding it."
    )


@strawberry.input(description="A supplies depot (储备库, shape:Depot).")
class DepotInput(RecordInput):
    admin_level: AdminLevel = strawberry.field(description="National .. county.")
    location: GeoPointInput = strawberry.field(description="Where the depot is.")
    region: strawberry.ID | None = strawberry.field(default=UNSET, description="Region code.")


@strawberry.input(description="What a plan prescribes at one response level.")
class PrescriptionInput:
    level: ResponseLevel = strawberry.field(description="The response level (I..IV).")
    kind: ConceptKind = strawberry.field(
        description="CAPABILITY, TEAM_TYPE, TEAM, EQUIPMENT_TYPE or EXPERT."
    )
    target: strawberry.ID = strawberry.field(description="The id of what is prescribed.")
    quantity: int | None = strawberry.field(
        default=None, description="Units (capability, team type) or pieces (equipment), >= 1."
    )
    capability_level: int | None = strawberry.field(
        default=None, description="Capability level 1-4 a unit must have at least."
    )


def _prescription(p: PrescriptionInput) -> dict[str, Any]:
    # Every key present: a quantity dropped in the editor is removed from the link.
    return {
        "target": p.target,
        "responseLevel": p.level.value,
        "quantity": p.quantity,
        "capabilityLevel": p.capability_level,
    }


@strawberry.input(description="A plan as the loader's plans record (shape:Plan).")
class PlanInput(RecordInput):
    level: AdminLevel = strawberry.field(description="National, provincial, municipal, county.")
    issuer: str | None = strawberry.field(default=UNSET, description="The issuing authority.")
    version: str | None = strawberry.field(default=UNSET, description="Version label.")
    effective_date: datetime.date | None = strawberry.field(
        default=UNSET, description="The date it takes effect."
    )
    time_standard_minutes: int | None = strawberry.field(
        default=UNSET, description="Minutes within which forces must arrive (1-10080)."
    )
    summary_zh: str | None = strawberry.field(default=UNSET, description="Chinese summary.")
    summary_en: str | None = strawberry.field(default=UNSET, description="English summary.")
    covers: list[strawberry.ID] = strawberry.field(description="HazardType codes (at least one).")
    regions: list[strawberry.ID] | None = strawberry.field(
        default=UNSET, description="Region codes it applies to (replaces the list)."
    )
    prescribes: list[PrescriptionInput] | None = strawberry.field(
        default=UNSET, description="What it prescribes per level (replaces the list)."
    )

    def record(self) -> tuple[dict[str, Any], set[str]]:
        return _record(self, lists={"prescribes": _prescription})

    def target_labels(self) -> dict[str, str]:
        """Each prescribed id's label, as the planner chose it."""
        if not self.prescribes:
            return {}
        return {str(p.target): str(p.kind.value) for p in self.prescribes}


@strawberry.input(description="A new version of a plan that replaces the current one.")
class PlanVersionInput:
    supersedes: strawberry.ID = strawberry.field(
        description="The id of the current version, which is kept, retired."
    )
    plan: PlanInput = strawberry.field(description="The new version, with an id of its own.")


@strawberry.input(description="A cascade to add or change (MAY_TRIGGER {likelihood}).")
class SetHazardCascadeInput:
    hazard: strawberry.ID = strawberry.field(description="The HazardType that comes first.")
    triggers: strawberry.ID = strawberry.field(description="The HazardType it may trigger.")
    likelihood: float = strawberry.field(description="Chance it happens, in (0, 1].")


@strawberry.input(description="A cascade to remove.")
class RemoveHazardCascadeInput:
    hazard: strawberry.ID = strawberry.field(description="The HazardType that comes first.")
    triggers: strawberry.ID = strawberry.field(description="The HazardType it may trigger.")
