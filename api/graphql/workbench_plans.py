"""The planner workbench's plans: create and edit a plan (metadata, hazards, regions and
what it prescribes per response level), issue a new version that supersedes the current
one, read a plan's history and the differences between two versions.

Example::

    mutation { createPlanVersion(input: {supersedes: "P-CN-QUAKE",
        plan: {id: "P-CN-QUAKE.v2025", version: "2025", ...}}) {
        plan { id version } auditEntry { id } userErrors { field message } } }
    { planDiff(older: "P-CN-QUAKE", newer: "P-CN-QUAKE.v2025") {
        fields { field before after } prescriptions { level target change } } }
"""

from __future__ import annotations

import datetime
from enum import Enum

import strawberry

from api.auth import Permission
from api.graphql.audit import AuditEntry
from api.graphql.audited_payload import AuditedPayload
from api.graphql.context import Info
from api.graphql.curation_payloads import fresh
from api.graphql.entities import Plan
from api.graphql.enums import ConceptKind, ResponseLevel, describe_values, enum_of
from api.graphql.fields import document, field, mutation
from api.graphql.scalars import to_date, to_datetime
from api.graphql.user_errors import UserError
from api.graphql.workbench import attempt_edit
from api.graphql.workbench_inputs import PRESCRIBABLE, PlanInput, PlanVersionInput
from api.graphql.workbench_records import record_edit
from kg.errors import NotFoundError
from queries.catalog.models import AuditEntry as AuditRecord
from queries.catalog.plan_diff import PlanDiff as PlanDiffRecord
from queries.catalog.plan_diff import plan_diff
from queries.catalog.plan_versions import PlanVersion as VersionRecord
from queries.catalog.plan_versions import plan_history, read_plans, supersede_plan
from queries.catalog.record_edits import FieldError, RecordEdit, save_record
from queries.models import Term


def plan_edit(data: PlanInput, *, create: bool) -> RecordEdit:
    """The plan input as a checked record; a prescription of a kind no plan prescribes is
    refused naming it (prescribes[2].kind)."""
    for i, p in enumerate(data.prescribes or []):
        if p.kind not in PRESCRIBABLE:
            raise FieldError(
                f"prescribes[{i}].kind", f"a plan cannot prescribe a {p.kind.value}"
            ).as_message("WORKBENCH_NOT_PRESCRIBABLE", kind=Term(f"kind.{p.kind.value}"))
    record, left_out = data.record()
    return record_edit(
        "plans",
        record,
        create=create,
        keep=() if create else left_out,
        target_labels=data.target_labels(),
    )


@strawberry.type(description="The result of createPlan, updatePlan or createPlanVersion.")
class PlanPayload(AuditedPayload):
    plan: Plan | None = strawberry.field(description="The plan as saved (null: userErrors).")


@strawberry.type(description="One version in a plan's history.")
class PlanVersion:
    id: strawberry.ID = strawberry.field(description="This version's plan id.")
    name_zh: str = strawberry.field(description="Chinese name.")
    name_en: str = strawberry.field(description="English name.")
    version: str | None = strawberry.field(description="The version label.")
    effective_on: datetime.date | None = strawberry.field(description="When it took effect.")
    current: bool = strawberry.field(description="True for the version in force.")
    supersedes: strawberry.ID | None = strawberry.field(
        description="The version this one replaced (null: the first)."
    )
    superseded_at: datetime.datetime | None = strawberry.field(
        description="When this version replaced the previous one."
    )
    actor: str | None = strawberry.field(description="Who issued it (audit actor text).")

    @classmethod
    def of(cls, v: VersionRecord) -> PlanVersion:
        return cls(
            id=strawberry.ID(v.id),
            name_zh=v.name_zh,
            name_en=v.name_en,
            version=v.version,
            effective_on=to_date(v.effective_date),
            current=v.current,
            supersedes=strawberry.ID(v.supersedes) if v.supersedes else None,
            superseded_at=to_datetime(v.superseded_at),
            actor=v.actor,
        )


