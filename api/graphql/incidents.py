"""Live incidents in GraphQL: open, recommend for, dispatch (调度令), move, release, undo.

Role rules (api/auth/roles.py): reading incidents needs `read`; every change needs
`dispatch` (commander, admin): an integrator or a planner cannot open, dispatch or
release. Validation failures come back as `userErrors` in the request's locale; nothing
is written then. Contacts on assignments are masked for roles without `dispatch`.

Example::

    mutation {
      dispatchIncident(input: {incidentId: "INC-20261201-0650-3fa2",
                               recommendationId: "REC-20261201-065200-1a2b3c",
                               task: "搜救被困人员", assemblyPoint: "县体育场",
                               teams: [{teamId: "T-SC-0001"}, {teamId: "T-SC-0002",
                                        task: "医疗救护"}]}) {
        orderNo incident { status assignments { teamName etaMinutes } }
        userErrors { field message code }
      }
    }
"""

from __future__ import annotations

import strawberry

from api.auth import Permission
from api.graphql.context import Info
from api.graphql.enums import ResponseLevel
from api.graphql.fields import document, field, mutation
from api.graphql.incident_types import (
    DispatchPayload,
    Incident,
    IncidentPayload,
    IncidentRecommendation,
    IncidentStatus,
    RecommendForIncidentPayload,
    UndoDispatchPayload,
)
from api.graphql.pagination import PageInfo, decode_cursor, encode_cursor
from api.graphql.reasons import Locale, request_lang
from api.graphql.recommend import (
    ForceRecommendation,
    GeoPointInput,
    current_hazard_codes,
)
from api.graphql.user_errors import user_errors
from api.messages import Lang
from queries import models as m
from queries.catalog.nodes import page_size
from queries.incidents import models as im
from queries.incidents.dispatch import (
    UNDO_GRACE_MINUTES,
    DispatchRequest,
    TeamOrder,
    assignments_for,
    dispatch,
    release_team,
    undo_dispatch,
)
from queries.incidents.lifecycle import (
    NewIncident,
    get_incident,
    list_incidents,
    open_incident,
    transition_incident,
)
from queries.incidents.problems import IncidentProblem, incident_not_found
from queries.incidents.recommendations import incident_scenario, record_recommendation
from queries.recommend import recommend_forces


@strawberry.input(description="A new incident: what, where, how severe.")
class OpenIncidentInput:
    title_zh: str | None = strawberry.field(default=None, description="标题 (中文).")
    title_en: str | None = strawberry.field(default=None, description="Title in English.")
    location: GeoPointInput
    response_level: ResponseLevel
    hazard_codes: list[str] | None = strawberry.field(
        default=None, description="HazardType ids (GB/T 35561 codes), e.g. 11A01 洪水."
    )
    description: str | None = strawberry.field(default=None, description="Free text, zh or en.")
    place_name: str | None = None
    max_travel_minutes: int | None = None
    max_teams: int | None = None


@strawberry.input(description="Recommend forces for an incident's scenario and keep it.")
class RecommendForIncidentInput:
    incident_id: strawberry.ID
    max_travel_minutes: int | None = strawberry.field(
        default=None, description="Default: the incident's own limit."
    )
    max_teams: int | None = None
    required_capabilities: list[str] | None = None
    exclude_teams: list[strawberry.ID] | None = None


@strawberry.input(description="One team of a dispatch order; task and assembly point "
                  "default to the order's.")  # fmt: skip
class TeamOrderInput:
    team_id: strawberry.ID
    task: str | None = None
    assembly_point: str | None = None


@strawberry.input(description="Issue a dispatch order: the package as the commander edited it.")
class DispatchIncidentInput:
    incident_id: strawberry.ID
    teams: list[TeamOrderInput]
    recommendation_id: strawberry.ID | None = strawberry.field(
        default=None, description="The recommendation accepted (marked so; its ETAs are used)."
    )
    task: str | None = strawberry.field(default=None, description="Default task for all teams.")
    assembly_point: str | None = strawberry.field(
        default=None, description="Default assembly point (集结地点) for all teams."
    )
    reason: str | None = None


@strawberry.input(description="Move an incident along its lifecycle.")
class TransitionIncidentInput:
    incident_id: strawberry.ID
    to: IncidentStatus
    reason: str | None = None


@strawberry.input(description="Send one team of an incident back to available.")
class ReleaseTeamInput:
    incident_id: strawberry.ID
    team_id: strawberry.ID
    reason: str | None = None


@strawberry.input(
    description=f"Take back a dispatch order within {UNDO_GRACE_MINUTES} minutes of issuing it."
)
class UndoDispatchInput:
    incident_id: strawberry.ID
    order_no: int | None = strawberry.field(default=None, description="Default: the latest.")
    reason: str | None = None


@strawberry.type(name="LiveIncidentEdge", description="One live incident of a page.")
class IncidentEdge:
    cursor: str
    node: Incident


@strawberry.type(
    name="LiveIncidentConnection", description="A page of live incidents, newest first."
)
class IncidentConnection:
    edges: list[IncidentEdge]
    page_info: PageInfo


