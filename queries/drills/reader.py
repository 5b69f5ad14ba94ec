"""The sandbox's only way to the live graph: the recommender's reads, never a write.

`GraphReader` hands the simulation the recommender's prepared scenarios (needs, scored
candidates: queries.recommend.PreparedScenario) through a runner that refuses writes,
and keeps them for the whole drill: the strategies of one drill read the same graph
state, so an incident at a given level and set of hazards is read once and shared by
all of them. The overlay of each strategy (teams it committed) filters the shared pool;
when the pool was cut at the recommender's candidate limit and the overlay leaves a
need without holders, the drill asks for the pool past its own teams (`exclude_teams`).

What is read once per scene is its needs (queries.recommend.scenario_needs) and a
deeper candidate supply (queries.drills.supply); every pool the drill asks for at that
scene, with or without teams excluded, is derived from them, the same pool
`prepare_scenario` would read (experts and equipment stock, which a drill does not use,
are not read). A supply too shallow for an exclusion set is read again deeper; only if
that is not enough either is the question sent to the graph.
`GraphReader(..., shared_supply=False)` asks the graph every time instead
(`prepare_scenario`): the way before, kept to compare with.

Replays read two more things, both cached: teams by id (`teams`: the teams a record
sent, wherever they are and whatever their status today) and the pool widened by the
teams free at the replay's start but busy today (`with_teams`), scored as the
recommender scores its own candidates.

`graph_version` names the graph state a drill read (the newest audit entry, the team
count, the count of available teams), saved with the drill so a re-run can say
whether the graph has changed since.

Example::

    reader = GraphReader(runner)
    p = await reader.prepared(scenario)
    version = await graph_version(runner)
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import replace
from typing import Any, LiteralString, NoReturn, TypeVar

from kg.cypher import CypherRunner
from kg.embedder import Embedder
from kg.errors import EmkgError
from queries.drills.past import teams_by_id
from queries.drills.supply import DEEP_MARGIN, Supply, read_supply
from queries.models import CandidateTeam, Scenario
from queries.recommend import (
    PreparedScenario,
    prepare_scenario,
    prepared_scenario,
    scenario_needs,
    validate_scenario,
)
from queries.scoring import score_candidate, score_of
from queries.teams import AVAILABLE_STATUSES, CANDIDATE_LIMIT

T = TypeVar("T")

GRAPH_VERSION: LiteralString = """
CALL () { MATCH (t:Team) WHERE NOT coalesce(t.retired, false)
          RETURN count(t) AS teams, count(CASE WHEN t.status IN $free THEN 1 END) AS free }
CALL () { OPTIONAL MATCH (e:AuditEntry) RETURN max(e.id) AS audit }
RETURN teams, free, audit
"""


class DrillWriteError(EmkgError):
    """A drill tried to write to the graph: a defect, never the user's fault."""


class ReadOnlyRunner(CypherRunner):
    """A CypherRunner whose writes raise: the sandbox's guarantee in code."""

    async def write(self, work: Callable[[Any], Awaitable[T]]) -> NoReturn:
        raise DrillWriteError("a drill runs read-only against the live graph; it tried to write")


def read_only(runner: CypherRunner) -> ReadOnlyRunner:
    return ReadOnlyRunner(runner.driver, runner.database, timeout_s=runner.timeout_s)


