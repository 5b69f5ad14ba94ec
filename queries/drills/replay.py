"""Replay of past incidents (复盘): what was really sent against what the strategies send.

A replay turns past incidents (a dispatch-records file, queries.drills.history, or
EMKG's own incidents, queries.drills.past) into a drill: each incident opens at its
minute from the first one's time, at its recorded level and hazards; the drill runs to
two hours after the last recorded time (at least 12 h, at most 72 h). The ``actual``
strategy sends the recorded teams at the recorded minutes (on scene at the recorded
arrival, else after the graph's ETA; leaving at the recorded release, else after the
work-duration table) whatever their status; the other strategies choose as in any drill,
from the graph as it was at the first incident's time: teams busy then (audit trail)
cannot be sent, teams free then but busy today can. So the metrics compare on one
timeline.

`compare` says per incident what EMKG would have added and dropped, and why, as catalog
reasons (REPLAY_WHY_*).

Example::

    replay = replay_of(history)
    result = await run_drill(runner, replay.script, [Strategy.ACTUAL, Strategy.EMKG],
                             seed=1, replay=replay)
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from queries.drills.history import DispatchHistory, PastIncident, history_span_hours
from queries.drills.records import NeedRecord, Sortie
from queries.drills.script import DrillScript
from queries.models import ConceptRef, Reason

MIN_HOURS, TAIL_HOURS, MAX_HOURS = 12.0, 2.0, 72.0


@dataclass(frozen=True)
class ActualSortie:
    """A team really sent: minutes from the replay's start."""

    incident: str
    team: str
    dispatched: float
    arrives: float | None
    leaves: float | None


@dataclass(frozen=True)
class Replay:
    history: DispatchHistory
    script: DrillScript
    actual: tuple[ActualSortie, ...]
    # filled from the graph when the replay runs (queries.drills.drill): statuses then
    busy_then: frozenset[str] = field(default_factory=frozenset)
    free_then: frozenset[str] = field(default_factory=frozenset)

    @property
    def start(self) -> datetime:
        return self.history.start


def _minutes(t: datetime | None, start: datetime) -> float | None:
    return None if t is None else round((t - start).total_seconds() / 60.0, 1)