def _lang(info: Info, locale: Locale | None = None) -> Lang:
    return request_lang(locale, info.context.request)


async def _incident(info: Info, inc: im.Incident, lang: Lang) -> Incident:
    found = await assignments_for(info.context.runner, [inc.id])
    return Incident.of(inc, found[inc.id], info, lang)


@strawberry.type
class IncidentQuery:
    @field(description="Live incidents, newest first; `status` filters (any of them).")
    async def live_incidents(
        self,
        info: Info,
        status: list[IncidentStatus] | None = None,
        first: int | None = None,
        after: str | None = None,
        locale: Locale | None = None,
    ) -> IncidentConnection:
        info.context.require(Permission.READ)
        lang = _lang(info, locale)
        found, more = await list_incidents(
            info.context.runner,
            statuses=[s.value for s in status] if status else None,
            first=page_size(first),
            after=decode_cursor(after),
        )
        by_id = await assignments_for(info.context.runner, [i.id for i in found])
        edges = [
            IncidentEdge(cursor=encode_cursor(i.id), node=Incident.of(i, by_id[i.id], info, lang))
            for i in found
        ]
        return IncidentConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=more,
                has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )

    @field(description="One live incident by id (null if there is none).")
    async def live_incident(
        self, info: Info, id: strawberry.ID, locale: Locale | None = None
    ) -> Incident | None:
        info.context.require(Permission.READ)
        inc = await get_incident(info.context.runner, str(id))
        return await _incident(info, inc, _lang(info, locale)) if inc else None


@strawberry.type
class IncidentMutation:
    @mutation(description="Commanders: open an incident from a scenario (status OPEN).")
    async def open_incident(self, info: Info, input: OpenIncidentInput) -> IncidentPayload:
        who = info.context.require(Permission.DISPATCH)
        lang = _lang(info)
        codes, _ = current_hazard_codes(input.hazard_codes or (), info.context.state.ontology)
        new = NewIncident(
            title_zh=input.title_zh,
            title_en=input.title_en,
            location=m.GeoPoint(input.location.latitude, input.location.longitude),
            response_level=input.response_level.value,
            hazard_codes=tuple(codes),
            description=input.description,
            place_name=input.place_name,
            max_travel_minutes=input.max_travel_minutes,
            max_teams=input.max_teams,
        )
        try:
            inc = await open_incident(info.context.runner, new, actor=who.actor)
        except IncidentProblem as e:
            return IncidentPayload(incident=None, user_errors=user_errors(e, lang))
        return IncidentPayload(incident=await _incident(info, inc, lang))

    @mutation(
        description="Commanders: recommend forces for the incident's scenario and keep the "
        "recommendation with it (an OPEN incident becomes FORCES_REQUESTED)."
    )
    async def recommend_for_incident(
        self, info: Info, input: RecommendForIncidentInput
    ) -> RecommendForIncidentPayload:
        ctx = info.context
        who = ctx.require(Permission.DISPATCH)
        lang = _lang(info)
        inc = await get_incident(ctx.runner, str(input.incident_id))
        try:
            if inc is None:
                raise incident_not_found(str(input.incident_id))
            scenario = incident_scenario(
                location=inc.location,
                response_level=inc.response_level,
                hazard_codes=inc.hazard_codes,
                description=inc.description,
                max_travel_minutes=input.max_travel_minutes or inc.max_travel_minutes,
                max_teams=input.max_teams or inc.max_teams,
                required_capabilities=tuple(input.required_capabilities or ()),
                exclude_teams=tuple(str(t) for t in input.exclude_teams or ()),
            )
            rec = await recommend_forces(ctx.runner, scenario, embedder=ctx.state.embedder)
            stored = await record_recommendation(ctx.runner, inc.id, scenario, rec, actor=who.actor)
        except IncidentProblem as e:
            return RecommendForIncidentPayload(
                incident=None, recommendation=None, result=None, user_errors=user_errors(e, lang)
            )
        fresh = await get_incident(ctx.runner, inc.id)
        assert fresh is not None
        return RecommendForIncidentPayload(
            incident=await _incident(info, fresh, lang),
            recommendation=IncidentRecommendation.of(stored),
            result=ForceRecommendation.of(rec, lang),
        )

    @mutation(
        description="Commanders: issue a dispatch order (调度令): the teams become deployed, "
        "assigned to the incident with a task and an assembly point each."
    )
    async def dispatch_incident(self, info: Info, input: DispatchIncidentInput) -> DispatchPayload:
        who = info.context.require(Permission.DISPATCH)
        lang = _lang(info)
        req = DispatchRequest(
            incident_id=str(input.incident_id),
            recommendation_id=str(input.recommendation_id) if input.recommendation_id else None,
            teams=tuple(TeamOrder(str(t.team_id), t.task, t.assembly_point) for t in input.teams),
            task=input.task,
            assembly_point=input.assembly_point,
            reason=input.reason,
        )
        try:
            done = await dispatch(info.context.runner, req, actor=who.actor)
        except IncidentProblem as e:
            return DispatchPayload(incident=None, order_no=None, user_errors=user_errors(e, lang))
        return DispatchPayload(
            incident=await _incident(info, done.incident, lang),
            order_no=done.order_no,
            teams=[strawberry.ID(t) for t in done.teams],
            removed=[strawberry.ID(t) for t in done.removed],
            added=[strawberry.ID(t) for t in done.added],
        )

    @mutation(
        description="Commanders: move an incident along its lifecycle (see allowedTransitions"
        "); RELEASED releases every team still assigned, CLOSED needs none assigned."
    )
    async def transition_incident(
        self, info: Info, input: TransitionIncidentInput
    ) -> IncidentPayload:
        who = info.context.require(Permission.DISPATCH)
        lang = _lang(info)
        try:
            inc, released = await transition_incident(
                info.context.runner,
                str(input.incident_id),
                input.to.value,
                actor=who.actor,
                reason=input.reason,
            )
        except IncidentProblem as e:
            return IncidentPayload(incident=None, user_errors=user_errors(e, lang))
        return IncidentPayload(
            incident=await _incident(info, inc, lang),
            released_teams=[strawberry.ID(t) for t in released],
        )

    @mutation(description="Commanders: send one team of an incident back to available.")
    async def release_team(self, info: Info, input: ReleaseTeamInput) -> IncidentPayload:
        who = info.context.require(Permission.DISPATCH)
        lang = _lang(info)
        try:
            inc = await release_team(
                info.context.runner,
                str(input.incident_id),
                str(input.team_id),
                actor=who.actor,
                reason=input.reason,
            )
        except IncidentProblem as e:
            return IncidentPayload(incident=None, user_errors=user_errors(e, lang))
        return IncidentPayload(
            incident=await _incident(info, inc, lang), released_teams=[input.team_id]
        )

    @mutation(
        description="Commanders: take back a dispatch order issued within the grace period "
        "(10 minutes): its teams get the status they had before."
    )
    async def undo_dispatch(self, info: Info, input: UndoDispatchInput) -> UndoDispatchPayload:
        who = info.context.require(Permission.DISPATCH)
        lang = _lang(info)
        try:
            inc, number, teams = await undo_dispatch(
                info.context.runner,
                str(input.incident_id),
                order_no=input.order_no,
                actor=who.actor,
                reason=input.reason,
            )
        except IncidentProblem as e:
            return UndoDispatchPayload(
                incident=None, order_no=None, user_errors=user_errors(e, lang)
            )
        return UndoDispatchPayload(
            incident=await _incident(info, inc, lang),
            order_no=number,
            restored_teams=[strawberry.ID(t) for t in teams],
        )


