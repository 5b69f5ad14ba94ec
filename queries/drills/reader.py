"""The sandbox's only way to the live graph: the recommender's reads, never a write.

`GraphReader` hands the simulation the recommender's prepared scenarios
(queries.recommend.prepare_scenario: needs, scored candidates) through a runner that
refuses writes, and keeps them for the whole drill: the strategies of one drill read
the same graph state, so an incident at a given level and set of hazards is read once
and shared by all of them. The overlay of each strategy (teams it committed) filters
the shared pool; only when the pool was cut at the recommender's candidate limit and
the overlay leaves a need without holders is the graph read again past the drill's own
teams (`exclude_teams`).

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

from collections.abc import Awaitable, Callable, Iterable
from typing import Any, LiteralString, NoReturn, TypeVar

from kg.cypher import CypherRunner
from kg.embedder import Embedder
from kg.errors import EmkgError
from queries.drills.past import teams_by_id
from queries.models import CandidateTeam, Scenario
from queries.recommend import PreparedScenario, prepare_scenario
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
    def __init__(self, runner: CypherRunner, embedder: Embedder | None = None) -> None:
        self.runner = read_only(runner)
        self.embedder = embedder
        self.cache: dict[Scenario, PreparedScenario] = {}
        self.team_cache: dict[tuple[Scenario, str], CandidateTeam | None] = {}
        self.wider: dict[Scenario, tuple[dict[str, CandidateTeam], dict[str, float]]] = {}
        self.reads = 0
        self.read_seconds = 0.0

    async def prepared(self, s: Scenario) -> PreparedScenario:
        if s not in self.cache:
            import time

            t0 = time.perf_counter()
            self.cache[s] = await prepare_scenario(self.runner, s, embedder=self.embedder)
            self.reads += 1
            self.read_seconds += time.perf_counter() - t0
        return self.cache[s]

    async def teams(self, p: PreparedScenario, ids: Iterable[str]) -> dict[str, CandidateTeam]:
        """Teams by id as candidates for p's scene (needed capabilities held, ETA)."""
        want = sorted(set(ids))
        todo = [t for t in want if (p.scenario, t) not in self.team_cache]
        if todo:
            import time

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
