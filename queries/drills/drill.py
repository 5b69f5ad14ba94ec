"""run_drill: one script, several strategies, one seed, against the live graph read-only.

Every strategy runs the same script with the same seed on its own overlay; the
recommender's reads are shared (queries.drills.reader). The result is plain data
(`DrillResult.as_dict`, JSON-safe) with a fingerprint over everything but wall times,
so "same script + seed + graph = same result" is checked by comparing fingerprints
(the count of graph reads is left out too: it says how the result was reached).

Example::

    result = await run_drill(runner, script, [Strategy.EMKG, Strategy.CLOSEST], seed=7)
    result.runs[0].metrics.covered_within[60]
    result.fingerprint

A replay (queries.drills.replay) is a drill too: `replay=` brings the record, the
``actual`` strategy sends what was really sent, and the statuses at the first incident's
time are read from the audit trail (queries.drills.past) before any strategy runs.
"""

from __future__ import annotations

import hashlib
import json
import statistics
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from kg.cypher import CypherRunner
from kg.embedder import Embedder
from queries.drills.engine import DrillSimulation, StrategyRun
from queries.drills.metrics import DrillMetrics, drill_metrics
from queries.drills.past import audit_since, statuses_at, team_changes
from queries.drills.reader import GraphReader, graph_version
from queries.drills.replay import IncidentComparison, Replay, compare
from queries.drills.script import DrillScript
from queries.drills.strategies import Strategy
from queries.teams import AVAILABLE_STATUSES

Progress = Callable[[float, str], None]
TIMING_KEYS = ("wallSeconds", "stepSeconds", "readSeconds", "stepMeanSeconds", "stepMaxSeconds")
# how the result was reached, not the result: left out of the fingerprint with the times
NOT_RESULT_KEYS = (*TIMING_KEYS, "graphReads")


@dataclass(frozen=True)
class StrategyResult:
    run: StrategyRun
    metrics: DrillMetrics


@dataclass(frozen=True)
class DrillResult:
    script: DrillScript
    seed: int
    graph_version: str
    runs: tuple[StrategyResult, ...]
    graph_reads: int
    read_seconds: float
    replay: Replay | None = None

    def as_dict(self) -> dict[str, Any]:
        return drill_dict(self)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.as_dict())

    def run_of(self, strategy: Strategy) -> StrategyResult | None:
        return next((r for r in self.runs if r.run.strategy is strategy), None)

    def comparisons(self) -> list[IncidentComparison]:
        """A replay with both ``actual`` and ``emkg``: per incident, what EMKG changes."""
        a, e = self.run_of(Strategy.ACTUAL), self.run_of(Strategy.EMKG)
        if self.replay is None or a is None or e is None:
            return []
        out = []
        for inc in self.script.incidents:
            out.append(
                compare(
                    inc.id,
                    [s for s in a.run.sorties if s.incident == inc.id],
                    [s for s in e.run.sorties if s.incident == inc.id],
                    [n for n in a.run.needs if n.incident == inc.id],
                    [n for n in e.run.needs if n.incident == inc.id],
                    self.replay.busy_then,
                )
            )
        return out


def _metrics_dict(m: DrillMetrics) -> dict[str, Any]:
    d = asdict(m)
    return {
        "needs": m.needs,
        "totalWeight": m.total_weight,
        "coveredWithin": {str(k): v for k, v in m.covered_within.items()},
        "coveredAtEnd": m.covered_at_end,
        "meanMinutesToFirstUnit": m.mean_minutes_to_first_unit,
        "medianMinutesToFirstUnit": m.median_minutes_to_first_unit,
        "unmetByKind": [
            {
                "capability": u["capability"],
                "nameZh": u["name_zh"],
                "nameEn": u["name_en"],
                "count": u["count"],
                "weight": u["weight"],
            }
            for u in d["unmet_by_kind"]
        ],
        "teamsExhausted": m.teams_exhausted,
        "teamsUsed": m.teams_used,
        "sorties": m.sorties,
        "totalTravelKm": m.total_travel_km,
        "totalTravelMinutes": m.total_travel_minutes,
        "series": [
            {"minute": p.minute, "covered": p.covered, "teamsOut": p.teams_out} for p in m.series
        ],
    }


def _camel(d: dict[str, Any]) -> dict[str, Any]:
    def c(k: str) -> str:
        head, *rest = k.split("_")
        return head + "".join(p.title() for p in rest)

    return {c(k): v for k, v in d.items()}