class GraphReader:
    def __init__(
        self, runner: CypherRunner, embedder: Embedder | None = None, *, shared_supply: bool = True
    ) -> None:
        self.runner = read_only(runner)
        self.embedder = embedder
        self.shared_supply = shared_supply
        self.cache: dict[Scenario, PreparedScenario] = {}
        self.supplies: dict[Scenario, Supply] = {}
        self.team_cache: dict[tuple[Scenario, str], CandidateTeam | None] = {}
        self.wider: dict[Scenario, tuple[dict[str, CandidateTeam], dict[str, float]]] = {}
        self.reads = 0
        self.read_seconds = 0.0
        self.derived = 0  # pools derived from a supply instead of read

    async def prepared(self, s: Scenario) -> PreparedScenario:
        """The recommender's needs and scored pool for `s` (its `exclude_teams` left out)."""
        if s not in self.cache:
            self.cache[s] = await (self._derive(s) if self.shared_supply else self._read(s))
        return self.cache[s]

    async def _read(self, s: Scenario) -> PreparedScenario:
        t0 = time.perf_counter()
        p = await prepare_scenario(self.runner, s, embedder=self.embedder)
        self.reads += 1
        self.read_seconds += time.perf_counter() - t0
        return p

    async def _derive(self, s: Scenario) -> PreparedScenario:
        validate_scenario(s)
        scene = replace(s, exclude_teams=())
        if scene not in self.supplies:
            t0 = time.perf_counter()
            needs = await scenario_needs(self.runner, scene, embedder=self.embedder)
            self.supplies[scene] = await read_supply(self.runner, needs)
            self.reads += 1
            self.read_seconds += time.perf_counter() - t0
        supply = self.supplies[scene]
        found = supply.without(s.exclude_teams)
        if found is None and supply.margin < DEEP_MARGIN:
            t0 = time.perf_counter()
            supply = await read_supply(
                self.runner, supply.needs, margin=DEEP_MARGIN, holder_margin=DEEP_MARGIN
            )
            self.supplies[scene] = supply
            self.reads += 1
            self.read_seconds += time.perf_counter() - t0
            found = supply.without(s.exclude_teams)
        if found is None:
            return await self._read(s)
        self.derived += 1
        exclude = tuple(sorted(set(s.exclude_teams)))
        return prepared_scenario(replace(supply.needs, scenario=s, exclude=exclude), *found)

    async def teams(self, p: PreparedScenario, ids: Iterable[str]) -> dict[str, CandidateTeam]:
        """Teams by id as candidates for p's scene (needed capabilities held, ETA)."""
        want = sorted(set(ids))
        todo = [t for t in want if (p.scenario, t) not in self.team_cache]
        if todo:
            t0 = time.perf_counter()
            caps = [n.capability.id for n in p.needs]
            found = await teams_by_id(self.runner, todo, p.scenario.location, caps)
            self.reads += 1
            self.read_seconds += time.perf_counter() - t0
            for t in todo:
                self.team_cache[(p.scenario, t)] = found.get(t)
        return {t: c for t in want if (c := self.team_cache[(p.scenario, t)]) is not None}

    async def with_teams(
        self, p: PreparedScenario, ids: Iterable[str]
    ) -> tuple[dict[str, CandidateTeam], dict[str, float]]:
        """p's pool and scores, with the teams `ids` that are in reach and hold a need."""
        if p.scenario not in self.wider:
            pool, scored = dict(p.pool), dict(p.scored)
            plan_teams = {t for x in p.plans for t in x.prescribed_teams}
            plan_types = {t for x in p.plans for t in x.prescribed_team_types}
            for tid, c in (await self.teams(p, [i for i in ids if i not in pool])).items():
                if c.capabilities and c.eta_minutes <= p.max_minutes:
                    pool[tid] = c
                    b = score_candidate(
                        c, list(p.needs), max_minutes=p.max_minutes,
                        plan_teams=plan_teams, plan_types=plan_types,
                    )  # fmt: skip
                    scored[tid] = score_of(b)
            self.wider[p.scenario] = (pool, scored)
        return self.wider[p.scenario]

    @staticmethod
    def truncated(p: PreparedScenario) -> bool:
        """Whether the candidate query stopped at its limit (more teams were in reach)."""
        return len(p.pool) >= CANDIDATE_LIMIT


async def graph_version(runner: CypherRunner) -> str:
    rows = await runner.read(GRAPH_VERSION, free=list(AVAILABLE_STATUSES))
    r = rows[0] if rows else {"teams": 0, "free": 0, "audit": None}
    return f"audit={r['audit'] or 'none'};teams={r['teams']};available={r['free']}"
