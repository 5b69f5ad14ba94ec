"""The catalog's filter inputs: enums and id lists (any of), near a point, sub-regions.

Each input turns into one `NodeFilter` (queries/catalog/nodes.py): values are
parameters, never query text. The older single-valued string fields stay one
release, deprecated; their values are read case-insensitively and an unknown one
is an error naming the allowed values, never an empty page.

Example::

    TeamFilter(availability=[TeamStatus.AVAILABLE], capabilities=["cap.water-rescue"],
               near=NearInput(location=GeoPointInput(latitude=30.66, longitude=104.06),
                              radius_km=50)).to_filter(TeamOrder.DISTANCE)
"""

from __future__ import annotations

import difflib
from enum import Enum
from typing import Any

import strawberry

from api.graphql.enums import (
    REGION_RANK_LEVEL,
    AdminLevel,
    EquipmentStatus,
    HazardRank,
    Mobility,
    ResponseLevel,
    TeamStatus,
)
from api.graphql.fields import deprecated, optional
from api.graphql.recommend import GeoPointInput
from kg.errors import UserInputError
from queries.catalog.nodes import MAX_RADIUS_KM, Near, NodeFilter


def legacy_value(name: str, value: str | None, enum: type[Enum]) -> str | None:
    """A deprecated string filter's value as stored ('AVAILABLE' or 'available' ->
    'available'); an unknown value is an error naming the allowed ones."""
    if value is None:
        return None
    text = value.strip()
    for member in enum:
        if text.lower() in (str(member.value).lower(), member.name.lower()):
            return str(member.value)
    allowed = [m.name for m in enum]
    close = difflib.get_close_matches(text.upper(), allowed, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]}?" if close else ""
    raise UserInputError(f"{name} '{value}' is unknown{hint} Use one of {', '.join(allowed)}")


def any_of(
    name: str, legacy: str | None, enum: type[Enum], members: list[Any] | Enum | None
) -> list[str] | None:
    """The stored values a filter asks for: any of the typed `members` (a list or one)
    and of the deprecated string field `name` (read by `legacy_value`); None when
    neither is given.

    Example::

        any_of("status", "AVAILABLE", TeamStatus, [TeamStatus.STANDBY])
        # ['available', 'standby']
    """
    if isinstance(members, Enum):
        members = [members]
    typed = [str(m.value) for m in members] if members is not None else None
    return _merge(legacy_value(name, legacy, enum), typed)


def any_id(legacy: strawberry.ID | None, ids: list[strawberry.ID] | None) -> list[str] | None:
    """The ids a filter asks for: the list field and the deprecated single one."""
    return _merge(
        str(legacy) if legacy else None, [str(i) for i in ids] if ids is not None else None
    )


def _merge(*parts: list[str] | str | None) -> list[str] | None:
    """Values from the new list field and the deprecated single field (any of them)."""
    out: list[str] = []
    given = False
    for p in parts:
        if p is None:
            continue
        given = True
        out.extend([p] if isinstance(p, str) else p)
    return out if given else None


@strawberry.input(description="Within a radius of a point; results carry their distanceKm.")
class NearInput:
    location: GeoPointInput = strawberry.field(description="The centre (WGS-84).")
    radius_km: float = strawberry.field(
        description=f"Radius in km, great-circle, in (0, {MAX_RADIUS_KM:.0f}]."
    )

    def to_near(self) -> Near:
        return Near(self.location.latitude, self.location.longitude, self.radius_km)


@strawberry.enum(description="How to order a listing (ties always by id).")
class ListOrder(Enum):
    ID = "ID"
    NAME = "NAME"
    DISTANCE = "DISTANCE"
    READINESS = "READINESS"


_ORDER_DOC = {
    "ID": "By id (the default; keyset pages).",
    "NAME": "By Chinese name.",
    "DISTANCE": "Nearest first; needs filter.near.",
    "READINESS": "Teams only: fastest to depart first (readinessMinutes).",
}
for _v in ListOrder.__strawberry_definition__.values:  # type: ignore[attr-defined]
    _v.description = _ORDER_DOC[_v.name]


_TEXT = "Text in id or names."
_TIERS = "Any of these administrative levels."
_NEAR = "Within a radius."


def _near(near: NearInput | None) -> Near | None:
    return near.to_near() if near else None


@strawberry.input(description="Case-insensitive text in id, nameZh or nameEn.")
class TextFilter:
    text: str | None = optional("Text to find.")

    def to_filter(self) -> NodeFilter:
        return NodeFilter(text=self.text)


@strawberry.input(description="Which hazard types; every field optional (AND).")
class HazardTypeFilter:
    text: str | None = optional(_TEXT)
    rank: str | None = deprecated("`taxonRank`")
    taxon_rank: HazardRank | None = optional("One level of the tree.")
    parent: strawberry.ID | None = optional("Direct children of this hazard type.")

    def to_filter(self) -> NodeFilter:
        rank = any_of("rank", self.rank, HazardRank, self.taxon_rank)
        return NodeFilter(text=self.text, props={"rank": rank}, links={"parent": self.parent})


