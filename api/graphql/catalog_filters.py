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
from api.graphql.recommend import GeoPointInput
from kg.errors import UserInputError
from queries.catalog.nodes import MAX_RADIUS_KM, Near, NodeFilter


def _dep(new: str) -> str:
    return f"Use `{new}`; removed in the next release."


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


def _values(members: list[Any] | None) -> list[str] | None:
    return [str(m.value) for m in members] if members is not None else None


def _ids(ids: list[strawberry.ID] | None) -> list[str] | None:
    return [str(i) for i in ids] if ids is not None else None


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


@strawberry.input(description="Case-insensitive text in id, nameZh or nameEn.")
class TextFilter:
    text: str | None = strawberry.field(default=None, description="Text to find.")


@strawberry.input(description="Which hazard types; every field optional (AND).")
class HazardTypeFilter:
    text: str | None = strawberry.field(default=None, description="Text in id or names.")
    rank: str | None = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        default=None,
        deprecation_reason=_dep("taxonRank"),
    )
    taxon_rank: HazardRank | None = strawberry.field(
        default=None, description="One level of the tree."
    )
    parent: strawberry.ID | None = strawberry.field(
        default=None, description="Direct children of this hazard type."
    )

    def to_filter(self) -> NodeFilter:
        rank = _merge(legacy_value("rank", self.rank, HazardRank), _values_one(self.taxon_rank))
        return NodeFilter(text=self.text, props={"rank": rank}, links={"parent": self.parent})


def _values_one(member: Enum | None) -> list[str] | None:
    return [str(member.value)] if member is not None else None


@strawberry.input(description="Which teams; every field optional (AND); lists mean any of.")
class TeamFilter:
    text: str | None = strawberry.field(default=None, description="Text in id or names.")
    status: str | None = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        default=None,
        deprecation_reason=_dep("availability"),
    )
    availability: list[TeamStatus] | None = strawberry.field(
        default=None, description="Any of these statuses."
    )
    mobility: str | None = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        default=None,
        deprecation_reason=_dep("travelModes"),
    )
    travel_modes: list[Mobility] | None = strawberry.field(
        default=None, description="Any of these travel modes."
    )
    admin_level: str | None = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        default=None,
        deprecation_reason=_dep("tiers"),
    )
    tiers: list[AdminLevel] | None = strawberry.field(
        default=None, description="Any of these administrative levels."
    )
    capability: strawberry.ID | None = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        default=None,
        deprecation_reason=_dep("capabilities"),
    )
    capabilities: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Holding any of these capabilities (Capability ids)."
    )
    capability_min_level: int | None = strawberry.field(
        default=None,
        description="With `capabilities`: held at this level or better, 1 (most capable) .. 4; "
        "2 keeps levels 1 and 2.",
    )
    team_type: strawberry.ID | None = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        default=None,
        deprecation_reason=_dep("teamTypes"),
    )
    team_types: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Of any of these team types (TeamType ids)."
    )
    region: strawberry.ID | None = strawberry.field(
        default=None, description="Based in this region or any of its sub-regions (PART_OF)."
    )
    near: NearInput | None = strawberry.field(default=None, description="Within a radius.")

    def to_filter(self, order: ListOrder) -> NodeFilter:
        return NodeFilter(
            text=self.text,
            props={
                "status": _merge(
                    legacy_value("status", self.status, TeamStatus), _values(self.availability)
                ),
                "mobility": _merge(
                    legacy_value("mobility", self.mobility, Mobility), _values(self.travel_modes)
                ),
                "adminLevel": _merge(
                    legacy_value("adminLevel", self.admin_level, AdminLevel), _values(self.tiers)
                ),
            },
            links={
                "capability": _merge(
                    str(self.capability) if self.capability else None, _ids(self.capabilities)
                ),
                "teamType": _merge(
                    str(self.team_type) if self.team_type else None, _ids(self.team_types)
                ),
                "region": self.region,
            },
            near=self.near.to_near() if self.near else None,
            capability_max_level=self.capability_min_level,
            order=order.value,
        )


@strawberry.input(description="Which equipment; every field optional (AND).")
class EquipmentFilter:
    text: str | None = strawberry.field(default=None, description="Text in id or names.")
    status: str | None = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        default=None,
        deprecation_reason=_dep("conditions"),
    )
    conditions: list[EquipmentStatus] | None = strawberry.field(
        default=None, description="Any of these states."
    )
    equipment_type: strawberry.ID | None = strawberry.field(
        default=None, description="Of this equipment type."
    )

    def to_filter(self) -> NodeFilter:
        status = _merge(
            legacy_value("status", self.status, EquipmentStatus), _values(self.conditions)
        )
        return NodeFilter(
            text=self.text,
            props={"status": status},
            links={"equipmentType": self.equipment_type},
        )


