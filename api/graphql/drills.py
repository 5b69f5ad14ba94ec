"""Drills over GraphQL: `startDrill(input)` runs a scenario script in the background;
`drill(id)` answers its progress and, when done, each strategy's metrics and the
timeline the UI replays; `drillScripts` lists the shipped scripts.

A drill reads the live graph and never writes (queries.drills). Errors in the script
come back as `userErrors`, one per problem, with the line and field.

Example::

    mutation { startDrill(input: {scriptId: "earthquake_luding", seed: 7,
                                  strategies: [EMKG, CLOSEST, RANDOM]}) {
        drill { id status progress } userErrors { field message } } }
    query { drill(id: "DRILL-...") { status progress results { strategy coveredWithin60 } } }
"""

from __future__ import annotations

import datetime
import json
from enum import Enum
from typing import Any

import strawberry

from api.auth import Permission
from api.drill_jobs import (
    DRILL_QUERY_TIMEOUT_S,
    MAX_RUNNING,
    DrillJob,
    DrillStatus,
    TooManyDrillsError,
)
from api.graphql.context import Info
from api.graphql.drills_comparison import DrillReplay, replay_of_result
from api.graphql.drills_timeline import DrillTimeline, timeline_of
from api.graphql.enums import describe_values
from api.graphql.fields import document, field, mutation
from api.graphql.reasons import Reason, request_lang
from api.graphql.user_errors import UserError, UserErrorCode
from api.messages import Lang, render
from kg.cypher import CypherRunner
from kg.errors import UserInputError
from queries import models as m
from queries.drills import CHOOSING, ScriptError, Strategy, load_script, parse_script
from queries.drills.engine import StrategyRun
from queries.drills.script import MAX_SCRIPT_BYTES, shipped_script, shipped_scripts


@strawberry.enum(name="DrillStrategy", description="A dispatch strategy a drill compares.")
class DrillStrategyEnum(Enum):
    EMKG = "emkg"  # EMKG's recommender, or its allocator when several incidents wait
    CLOSEST = "closest"  # the closest available unit with the capability (classic CAD)
    RANDOM = "random"  # a random team among those in reach with the capability (seeded)
    ACTUAL = "actual"  # a replay's record: what was really sent