REASON = "Why, for the audit trail (optional, at most 500 characters)."
INCIDENT_ID = "The live incident's id, e.g. INC-20261201-0650-3fa2."
document(
    OpenIncidentInput,
    {
        "location": "Where it is (WGS-84; latitude -90..90, longitude -180..180).",
        "response_level": "Its response level (I most severe .. IV).",
        "place_name": "The place in words, e.g. 某县城关镇 (at most 200 characters).",
        "max_travel_minutes": "Travel limit for its recommendations, 1..1440 minutes "
        "(default 180).",
        "max_teams": "Package size limit for its recommendations, 1..100 (default 25).",
    },
)
document(
    RecommendForIncidentInput,
    {
        "incident_id": INCIDENT_ID,
        "max_teams": "Package size limit, 1..100 (default: the incident's own, else 25).",
        "required_capabilities": "Capability ids to require in addition (at most 200).",
        "exclude_teams": "Team ids not to recommend (at most 200).",
    },
)
document(
    TeamOrderInput,
    {
        "team_id": "The team to send (available or on standby, not assigned elsewhere).",
        "task": "Its task (at most 300 characters; default: the order's `task`).",
        "assembly_point": "Its assembly point (at most 200 characters; default: the order's).",
    },
)
document(
    DispatchIncidentInput,
    {
        "incident_id": INCIDENT_ID,
        "teams": "The teams to send, 1..50, each once; each needs a task and an assembly "
        "point (its own or the order's).",
        "reason": REASON,
    },
)
document(
    TransitionIncidentInput,
    {
        "incident_id": INCIDENT_ID,
        "to": "The status to move to: one of the incident's allowedTransitions.",
        "reason": REASON,
    },
)
document(
    ReleaseTeamInput,
    {
        "incident_id": INCIDENT_ID,
        "team_id": "The team to release (assigned to the incident, not yet released).",
        "reason": REASON,
    },
)
document(UndoDispatchInput, {"incident_id": INCIDENT_ID, "reason": REASON})
document(
    IncidentEdge,
    {"cursor": "Opaque cursor of this incident (pass as `after`).", "node": "The incident."},
)
document(
    IncidentConnection,
    {"edges": "The incidents of this page, newest first.", "page_info": "Where the page lies."},
)
document(
    IncidentQuery,
    {
        "live_incidents.status": "Only incidents in one of these statuses (default: all).",
        "live_incident.id": INCIDENT_ID,
    },
)
document(IncidentMutation)
