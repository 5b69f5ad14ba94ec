"""Shared GraphQL types: GeoPoint, Concept and the taxonomy concepts (Team is in entities.py).

Nested fields resolve through the request's DataLoaders (one query per batch).
``recommend.py`` and ``catalog.py`` both use these; names follow DESIGN.md.
"""

from __future__ import annotations

from typing import Any

import strawberry

from api.graphql.audit import AuditConnection, subject_history
from api.graphql.enums import HazardRank, ResponseLevel, enum_of
from api.graphql.fields import deprecated, document
from api.graphql.node_types import made, neighbour, neighbours, node_type
from queries import models as m
from queries.catalog.models import Link, Node


@strawberry.type(description="A WGS-84 point.")
class GeoPoint:
    latitude: float = strawberry.field(description="Degrees north, -90..90.")
    longitude: float = strawberry.field(description="Degrees east, -180..180.")

    @classmethod
    def of(cls, p: Any) -> GeoPoint | None:
        return cls(latitude=p.latitude, longitude=p.longitude) if p is not None else None


@strawberry.type(description="A concept reference: id and names (name = Chinese name).")
class Concept:
    id: strawberry.ID = strawberry.field(description="The concept's id (a code for hazards).")
    name: str = strawberry.field(description="The Chinese name (same as nameZh).")
    name_zh: str = strawberry.field(description="Chinese name.")
    name_en: str = strawberry.field(description="English name.")

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


@strawberry.interface(
    name="Node",
    description="Anything in the catalog with a stable id; fetch any of them with node(id:).",
)
class NodeInterface:
    id: strawberry.ID = strawberry.field(description="Stable id, unique within its kind.")


@strawberry.type(description="A catalog item with bilingual names (a base, not in the schema).")
class NamedNode(NodeInterface):
    id: strawberry.ID = strawberry.field(description="Stable id.")
    name: str = strawberry.field(description="The Chinese name (same as nameZh).")
    name_zh: str = strawberry.field(description="Chinese name.")
    name_en: str = strawberry.field(description="English name.")


@strawberry.interface(description="A taxonomy concept curated by planners (bilingual labels).")
class TaxonomyConcept(NodeInterface):
    id: strawberry.ID = strawberry.field(
        description="Stable id: the GB/T 35561 code for hazards (11A01), else e.g. "
        "cap.water-rescue."
    )
    name: str = strawberry.field(description="The Chinese name (same as nameZh).")
    name_zh: str = strawberry.field(description="Chinese name (preferred label).")
    name_en: str = strawberry.field(description="English name (preferred label).")
    alt_zh: list[str] = strawberry.field(description="Chinese synonyms, searched too.")
    alt_en: list[str] = strawberry.field(description="English synonyms, searched too.")
    definition_zh: str | None = strawberry.field(description="Chinese definition.")
    definition_en: str | None = strawberry.field(description="English definition.")
    deprecated: bool = strawberry.field(
        description="The ontology marks the concept deprecated (owl:deprecated); do not use it "
        "for new data."
    )


@node_type
@strawberry.type(description="Hazard type (GB/T 35561-2017); a tree along BROADER.")
class HazardType(TaxonomyConcept):
    rank: str | None = deprecated("`taxonRank` (the HazardRank enum)", nullable=False)
    taxon_rank: HazardRank | None = strawberry.field(
        description="Category, subcategory or type (a leaf) in the GB/T 35561 tree."
    )
    parent: HazardType | None = neighbour(
        "hazard.parent", "The broader hazard (null for a category)."
    )
    children: list[HazardType] = neighbours("hazard.children", "Narrower hazards, ordered by code.")
    requires: list[CapabilityRequirement] = neighbours(
        "hazard.requires",
        "Capabilities this hazard needs (REQUIRES weight, minLevel).",
        lambda lk: CapabilityRequirement.of(Capability.of(lk.node), lk.rel),
        via="capability",
    )
    may_trigger: list[Cascade] = neighbours(
        "hazard.triggers",
        "Hazards this one may trigger (MAY_TRIGGER likelihood).",
        lambda lk: Cascade(
            hazard=HazardType.of(lk.node), likelihood=float(lk.rel.get("likelihood", 0.0))
        ),
        via="hazard",
    )
    history: AuditConnection | None = subject_history(
        "Recorded changes to this hazard type (labels, requirements), newest "
        "first (an audit-trail "
        "connection: first/after, last/before; default 20, at most 100)."
    )

    @classmethod
    def of(cls, n: Node) -> HazardType:
        rank = n.get("rank")
        return cls(**concept_fields(n), rank=rank, taxon_rank=enum_of(HazardRank, rank))


