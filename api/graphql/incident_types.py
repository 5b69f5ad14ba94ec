"""GraphQL types of live incidents: the incident, its assignments (the dispatch orders'
teams, with contacts for roles that may dispatch), its recommendations and payloads."""

from __future__ import annotations

import datetime
from datetime import timedelta
from enum import Enum

import strawberry

from api.graphql.contacts import Contact, contact_mask, contact_of
from api.graphql.context import Info
from api.graphql.enums import ResponseLevel, describe_values
from api.graphql.fields import document, field
from api.graphql.reasons import Reason, request_lang
from api.graphql.recommend import ForceRecommendation
from api.graphql.types import Concept, GeoPoint
from api.graphql.user_errors import UserError
from api.messages import Lang
from queries.incidents import models as im
from queries.incidents.dispatch import UNDO_GRACE_MINUTES
from queries.incidents.lifecycle import STATUS_LABELS, TRANSITIONS, concept_names
from queries.incidents.reassignment import ReassignmentOption as ReassignmentRecord
from queries.incidents.reassignment import reassignment_options
from queries.incidents.recommendations import recommendations_for


@strawberry.enum(
    description="Incident lifecycle: OPEN 已立案 -> FORCES_REQUESTED 已请求力量 -> "
    "DISPATCHED 已调派 -> ON_SCENE 已到场 -> RELEASED 已撤离 -> CLOSED 已结案."
)
class IncidentStatus(Enum):
    OPEN = "open"
    FORCES_REQUESTED = "forces_requested"
    DISPATCHED = "dispatched"
    ON_SCENE = "on_scene"
    RELEASED = "released"
    CLOSED = "closed"


@strawberry.type(description="A team on a dispatch order (调度令): (:Team)-[:ASSIGNED_TO]->.")
class Assignment:
    team_id: strawberry.ID
    team_name: str = strawberry.field(description="In the request's locale.")
    team_name_zh: str
    team_name_en: str
    team_status: str = strawberry.field(description="The team's status now.")
    task: str
    assembly_point: str
    eta_minutes: float | None
    order_no: int = strawberry.field(description="Which order of the incident (1, 2, ...).")
    dispatched_at: datetime.datetime | None
    dispatched_by: str
    released_at: datetime.datetime | None
    released_by: str | None
    active: bool = strawberry.field(description="Still assigned (not released).")
    undoable_until: datetime.datetime | None = strawberry.field(
        description=f"Until when undoDispatch can take it back ({UNDO_GRACE_MINUTES} min)."
    )
    contact: Contact | None = strawberry.field(
        description="Duty phone, leader, radio channel: only for roles that may dispatch "
        "(commander, admin); null otherwise, with contactMasked saying why."
    )
    contact_masked: Reason | None

    @classmethod
    def of(cls, a: im.Assignment, info: Info, lang: Lang) -> Assignment:
        contact, masked = contact_of(a.contact, info), contact_mask(info)
        until = a.dispatched_at + timedelta(minutes=UNDO_GRACE_MINUTES) if a.dispatched_at else None
        return cls(
            team_id=strawberry.ID(a.team_id),
            team_name=a.team_name_en if lang == "en" else a.team_name_zh,
            team_name_zh=a.team_name_zh,
            team_name_en=a.team_name_en,
            team_status=a.team_status,
            task=a.task,
            assembly_point=a.assembly_point,
            eta_minutes=a.eta_minutes,
            order_no=a.order_no,
            dispatched_at=a.dispatched_at,
            dispatched_by=a.dispatched_by,
            released_at=a.released_at,
            released_by=a.released_by,
            active=a.active,
            undoable_until=until if a.active else None,
            contact=contact,
            contact_masked=masked,
        )


@strawberry.type(description="A team of a recommended package, as it was recommended.")
class PackageTeam:
    team_id: strawberry.ID
    eta_minutes: float
    score: float