@strawberry.enum(description="How a prescription differs between two plan versions.")
class DiffChange(Enum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


describe_values(
    DiffChange,
    {
        "ADDED": "Only the newer version prescribes it.",
        "REMOVED": "Only the older version prescribes it.",
        "CHANGED": "Both do, with another quantity or capability level.",
    },
)


@strawberry.type(description="A plan field whose value differs between two versions.")
class PlanFieldChange:
    field: str = strawberry.field(description="The record field, e.g. version, issuer.")
    before: str | None = strawberry.field(description="The older version's value, as text.")
    after: str | None = strawberry.field(description="The newer version's value, as text.")


@strawberry.type(description="A prescription that differs between two plan versions.")
class PrescriptionChange:
    level: ResponseLevel = strawberry.field(description="The response level.")
    target: strawberry.ID = strawberry.field(description="What is prescribed (its id).")
    target_kind: ConceptKind = strawberry.field(description="What kind of thing it is.")
    name_zh: str = strawberry.field(description="Its Chinese name.")
    name_en: str = strawberry.field(description="Its English name.")
    change: DiffChange = strawberry.field(description="Added, removed or changed.")
    quantity_before: int | None = strawberry.field(description="Older quantity (null: one).")
    quantity_after: int | None = strawberry.field(description="Newer quantity (null: one).")
    capability_level_before: int | None = strawberry.field(description="Older minimum level.")
    capability_level_after: int | None = strawberry.field(description="Newer minimum level.")


@strawberry.type(description="What changed from one plan version to another.")
class PlanDiff:
    older: strawberry.ID = strawberry.field(description="The version compared from.")
    newer: strawberry.ID = strawberry.field(description="The version compared to.")
    fields: list[PlanFieldChange] = strawberry.field(description="Metadata changes.")
    covers_added: list[strawberry.ID] = strawberry.field(description="Hazards added.")
    covers_removed: list[strawberry.ID] = strawberry.field(description="Hazards dropped.")
    regions_added: list[strawberry.ID] = strawberry.field(description="Regions added.")
    regions_removed: list[strawberry.ID] = strawberry.field(description="Regions dropped.")
    prescriptions: list[PrescriptionChange] = strawberry.field(
        description="Prescriptions added, removed or changed, by level then id."
    )

    @classmethod
    def of(cls, d: PlanDiffRecord) -> PlanDiff:
        out = []
        for p in d.prescriptions:
            x = p.after or p.before
            if x is None:  # a change has one side at least
                continue
            out.append(
                PrescriptionChange(
                    level=ResponseLevel(p.response_level),
                    target=strawberry.ID(p.target),
                    target_kind=enum_of(ConceptKind, x.kind) or ConceptKind.CAPABILITY,
                    name_zh=x.name_zh,
                    name_en=x.name_en,
                    change=DiffChange(p.change),
                    quantity_before=p.before.quantity if p.before else None,
                    quantity_after=p.after.quantity if p.after else None,
                    capability_level_before=p.before.capability_level if p.before else None,
                    capability_level_after=p.after.capability_level if p.after else None,
                )
            )
        return cls(
            older=strawberry.ID(d.older),
            newer=strawberry.ID(d.newer),
            fields=[
                PlanFieldChange(
                    field=f.field,
                    before=None if f.before is None else str(f.before),
                    after=None if f.after is None else str(f.after),
                )
                for f in d.fields
            ],
            covers_added=[strawberry.ID(x) for x in d.covers_added],
            covers_removed=[strawberry.ID(x) for x in d.covers_removed],
            regions_added=[strawberry.ID(x) for x in d.regions_added],
            regions_removed=[strawberry.ID(x) for x in d.regions_removed],
            prescriptions=out,
        )


async def _plan_payload(
    info: Info, entry: AuditRecord | None, errors: list[UserError], plan_id: str
) -> PlanPayload:
    if entry is None:
        return PlanPayload(plan=None, audit_entry=None, user_errors=errors)
    plan = await fresh(info, "Plan", plan_id)
    return PlanPayload(plan=plan, audit_entry=AuditEntry.of(entry), user_errors=[])


async def _save_plan(info: Info, data: PlanInput, *, create: bool) -> PlanPayload:
    """Register a new plan or correct the current version in place, then read it back."""
    who = info.context.require(Permission.CURATE)

    async def work() -> AuditRecord:
        edit = plan_edit(data, create=create)
        return await save_record(info.context.runner, edit, actor=who.actor, kind_name="plan")

    entry, errors = await attempt_edit(info, work)
    return await _plan_payload(info, entry, errors, str(data.id))


@strawberry.type
class WorkbenchPlanMutation:
    @mutation(description="Planners: register a new plan (its id must be new).")
    async def create_plan(self, info: Info, input: PlanInput) -> PlanPayload:
        return await _save_plan(info, input, create=True)

    @mutation(
        description="Planners: correct the current version of a plan in place (a new "
        "version of the plan itself is createPlanVersion)."
    )
    async def update_plan(self, info: Info, input: PlanInput) -> PlanPayload:
        return await _save_plan(info, input, create=False)

    @mutation(
        description="Planners: issue a new version of a plan; it SUPERSEDES the current "
        "one, which is kept (retired) in the plan's history."
    )
    async def create_plan_version(self, info: Info, input: PlanVersionInput) -> PlanPayload:
        who = info.context.require(Permission.CURATE)

        async def work() -> AuditRecord:
            edit = plan_edit(input.plan, create=True)
            return await supersede_plan(
                info.context.runner, edit, old=str(input.supersedes), actor=who.actor
            )

        entry, errors = await attempt_edit(info, work)
        for e in errors:  # the new version's fields are under `plan`
            if e.field and e.field != "supersedes":
                e.field = f"plan.{e.field}"
        return await _plan_payload(info, entry, errors, str(input.plan.id))


@strawberry.type
class WorkbenchPlanQuery:
    @field(description="Every version of the plan `id` belongs to, newest first.")
    async def plan_history(self, info: Info, id: strawberry.ID) -> list[PlanVersion]:
        info.context.require(Permission.READ)
        return [PlanVersion.of(v) for v in await plan_history(info.context.runner, str(id))]

    @field(description="What changed from version `older` to version `newer` of a plan.")
    async def plan_diff(self, info: Info, older: strawberry.ID, newer: strawberry.ID) -> PlanDiff:
        info.context.require(Permission.READ)
        found = await read_plans(info.context.runner, [str(older), str(newer)])
        for pid in (str(older), str(newer)):
            if pid not in found:
                raise NotFoundError(f"no plan with id '{pid}'").as_message(
                    "WORKBENCH_NO_RECORD", kind=Term("kind.Plan"), id=pid
                )
        return PlanDiff.of(plan_diff(found[str(older)], found[str(newer)]))


document(
    WorkbenchPlanQuery,
    {
        "plan_history.id": "Any version's plan id.",
        "plan_diff.older": "The version to compare from (a plan id).",
        "plan_diff.newer": "The version to compare to (a plan id).",
    },
)
document(WorkbenchPlanMutation)
