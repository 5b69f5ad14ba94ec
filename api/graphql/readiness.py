"""Plan readiness in GraphQL: `planReadiness`, `readinessMatrix` and `readinessAlerts`.

Whether the registry can meet what a plan prescribes at a response level within the
plan's time standard, from a region's central point, given today's statuses
(queries/readiness). Reasons come as catalog codes with their text in the request's
locale. Any role that may read may ask; readiness alerts are raised by every API
process's readiness watch and also arrive on the live board (`boardChanges`).

Example::

    query {
      readinessMatrix(hazard: "11C02", level: I, province: "510000") {
        met total shareMet
        regions { region { id nameZh } met total shareMet
                  plans { plan { id } prescriptions { kind target { id } status need have } } }
      }
    }
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from api.auth import Permission
from api.graphql.context import Info
from api.graphql.enums import ResponseLevel, describe_values
from api.graphql.fields import document, field
from api.graphql.reasons import Locale, Reason, reasons_of, request_lang
from api.graphql.types import Concept, GeoPoint
from api.messages import Lang
from queries import models as m
from queries.readiness import model as rm
from queries.readiness.alert_store import ReadinessAlert as AlertRecord
from queries.readiness.alert_store import alert_reason, list_alerts
from queries.readiness.matrix import plan_readiness, readiness_matrix

MAX_ALERTS = 500


@strawberry.enum(description="Whether a prescription can be met within the time standard.")
class ReadinessStatus(Enum):
    MET = "MET"
    PARTLY = "PARTLY"
    NOT_MET = "NOT_MET"


describe_values(
    ReadinessStatus,
    {
        "MET": "满足: every unit asked for reaches the region within the standard.",
        "PARTLY": "部分满足: some do; `short` units are missing.",
        "NOT_MET": "不满足: none does (or the named team/expert cannot be sent).",
    },
)


@strawberry.enum(description="What a prescription asks for.")
class PrescriptionKind(Enum):
    CAPABILITY = "capability"
    TEAM_TYPE = "teamType"
    TEAM = "team"
    EQUIPMENT_TYPE = "equipmentType"
    EXPERT = "expert"


describe_values(
    PrescriptionKind,
    {
        "CAPABILITY": "A number of teams holding a capability (optionally at a level).",
        "TEAM_TYPE": "A number of teams of a team type.",
        "TEAM": "One named team.",
        "EQUIPMENT_TYPE": "A quantity of equipment of a type (items, summed over stocks).",
        "EXPERT": "One named expert.",
    },
)


@strawberry.type(description="A unit that would be sent (or the nearest one beyond the standard).")
class ReadinessUnit:
    unit: Concept = strawberry.field(description="The team, equipment stock or expert.")
    eta_minutes: float = strawberry.field(description="Minutes to the region's point (0.1).")
    quantity: int = strawberry.field(description="Units it counts for (equipment: items).")
    holder: Concept | None = strawberry.field(description="Equipment: the team or depot.")

    @classmethod
    def of(cls, u: rm.UsedUnit) -> ReadinessUnit:
        return cls(
            unit=Concept.of(u.unit),
            eta_minutes=u.eta_minutes,
            quantity=u.quantity,
            holder=Concept.of(u.holder) if u.holder else None,
        )


@strawberry.type(description="One prescription of a plan, checked against the registry.")
class PrescriptionReadiness:
    kind: PrescriptionKind = strawberry.field(description="What it asks for.")
    target: Concept = strawberry.field(
        description="The capability, team type, team, equipment type or expert."
    )
    need: int = strawberry.field(description="Units asked for (1 when the plan says none).")
    have: int = strawberry.field(description="Units within the standard (at most `need`).")
    short: int = strawberry.field(description="Units short: needed minus provided.")
    capability_level: int | None = strawberry.field(
        description="Capabilities: the level a team must hold (1 = most capable), if set."
    )
    status: ReadinessStatus = strawberry.field(description="MET, PARTLY or NOT_MET.")
    used: list[ReadinessUnit] = strawberry.field(description="What would be sent, fastest first.")
    nearest_extra: ReadinessUnit | None = strawberry.field(
        description="Short: the nearest further unit beyond the standard, with its ETA."
    )
    blocked: int = strawberry.field(
        description="Units in time but deployed, unavailable or in maintenance."
    )
    reasons: list[Reason] = strawberry.field(description="Why, in the request's locale.")

    @classmethod
    def of(cls, p: rm.PrescriptionReadiness, lang: Lang) -> PrescriptionReadiness:
        return cls(
            kind=PrescriptionKind(p.prescribed.kind),
            target=Concept.of(p.prescribed.target),
            need=p.need,
            have=p.have,
            short=p.short,
            capability_level=p.prescribed.capability_level,
            status=ReadinessStatus(p.status),
            used=[ReadinessUnit.of(u) for u in p.used],
            nearest_extra=ReadinessUnit.of(p.nearest_extra) if p.nearest_extra else None,
            blocked=p.blocked,
            reasons=reasons_of(p.reasons, lang),
        )


@strawberry.type(description="A region and the point its readiness is measured from.")
class ReadinessRegion:
    id: strawberry.ID = strawberry.field(description="GB/T 2260 code.")
    name_zh: str = strawberry.field(description="Chinese name.")
    name_en: str = strawberry.field(description="English name.")
    rank: str = strawberry.field(description="Rank: province, city or county.")
    location: GeoPoint = strawberry.field(description="The central point used for ETAs.")
    boundary: str | None = strawberry.field(
        description="GeoJSON MultiPolygon text (only when withBoundaries is true)."
    )

    @classmethod
    def of(cls, r: rm.RegionPoint) -> ReadinessRegion:
        return cls(
            id=strawberry.ID(r.region.id),
            name_zh=r.region.name_zh,
            name_en=r.region.name_en,
            rank=r.rank,
            location=GeoPoint(latitude=r.point.latitude, longitude=r.point.longitude),
            boundary=r.boundary,
        )


def _level(level: m.ResponseLevel) -> ResponseLevel:
    return ResponseLevel(level.value)


@strawberry.type(description="One plan at one response level in one region.")
class PlanReadiness:
    plan: Concept = strawberry.field(description="The plan.")
    plan_level: str = strawberry.field(
        description="The plan's level: national, provincial, municipal or county."
    )
    level: ResponseLevel = strawberry.field(description="The response level checked.")
    region: ReadinessRegion = strawberry.field(description="Where it was checked from.")
    time_standard_minutes: float = strawberry.field(description="The time standard used.")
    own_time_standard: bool = strawberry.field(
        description="True: the plan's timeStandardMinutes; false: the level's default."
    )
    applies: bool = strawberry.field(description="Whether the plan applies in this region.")
    met: int = strawberry.field(description="Prescriptions met.")
    total: int = strawberry.field(description="Prescriptions at this level.")
    prescriptions: list[PrescriptionReadiness] = strawberry.field(
        description="Each prescription, capabilities first, then by id."
    )

    @classmethod
    def of(cls, p: rm.PlanReadiness, lang: Lang) -> PlanReadiness:
        return cls(
            plan=Concept.of(p.plan.plan),
            plan_level=p.plan.plan_level,
            level=_level(p.level),
            region=ReadinessRegion.of(p.region),
            time_standard_minutes=p.plan.time_standard,
            own_time_standard=p.plan.own_standard,
            applies=p.applies,
            met=p.met,
            total=len(p.prescriptions),
            prescriptions=[PrescriptionReadiness.of(x, lang) for x in p.prescriptions],
        )


@strawberry.type(description="A region of the matrix: every applicable plan checked there.")
class RegionReadiness:
    region: ReadinessRegion = strawberry.field(description="The region.")
    met: int = strawberry.field(description="Prescriptions met, over every applicable plan.")
    total: int = strawberry.field(description="Prescriptions, over every applicable plan.")
    share_met: float | None = strawberry.field(
        description="Share met, met / total (0..1); null where no plan applies."
    )
    plans: list[PlanReadiness] = strawberry.field(description="The applicable plans, by id.")


@strawberry.type(description="Readiness of every region (county) of a province.")
class ReadinessMatrix:
    level: ResponseLevel = strawberry.field(description="The response level checked.")
    province: Concept = strawberry.field(description="The region asked for.")
    hazard: Concept | None = strawberry.field(description="The hazard, when asked by hazard.")
    plan: Concept | None = strawberry.field(description="The plan, when asked by plan.")
    met: int = strawberry.field(description="Prescriptions met over all regions.")
    total: int = strawberry.field(description="Prescriptions over all regions.")
    share_met: float | None = strawberry.field(
        description="Share met, met / total; null if there is none."
    )
    regions: list[RegionReadiness] = strawberry.field(description="Each region, by code.")

    @classmethod
    def of(cls, mx: rm.ReadinessMatrix, lang: Lang) -> ReadinessMatrix:
        regions = [
            RegionReadiness(
                region=ReadinessRegion.of(r.region),
                met=r.met,
                total=r.total,
                share_met=r.share_met,
                plans=[PlanReadiness.of(p, lang) for p in r.plans],
            )
            for r in mx.regions
        ]
        met, total = sum(r.met for r in mx.regions), sum(r.total for r in mx.regions)
        return cls(
            level=_level(mx.level),
            province=Concept.of(mx.province),
            hazard=Concept.of(mx.hazard) if mx.hazard else None,
            plan=Concept.of(mx.plan) if mx.plan else None,
            met=met,
            total=total,
            share_met=met / total if total else None,
            regions=regions,
        )


@strawberry.type(description="A prescription that a change to the registry broke.")
class ReadinessAlert:
    id: strawberry.ID = strawberry.field(description="Stable id: plan|level|region|kind:target.")
    plan: Concept = strawberry.field(description="The plan.")
    level: ResponseLevel = strawberry.field(description="The response level.")
    region: Concept = strawberry.field(description="The county where it is no longer met.")
    kind: PrescriptionKind = strawberry.field(description="What the prescription asks for.")
    target: Concept = strawberry.field(description="The prescribed capability, team, ...")
    status: ReadinessStatus = strawberry.field(description="Its status when last checked.")
    have: int = strawberry.field(description="Units within the standard when last checked.")
    need: int = strawberry.field(description="Units asked for.")
    open: bool = strawberry.field(description="False once the prescription is met again.")
    since: datetime = strawberry.field(description="When the breaking change was written.")
    cleared_at: datetime | None = strawberry.field(description="When it was met again.")
    cause_entry_id: strawberry.ID = strawberry.field(
        description="The audit entry of the breaking change (see auditTrail)."
    )
    cause_action: str = strawberry.field(description="Its action (setTeamStatus, ...).")
    reason: Reason = strawberry.field(description="What the alert says, in the locale.")

    @classmethod
    def of(cls, a: AlertRecord, lang: Lang) -> ReadinessAlert:
        return cls(
            id=strawberry.ID(a.id),
            plan=Concept.of(a.plan),
            level=ResponseLevel(a.level),
            region=Concept.of(a.region),
            kind=PrescriptionKind(a.kind),
            target=Concept.of(a.target),
            status=ReadinessStatus(a.status),
            have=a.have,
            need=a.need,
            open=a.open,
            since=a.since,
            cleared_at=a.cleared_at,
            cause_entry_id=strawberry.ID(a.cause),
            cause_action=a.cause_action,
            reason=Reason.of(alert_reason(a), lang),
        )


@strawberry.type
class ReadinessQuery:
    @field(
        description="Whether the registry meets what `plan` prescribes at `level`, from "
        "`region`'s central point, within the plan's time standard (a county or any region "
        "with a point; also for a region the plan does not apply to: see `applies`)."
    )
    async def plan_readiness(
        self,
        info: Info,
        plan: strawberry.ID,
        region: strawberry.ID,
        level: ResponseLevel,
        locale: Locale | None = None,
    ) -> PlanReadiness:
        info.context.require(Permission.READ)
        lang = request_lang(locale, info.context.request)
        r = await plan_readiness(
            info.context.runner, str(plan), str(region), m.ResponseLevel(level.value)
        )
        return PlanReadiness.of(r, lang)

    @field(
        description="Readiness of every county of `province` against the plans covering "
        "`hazard` (or the one `plan`; give exactly one) at `level`. `withBoundaries` adds each "
        "region's GeoJSON boundary (for a map)."
    )
    async def readiness_matrix(
        self,
        info: Info,
        level: ResponseLevel,
        province: strawberry.ID,
        hazard: strawberry.ID | None = None,
        plan: strawberry.ID | None = None,
        with_boundaries: bool = False,
        locale: Locale | None = None,
    ) -> ReadinessMatrix:
        info.context.require(Permission.READ)
        lang = request_lang(locale, info.context.request)
        mx = await readiness_matrix(
            info.context.runner,
            m.ResponseLevel(level.value),
            str(province),
            hazard=str(hazard) if hazard is not None else None,
            plan=str(plan) if plan is not None else None,
            boundaries=with_boundaries,
        )
        return ReadinessMatrix.of(mx, lang)

    @field(
        description="Readiness alerts, newest first: open ones only unless `open` is false "
        f"(then also cleared ones); filtered by plan or region; at most {MAX_ALERTS}."
    )
    async def readiness_alerts(
        self,
        info: Info,
        open: bool = True,
        plan: strawberry.ID | None = None,
        region: strawberry.ID | None = None,
        first: int = 100,
        locale: Locale | None = None,
    ) -> list[ReadinessAlert]:
        info.context.require(Permission.READ)
        lang = request_lang(locale, info.context.request)
        found = await list_alerts(
            info.context.runner,
            open_only=open,
            plan=str(plan) if plan is not None else None,
            region=str(region) if region is not None else None,
            limit=max(1, min(first, MAX_ALERTS)),
        )
        return [ReadinessAlert.of(a, lang) for a in found]


document(
    ReadinessQuery,
    {
        "plan_readiness.plan": "The plan's id.",
        "plan_readiness.region": "The region's GB/T 2260 code (its central point is used).",
        "plan_readiness.level": "The response level whose prescriptions are checked.",
        "readiness_matrix.level": "The response level whose prescriptions are checked.",
        "readiness_matrix.province": "The province's GB/T 2260 code (e.g. 510000).",
        "readiness_matrix.hazard": "A hazard type: every plan covering it (give this or plan).",
        "readiness_matrix.plan": "One plan (give this or hazard).",
        "readiness_matrix.with_boundaries": "Add each region's GeoJSON boundary (for a map).",
        "readiness_alerts.open": "Only alerts still open (default true).",
        "readiness_alerts.plan": "Only this plan's alerts.",
        "readiness_alerts.region": "Only alerts of this region.",
        "readiness_alerts.first": "At most this many, newest first (default 100).",
    },
)