@strawberry.type(description="A recommendation made for an incident, as it was stored.")
class IncidentRecommendation:
    id: strawberry.ID
    at: datetime.datetime | None
    actor: str
    hazard_codes: list[str]
    response_level: ResponseLevel
    max_travel_minutes: int | None
    max_teams: int | None
    exclude_teams: list[strawberry.ID]
    required_capabilities: list[str]
    package: list[PackageTeam]
    gap_capability_ids: list[str]
    gap_limited_by: list[str] = strawberry.field(description="Why each gap is open (same order).")
    graph_version: str | None = strawberry.field(
        description="The newest audit entry id when it was made (curation, status, load, ...)."
    )
    ontology_version: str | None = strawberry.field(description="The ontology sync run id.")
    accepted: bool
    accepted_at: datetime.datetime | None
    accepted_by: str | None

    @classmethod
    def of(cls, r: im.RecommendationRecord) -> IncidentRecommendation:
        return cls(
            id=strawberry.ID(r.id),
            at=r.at,
            actor=r.actor,
            hazard_codes=list(r.hazard_codes),
            response_level=ResponseLevel(r.response_level),
            max_travel_minutes=r.max_travel_minutes,
            max_teams=r.max_teams,
            exclude_teams=[strawberry.ID(t) for t in r.exclude_teams],
            required_capabilities=list(r.required_capabilities),
            package=[
                PackageTeam(team_id=strawberry.ID(t), eta_minutes=e, score=s)
                for t, e, s in zip(r.team_ids, r.team_etas, r.team_scores, strict=False)
            ],
            gap_capability_ids=list(r.gap_capability_ids),
            gap_limited_by=list(r.gap_limited_by),
            graph_version=r.graph_version,
            ontology_version=r.ontology_version,
            accepted=r.accepted_at is not None,
            accepted_at=r.accepted_at,
            accepted_by=r.accepted_by,
        )

    @field(description="The gaps' capabilities with their names.")
    async def gaps(self, info: Info) -> list[Concept]:
        names = await concept_names(info.context.runner, self.gap_capability_ids)
        return [Concept.of(names[c]) for c in self.gap_capability_ids if c in names]


@strawberry.type(description="A team committed to another incident that could fill a gap here.")
class ReassignmentOption:
    team_id: strawberry.ID
    team_name: str = strawberry.field(description="In the request's locale.")
    from_incident: strawberry.ID = strawberry.field(description="Where the team is now.")
    from_title: str
    fills: list[Concept] = strawberry.field(description="This incident's gaps it would fill.")
    would_lose: list[Concept] = strawberry.field(
        description="What the other incident would be left without (no other team there "
        "holds these capabilities)."
    )
    eta_minutes: float | None = strawberry.field(description="From the team's base to here.")

    @classmethod
    def of(cls, o: ReassignmentRecord, lang: Lang) -> ReassignmentOption:
        en = lang == "en"
        return cls(
            team_id=strawberry.ID(o.team_id),
            team_name=o.team_name_en if en else o.team_name_zh,
            from_incident=strawberry.ID(o.from_incident),
            from_title=o.from_title_en if en else o.from_title_zh,
            fills=[Concept.of(c) for c in o.fills],
            would_lose=[Concept.of(c) for c in o.would_lose],
            eta_minutes=o.eta_minutes,
        )


