"""Shared GraphQL types: GeoPoint, Concept and the taxonomy concepts (Team is in entities.py).

Nested fields resolve through the request's DataLoaders (one query per batch).
``recommend.py`` and ``catalog.py`` both use these; names follow DESIGN.md.
"""

from __future__ import annotations

from typing import Any

import strawberry

from api.graphql.context import Info
from api.graphql.fields import field
from queries import models as m
from queries.catalog.models import Node


@strawberry.type
class GeoPoint:
    latitude: float
    longitude: float

    @classmethod
    def of(cls, p: Any) -> GeoPoint | None:
        return cls(latitude=p.latitude, longitude=p.longitude) if p is not None else None


@strawberry.type(description="A concept reference: id and names (name = Chinese name).")
class Concept:
    id: strawberry.ID
    name: str
    name_zh: str
    name_en: str

    @classmethod
    def of(cls, c: m.ConceptRef) -> Concept:
        return cls(id=strawberry.ID(c.id), name=c.name_zh, name_zh=c.name_zh, name_en=c.name_en)


def names(node: Node) -> dict[str, Any]:
    return {
        "id": strawberry.ID(node.id),
        "name": node.name_zh,
        "name_zh": node.name_zh,
        "name_en": node.name_en,
    }


def concept_fields(node: Node) -> dict[str, Any]:
    return {
        **names(node),
        "alt_zh": list(node.get("altZh", [])),
        "alt_en": list(node.get("altEn", [])),
        "definition_zh": node.get("definitionZh"),
        "definition_en": node.get("definitionEn"),
        "deprecated": bool(node.get("deprecated")),
    }


@strawberry.interface(description="A taxonomy concept curated by planners (bilingual labels).")
class TaxonomyConcept:
    id: strawberry.ID
    name: str
    name_zh: str
    name_en: str
    alt_zh: list[str]
    alt_en: list[str]
    definition_zh: str | None
    definition_en: str | None
    deprecated: bool


@strawberry.type(description="Hazard type (GB/T 35561-2017); a tree along BROADER.")
class HazardType(TaxonomyConcept):
    rank: str | None

    @classmethod
    def of(cls, n: Node) -> HazardType:
        return cls(**concept_fields(n), rank=n.get("rank"))

    @field(description="The broader hazard (null for a category).")
    async def parent(self, info: Info) -> HazardType | None:
        links = await info.context.links("hazard.parent").load(str(self.id))
        return HazardType.of(links[0].node) if links else None

    @field(description="Narrower hazards, ordered by code.")
    async def children(self, info: Info) -> list[HazardType]:
        links = await info.context.links("hazard.children").load(str(self.id))
        return [HazardType.of(lk.node) for lk in links]

    @field(description="Capabilities this hazard needs (REQUIRES weight, minLevel).")
    async def requires(self, info: Info) -> list[CapabilityRequirement]:
        links = await info.context.links("hazard.requires").load(str(self.id))
        return [
            CapabilityRequirement(
                capability=Capability.of(lk.node),
                weight=float(lk.rel.get("weight", 0.0)),
                min_level=str(lk.rel.get("minLevel", "IV")),
            )
            for lk in links
        ]

    @field(description="Hazards this one may trigger (MAY_TRIGGER likelihood).")
    async def may_trigger(self, info: Info) -> list[Cascade]:
        links = await info.context.links("hazard.triggers").load(str(self.id))
        return [
            Cascade(hazard=HazardType.of(lk.node), likelihood=float(lk.rel.get("likelihood", 0.0)))
            for lk in links
        ]


@strawberry.type(description="What a force can do, with its FEMA RTLT crosswalk.")
class Capability(TaxonomyConcept):
    rtlt: list[str]

    @classmethod
    def of(cls, n: Node) -> Capability:
        return cls(**concept_fields(n), rtlt=list(n.get("rtlt", [])))

    @field(description="Equipment types that provide this capability.")
    async def provided_by(self, info: Info) -> list[EquipmentType]:
        links = await info.context.links("capability.providedBy").load(str(self.id))
        return [EquipmentType.of(lk.node) for lk in links]


@strawberry.type
class TeamType(TaxonomyConcept):
    @classmethod
    def of(cls, n: Node) -> TeamType:
        return cls(**concept_fields(n))

    @field(description="Capabilities a team of this type typically has (level 1-4).")
    async def capabilities(self, info: Info) -> list[CapabilityLevel]:
        links = await info.context.links("teamType.capabilities").load(str(self.id))
        return [
            CapabilityLevel(capability=Capability.of(lk.node), level=int(lk.rel.get("level", 4)))
            for lk in links
        ]


@strawberry.type
class EquipmentType(TaxonomyConcept):
    @classmethod
    def of(cls, n: Node) -> EquipmentType:
        return cls(**concept_fields(n))

    @field(description="Capabilities this equipment type provides.")
    async def provides(self, info: Info) -> list[Capability]:
        links = await info.context.links("equipmentType.provides").load(str(self.id))
        return [Capability.of(lk.node) for lk in links]


@strawberry.type
class CapabilityRequirement:
    capability: Capability
    weight: float
    min_level: str


@strawberry.type
class Cascade:
    hazard: HazardType
    likelihood: float


@strawberry.type(description="A capability held at a level (1 = most capable, as in RTLT).")
class CapabilityLevel:
    capability: Capability
    level: int