@strawberry.input(description="Which depots; every field optional (AND).")
class DepotFilter:
    text: str | None = strawberry.field(default=None, description="Text in id or names.")
    admin_level: str | None = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        default=None,
        deprecation_reason=_dep("tiers"),
    )
    tiers: list[AdminLevel] | None = strawberry.field(
        default=None, description="Any of these administrative levels."
    )
    region: strawberry.ID | None = strawberry.field(
        default=None, description="In this region or any of its sub-regions."
    )
    near: NearInput | None = strawberry.field(default=None, description="Within a radius.")

    def to_filter(self, order: ListOrder) -> NodeFilter:
        level = _merge(
            legacy_value("adminLevel", self.admin_level, AdminLevel), _values(self.tiers)
        )
        return NodeFilter(
            text=self.text,
            props={"adminLevel": level},
            links={"region": self.region},
            near=self.near.to_near() if self.near else None,
            order=order.value,
        )


@strawberry.input(description="Which experts; every field optional (AND).")
class ExpertFilter:
    text: str | None = strawberry.field(default=None, description="Text in id or names.")
    available: bool | None = strawberry.field(default=None, description="Callable now or not.")
    expertise: strawberry.ID | None = strawberry.field(
        default=None, description="Expert in this hazard type or capability (EXPERT_IN)."
    )
    region: strawberry.ID | None = strawberry.field(
        default=None, description="Based in this region or any of its sub-regions."
    )
    near: NearInput | None = strawberry.field(default=None, description="Within a radius.")

    def to_filter(self, order: ListOrder) -> NodeFilter:
        return NodeFilter(
            text=self.text,
            props={"available": self.available},
            links={"expertise": self.expertise, "region": self.region},
            near=self.near.to_near() if self.near else None,
            order=order.value,
        )


@strawberry.input(description="Which plans; every field optional (AND).")
class PlanFilter:
    text: str | None = strawberry.field(default=None, description="Text in id or names.")
    level: str | None = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        default=None,
        deprecation_reason=_dep("tiers"),
    )
    tiers: list[AdminLevel] | None = strawberry.field(
        default=None, description="Any of these administrative levels."
    )
    covers: strawberry.ID | None = strawberry.field(
        default=None, description="Covering this hazard type."
    )
    region: strawberry.ID | None = strawberry.field(
        default=None, description="Applying to this region or any of its sub-regions."
    )

    def to_filter(self) -> NodeFilter:
        level = _merge(legacy_value("level", self.level, AdminLevel), _values(self.tiers))
        return NodeFilter(
            text=self.text,
            props={"level": level},
            links={"covers": self.covers, "region": self.region},
        )


_RANK_OF_LEVEL = {v.value: k for k, v in REGION_RANK_LEVEL.items()}


@strawberry.input(description="Which regions; every field optional (AND).")
class RegionFilter:
    text: str | None = strawberry.field(default=None, description="Text in code or names.")
    rank: str | None = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        default=None,
        deprecation_reason=_dep("tiers"),
    )
    tiers: list[AdminLevel] | None = strawberry.field(
        default=None, description="PROVINCIAL, MUNICIPAL and/or COUNTY."
    )
    parent: strawberry.ID | None = strawberry.field(
        default=None, description="Inside this region (any depth)."
    )

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
    text: str | None = strawberry.field(default=None, description="Text in id or names.")
    response_level: str | None = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        default=None,
        deprecation_reason=_dep("levels"),
    )
    levels: list[ResponseLevel] | None = strawberry.field(
        default=None, description="Any of these response levels."
    )
    hazard_type: strawberry.ID | None = strawberry.field(
        default=None, description="Of this hazard type."
    )
    region: strawberry.ID | None = strawberry.field(
        default=None, description="In this region or any of its sub-regions."
    )

    def to_filter(self) -> NodeFilter:
        level = _merge(
            legacy_value("responseLevel", self.response_level, ResponseLevel),
            _values(self.levels),
        )
        return NodeFilter(
            text=self.text,
            props={"responseLevel": level},
            links={"hazardType": self.hazard_type, "region": self.region},
        )