@strawberry.type(
    name="LiveIncident",
    description="A live incident (事件) worked by commanders, with its lifecycle status "
    "(the catalog's `Incident` is a past incident, for experience).",
)
class Incident:
    id: strawberry.ID
    title: str = strawberry.field(description="In the request's locale.")
    title_zh: str
    title_en: str
    status: IncidentStatus
    status_label: str = strawberry.field(description="The status in the request's locale.")
    allowed_transitions: list[IncidentStatus] = strawberry.field(
        description="Where transitionIncident may move it now (DISPATCHED: by dispatchIncident)."
    )
    response_level: ResponseLevel
    location: GeoPoint
    hazard_codes: list[str]
    description: str | None
    place_name: str | None
    max_travel_minutes: int | None
    max_teams: int | None
    opened_at: datetime.datetime | None
    opened_by: str | None
    updated_at: datetime.datetime | None
    order_count: int = strawberry.field(description="Dispatch orders issued so far.")
    assignments: list[Assignment] = strawberry.field(
        description="Every team of every order, released ones too (see `active`)."
    )

    @classmethod
    def of(
        cls, i: im.Incident, assignments: list[im.Assignment], info: Info, lang: Lang
    ) -> Incident:
        zh, en = STATUS_LABELS[i.status]
        return cls(
            id=strawberry.ID(i.id),
            title=i.name_en if lang == "en" else i.name_zh,
            title_zh=i.name_zh,
            title_en=i.name_en,
            status=IncidentStatus(i.status),
            status_label=en if lang == "en" else zh,
            allowed_transitions=[IncidentStatus(s) for s in TRANSITIONS[i.status]],
            response_level=ResponseLevel(i.response_level),
            location=GeoPoint(latitude=i.location.latitude, longitude=i.location.longitude),
            hazard_codes=list(i.hazard_codes),
            description=i.description,
            place_name=i.place_name,
            max_travel_minutes=i.max_travel_minutes,
            max_teams=i.max_teams,
            opened_at=i.opened_at,
            opened_by=i.opened_by,
            updated_at=i.updated_at,
            order_count=i.order_count,
            assignments=[Assignment.of(a, info, lang) for a in assignments],
        )

    @field(description="The hazard types with their names.")
    async def hazards(self, info: Info) -> list[Concept]:
        names = await concept_names(info.context.runner, self.hazard_codes)
        return [Concept.of(names[c]) for c in self.hazard_codes if c in names]

    @field(
        description="Teams committed to other incidents that hold a capability of this "
        "incident's latest gaps, and what each other incident would lose (fewest losses "
        "first, at most 20). The recommender never offers committed teams by itself."
    )
    async def reassignment_options(self, info: Info) -> list[ReassignmentOption]:
        lang = request_lang(None, info.context.request)
        found = await reassignment_options(info.context.runner, str(self.id))
        return [ReassignmentOption.of(o, lang) for o in found]

    @field(description="Every recommendation made for it, newest first (at most 100).")
    async def recommendations(self, info: Info) -> list[IncidentRecommendation]:
        found = await recommendations_for(info.context.runner, str(self.id))
        return [IncidentRecommendation.of(r) for r in found]


@strawberry.type(description="The answer of openIncident, transitionIncident and releaseTeam.")
class IncidentPayload:
    incident: Incident | None
    released_teams: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Teams sent back to available by this change."
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="The answer of recommendForIncident.")
class RecommendForIncidentPayload:
    incident: Incident | None
    recommendation: IncidentRecommendation | None = strawberry.field(
        description="What was stored (pass its id to dispatchIncident to accept it)."
    )
    result: ForceRecommendation | None = strawberry.field(
        description="The full recommendation: package, candidates, gaps, reasons."
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="The answer of dispatchIncident: the order issued.")
class DispatchPayload:
    incident: Incident | None
    order_no: int | None
    teams: list[strawberry.ID] = strawberry.field(default_factory=list)
    removed: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="In the recommended package, not sent."
    )
    added: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Sent, not in the recommended package."
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="The answer of undoDispatch: the order taken back.")
class UndoDispatchPayload:
    incident: Incident | None
    order_no: int | None
    restored_teams: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Teams given back the status they had before."
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)


