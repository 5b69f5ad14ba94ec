"""Audit entries -> board events: a team's status changed, an incident was updated.

Pure: an entry's ``before``/``after`` JSON (written by queries/catalog/curation.py
``setTeamStatus`` and queries/incidents/ for incident transitions, dispatch, undo
and release) is read defensively; an entry of another kind, or one whose shape
is not understood, gives no event rather than an error.

Example::

    events_from(entry)   # [TeamStatusEvent(team="T-1", old="available", new="deployed",
                         #                  incident="INC-1", ...), IncidentEvent(...)]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from queries.catalog.models import AuditEntry

SET_TEAM_STATUS = "setTeamStatus"
INCIDENT_PREFIX = "incident."
TEAM_RELEASED = "team.released"
DISPATCHED = "incident.dispatched"
DISPATCH_UNDONE = "incident.dispatch_undone"
DEPLOYED = "deployed"
READINESS_PREFIX = "readiness."  # alerts raised and cleared by queries/readiness/watch.py
READINESS_ALERT = "readiness.alert"
READINESS_CLEARED = "readiness.cleared"

# What the feed asks the graph for: team status changes and every incident action.
TEAM_ACTIONS = (SET_TEAM_STATUS, TEAM_RELEASED)


@dataclass(frozen=True)
class TeamStatusEvent:
    """A team's status changed (by setTeamStatus, a dispatch, its undo or a release)."""

    entry_id: str
    at: str
    actor: str
    action: str
    team: str
    old_status: str | None
    new_status: str
    incident: str | None = None


@dataclass(frozen=True)
class IncidentEvent:
    """An incident was opened or moved on (`status` is its status after the change, if said)."""

    entry_id: str
    at: str
    actor: str
    action: str
    incident: str
    status: str | None


@dataclass(frozen=True)
class ReadinessAlertEvent:
    """A plan's prescription stopped being met in a region (`open`), or is met again."""

    entry_id: str
    at: str
    actor: str
    action: str
    alert: str  # plan|level|region|kind:target
    open: bool


BoardEvent = TeamStatusEvent | IncidentEvent | ReadinessAlertEvent


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def events_from(entry: AuditEntry) -> list[BoardEvent]:
    """The board events one audit entry stands for (none for entries of other kinds)."""
    before, after = entry.documents()
    common = {"entry_id": entry.id, "at": entry.at, "actor": entry.actor, "action": entry.action}

    def team(tid: Any, old: Any, new: Any, incident: str | None) -> list[BoardEvent]:
        t, n = _str(tid), _str(new)
        if t is None or n is None:
            return []
        return [TeamStatusEvent(**common, team=t, old_status=_str(old), new_status=n,
                                incident=incident)]  # fmt: skip

    if entry.action in (READINESS_ALERT, READINESS_CLEARED):
        return [ReadinessAlertEvent(**common, alert=entry.target,
                                    open=entry.action == READINESS_ALERT)]  # fmt: skip
    if entry.action == SET_TEAM_STATUS:
        return team(entry.target, before.get("status"), after.get("status"), None)
    if entry.action == TEAM_RELEASED:
        return team(after.get("team"), before.get("status"), after.get("status"), entry.target)
    if not entry.action.startswith(INCIDENT_PREFIX):
        return []
    out: list[BoardEvent] = []
    old_teams = before.get("teams")
    new_teams = after.get("teams")
    if entry.action == DISPATCHED and isinstance(new_teams, list):
        olds = old_teams if isinstance(old_teams, dict) else {}
        for tid in new_teams:
            out += team(tid, olds.get(tid), DEPLOYED, entry.target)
    elif entry.action == DISPATCH_UNDONE and isinstance(new_teams, dict):
        olds = old_teams if isinstance(old_teams, dict) else {}
        for tid, status in new_teams.items():
            out += team(tid, olds.get(tid, DEPLOYED), status, entry.target)
    released = after.get("releasedTeams")
    if isinstance(released, list):
        for tid in released:
            out += team(tid, DEPLOYED, "available", entry.target)
    out.append(IncidentEvent(**common, incident=entry.target, status=_str(after.get("status"))))
    return out