@strawberry.input(description="Which teams; every field optional (AND); lists mean any of.")
class TeamFilter:
    text: str | None = optional(_TEXT)
    status: str | None = deprecated("`availability`")
    availability: list[TeamStatus] | None = optional("Any of these statuses.")
    mobility: str | None = deprecated("`travelModes`")
    travel_modes: list[Mobility] | None = optional("Any of these travel modes.")
    admin_level: str | None = deprecated("`tiers`")
    tiers: list[AdminLevel] | None = optional(_TIERS)
    capability: strawberry.ID | None = deprecated("`capabilities`")
    capabilities: list[strawberry.ID] | None = optional(
        "Holding any of these capabilities (Capability ids)."
    )
    capability_min_level: int | None = optional(
        "With `capabilities`: held at this level or better, 1 (most capable) .. 4; "
        "2 keeps levels 1 and 2."
    )
    team_type: strawberry.ID | None = deprecated("`teamTypes`")
    team_types: list[strawberry.ID] | None = optional("Of any of these team types (TeamType ids).")
    region: strawberry.ID | None = optional(
        "Based in this region or any of its sub-regions (PART_OF)."
    )
    near: NearInput | None = optional(_NEAR)

    def to_filter(self, order: ListOrder) -> NodeFilter:
        return NodeFilter(
            text=self.text,
            props={
                "status": any_of("status", self.status, TeamStatus, self.availability),
                "mobility": any_of("mobility", self.mobility, Mobility, self.travel_modes),
                "adminLevel": any_of("adminLevel", self.admin_level, AdminLevel, self.tiers),
            },
            links={
                "capability": any_id(self.capability, self.capabilities),
                "teamType": any_id(self.team_type, self.team_types),
                "region": self.region,
            },
            near=_near(self.near),
            capability_max_level=self.capability_min_level,
            order=order.value,
        )


@strawberry.input(description="Which equipment; every field optional (AND).")
class EquipmentFilter:
    text: str | None = optional(_TEXT)
    status: str | None = deprecated("`conditions`")
    conditions: list[EquipmentStatus] | None = optional("Any of these states.")
    equipment_type: strawberry.ID | None = optional("Of this equipment type.")

    def to_filter(self) -> NodeFilter:
        status = any_of("status", self.status, EquipmentStatus, self.conditions)
        return NodeFilter(
            text=self.text, props={"status": status}, links={"equipmentType": self.equipment_type}
        )


@strawberry.input(description="Which depots; every field optional (AND).")
class DepotFilter:
    text: str | None = optional(_TEXT)
    admin_level: str | None = deprecated("`tiers`")
    tiers: list[AdminLevel] | None = optional(_TIERS)
    region: strawberry.ID | None = optional("In this region or any of its sub-regions.")
    near: NearInput | None = optional(_NEAR)

    def to_filter(self, order: ListOrder) -> NodeFilter:
        return NodeFilter(
            text=self.text,
            props={"adminLevel": any_of("adminLevel", self.admin_level, AdminLevel, self.tiers)},
            links={"region": self.region},
            near=_near(self.near),
            order=order.value,
        )


@strawberry.input(description="Which experts; every field optional (AND).")
class ExpertFilter:
    text: str | None = optional(_TEXT)
    available: bool | None = optional("Callable now or not.")
    expertise: strawberry.ID | None = optional(
        "Expert in this hazard type or capability (EXPERT_IN)."
    )
    region: strawberry.ID | None = optional("Based in this region or any of its sub-regions.")
    near: NearInput | None = optional(_NEAR)

    def to_filter(self, order: ListOrder) -> NodeFilter:
        return NodeFilter(
            text=self.text,
            props={"available": self.available},
            links={"expertise": self.expertise, "region": self.region},
            near=_near(self.near),
            order=order.value,
        )


@strawberry.input(description="Which plans; every field optional (AND).")
class PlanFilter:
    text: str | None = optional(_TEXT)
    level: str | None = deprecated("`tiers`")
    tiers: list[AdminLevel] | None = optional(_TIERS)
    covers: strawberry.ID | None = optional("Covering this hazard type.")
    region: strawberry.ID | None = optional("Applying to this region or any of its sub-regions.")

    def to_filter(self) -> NodeFilter:
        return NodeFilter(
            text=self.text,
            props={"level": any_of("level", self.level, AdminLevel, self.tiers)},
            links={"covers": self.covers, "region": self.region},
        )


_RANK_OF_LEVEL = {v.value: k for k, v in REGION_RANK_LEVEL.items()}


@strawberry.input(description="Which regions; every field optional (AND).")
class RegionFilter:
    text: str | None = optional("Text in code or names.")
    rank: str | None = deprecated("`tiers`")
    tiers: list[AdminLevel] | None = optional("PROVINCIAL, MUNICIPAL and/or COUNTY.")
    parent: strawberry.ID | None = optional("Inside this region (any depth).")

    def to_filter(self) -> NodeFilter:
        ranks = [_RANK_OF_LEVEL.get(str(t.value), "none") for t in self.tiers or []]
        rank = self.rank.strip().lower() if self.rank else None
        return NodeFilter(
            text=self.text,
            props={"rank": _merge(rank, ranks if self.tiers is not None else None)},
            links={"parent": self.parent},
        )


@strawberry.input(description="Which incidents; every field optional (AND).")
class IncidentFilter:
    text: str | None = optional(_TEXT)
    response_level: str | None = deprecated("`levels`")
    levels: list[ResponseLevel] | None = optional("Any of these response levels.")
    hazard_type: strawberry.ID | None = optional("Of this hazard type.")
    region: strawberry.ID | None = optional("In this region or any of its sub-regions.")

    def to_filter(self) -> NodeFilter:
        level = any_of("responseLevel", self.response_level, ResponseLevel, self.levels)
        return NodeFilter(
            text=self.text,
            props={"responseLevel": level},
            links={"hazardType": self.hazard_type, "region": self.region},
        )
