"""EDXL-RM for a stored incident: the RequestResource / CommitResource of its dispatch,
as downloads (``GET /edxl/{incidentId}/request.xml``, ``.../commit.xml``) and for GraphQL;
and another agency's ResponseToRequestResource recorded on the incident.

The dispatch is the incident's current assignments (released teams are no longer
requested): each team's name, type and capabilities, task, assembly point, ETA and
contact (contacts only for roles that may dispatch, as on the printed order). Message
ids are stable per dispatch: ``EMKG-RR-<incident>-<orders>`` for the request and
``EMKG-CR-<incident>-<orders>`` for the commitment, sent at the latest order's time.

Example::

    curl -H "Authorization: Bearer $KEY" http://127.0.0.1:8000/edxl/INC-.../request.xml
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from api.auth import Permission, Principal
from api.route_auth import json_error as _error
from api.route_auth import requires
from api.state import app_state
from kg.cypher import CypherRunner
from kg.errors import EmkgError
from loaders.messages.edxl_rm import Dispatch, DispatchedTeam, commit_resource, request_resource
from queries.incidents.models import Contact
from queries.incidents.orders import order_document
from queries.resource_messages import team_profiles

KINDS = ("request", "commit")


def request_id(incident_id: str, orders: int) -> str:
    return f"EMKG-RR-{incident_id}-{orders}"


def commit_id(incident_id: str, orders: int) -> str:
    return f"EMKG-CR-{incident_id}-{orders}"


def _contact(c: Contact) -> str:
    parts = [c.leader or "", c.duty_phone or ""]
    parts += [f"radio {c.radio_channel}"] if c.radio_channel else []
    return " ".join(p for p in parts if p)


async def incident_dispatch(
    runner: CypherRunner, incident_id: str, *, contacts: bool
) -> tuple[Dispatch, int] | None:
    """The incident's current dispatch as EDXL-RM input, and its order count; None if no
    live incident has that id. A dispatch with no team on it has an empty `teams`."""
    doc = await order_document(runner, incident_id)
    if doc is None:
        return None
    current = [a for a in doc.assignments if a.released_at is None]
    profiles = await team_profiles(runner, [a.team_id for a in current])
    inc = doc.incident
    orders = max([a.order_no for a in doc.assignments], default=0)
    teams = tuple(
        DispatchedTeam(
            team_id=a.team_id,
            name=a.team_name_zh or a.team_name_en,
            team_type=profiles.get(a.team_id, ("", ()))[0],
            capabilities=profiles.get(a.team_id, ("", ()))[1],
            eta_minutes=a.eta_minutes,
            assembly_point=a.assembly_point,
            contact=_contact(a.contact) if contacts else "",
            task=a.task,
        )
        for a in current
    )
    sent = doc.issued_at or inc.opened_at or datetime.datetime.now(datetime.UTC)
    if sent.tzinfo is None:
        sent = sent.replace(tzinfo=datetime.UTC)
    dispatch = Dispatch(
        message_id=request_id(inc.id, orders),
        sent=sent,
        incident_id=inc.id,
        incident_name=inc.name_zh or inc.name_en,
        teams=teams,
        location=(inc.location.latitude, inc.location.longitude),
        location_description=inc.place_name or "",
        description=inc.description or "",
    )
    return dispatch, orders


def messages_of(dispatch: Dispatch, orders: int) -> tuple[str, str]:
    """(RequestResource, CommitResource) XML of one dispatch."""
    commit = replace(dispatch, message_id=commit_id(dispatch.incident_id, orders))
    return request_resource(dispatch), commit_resource(commit, dispatch.message_id)


@requires(Permission.READ, "read dispatches")
async def edxl_download(request: Request, principal: Principal) -> Response:
    state = app_state(request)
    incident, kind = request.path_params["incident"], request.path_params["kind"]
    if kind not in KINDS:
        return _error(404, "NOT_FOUND", f"ask for /edxl/{incident}/request.xml or commit.xml")
    runner = CypherRunner(state.driver, state.database, timeout_s=state.settings.query_timeout_s)
    try:
        found = await incident_dispatch(
            runner, incident, contacts=principal.can(Permission.DISPATCH)
        )
    except EmkgError as e:
        return _error(503 if e.is_retryable() else 500, e.code, str(e))
    if found is None:
        return _error(404, "NOT_FOUND", f"there is no live incident '{incident}'")
    dispatch, orders = found
    if not dispatch.teams:
        return _error(
            409, "NO_DISPATCH", f"incident '{incident}' has no team dispatched: dispatch first"
        )
    request_xml, commit_xml = messages_of(dispatch, orders)
    body = request_xml if kind == "request" else commit_xml
    headers = {
        "Cache-Control": "no-store",
        "Content-Disposition": f'attachment; filename="{incident}-{kind}.xml"',
    }
    return Response(body, media_type="application/xml", headers=headers)


def edxl_routes() -> list[BaseRoute]:
    return [Route("/edxl/{incident}/{kind}.xml", edxl_download, methods=["GET"])]