def _script_id(source: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", source).strip("-._")[:50]
    return f"replay-{slug or 'records'}"


def _incident(i: PastIncident, start: datetime) -> dict[str, Any]:
    return {
        "id": i.id,
        "at": _minutes(i.occurred_at, start),
        "name": {"zh": i.name_zh, "en": i.name_en},
        "hazards": list(i.hazards),
        "location": {"latitude": i.latitude, "longitude": i.longitude},
        "level": i.level,
        "description": i.description,
    }


def replay_of(history: DispatchHistory) -> Replay:
    """The drill script and the actual sorties of past incidents (pure)."""
    start = history.start
    hours = min(MAX_HOURS, max(MIN_HOURS, math.ceil(history_span_hours(history) + TAIL_HOURS)))
    first = history.incidents[0]
    more = len(history.incidents) - 1
    name = {
        "zh": f"复盘：{first.name_zh}" + (f" 等 {more + 1} 起事件" if more else ""),
        "en": f"Replay: {first.name_en}" + (f" and {more} more" if more else ""),
    }
    script = DrillScript.model_validate(
        {
            "version": 1,
            "id": _script_id(history.source),
            "name": name,
            "durationHours": hours,
            "incidents": [_incident(i, start) for i in history.incidents],
        }
    )
    actual = tuple(
        ActualSortie(
            incident=i.id,
            team=d.team,
            dispatched=_minutes(d.dispatched_at, start) or 0.0,
            arrives=_minutes(d.arrived_at, start),
            leaves=_minutes(d.released_at, start),
        )
        for i in history.incidents
        for d in i.dispatches
    )
    return Replay(history, script, actual)


# -- what EMKG would have added and dropped -------------------------------------------------


@dataclass(frozen=True)
class TeamVerdict:
    team: str
    name_zh: str
    name_en: str
    arrives: float  # minutes from the replay's start
    covers: tuple[str, ...]
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class IncidentComparison:
    incident: str
    kept: tuple[str, ...]  # sent in both
    added: tuple[TeamVerdict, ...]  # EMKG would have sent, was not sent
    dropped: tuple[TeamVerdict, ...]  # was sent, EMKG would not have sent
    first_unit_actual: float | None  # mean minutes to first unit over the incident's needs
    first_unit_emkg: float | None


def _refs(cids: Sequence[str], names: dict[str, NeedRecord]) -> tuple[ConceptRef, ...]:
    return tuple(
        ConceptRef(c, names[c].name_zh, names[c].name_en) if c in names else ConceptRef(c, c, c)
        for c in cids
    )


def _mean_first(needs: Sequence[NeedRecord]) -> float | None:
    xs = [n.minutes_to_first_unit for n in needs if n.minutes_to_first_unit is not None]
    return round(sum(xs) / len(xs), 1) if xs else None


def _first(sorties: Sequence[Sortie]) -> dict[str, Sortie]:
    out: dict[str, Sortie] = {}
    for s in sorted(sorties, key=lambda s: s.dispatched):
        out.setdefault(s.team, s)
    return out


def _verdict(s: Sortie, reasons: list[Reason]) -> TeamVerdict:
    return TeamVerdict(s.team, s.name_zh, s.name_en, s.arrives, tuple(s.covers), tuple(reasons))


def compare(
    incident: str,
    actual: Sequence[Sortie],
    emkg: Sequence[Sortie],
    actual_needs: Sequence[NeedRecord],
    emkg_needs: Sequence[NeedRecord],
    busy_then: frozenset[str] = frozenset(),
) -> IncidentComparison:
    """One incident: the teams EMKG adds and drops against the record, with reasons (pure).

    Added: the needs it brings and when it is on scene. Dropped: it held none of the
    incident's needs, it was busy at the replay's start (the audit trail says so; the
    record sent it anyway, EMKG could not), EMKG's own teams had those needs on scene
    sooner (or as soon), or EMKG chose other teams for them.
    """
    a, e = _first(actual), _first(emkg)
    names = {n.capability: n for n in [*actual_needs, *emkg_needs]}
    a_first = {n.capability: n.first_arrival for n in actual_needs}
    e_first = {n.capability: n.first_arrival for n in emkg_needs}
    added = []
    for t, s in sorted(e.items()):
        if t in a:
            continue
        unmet = [c for c in s.covers if a_first.get(c) is None]
        reasons = [Reason.of("REPLAY_WHY_ADDED", needs=_refs(s.covers, names), minute=s.arrives)]
        if unmet:
            reasons.append(Reason.of("REPLAY_WHY_ADDED_UNMET", needs=_refs(unmet, names)))
        added.append(_verdict(s, reasons))
    dropped = []
    for t, s in sorted(a.items()):
        if t in e:
            continue
        if not s.covers:
            reasons = [Reason.of("REPLAY_WHY_NO_NEED")]
        elif t in busy_then:
            reasons = [Reason.of("REPLAY_WHY_BUSY_THEN")]
        else:
            sooner = [c for c in s.covers if (e_first.get(c) or math.inf) <= s.arrives]
            later = [c for c in s.covers if c not in sooner]
            reasons = []
            if sooner:
                reasons.append(Reason.of("REPLAY_WHY_SOONER", needs=_refs(sooner, names)))
            if later:
                reasons.append(Reason.of("REPLAY_WHY_NOT_CHOSEN", needs=_refs(later, names)))
        dropped.append(_verdict(s, reasons))
    return IncidentComparison(
        incident=incident,
        kept=tuple(sorted(set(a) & set(e))),
        added=tuple(added),
        dropped=tuple(dropped),
        first_unit_actual=_mean_first(actual_needs),
        first_unit_emkg=_mean_first(emkg_needs),
    )