@strawberry.enum(name="DrillStatus", description="Where a drill is.")
class DrillStatusEnum(Enum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


describe_values(
    DrillStrategyEnum,
    {
        "EMKG": "EMKG's recommender, or its allocator when several incidents wait.",
        "CLOSEST": "The closest available unit with the capability (classic dispatch rule).",
        "RANDOM": "A random team in reach with the capability (seeded).",
        "ACTUAL": "Replays only: what was really sent to the past incidents, when it was sent.",
    },
)
describe_values(
    DrillStatusEnum,
    {
        "RUNNING": "Still running (see progress).",
        "DONE": "Finished: the results are in.",
        "FAILED": "Stopped by an error (see error).",
        "CANCELLED": "Cancelled: the server shut down while it ran (start it again).",
    },
)


@strawberry.input(description="What to drill: a shipped script or a script's YAML text.")
class StartDrillInput:
    script_id: str | None = strawberry.field(
        default=None, description="A shipped script's id (see drillScripts)."
    )
    script: str | None = strawberry.field(
        default=None, description=f"A script's YAML text (at most {MAX_SCRIPT_BYTES} bytes)."
    )
    strategies: list[DrillStrategyEnum] | None = strawberry.field(
        default=None, description="Strategies to compare (default EMKG, CLOSEST, RANDOM)."
    )
    seed: int = strawberry.field(default=1, description="The seed of the random strategy.")


@strawberry.type(description="A shipped scenario script.")
class DrillScriptInfo:
    id: strawberry.ID = strawberry.field(description="The script's id (its file name).")
    name_zh: str = strawberry.field(description="Chinese name.")
    name_en: str = strawberry.field(description="English name.")
    description_zh: str | None = strawberry.field(description="Chinese description.")
    description_en: str | None = strawberry.field(description="English description.")
    duration_hours: float = strawberry.field(description="How long the drill runs (hours).")
    incidents: int = strawberry.field(description="How many incidents the script opens.")
    text: str = strawberry.field(description="The script's YAML text.")


@strawberry.type(description="A capability left unmet by the end of a drill.")
class DrillUnmetNeed:
    capability: strawberry.ID = strawberry.field(description="Capability id.")
    name_zh: str = strawberry.field(description="Chinese name.")
    name_en: str = strawberry.field(description="English name.")
    count: int = strawberry.field(description="Needs of this capability never met.")
    weight: float = strawberry.field(description="Their weights added up.")


@strawberry.type(description="A point of a drill's metrics over time.")
class DrillSeriesPoint:
    minute: float = strawberry.field(description="Minutes from the drill's start.")
    covered: float = strawberry.field(
        description="Weighted share (0..1) of the needs arisen so far with a unit on scene."
    )
    teams_out: int = strawberry.field(description="Teams out (travelling, working, returning).")


@strawberry.type(description="One strategy's metrics in a drill.")
class DrillStrategyResult:
    strategy: DrillStrategyEnum = strawberry.field(description="The strategy.")
    needs: int = strawberry.field(description="Needs that arose (weight >= relevance floor).")
    covered_within30: float = strawberry.field(
        description="Weighted share (0..1) of needs met within 30 minutes of arising."
    )
    covered_within60: float = strawberry.field(description="The same within 60 minutes.")
    covered_within120: float = strawberry.field(description="The same within 120 minutes.")
    covered_at_end: float = strawberry.field(description="Weighted share met by the end.")
    mean_minutes_to_first_unit: float | None = strawberry.field(
        description="Mean minutes from a need arising to its first unit on scene (met needs)."
    )
    median_minutes_to_first_unit: float | None = strawberry.field(description="Median of the same.")
    unmet: list[DrillUnmetNeed] = strawberry.field(description="Needs never met, by capability.")
    teams_exhausted: int = strawberry.field(description="Teams rested after a full shift.")
    teams_used: int = strawberry.field(description="Distinct teams sent.")
    sorties: int = strawberry.field(description="Teams sent, counting each sending.")
    total_travel_km: float = strawberry.field(description="Kilometres out and back.")
    total_travel_minutes: float = strawberry.field(description="Minutes out and back.")
    decisions: int = strawberry.field(description="Decisions that sent at least one team.")
    wall_seconds: float = strawberry.field(description="Wall time of this strategy's run.")
    step_mean_seconds: float = strawberry.field(description="Mean wall time of a decision.")
    series: list[DrillSeriesPoint] = strawberry.field(description="Every 30 minutes.")
    timeline: DrillTimeline = strawberry.field(
        description="What it did minute by minute: incidents, needs, sorties, the script's "
        "events (what the drill view replays)."
    )


@strawberry.type(description="A drill: its progress, and when done its results.")
class Drill:
    id: strawberry.ID = strawberry.field(description="The drill's id.")
    status: DrillStatusEnum = strawberry.field(description="Running, done or failed.")
    progress: float = strawberry.field(description="0..1 over all strategies.")
    current_strategy: str | None = strawberry.field(description="The strategy running now.")
    script_id: str = strawberry.field(description="The script's id.")
    name_zh: str = strawberry.field(description="The script's Chinese name.")
    name_en: str = strawberry.field(description="The script's English name.")
    duration_minutes: float = strawberry.field(description="How long the drill runs (minutes).")
    seed: int = strawberry.field(description="The seed.")
    started_at: datetime.datetime = strawberry.field(description="When it started.")
    finished_at: datetime.datetime | None = strawberry.field(description="When it ended.")
    error: str | None = strawberry.field(description="Why it failed (failed only).")
    graph_version: str | None = strawberry.field(description="The graph state it read.")
    fingerprint: str | None = strawberry.field(
        description="The sha256 of the result without wall times: equal for the same script, "
        "seed and graph."
    )
    results: list[DrillStrategyResult] = strawberry.field(description="Per strategy (done).")
    replay: DrillReplay | None = strawberry.field(
        description="A replay of past incidents (startReplay): what it replayed, the graph "
        "state it reconstructed and, per incident, EMKG against the actual dispatch."
    )
    replay_json: str | None = strawberry.field(
        description="The whole result as one JSON text (kept one release for old clients).",
        deprecation_reason="Use results { timeline { incidents needs sorties events } } and "
        "replay, which are typed.",
    )


@strawberry.type(description="The drill started, or what was wrong with the input.")
class StartDrillPayload:
    drill: Drill | None = strawberry.field(description="The drill (null when refused).")
    user_errors: list[UserError] = strawberry.field(description="Problems with the input.")


def _result(r: dict[str, Any], run: StrategyRun) -> DrillStrategyResult:
    mt = r["metrics"]
    return DrillStrategyResult(
        strategy=DrillStrategyEnum(r["strategy"]),
        needs=mt["needs"],
        covered_within30=mt["coveredWithin"]["30"],
        covered_within60=mt["coveredWithin"]["60"],
        covered_within120=mt["coveredWithin"]["120"],
        covered_at_end=mt["coveredAtEnd"],
        mean_minutes_to_first_unit=mt["meanMinutesToFirstUnit"],
        median_minutes_to_first_unit=mt["medianMinutesToFirstUnit"],
        unmet=[
            DrillUnmetNeed(
                capability=strawberry.ID(u["capability"]),
                name_zh=u["nameZh"],
                name_en=u["nameEn"],
                count=u["count"],
                weight=u["weight"],
            )
            for u in mt["unmetByKind"]
        ],
        teams_exhausted=mt["teamsExhausted"],
        teams_used=mt["teamsUsed"],
        sorties=mt["sorties"],
        total_travel_km=mt["totalTravelKm"],
        total_travel_minutes=mt["totalTravelMinutes"],
        decisions=r["decisions"],
        wall_seconds=r["wallSeconds"],
        step_mean_seconds=r["stepMeanSeconds"],
        series=[
            DrillSeriesPoint(minute=p["minute"], covered=p["covered"], teams_out=p["teamsOut"])
            for p in mt["series"]
        ],
        timeline=timeline_of(run),
    )


def drill_of(job: DrillJob, lang: Lang = "zh") -> Drill:
    d, result = job.result_dict, job.result
    return Drill(
        id=strawberry.ID(job.id),
        status=DrillStatusEnum(job.status.value),
        progress=job.progress,
        current_strategy=job.current,
        script_id=job.script.id,
        name_zh=job.script.name.zh,
        name_en=job.script.name.en,
        duration_minutes=job.script.duration_minutes,
        seed=job.seed,
        started_at=job.started_at,
        finished_at=job.finished_at,
        error=job.error,
        graph_version=job.result.graph_version if job.result else None,
        fingerprint=job.result.fingerprint if job.result else None,
        results=(
            [_result(r, x.run) for r, x in zip(d["runs"], result.runs, strict=True)]
            if d and result
            else []
        ),
        replay=replay_of_result(result, lang) if result else None,
        replay_json=json.dumps(d, ensure_ascii=False) if d else None,
    )


def drill_error(at: str | None, code: str, lang: Lang, **params: m.ParamValue) -> UserError:
    reason = m.Reason.of(code, **params)
    return UserError(
        field=at,
        message=render(reason, lang),
        code=UserErrorCode.INVALID,
        detail=Reason.of(reason, lang),
    )


def script_errors(e: ScriptError, lang: Lang) -> list[UserError]:
    return [
        drill_error(
            "script",
            "DRILL_SCRIPT_PROBLEM",
            lang,
            line=p.line or 0,
            field=p.field or "-",
            problem=p.message,
        )
        for p in e.problems
    ]


@strawberry.type
class DrillQuery:
    @field(description="A drill started with startDrill (null: unknown id).")
    def drill(self, info: Info, id: strawberry.ID) -> Drill | None:
        info.context.require(Permission.RECOMMEND)
        job = info.context.state.drills.get(str(id))
        lang = request_lang(None, info.context.request)
        return drill_of(job, lang) if job is not None else None

    @field(description="The shipped scenario scripts (Sichuan demo province).")
    def drill_scripts(self, info: Info) -> list[DrillScriptInfo]:
        info.context.require(Permission.RECOMMEND)
        out = []
        for p in shipped_scripts():
            s = load_script(p)
            out.append(
                DrillScriptInfo(
                    id=strawberry.ID(s.id),
                    name_zh=s.name.zh,
                    name_en=s.name.en,
                    description_zh=s.description.zh if s.description else None,
                    description_en=s.description.en if s.description else None,
                    duration_hours=s.duration_hours,
                    incidents=len(s.incidents),
                    text=p.read_text(encoding="utf-8"),
                )
            )
        return out


@strawberry.type
class DrillMutation:
    @mutation(
        description="Run a scenario script in the background, read-only against the live "
        "graph, once per strategy with the same seed; poll drill(id) for progress."
    )
    def start_drill(self, info: Info, input: StartDrillInput) -> StartDrillPayload:
        info.context.require(Permission.RECOMMEND)
        lang = request_lang(None, info.context.request)
        if (input.script_id is None) == (input.script is None):
            return StartDrillPayload(
                drill=None,
                user_errors=[
                    drill_error(
                        None, "DRILL_SCRIPT_ONE_OF", lang, scriptId="scriptId", script="script"
                    )
                ],
            )
        try:
            if input.script_id is not None:
                path = shipped_script(input.script_id)
                script, source = load_script(path), path.name
            else:
                script, source = parse_script(input.script or "", "script"), "script"
        except ScriptError as e:
            return StartDrillPayload(drill=None, user_errors=script_errors(e, lang))
        except UserInputError:
            have = ", ".join(p.stem for p in shipped_scripts())
            err = drill_error(
                "scriptId", "DRILL_SCRIPT_UNKNOWN", lang, value=input.script_id or "", choices=have
            )
            return StartDrillPayload(drill=None, user_errors=[err])
        chosen = input.strategies or [DrillStrategyEnum(s.value) for s in CHOOSING]
        if DrillStrategyEnum.ACTUAL in chosen:
            replay = "startReplay"
            err = drill_error("strategies", "DRILL_ACTUAL_REPLAY_ONLY", lang, mutation=replay)
            return StartDrillPayload(drill=None, user_errors=[err])
        strategies = list(dict.fromkeys(Strategy(s.value) for s in chosen))
        state = info.context.state
        # the drill outlives the request: its own runner on the lifespan's driver, with a
        # longer query limit (background work: a slow read must not end a whole drill)
        timeout = max(state.settings.query_timeout_s, DRILL_QUERY_TIMEOUT_S)
        runner = CypherRunner(state.driver, state.database, timeout_s=timeout)
        try:
            job = state.drills.start(runner, script, strategies, seed=input.seed, source=source)
        except TooManyDrillsError:
            err = drill_error(None, "DRILL_TOO_MANY", lang, max=MAX_RUNNING)
            return StartDrillPayload(drill=None, user_errors=[err])
        return StartDrillPayload(drill=drill_of(job, lang), user_errors=[])


__all__ = ["DrillMutation", "DrillQuery", "DrillStatus"]


document(DrillQuery, {"drill.id": "The id startDrill returned."})
document(DrillMutation)
