"""Replays over GraphQL: `startReplay(input)` replays past incidents (EMKG's own, by id, or
a dispatch-records file with its mapping) as a drill with the ``ACTUAL`` strategy beside
the chosen ones; `drill(id)` then answers as for any drill, with `replay` comparing the
actual dispatch and EMKG's. `replaySamples` gives the shipped records and mapping;
`replayableIncidents` lists EMKG's incidents that had teams sent.

Example::

    mutation { startReplay(input: {incidentIds: ["INC-20261201-0650-3fa2"]}) {
        drill { id status } userErrors { field message } } }
    mutation($csv: String!, $map: String) { startReplay(input: {records: $csv, mapping: $map,
        strategies: [EMKG, CLOSEST]}) { drill { id } userErrors { field message } } }
"""

from __future__ import annotations

import datetime
from typing import Any

import strawberry

from api.auth import Permission
from api.drill_jobs import DRILL_QUERY_TIMEOUT_S, MAX_RUNNING, TooManyDrillsError
from api.graphql.context import Info
from api.graphql.drills import DrillStrategyEnum, StartDrillPayload, drill_error, drill_of
from api.graphql.fields import document, field, mutation
from api.graphql.reasons import request_lang
from api.graphql.user_errors import UserError, UserErrorCode
from api.messages import Lang
from kg.cypher import CypherRunner
from queries.drills import CHOOSING, Strategy
from queries.drills.history import HISTORY_DIR, MAX_HISTORY_BYTES
from queries.drills.past import replayable_incidents
from queries.drills.sources import (
    MAX_INCIDENT_IDS,
    ReplaySource,
    ReplaySourceError,
    replay_from,
)

MAX_LISTED = 100


@strawberry.input(description="What to replay: EMKG incidents by id, or a records file.")
class StartReplayInput:
    incident_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description=f"EMKG incidents (at most {MAX_INCIDENT_IDS}) with the teams sent to them "
        "(see replayableIncidents).",
    )
    records: str | None = strawberry.field(
        default=None,
        description=f"Dispatch records: CSV text, one row per team sent (at most "
        f"{MAX_HISTORY_BYTES} bytes; columns in queries/drills/README.md, Replay).",
    )
    mapping: str | None = strawberry.field(
        default=None,
        description="The records' mapping (YAML: columns, values, hazardSeparator, timezone, "
        "timeFormats); none: the records use the canonical columns.",
    )
    strategies: list[DrillStrategyEnum] | None = strawberry.field(
        default=None,
        description="Strategies to compare with the actual dispatch (default EMKG, CLOSEST, "
        "RANDOM); ACTUAL always runs first.",
    )
    seed: int = strawberry.field(default=1, description="The seed of the random strategy.")


@strawberry.type(description="Shipped dispatch records to try a replay with.")
class ReplaySample:
    id: strawberry.ID = strawberry.field(description="The sample's file name, no extension.")
    records: str = strawberry.field(description="The records (CSV text).")
    mapping: str | None = strawberry.field(description="Their mapping (YAML text).")


@strawberry.type(description="An EMKG incident that had teams sent: one that can be replayed.")
class ReplayableIncident:
    id: strawberry.ID = strawberry.field(description="The incident's id.")
    name_zh: str = strawberry.field(description="Chinese name.")
    name_en: str = strawberry.field(description="English name.")
    opened_at: datetime.datetime | None = strawberry.field(description="When it was opened.")
    status: str = strawberry.field(description="Its lifecycle status now.")
    teams: int = strawberry.field(description="Teams sent to it (every order).")


def source_errors(e: ReplaySourceError, lang: Lang) -> list[UserError]:
    """Each problem on the input it is in (row and column in the text), in `lang`."""
    out = []
    for p in e.problems:
        q = p.located(lang)
        params: dict[str, Any] = dict(q.params)  # replay problems name no catalog terms
        err = drill_error(p.at, q.code, lang, **params)
        if p.not_found:
            err.code = UserErrorCode.NOT_FOUND
        out.append(err)
    return out


@strawberry.type
class ReplayQuery:
    @field(description="Shipped dispatch records with their mappings (to try a replay).")
    def replay_samples(self, info: Info) -> list[ReplaySample]:
        info.context.require(Permission.RECOMMEND)
        out = []
        for p in sorted(HISTORY_DIR.glob("*.csv")):
            m = p.with_suffix(".mapping.yaml")
            out.append(
                ReplaySample(
                    id=strawberry.ID(p.stem),
                    records=p.read_text(encoding="utf-8"),
                    mapping=m.read_text(encoding="utf-8") if m.exists() else None,
                )
            )
        return out

    @field(description="EMKG's incidents that had teams sent, newest first.")
    async def replayable_incidents(self, info: Info, first: int = 20) -> list[ReplayableIncident]:
        info.context.require(Permission.RECOMMEND)
        rows = await replayable_incidents(info.context.runner, max(1, min(first, MAX_LISTED)))
        return [
            ReplayableIncident(
                id=strawberry.ID(r.id),
                name_zh=r.name_zh,
                name_en=r.name_en,
                opened_at=r.opened_at,
                status=r.status,
                teams=r.teams,
            )
            for r in rows
        ]


@strawberry.type
class ReplayMutation:
    @mutation(
        description="Replay past incidents in the background, read-only: what was really sent "
        "(ACTUAL) against the strategies on the same timeline, from the graph as it was at "
        "the first incident's time (team statuses from the audit trail); poll drill(id)."
    )
    async def start_replay(self, info: Info, input: StartReplayInput) -> StartDrillPayload:
        info.context.require(Permission.RECOMMEND)
        lang = request_lang(None, info.context.request)
        state = info.context.state
        timeout = max(state.settings.query_timeout_s, DRILL_QUERY_TIMEOUT_S)
        runner = CypherRunner(state.driver, state.database, timeout_s=timeout)

        def refuse(errors: list[UserError]) -> StartDrillPayload:
            return StartDrillPayload(drill=None, user_errors=errors)

        if (not input.incident_ids) == (input.records is None):
            params = {"incidentIds": "incidentIds", "records": "records"}
            return refuse([drill_error(None, "REPLAY_ONE_OF", lang, **params)])
        source = ReplaySource(
            incident_ids=tuple(str(i) for i in input.incident_ids or ()),
            records=input.records,
            mapping=input.mapping,
        )
        try:
            replay = await replay_from(runner, source)
        except ReplaySourceError as e:
            return refuse(source_errors(e, lang))
        chosen = input.strategies or [DrillStrategyEnum(s.value) for s in CHOOSING]
        strategies = [Strategy.ACTUAL] + [
            Strategy(s.value) for s in dict.fromkeys(chosen) if s is not DrillStrategyEnum.ACTUAL
        ]
        try:
            job = state.drills.start(
                runner, replay.script, strategies, seed=input.seed, source=replay.history.source,
                replay=replay,
            )  # fmt: skip
        except TooManyDrillsError:
            return refuse([drill_error(None, "DRILL_TOO_MANY", lang, max=MAX_RUNNING)])
        return StartDrillPayload(drill=drill_of(job, lang), user_errors=[])


__all__ = ["ReplayMutation", "ReplayQuery"]


document(ReplayQuery, {"replayable_incidents.first": f"How many (1..{MAX_LISTED})."})
document(ReplayMutation)
