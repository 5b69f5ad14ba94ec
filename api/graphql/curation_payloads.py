"""Curation mutations in the standard shape: one ``input``, a payload with ``userErrors``.

Validation failures (a weight out of range, an unknown id, a label in the wrong
language) come back in ``userErrors { field message code }`` with the object
null and nothing changed; only auth and system failures are top-level errors.
The older loose-argument mutations (curateConcept, setRequirement,
removeRequirement, setTeamStatus) stay one release, deprecated.

Example::

    mutation { updateTeamStatus(input: {team: "T-SC-0001", status: DEPLOYED}) {
        team { id availability } auditEntry { id } userErrors { field message code } } }
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

import strawberry
from strawberry.utils.str_converters import to_snake_case

from api.auth import Permission
from api.graphql.audit import AuditEntry
from api.graphql.audited_payload import AuditedPayload
from api.graphql.context import Info
from api.graphql.entities import Team
from api.graphql.enums import ConceptKind, ResponseLevel, TeamStatus
from api.graphql.error_messages import catalog_reason
from api.graphql.fields import document, mutation
from api.graphql.node_types import as_type
from api.graphql.reasons import Reason, request_lang
from api.graphql.types import HazardType, TaxonomyConcept
from api.graphql.user_errors import UserError, UserErrorCode
from api.messages import Lang, render
from kg.errors import NotFoundError, UserInputError
from queries.catalog import curation as c
from queries.catalog.models import AuditEntry as AuditRecord
from queries.catalog.models import Node

T = TypeVar("T")
P = TypeVar("P")


def _lang(info: Info) -> Lang:
    """The request's language (Accept-Language; Chinese by default)."""
    return request_lang(None, info.context.request)


def input_error(
    e: UserInputError | NotFoundError,
    fields: Mapping[str, str],
    default: str | None = None,
    lang: Lang = "zh",
) -> UserError:
    """`e` as a userError in `lang`. Its `field` is the input the error names (`e.field`,
    set where it is raised), as `fields` maps it to the input path (``minLevel`` ->
    ``minResponseLevel``; a name not in `fields` is kept), else `default`. The message
    comes from the catalog where the error carries one.

    Example::

        input_error(UserInputError("weight 2.0 is out of range").on("weight"), {}, "id")
        # UserError(field="weight", code=INVALID, ...)
    """
    text = str(e)
    at = fields.get(e.field, e.field) if e.field else default
    code = UserErrorCode.NOT_FOUND if isinstance(e, NotFoundError) else UserErrorCode.INVALID
    reason = catalog_reason(e)
    if reason is not None:
        return UserError(
            field=at, message=render(reason, lang), code=code, detail=Reason.of(reason, lang)
        )
    return UserError(
        field=at,
        message=text,
        code=code,
        detail=Reason(code="INPUT_INVALID", params=[], text=text),
    )


async def attempt(
    work: Callable[[], Awaitable[T]],
    fields: Mapping[str, str],
    default: str | None = None,
    *,
    lang: Lang = "zh",
) -> tuple[T | None, list[UserError]]:
    """Run `work`; a validation or not-found failure becomes one userError in `lang`
    (its field: `input_error`)."""
    try:
        return await work(), []
    except (UserInputError, NotFoundError) as e:
        return None, [input_error(e, fields, default, lang)]


def label_props(changes: Any) -> dict[str, Any]:
    """The stored properties a labels input changes (c.CURATED_FIELDS, e.g. nameZh from
    `name_zh`); fields left out (None) stay as they are."""
    props = {f: getattr(changes, to_snake_case(f)) for f in c.CURATED_FIELDS}
    return {k: v for k, v in props.items() if v is not None}


async def audited(
    info: Info,
    payload: Callable[..., P],
    changed: tuple[str, str, str],
    work: Callable[[], Awaitable[AuditRecord]],
    fields: Mapping[str, str],
    default: str | None = None,
    written: Callable[[], Node | None] | None = None,
) -> P:
    """Run a curation `work`; its payload carries the changed node (`changed` = (payload
    field, kind, id), read back fresh unless `written` gives it as the work's own
    statement returned it) and the audit entry, or userErrors in the request's language.

    Example::

        return await audited(info, UpdateTeamStatusPayload, ("team", "Team", input.team),
                             work, {"reason": "reason"})
    """
    key, kind, node_id = changed
    entry, errors = await attempt(work, fields, default, lang=_lang(info))
    if entry is None:
        return payload(**{key: None}, audit_entry=None, user_errors=errors)
    known = written() if written is not None else None
    node = as_type(known) if known is not None else await fresh(info, kind, node_id)
    return payload(**{key: node}, audit_entry=AuditEntry.of(entry), user_errors=[])


@strawberry.input(description="Only the fields given change; lists replace the old list.")
class ConceptLabels:
    name_zh: str | None = strawberry.field(
        default=None, description=f"Chinese name, Chinese text, <= {c.MAX_LABEL_CHARS} chars."
    )
    name_en: str | None = strawberry.field(
        default=None, description=f"English name, no Chinese, <= {c.MAX_LABEL_CHARS} chars."
    )
    alt_zh: list[str] | None = strawberry.field(
        default=None, description=f"Chinese synonyms (replace the list; <= {c.MAX_SYNONYMS})."
    )
    alt_en: list[str] | None = strawberry.field(
        default=None, description=f"English synonyms (replace the list; <= {c.MAX_SYNONYMS})."
    )
    definition_zh: str | None = strawberry.field(
        default=None, description=f"Chinese definition, <= {c.MAX_DEFINITION_CHARS} chars."
    )
    definition_en: str | None = strawberry.field(
        default=None, description=f"English definition, <= {c.MAX_DEFINITION_CHARS} chars."
    )

    def as_props(self) -> dict[str, Any]:
        return label_props(self)


