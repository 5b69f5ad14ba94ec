"""Readiness alerts (pure part): what one audit entry did to the units, and which
prescriptions it broke.

A change breaks a prescription in a region when the prescription was MET with the
changed units as they were before and is not MET with them as they are now. "Before"
is read from the audit entry: a team's `status` (setTeamStatus; a dispatch's teams and
their old statuses), a team's capability levels (`capabilities` as a list of
``{capability, level}`` or a map, or `level` on a ``team->capability`` link entry), an
equipment stock's `status` and `quantity`. An entry that says nothing about the state
before breaks nothing (it can still clear alerts that are met again).

Example::

    change = change_of(entry)          # Change(units=('T-SC-0007',), before={...})
    before_units = [patched(u, change.before.get(u.id)) for u in units]
    breaks(before_result, after_result)   # True: MET before, PARTLY now
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from queries.catalog.models import AuditEntry
from queries.live.events import (
    READINESS_ALERT,
    READINESS_CLEARED,
    READINESS_PREFIX,
    TeamStatusEvent,
    events_from,
)
from queries.readiness.model import PrescriptionReadiness, Unit
from queries.readiness.standards import AVAILABLE_TEAM_STATUSES, READY_EQUIPMENT_STATUS

ALERT_ACTION = READINESS_ALERT
CLEARED_ACTION = READINESS_CLEARED
OWN_PREFIX = READINESS_PREFIX
ALERT_ACTOR = "readiness watch (system)"


@dataclass(frozen=True)
class Change:
    entry_id: str
    action: str
    units: tuple[str, ...]  # ids the entry touched (teams, equipment; checked in the graph)
    before: dict[str, dict[str, Any]]  # unit id -> fields as they were
    mentioned: tuple[str, ...]  # every id the entry names (prescription targets among them)


def _strings(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value} if 0 < len(value) <= 100 else set()
    if isinstance(value, dict):
        return set().union(*(_strings(k) | _strings(v) for k, v in value.items()), set())
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value), set())
    return set()


def _capabilities(value: Any) -> dict[str, int] | None:
    if isinstance(value, dict):
        return {str(k): int(v) for k, v in value.items() if isinstance(v, int)}
    if isinstance(value, list):
        out = {}
        for x in value:
            if isinstance(x, dict) and isinstance(x.get("capability"), str):
                out[x["capability"]] = int(x.get("level") or 4)
        return out
    return None


def change_of(entry: AuditEntry) -> Change:
    """The units an audit entry touched and what it says they were before (pure)."""
    before, after = entry.documents()
    head, _, link = entry.target.partition("->")
    units: dict[str, dict[str, Any]] = {}
    fields: dict[str, Any] = {}
    if isinstance(before.get("status"), str):
        fields["status"] = before["status"]
    caps = _capabilities(before.get("capabilities"))
    if caps is not None:
        fields["capabilities"] = caps
    if link and isinstance(before.get("level"), int):
        fields["capability"] = (link, int(before["level"]))
    if isinstance(before.get("quantity"), int):
        fields["quantity"] = before["quantity"]
    units[head] = fields
    for e in events_from(entry):
        if isinstance(e, TeamStatusEvent) and e.old_status:
            units.setdefault(e.team, {})["status"] = e.old_status
    mentioned = _strings(before) | _strings(after) | {head, link} - {""}
    return Change(entry.id, entry.action, tuple(sorted(units)), units, tuple(sorted(mentioned)))


def merged(changes: list[Change]) -> Change:
    """Several changes, oldest first, as one: every unit any of them touched, each field as
    the first change that touched it says it was (the state before them all), named after
    the last change (pure). A change undone by a later one merges to no change at all."""
    before: dict[str, dict[str, Any]] = {}
    for c in reversed(changes):  # the older a change, the later it writes: it wins
        for uid, fields in c.before.items():
            before[uid] = {**before.get(uid, {}), **fields}
    last = changes[-1]
    return Change(
        last.entry_id,
        last.action,
        tuple(sorted({u for c in changes for u in c.units})),
        before,
        tuple(sorted({m for c in changes for m in c.mentioned})),
    )


def patched(u: Unit, fields: dict[str, Any] | None) -> Unit:
    """The unit as the entry says it was before (unchanged where it says nothing)."""
    if not fields:
        return u
    status = fields.get("status", u.status)
    caps = dict(u.capabilities)
    if "capabilities" in fields:
        caps = dict(fields["capabilities"])
    if "capability" in fields:
        cap, level = fields["capability"]
        caps[cap] = level
    if u.kind == "team":
        usable = status in AVAILABLE_TEAM_STATUSES
    elif u.kind == "equipment":
        usable = status == READY_EQUIPMENT_STATUS and u.holder_usable
    else:
        usable = u.usable
    return replace(
        u,
        status=status,
        usable=usable,
        capabilities=tuple(sorted(caps.items())),
        quantity=int(fields.get("quantity", u.quantity)),
    )


def held_by_patched(u: Unit, holder_fields: dict[str, Any] | None) -> Unit:
    """Equipment as it was when its holding team's status was as the entry says."""
    if u.kind != "equipment" or not holder_fields or "status" not in holder_fields:
        return u
    ok = holder_fields["status"] in AVAILABLE_TEAM_STATUSES
    return replace(u, holder_usable=ok, usable=u.status == READY_EQUIPMENT_STATUS and ok)


def as_before(units: list[Unit], change: Change) -> list[Unit]:
    """Every unit as the entry says it was: touched units patched, and the equipment held
    by a touched team following that team's status."""
    out = []
    for u in units:
        if u.id in change.before:
            u = patched(u, change.before[u.id])
        if u.holder is not None and u.holder.id in change.before:
            u = held_by_patched(u, change.before[u.holder.id])
        out.append(u)
    return out


def touches(u: Unit, ids: set[str]) -> bool:
    """The unit is one of `ids` or held by one of them."""
    return u.id in ids or (u.holder is not None and u.holder.id in ids)


def breaks(before: PrescriptionReadiness, after: PrescriptionReadiness) -> bool:
    """MET with the units as they were, not MET as they are."""
    return before.status == "MET" and after.status != "MET"


def alert_id(plan: str, level: str, region: str, key: str) -> str:
    """One alert per plan x level x region x prescription (kind:target)."""
    return f"{plan}|{level}|{region}|{key}"