def run_dict(r: StrategyResult) -> dict[str, Any]:
    run = r.run
    steps = run.step_seconds
    return {
        "strategy": run.strategy.value,
        "metrics": _metrics_dict(r.metrics),
        "incidents": [_camel(asdict(i)) for i in run.incidents],
        "needs": [
            {**_camel(asdict(n)), "minutesToFirstUnit": n.minutes_to_first_unit} for n in run.needs
        ],
        "sorties": [_camel(asdict(s)) for s in run.sorties],
        "exhausted": list(run.exhausted),
        "notes": run.notes,
        "decisions": run.decisions,
        "wallSeconds": round(run.wall_seconds, 3),
        "stepSeconds": [round(s, 4) for s in steps],
        "stepMeanSeconds": round(statistics.fmean(steps), 4) if steps else 0.0,
        "stepMaxSeconds": round(max(steps), 4) if steps else 0.0,
    }


def replay_dict(r: DrillResult) -> dict[str, Any] | None:
    if r.replay is None:
        return None
    return {
        "source": r.replay.history.source,
        "start": r.replay.start.isoformat(),
        "busyThen": sorted(r.replay.busy_then),
        "freeThen": len(r.replay.free_then),
        "comparisons": [
            {
                "incident": c.incident,
                "kept": list(c.kept),
                "added": [_verdict(v) for v in c.added],
                "dropped": [_verdict(v) for v in c.dropped],
                "meanFirstUnitActual": c.first_unit_actual,
                "meanFirstUnitEmkg": c.first_unit_emkg,
            }
            for c in r.comparisons()
        ],
    }


def _verdict(v: Any) -> dict[str, Any]:
    return {
        "team": v.team,
        "nameZh": v.name_zh,
        "nameEn": v.name_en,
        "arrives": v.arrives,
        "covers": list(v.covers),
        "reasons": [{"code": x.code, "params": [[k, _param(p)] for k, p in x.params]}
                    for x in v.reasons],
    }  # fmt: skip


def _param(p: Any) -> Any:
    if isinstance(p, tuple):
        return [c.id for c in p]
    return p


def drill_dict(r: DrillResult) -> dict[str, Any]:
    s = r.script
    return {
        "script": {
            "id": s.id,
            "nameZh": s.name.zh,
            "nameEn": s.name.en,
            "durationMinutes": s.duration_minutes,
        },
        "seed": r.seed,
        "graphVersion": r.graph_version,
        "graphReads": r.graph_reads,
        "readSeconds": round(r.read_seconds, 3),
        "runs": [run_dict(x) for x in r.runs],
        "replay": replay_dict(r),
    }


def fingerprint(d: dict[str, Any]) -> str:
    """sha256 of the result without its wall times and read count (what must repeat)."""

    def strip(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k not in NOT_RESULT_KEYS}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x

    text = json.dumps(strip(d), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


async def run_drill(
    runner: CypherRunner,
    script: DrillScript,
    strategies: Sequence[Strategy],
    *,
    seed: int,
    embedder: Embedder | None = None,
    on_progress: Progress | None = None,
    replay: Replay | None = None,
    shared_supply: bool = True,
) -> DrillResult:
    """Run `script` once per strategy (same seed), read-only against the graph.
    `shared_supply=False`: read the graph for every pool (the way before; see reader)."""
    version = await graph_version(runner)
    reader = GraphReader(runner, embedder, shared_supply=shared_supply)
    if Strategy.ACTUAL in strategies and replay is None:
        raise ValueError("the 'actual' strategy needs a replay's record of what was sent")
    if replay is not None:
        replay = await with_past_statuses(reader, replay)
    results = []
    n = len(strategies)
    for k, strategy in enumerate(strategies):

        def step(fraction: float, k: int = k, name: str = strategy.value) -> None:
            if on_progress is not None:
                on_progress((k + fraction) / n, name)

        sim = DrillSimulation(
            script, strategy, seed=seed, reader=reader, on_progress=step, replay=replay
        )
        run = await sim.run()
        m = drill_metrics(run.needs, run.sorties, run.exhausted, end=script.duration_minutes)
        results.append(StrategyResult(run, m))
    if on_progress is not None:
        on_progress(1.0, "done")
    return DrillResult(
        script=script,
        seed=seed,
        graph_version=version,
        runs=tuple(results),
        graph_reads=reader.reads,
        read_seconds=reader.read_seconds,
        replay=replay,
    )


async def with_past_statuses(reader: GraphReader, replay: Replay) -> Replay:
    """The replay with the teams busy and free at its start, from the audit trail."""
    changes = team_changes(await audit_since(reader.runner, replay.start))
    then = statuses_at(changes, replay.start)
    free = set(AVAILABLE_STATUSES)
    return replace(
        replay,
        busy_then=frozenset(t for t, st in then.items() if st not in free),
        free_then=frozenset(t for t, st in then.items() if st in free),
    )