@node_type
@strawberry.type(description="What a force can do, with its FEMA RTLT crosswalk.")
class Capability(TaxonomyConcept):
    rtlt: list[str] = strawberry.field(
        description="FEMA RTLT core capabilities or resource kinds this capability maps to."
    )
    provided_by: list[EquipmentType] = neighbours(
        "capability.providedBy", "Equipment types that provide this capability."
    )

    @classmethod
    def of(cls, n: Node) -> Capability:
        return cls(**concept_fields(n), rtlt=list(n.get("rtlt", [])))


@node_type
@strawberry.type(description="A kind of rescue team (e.g. water rescue team).")
class TeamType(TaxonomyConcept):
    capabilities: list[CapabilityLevel] = neighbours(
        "teamType.capabilities",
        "Capabilities a team of this type typically has (level 1-4).",
        lambda lk: CapabilityLevel.of(lk),
        via="capability",
    )

    @classmethod
    def of(cls, n: Node) -> TeamType:
        return cls(**concept_fields(n))


@node_type
@strawberry.type(description="A kind of equipment; it PROVIDES capabilities.")
class EquipmentType(TaxonomyConcept):
    provides: list[Capability] = neighbours(
        "equipmentType.provides", "Capabilities this equipment type provides."
    )

    @classmethod
    def of(cls, n: Node) -> EquipmentType:
        return cls(**concept_fields(n))


@strawberry.type(description="A capability a hazard needs (REQUIRES).")
class CapabilityRequirement:
    capability: Capability = strawberry.field(description="The capability needed.")
    weight: float = strawberry.field(description="Importance, in (0, 1]; 1 = essential.")
    min_level: str = deprecated("`minResponseLevel` (the ResponseLevel enum)", nullable=False)
    min_response_level: ResponseLevel = strawberry.field(
        description="The lowest response level at which it is needed (IV = always, I = only "
        "for the most severe events)."
    )

    @classmethod
    def of(cls, capability: Capability, rel: Any) -> CapabilityRequirement:
        level = str(rel.get("minLevel", "IV"))
        return cls(
            capability=capability,
            weight=float(rel.get("weight", 0.0)),
            min_level=level,
            min_response_level=enum_of(ResponseLevel, level) or ResponseLevel.IV,
        )


@strawberry.type(description="A hazard another may trigger (MAY_TRIGGER).")
class Cascade:
    hazard: HazardType = strawberry.field(description="The hazard that may follow.")
    likelihood: float = strawberry.field(description="How likely, 0..1.")


@strawberry.type(description="A capability held at a level (1 = most capable, as in RTLT).")
class CapabilityLevel:
    capability: Capability = strawberry.field(description="The capability held.")
    level: int = strawberry.field(
        description="RTLT type level 1-4: 1 = most capable (largest, best equipped), 4 = least."
    )

    @classmethod
    def of(cls, link: Link) -> CapabilityLevel:
        """A HAS_CAPABILITY neighbour (level on the relationship, 4 when unset), made once
        per capability node and level: a 100-team list holds ~1,000 such links to ~30
        capabilities at 4 levels, and the fast path completes a shared object once."""
        level = int(link.rel.get("level", 4))
        return made(
            link.node, lambda n: cls(capability=made(n, Capability.of), level=level), (cls, level)
        )


for _cls in (HazardType, Capability, TeamType, EquipmentType):
    document(_cls)