@strawberry.input(description="Which taxonomy concept to change, and how.")
class UpdateConceptInput:
    kind: ConceptKind = strawberry.field(
        description="HAZARD_TYPE, CAPABILITY, TEAM_TYPE or EQUIPMENT_TYPE (the curated kinds)."
    )
    id: strawberry.ID = strawberry.field(description="The concept's id.")
    changes: ConceptLabels = strawberry.field(description="The new labels (at least one).")


@strawberry.type(description="The result of updateConcept.")
class UpdateConceptPayload(AuditedPayload):
    concept: TaxonomyConcept | None = strawberry.field(
        description="The concept as changed (null when userErrors)."
    )


@strawberry.input(description="A hazard's capability need to add or change (REQUIRES).")
class SetHazardRequirementInput:
    hazard: strawberry.ID = strawberry.field(description="The HazardType id, e.g. 11A01.")
    capability: strawberry.ID = strawberry.field(description="The Capability id.")
    weight: float = strawberry.field(description="Importance, in (0, 1]; 1 = essential.")
    min_response_level: ResponseLevel = strawberry.field(
        description="The lowest response level at which it is needed (IV = always)."
    )


@strawberry.type(description="The result of setHazardRequirement or removeHazardRequirement.")
class HazardRequirementPayload(AuditedPayload):
    hazard: HazardType | None = strawberry.field(
        description="The hazard with its requirements as they are now (null when userErrors)."
    )


@strawberry.input(description="A hazard's capability need to remove.")
class RemoveHazardRequirementInput:
    hazard: strawberry.ID = strawberry.field(description="The HazardType id.")
    capability: strawberry.ID = strawberry.field(description="The Capability id.")


@strawberry.input(description="A team's new status.")
class UpdateTeamStatusInput:
    team: strawberry.ID = strawberry.field(description="The Team id.")
    status: TeamStatus = strawberry.field(description="The new status.")
    reason: str | None = strawberry.field(
        default=None,
        description=f"Why (kept in the audit trail, readable by every key); at most "
        f"{c.MAX_STATUS_REASON_CHARS} characters.",
    )


@strawberry.type(description="The result of updateTeamStatus.")
class UpdateTeamStatusPayload(AuditedPayload):
    team: Team | None = strawberry.field(description="The team as changed (null: userErrors).")


# The curation functions' names for their inputs -> this API's input paths, where they differ.
_REQUIREMENT_FIELDS = {"minLevel": "minResponseLevel"}


async def fresh(info: Info, kind: str, node_id: str) -> Any:
    """The node as its GraphQL type, read after a change (not from the request's cache)."""
    from queries.catalog.nodes import get_nodes

    found = await get_nodes(info.context.runner, kind, [node_id])
    if node_id not in found:
        raise NotFoundError(f"no {kind} with id '{node_id}'")
    return as_type(found[node_id])


@strawberry.type
class CurationPayloadMutation:
    @mutation(description="Planners: change a taxonomy concept's labels, synonyms, definitions.")
    async def update_concept(self, info: Info, input: UpdateConceptInput) -> UpdateConceptPayload:
        who = info.context.require(Permission.CURATE)
        kind = str(input.kind.value)

        async def work() -> AuditRecord:
            return await c.update_concept(
                info.context.runner, kind, input.id, input.changes.as_props(), actor=who.actor
            )

        fields = {f: f"changes.{f}" for f in c.CURATED_FIELDS}
        return await audited(
            info,
            UpdateConceptPayload,
            ("concept", kind, input.id),
            work,
            fields,
            "changes",
        )

    @mutation(description="Planners: add or change a hazard's capability need (REQUIRES).")
    async def set_hazard_requirement(
        self, info: Info, input: SetHazardRequirementInput
    ) -> HazardRequirementPayload:
        who = info.context.require(Permission.CURATE)

        async def work() -> AuditRecord:
            return await c.set_requirement(
                info.context.runner,
                input.hazard,
                input.capability,
                input.weight,
                str(input.min_response_level.value),
                actor=who.actor,
            )

        hazard = ("hazard", "HazardType", input.hazard)
        return await audited(info, HazardRequirementPayload, hazard, work, _REQUIREMENT_FIELDS)

    @mutation(description="Planners: remove a hazard's capability need.")
    async def remove_hazard_requirement(
        self, info: Info, input: RemoveHazardRequirementInput
    ) -> HazardRequirementPayload:
        who = info.context.require(Permission.CURATE)

        async def work() -> AuditRecord:
            return await c.remove_requirement(
                info.context.runner, input.hazard, input.capability, actor=who.actor
            )

        hazard = ("hazard", "HazardType", input.hazard)
        return await audited(
            info, HazardRequirementPayload, hazard, work, _REQUIREMENT_FIELDS, "capability"
        )

    @mutation(description="Commanders: mark a team available, on standby, deployed, ...")
    async def update_team_status(
        self, info: Info, input: UpdateTeamStatusInput
    ) -> UpdateTeamStatusPayload:
        who = info.context.require(Permission.SET_TEAM_STATUS)
        changed: list[Node] = []

        async def work() -> AuditRecord:
            entry, node = await c.change_team_status(
                info.context.runner,
                input.team,
                str(input.status.value),
                actor=who.actor,
                reason=input.reason,
            )
            changed.append(node)
            return entry

        team = ("team", "Team", input.team)
        return await audited(
            info,
            UpdateTeamStatusPayload,
            team,
            work,
            {},
            written=lambda: changed[0] if changed else None,
        )


document(CurationPayloadMutation)