describe_values(
    IncidentStatus,
    {
        "OPEN": "已立案 Opened; no forces asked for yet.",
        "FORCES_REQUESTED": "已请求力量 A recommendation was made (recommendForIncident).",
        "DISPATCHED": "已调派 A dispatch order was issued (only by dispatchIncident).",
        "ON_SCENE": "已到场 The teams are on the scene.",
        "RELEASED": "已撤离 Every team was released (sent back to available).",
        "CLOSED": "已结案 Closed; nothing more can change (from OPEN or FORCES_REQUESTED "
        "too: a false alarm, or handled without forces).",
    },
)
ACTOR = "Who did it, as 'name (role, key <key id>)' of the API key."
document(
    Assignment,
    {
        "team_id": "The team's id.",
        "team_name_zh": "The team's Chinese name.",
        "team_name_en": "The team's English name.",
        "task": "The team's task on this order (at most 300 characters).",
        "assembly_point": "Where the team assembles (集结地点; at most 200 characters).",
        "eta_minutes": "Estimated arrival, minutes: the accepted recommendation's ETA, else "
        "the same travel formula from the team's base (null when its base is unknown).",
        "dispatched_at": "When the order was issued (UTC).",
        "dispatched_by": ACTOR,
        "released_at": "When the team was released (UTC); null while active.",
        "released_by": "Who released it (as dispatchedBy); null while active.",
        "contact_masked": "Why `contact` is null for this caller (null when it is shown).",
    },
)
document(
    PackageTeam,
    {
        "team_id": "The team's id.",
        "eta_minutes": "Estimated time of arrival when recommended, minutes.",
        "score": "Its score when recommended, 0..1, higher is better.",
    },
)
document(
    IncidentRecommendation,
    {
        "id": "The recommendation's id (REC-...); pass it to dispatchIncident to accept it.",
        "at": "When it was made (UTC).",
        "actor": ACTOR,
        "hazard_codes": "The scenario's HazardType ids (GB/T 35561 codes).",
        "response_level": "The scenario's response level.",
        "max_travel_minutes": "The scenario's travel limit, minutes (null: the default 180).",
        "max_teams": "The scenario's package size limit (null: the default 25).",
        "exclude_teams": "Team ids the scenario excluded.",
        "required_capabilities": "Capability ids the scenario required in addition.",
        "package": "The recommended teams, in package order.",
        "gap_capability_ids": "Capability ids of the needs the package left open.",
        "accepted": "Whether a dispatch order accepted it.",
        "accepted_at": "When a dispatch order accepted it (UTC); null if not accepted.",
        "accepted_by": "Who accepted it (as actor); null if not accepted.",
    },
)
document(
    ReassignmentOption,
    {
        "team_id": "The team's id.",
        "from_title": "The other incident's title in the request's locale.",
    },
)
document(
    Incident,
    {
        "id": "The incident's id, e.g. INC-20261201-0650-3fa2.",
        "title_zh": "The Chinese title (the English one when none was given).",
        "title_en": "The English title (the Chinese one when none was given).",
        "status": "Where it is in its lifecycle.",
        "response_level": "Its response level (I most severe .. IV).",
        "location": "Where it is (WGS-84).",
        "hazard_codes": "HazardType ids (GB/T 35561 codes), at most 20; see `hazards`.",
        "description": "Free text as given when opened (at most 4000 characters).",
        "place_name": "The place as given when opened (at most 200 characters).",
        "max_travel_minutes": "Travel limit for its recommendations, minutes (null: 180).",
        "max_teams": "Package size limit for its recommendations (null: 25).",
        "opened_at": "When it was opened (UTC).",
        "opened_by": ACTOR,
        "updated_at": "When it last changed (UTC).",
    },
)
PAYLOAD_INCIDENT = "The incident after the change; null when there are userErrors."
document(IncidentPayload, {"incident": PAYLOAD_INCIDENT})
document(RecommendForIncidentPayload, {"incident": PAYLOAD_INCIDENT})
document(
    DispatchPayload,
    {
        "incident": PAYLOAD_INCIDENT,
        "order_no": "The new order's number within the incident (1, 2, ...).",
        "teams": "The teams the order sent.",
    },
)
document(
    UndoDispatchPayload,
    {"incident": PAYLOAD_INCIDENT, "order_no": "The number of the order taken back."},
)
