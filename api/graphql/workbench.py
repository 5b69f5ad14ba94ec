"""The planner workbench's registry mutations: create and edit teams, experts, equipment
and depots, and a hazard's cascades; planners and admins, every change audited.

An edit is checked by the loaders' record shapes (api/graphql/workbench_records.py) and
written as a load writes it (queries/catalog/record_edits.py); a refused edit answers
``userErrors`` naming the input field (``capabilities[1].level``) in the caller's
language, and changes nothing. Plans and their versions are in workbench_plans.py.

Example::

    mutation { updateTeam(input: {id: "T-SC-0001", nameZh: "四川省地震救援总队", ...}) {
        team { id name } auditEntry { id } userErrors { field message code } } }
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry

from api.auth import Permission
from api.graphql.audit import AuditEntry
from api.graphql.audited_payload import AuditedPayload
from api.graphql.context import Info
from api.graphql.curation_payloads import HazardRequirementPayload, fresh, input_error
from api.graphql.entities import Depot, Equipment, Expert, Team
from api.graphql.fields import document, mutation
from api.graphql.reasons import request_lang
from api.graphql.user_errors import UserError
from api.graphql.workbench_inputs import (
    DepotInput,
    EquipmentInput,
    ExpertInput,
    RemoveHazardCascadeInput,
    SetHazardCascadeInput,
    TeamInput,
)
from api.graphql.workbench_records import RecordProblems, issue_errors, record_edit
from api.messages import Lang
from kg.errors import NotFoundError, UserInputError
from queries.catalog import cascades
from queries.catalog.models import AuditEntry as AuditRecord
from queries.catalog.record_edits import save_record

T = TypeVar("T")


def lang_of(info: Info) -> Lang:
    return request_lang(None, info.context.request)


async def attempt_edit(
    info: Info, work: Callable[[], Awaitable[T]], default: str = "id"
) -> tuple[T | None, list[UserError]]:
    """Run an edit; shape problems and refused values become userErrors in the caller's
    language, each naming its input field."""
    lang = lang_of(info)
    try:
        return await work(), []
    except RecordProblems as e:
        return None, issue_errors(e.issues, lang)
    except (UserInputError, NotFoundError) as e:  # FieldError names its field
        return None, [input_error(e, {}, default, lang)]


async def save(
    info: Info, kind_name: str, label: str, rec_input: Any, *, create: bool
) -> AuditRecord:
    """Validate and write one registry record (the body of every create/update mutation)."""
    who = info.context.require(Permission.CURATE)
    record, left_out = rec_input.record()
    edit = record_edit(kind_name, record, create=create, keep=() if create else left_out)
    return await save_record(info.context.runner, edit, actor=who.actor, kind_name=label.lower())


@strawberry.type(description="The result of createTeam or updateTeam.")
class TeamPayload(AuditedPayload):
    team: Team | None = strawberry.field(description="The team as saved (null: userErrors).")


@strawberry.type(description="The result of createExpert or updateExpert.")
class ExpertPayload(AuditedPayload):
    expert: Expert | None = strawberry.field(description="The expert as saved.")


@strawberry.type(description="The result of createEquipment or updateEquipment.")
class EquipmentPayload(AuditedPayload):
    equipment: Equipment | None = strawberry.field(description="The item as saved.")


@strawberry.type(description="The result of createDepot or updateDepot.")
class DepotPayload(AuditedPayload):
    depot: Depot | None = strawberry.field(description="The depot as saved.")


async def edit_record(
    info: Info, kind_name: str, label: str, data: Any, create: bool
) -> tuple[Any, AuditEntry | None, list[UserError]]:
    """Save one registry record and read it back: (record, audit entry, no errors), or
    (None, None, what to fix) when the edit is refused."""
    entry, errors = await attempt_edit(
        info, lambda: save(info, kind_name, label, data, create=create)
    )
    if entry is None:
        return None, None, errors
    return await fresh(info, label, str(data.id)), AuditEntry.of(entry), []


async def _team(info: Info, data: TeamInput, create: bool) -> TeamPayload:
    team, audit, errors = await edit_record(info, "teams", "Team", data, create)
    return TeamPayload(team=team, audit_entry=audit, user_errors=errors)


async def _expert(info: Info, data: ExpertInput, create: bool) -> ExpertPayload:
    expert, audit, errors = await edit_record(info, "experts", "Expert", data, create)
    return ExpertPayload(expert=expert, audit_entry=audit, user_errors=errors)


async def _equipment(info: Info, data: EquipmentInput, create: bool) -> EquipmentPayload:
    item, audit, errors = await edit_record(info, "equipment", "Equipment", data, create)
    return EquipmentPayload(equipment=item, audit_entry=audit, user_errors=errors)


async def _depot(info: Info, data: DepotInput, create: bool) -> DepotPayload:
    depot, audit, errors = await edit_record(info, "depots", "Depot", data, create)
    return DepotPayload(depot=depot, audit_entry=audit, user_errors=errors)


async def _cascade(
    info: Info, work: Callable[[str], Awaitable[AuditRecord]], hazard: str
) -> HazardRequirementPayload:
    who = info.context.require(Permission.CURATE)
    entry, errors = await attempt_edit(info, lambda: work(who.actor), "triggers")
    if entry is None:
        return HazardRequirementPayload(hazard=None, audit_entry=None, user_errors=errors)
    return HazardRequirementPayload(
        hazard=await fresh(info, "HazardType", hazard),
        audit_entry=AuditEntry.of(entry),
        user_errors=[],
    )


@strawberry.type
class WorkbenchMutation:
    @mutation(description="Planners: register a new team (its id must be new).")
    async def create_team(self, info: Info, input: TeamInput) -> TeamPayload:
        return await _team(info, input, True)

    @mutation(description="Planners: change a team (lists given replace the stored ones).")
    async def update_team(self, info: Info, input: TeamInput) -> TeamPayload:
        return await _team(info, input, False)

    @mutation(description="Planners: register a new expert.")
    async def create_expert(self, info: Info, input: ExpertInput) -> ExpertPayload:
        return await _expert(info, input, True)

    @mutation(description="Planners: change an expert.")
    async def update_expert(self, info: Info, input: ExpertInput) -> ExpertPayload:
        return await _expert(info, input, False)

    @mutation(description="Planners: register a new equipment item or stock.")
    async def create_equipment(self, info: Info, input: EquipmentInput) -> EquipmentPayload:
        return await _equipment(info, input, True)

    @mutation(description="Planners: change an equipment item (quantity, status, holder...).")
    async def update_equipment(self, info: Info, input: EquipmentInput) -> EquipmentPayload:
        return await _equipment(info, input, False)

    @mutation(description="Planners: register a new supplies depot.")
    async def create_depot(self, info: Info, input: DepotInput) -> DepotPayload:
        return await _depot(info, input, True)

    @mutation(description="Planners: change a supplies depot.")
    async def update_depot(self, info: Info, input: DepotInput) -> DepotPayload:
        return await _depot(info, input, False)

    @mutation(description="Planners: add or change a cascade (MAY_TRIGGER {likelihood}).")
    async def set_hazard_cascade(
        self, info: Info, input: SetHazardCascadeInput
    ) -> HazardRequirementPayload:
        hazard, triggers = str(input.hazard), str(input.triggers)
        return await _cascade(
            info,
            lambda actor: cascades.set_cascade(
                info.context.runner, hazard, triggers, input.likelihood, actor=actor
            ),
            hazard,
        )

    @mutation(description="Planners: remove a cascade.")
    async def remove_hazard_cascade(
        self, info: Info, input: RemoveHazardCascadeInput
    ) -> HazardRequirementPayload:
        hazard, triggers = str(input.hazard), str(input.triggers)
        return await _cascade(
            info,
            lambda actor: cascades.remove_cascade(
                info.context.runner, hazard, triggers, actor=actor
            ),
            hazard,
        )


document(WorkbenchMutation)
