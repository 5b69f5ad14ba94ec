"""The live board over GraphQL subscriptions (``graphql-transport-ws`` on ``/graphql``).

``boardChanges`` streams what changed, as it is written to the graph by any API
process: a team's status (setTeamStatus, a dispatch, its undo, a release) and an
incident's progress. Any role that may read may subscribe; the key goes in the
``connection_init`` payload (api/graphql/view.py).

Example (a client, after ``connection_init`` with ``{"authorization": "Bearer <key>"}``)::

    subscription {
      boardChanges {
        __typename
        ... on TeamStatusChanged {
          team { id nameZh nameEn } oldStatus newStatus incidentId actor at
        }
        ... on IncidentUpdated { id status action actor at }
      }
    }
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar, cast

import strawberry

from api.auth import Permission
from api.graphql.context import Info
from api.graphql.entities import Team
from api.graphql.enums import TeamStatus
from api.graphql.fields import document, field
from api.graphql.readiness import ReadinessAlert
from api.graphql.reasons import Locale, request_lang
from queries.catalog.nodes import get_nodes
from queries.live.events import BoardEvent, IncidentEvent, ReadinessAlertEvent, TeamStatusEvent
from queries.readiness.alert_store import get_alert

F = TypeVar("F", bound=Callable[..., Any])

ACTOR = "Who made the change, as 'name (role, key <key id>)' of the API key."
AT = "When the change was written (UTC, from the audit entry)."
SUBSCRIPTION_DESCRIPTION = (
    "EMKG's live side, over graphql-transport-ws on /graphql: put the key in the "
    'connection_init payload ({"authorization": "Bearer <key>"}); any role that may read '
    "may subscribe. Events arrive as any API process writes them (within about a second)."
)


def subscription(**kwargs: Any) -> Callable[[F], F]:
    """`strawberry.subscription`, typed for mypy --strict (as api/graphql/fields.py does)."""

    def wrap(resolver: F) -> F:
        return cast(F, strawberry.subscription(**kwargs)(resolver))

    return wrap


def _at(entry_id: str) -> datetime:
    """The change's time: audit entry ids begin with their UTC write time."""
    return datetime.strptime(entry_id[:22], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)


def _status(value: str | None) -> TeamStatus | None:
    try:
        return TeamStatus(value) if value else None
    except ValueError:
        return None


@strawberry.type(description="A team's status changed (setTeamStatus, dispatch, undo, release).")
class TeamStatusChanged:
    team_id: strawberry.ID = strawberry.field(description="The team's id.")
    old_status: TeamStatus | None = strawberry.field(description="Before; null if not recorded.")
    new_status: TeamStatus | None = strawberry.field(
        description="After (null only for a status this API does not know)."
    )
    incident_id: strawberry.ID | None = strawberry.field(
        description="The incident the team was dispatched to or released from, if any."
    )
    action: str = strawberry.field(description="The audit action (setTeamStatus, ...).")
    actor: str = strawberry.field(description=ACTOR)
    at: datetime = strawberry.field(description=AT)
    entry_id: strawberry.ID = strawberry.field(description="The audit entry that records it.")

    @field(description="The team as it is now (read when the event is delivered).")
    async def team(self, info: Info) -> Team | None:
        found = await get_nodes(info.context.runner, "Team", [str(self.team_id)])
        node = found.get(str(self.team_id))
        return Team.of(node) if node else None

    @field(description="The incident (its names), when the change names one.")
    async def incident(self, info: Info) -> BoardIncident | None:
        return await _incident(info, self.incident_id)


@strawberry.type(description="An incident was opened or moved on (status after the change).")
class IncidentUpdated:
    id: strawberry.ID = strawberry.field(description="The incident's id.")
    status: str | None = strawberry.field(
        description="The incident's status id after the change (open, forces_requested, "
        "dispatched, on_scene, released, closed), when the change set it."
    )
    action: str = strawberry.field(description="The audit action (incident.dispatched, ...).")
    actor: str = strawberry.field(description=ACTOR)
    at: datetime = strawberry.field(description=AT)
    entry_id: strawberry.ID = strawberry.field(description="The audit entry that records it.")

    @field(description="The incident (its names), if it is in the graph.")
    async def incident(self, info: Info) -> BoardIncident | None:
        return await _incident(info, self.id)


@strawberry.type(description="An incident as the board names it.")
class BoardIncident:
    id: strawberry.ID = strawberry.field(description="The incident's id.")
    name_zh: str = strawberry.field(description="The incident's name in Chinese.")
    name_en: str = strawberry.field(description="The incident's name in English.")


async def _incident(info: Info, incident: strawberry.ID | None) -> BoardIncident | None:
    if incident is None:
        return None
    node = (await get_nodes(info.context.runner, "Incident", [str(incident)])).get(str(incident))
    return BoardIncident(id=incident, name_zh=node.name_zh, name_en=node.name_en) if node else None


@strawberry.type(
    description="A readiness alert was raised (open: a plan's prescription is no longer met "
    "in a county after a change to the registry) or cleared (met again); queries/readiness."
)
class ReadinessAlertChanged:
    alert_id: strawberry.ID = strawberry.field(description="The alert's id.")
    open: bool = strawberry.field(description="True: raised; false: cleared.")
    actor: str = strawberry.field(description="The readiness watch (system).")
    at: datetime = strawberry.field(description=AT)
    entry_id: strawberry.ID = strawberry.field(description="The audit entry that records it.")

    @field(description="The alert as it is now (plan, prescription, since when, reason).")
    async def alert(self, info: Info, locale: Locale | None = None) -> ReadinessAlert | None:
        found = await get_alert(info.context.runner, str(self.alert_id))
        lang = request_lang(locale, info.context.request)
        return ReadinessAlert.of(found, lang) if found else None


BoardChange = Annotated[
    TeamStatusChanged | IncidentUpdated | ReadinessAlertChanged,
    strawberry.union("BoardChange", description="One change on the live board."),
]


def board_change(event: BoardEvent) -> TeamStatusChanged | IncidentUpdated | ReadinessAlertChanged:
    if isinstance(event, ReadinessAlertEvent):
        return ReadinessAlertChanged(
            alert_id=strawberry.ID(event.alert),
            open=event.open,
            actor=event.actor,
            at=_at(event.entry_id),
            entry_id=strawberry.ID(event.entry_id),
        )
    if isinstance(event, TeamStatusEvent):
        return TeamStatusChanged(
            team_id=strawberry.ID(event.team),
            old_status=_status(event.old_status),
            new_status=_status(event.new_status),
            incident_id=strawberry.ID(event.incident) if event.incident else None,
            action=event.action,
            actor=event.actor,
            at=_at(event.entry_id),
            entry_id=strawberry.ID(event.entry_id),
        )
    assert isinstance(event, IncidentEvent)
    return IncidentUpdated(
        id=strawberry.ID(event.incident),
        status=event.status,
        action=event.action,
        actor=event.actor,
        at=_at(event.entry_id),
        entry_id=strawberry.ID(event.entry_id),
    )


@strawberry.type
class BoardSubscription:
    @subscription(
        description="Live board: team status changes and incident updates as any API process "
        "writes them (delivered within about a second). Authenticate in connection_init."
    )
    async def board_changes(self, info: Info) -> AsyncGenerator[BoardChange, None]:
        info.context.require(Permission.READ)
        async with info.context.state.relay.subscribe() as events:
            while True:
                yield board_change(await events.get())


document(ReadinessAlertChanged)
