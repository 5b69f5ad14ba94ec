"""Mutations: planners curate concepts, commanders set team status (each audited).

The standard-shape mutations (one ``input``, a payload with ``userErrors``) are in
curation_payloads.py; the loose-argument ones here stay one release, deprecated.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

from api.auth import Permission
from api.graphql.audit import AuditEntry
from api.graphql.audit import AuditQuery as AuditQuery  # merged in schema.py
from api.graphql.context import Info
from api.graphql.curation_payloads import CurationPayloadMutation, fresh, label_props
from api.graphql.entities import Team
from api.graphql.enums import ConceptKind, TeamStatus, describe_values
from api.graphql.fields import document, mutation, replaced_by_mutation
from api.graphql.types import (
    HazardType,
    TaxonomyConcept,
)
from queries.catalog import curation as c


@strawberry.enum(
    description="Deprecated duplicate of ResponseLevel, kept for the old setRequirement "
    "signature; use ResponseLevel (setHazardRequirement)."
)
class MinLevel(Enum):
    I = "I"  # noqa: E741
    II = "II"
    III = "III"
    IV = "IV"


@strawberry.input(description="Only the fields given change; lists replace the old list.")
class ConceptChanges:
    name_zh: str | None = None
    name_en: str | None = None
    alt_zh: list[str] | None = None
    alt_en: list[str] | None = None
    definition_zh: str | None = None
    definition_en: str | None = None

    def as_props(self) -> dict[str, Any]:
        return label_props(self)


@strawberry.type(description="The result of curateConcept (deprecated).")
class ConceptCuration:
    concept: TaxonomyConcept
    audit: AuditEntry


@strawberry.type(description="The result of setRequirement/removeRequirement (deprecated).")
class RequirementCuration:
    hazard: HazardType
    audit: AuditEntry


@strawberry.type(description="The result of setTeamStatus (deprecated).")
class TeamStatusChange:
    team: Team
    audit: AuditEntry


@strawberry.type
class CurationMutation(CurationPayloadMutation):
    @mutation(
        description="Planners: change a concept's labels, synonyms, definitions.",
        deprecation_reason=replaced_by_mutation("updateConcept"),
    )
    async def curate_concept(
        self, info: Info, kind: ConceptKind, id: strawberry.ID, changes: ConceptChanges
    ) -> ConceptCuration:
        who = info.context.require(Permission.CURATE)
        entry = await c.update_concept(
            info.context.runner, kind.value, id, changes.as_props(), actor=who.actor
        )
        return ConceptCuration(
            concept=await fresh(info, kind.value, id), audit=AuditEntry.of(entry)
        )

    @mutation(
        description="Planners: add or change a hazard's capability need.",
        deprecation_reason=replaced_by_mutation("setHazardRequirement"),
    )
    async def set_requirement(
        self,
        info: Info,
        hazard: strawberry.ID,
        capability: strawberry.ID,
        weight: float,
        min_level: MinLevel,
    ) -> RequirementCuration:
        who = info.context.require(Permission.CURATE)
        entry = await c.set_requirement(
            info.context.runner, hazard, capability, weight, min_level.value, actor=who.actor
        )
        return RequirementCuration(
            hazard=await fresh(info, "HazardType", hazard), audit=AuditEntry.of(entry)
        )

    @mutation(
        description="Planners: remove a hazard's capability need.",
        deprecation_reason=replaced_by_mutation("removeHazardRequirement"),
    )
    async def remove_requirement(
        self, info: Info, hazard: strawberry.ID, capability: strawberry.ID
    ) -> RequirementCuration:
        who = info.context.require(Permission.CURATE)
        entry = await c.remove_requirement(info.context.runner, hazard, capability, actor=who.actor)
        return RequirementCuration(
            hazard=await fresh(info, "HazardType", hazard), audit=AuditEntry.of(entry)
        )

    @mutation(
        description="Commanders: mark a team available, deployed, ...",
        deprecation_reason=replaced_by_mutation("updateTeamStatus"),
    )
    async def set_team_status(
        self, info: Info, team: strawberry.ID, status: TeamStatus, reason: str | None = None
    ) -> TeamStatusChange:
        who = info.context.require(Permission.SET_TEAM_STATUS)
        entry = await c.set_team_status(
            info.context.runner, team, status.value, actor=who.actor, reason=reason
        )
        return TeamStatusChange(team=await fresh(info, "Team", team), audit=AuditEntry.of(entry))


document(
    ConceptChanges,
    {
        "name_zh": "Chinese name (Chinese text).",
        "name_en": "English name (no Chinese).",
        "alt_zh": "Chinese synonyms (replace the list).",
        "alt_en": "English synonyms (replace the list).",
        "definition_zh": "Chinese definition.",
        "definition_en": "English definition.",
    },
)
document(ConceptCuration, {"concept": "The concept as changed."})
document(RequirementCuration, {"hazard": "The hazard with its requirements now."})
document(TeamStatusChange, {"team": "The team as changed."})
document(
    CurationMutation,
    {
        "curate_concept.kind": "Which kind of concept (a curated kind).",
        "curate_concept.id": "The concept's id.",
        "curate_concept.changes": "The new labels.",
        "set_requirement.hazard": "The HazardType id.",
        "set_requirement.capability": "The Capability id.",
        "set_requirement.weight": "Importance, in (0, 1].",
        "set_requirement.min_level": "Lowest response level at which it is needed.",
        "remove_requirement.hazard": "The HazardType id.",
        "remove_requirement.capability": "The Capability id.",
        "set_team_status.team": "The Team id.",
        "set_team_status.status": "The new status.",
        "set_team_status.reason": "Why (kept in the audit trail; at most 500 characters).",
    },
)
describe_values(
    MinLevel,
    {
        "I": "特别重大 (most severe).",
        "II": "重大.",
        "III": "较大.",
        "IV": "一般 (least severe).",
    },
)
