"""A replay's comparison as GraphQL types: per incident what EMKG would have added and
dropped against what was really sent, and why (catalog reasons in the request's locale);
the graph state the replay reconstructed (teams busy at the time, from the audit trail).

Example::

    query { drill(id: "DRILL-...") { replay { start busyThen comparisons {
        incident kept added { team nameZh arrivesMinute reasons { text } }
        dropped { team reasons { code text } } meanFirstUnitActual meanFirstUnitEmkg } } } }
"""

from __future__ import annotations

import datetime

import strawberry

from api.graphql.reasons import Reason, reasons_of
from api.messages import Lang
from queries.drills.drill import DrillResult
from queries.drills.replay import IncidentComparison, TeamVerdict


@strawberry.type(description="A team EMKG would have added to, or dropped from, what was sent.")
class ReplayTeamVerdict:
    team: strawberry.ID = strawberry.field(description="The team's id.")
    name_zh: str = strawberry.field(description="Chinese name.")
    name_en: str = strawberry.field(description="English name.")
    arrives_minute: float = strawberry.field(
        description="When it was (dropped) or would have been (added) on scene, in minutes "
        "from the replay's start."
    )
    covers: list[strawberry.ID] = strawberry.field(
        description="The incident's needs (capability ids) it brings."
    )
    reasons: list[Reason] = strawberry.field(description="Why, in the request's locale.")


@strawberry.type(description="One past incident: the actual dispatch against EMKG's.")
class ReplayComparison:
    incident: strawberry.ID = strawberry.field(description="The incident's id.")
    kept: list[strawberry.ID] = strawberry.field(description="Teams sent in both.")
    added: list[ReplayTeamVerdict] = strawberry.field(
        description="Teams EMKG would have sent that were not sent."
    )
    dropped: list[ReplayTeamVerdict] = strawberry.field(
        description="Teams sent that EMKG would not have sent."
    )
    mean_first_unit_actual: float | None = strawberry.field(
        description="Actual dispatch: mean minutes from a need arising to its first unit."
    )
    mean_first_unit_emkg: float | None = strawberry.field(description="The same for EMKG.")


@strawberry.type(description="What a replay replayed and the graph state it reconstructed.")
class DrillReplay:
    source: str = strawberry.field(description="The records' name, or the incident ids.")
    start: datetime.datetime = strawberry.field(description="The first incident's time.")
    busy_then: list[strawberry.ID] = strawberry.field(
        description="Teams busy at that time by the audit trail: no strategy but the actual "
        "dispatch may send them."
    )
    free_then_count: int = strawberry.field(
        description="Teams free at that time by the audit trail (some may be busy today: "
        "the strategies may send them)."
    )
    comparisons: list[ReplayComparison] = strawberry.field(
        description="Per incident (when both ACTUAL and EMKG ran)."
    )


def _verdict(v: TeamVerdict, lang: Lang) -> ReplayTeamVerdict:
    return ReplayTeamVerdict(
        team=strawberry.ID(v.team),
        name_zh=v.name_zh,
        name_en=v.name_en,
        arrives_minute=v.arrives,
        covers=[strawberry.ID(c) for c in v.covers],
        reasons=reasons_of(v.reasons, lang),
    )


def _comparison(c: IncidentComparison, lang: Lang) -> ReplayComparison:
    return ReplayComparison(
        incident=strawberry.ID(c.incident),
        kept=[strawberry.ID(t) for t in c.kept],
        added=[_verdict(v, lang) for v in c.added],
        dropped=[_verdict(v, lang) for v in c.dropped],
        mean_first_unit_actual=c.first_unit_actual,
        mean_first_unit_emkg=c.first_unit_emkg,
    )


def replay_of_result(r: DrillResult, lang: Lang) -> DrillReplay | None:
    if r.replay is None:
        return None
    return DrillReplay(
        source=r.replay.history.source,
        start=r.replay.start,
        busy_then=[strawberry.ID(t) for t in sorted(r.replay.busy_then)],
        free_then_count=len(r.replay.free_then),
        comparisons=[_comparison(c, lang) for c in r.comparisons()],
    )
