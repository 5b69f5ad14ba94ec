"""The candidate supply around a scene, read once per drill, and the pool it leaves.

A drill asks the recommender's candidate question (queries.teams.candidate_teams: the
fastest CANDIDATE_LIMIT sendable teams within reach holding a need, and for each need
none of them holds its fastest holders at any distance) again and again at the same
scene, each time with the teams it has taken itself excluded (committed, resting, held
back; engine.DrillSimulation.excluded, at most MAX_EXCLUDED of them). Those answers
differ only in the excluded teams, so one deeper read answers them all:

- ``candidates``: the fastest ``limit + margin`` teams in reach holding a need, in the
  query's order (ETA, then id). Without the excluded teams, its first ``limit`` are the
  fastest ``limit`` the question would return, as long as ``limit`` of them are left
  (always, when no more than ``margin`` of them are excluded) or the read was not cut;
- ``holders``: per need (all of them, not only those the first candidates lack), the
  first FILL_PER_CAPABILITY + ``holder_margin`` teams the fill-in part of the query
  looks at (a rare capability: its fastest holders at any distance; a common one: its
  fastest holders among the teams nearest the scene, a set that does not depend on
  exclusions), so the first FILL_PER_CAPABILITY of them left are the fill-in's answer.

`Supply.without(exclude)` gives that answer ``(found, fill)`` in the query's order, or
None when the supply is too shallow to be sure: then the reader reads a deeper one
(DEEP_MARGIN: enough for any exclusion set a drill makes), and only if that is not
enough either asks the graph the question itself. The margins are sized on the
national benchmark drill (at most 40 of a scene's candidates and 16 of a need's
holders excluded at once) so the first read nearly always answers. The derived answer
is the graph's answer: tests/integration/drills/test_supply.py compares them.

Example::

    needs = await scenario_needs(runner, scenario)
    supply = await read_supply(runner, needs)
    found, fill = supply.without({"T-SC-0098"})
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import LiteralString

from kg.cypher import CypherRunner
from queries.collected import collected_rows
from queries.models import CandidateTeam
from queries.recommend import ScenarioNeeds
from queries.teams import (
    CANDIDATE_LIMIT,
    EVERY_NEED,
    FILL_PER_CAPABILITY,
    candidate_params,
    candidate_query,
    split_candidates,
)

MAX_EXCLUDED = 200  # the most teams a drill excludes in one read (engine.excluded)
SUPPLY_MARGIN = 60  # candidates read past the limit (a drill's teams among them: <= 40)
HOLDER_MARGIN = 20  # holders read past the fill-in's per need (a drill's among them: <= 16)
DEEP_MARGIN = MAX_EXCLUDED  # the second read, when the first was too shallow

# queries.teams.CANDIDATE_TEAMS with the fill-in looked up for every need.
SUPPLY: LiteralString = candidate_query(EVERY_NEED)

Found = tuple[list[CandidateTeam], dict[str, list[CandidateTeam]]]


@dataclass(frozen=True)
class Supply:
    """The deeper candidate read of one scene (see the module docstring)."""

    needs: ScenarioNeeds
    candidates: tuple[CandidateTeam, ...]  # fastest first
    holders: Mapping[str, tuple[CandidateTeam, ...]]  # per need, in the fill-in's order
    limit: int
    margin: int
    holder_margin: int

    def without(self, exclude: Collection[str]) -> Found | None:
        """candidate_teams' answer with `exclude` also excluded; None if unsure."""
        out = set(exclude)
        kept = [c for c in self.candidates if c.team.id not in out]
        if len(self.candidates) >= self.limit + self.margin and len(kept) < self.limit:
            return None  # the read was cut and too many of it are excluded
        found = kept[: self.limit]
        held = {cid for c in found for cid, _ in c.capabilities}
        fill: dict[str, list[CandidateTeam]] = {}
        for cid, teams in self.holders.items():
            if cid in held:
                continue
            left = [c for c in teams if c.team.id not in out]
            cut = len(teams) >= FILL_PER_CAPABILITY + self.holder_margin
            if cut and len(left) < FILL_PER_CAPABILITY:
                return None
            if left:
                fill[cid] = left[:FILL_PER_CAPABILITY]
        return found, fill


async def read_supply(
    runner: CypherRunner,
    needs: ScenarioNeeds,
    *,
    limit: int = CANDIDATE_LIMIT,
    margin: int = SUPPLY_MARGIN,
    holder_margin: int = HOLDER_MARGIN,
) -> Supply:
    """One read of the supply around `needs`' scene: `margin` candidates past `limit`,
    `holder_margin` holders per need past the fill-in's."""
    caps = needs.capability_ids
    if not caps:
        return Supply(needs, (), {}, limit, margin, holder_margin)
    params = candidate_params(
        needs.scenario.location,
        caps,
        needs.hazard_ids,
        max_minutes=needs.max_minutes,
        exclude=needs.exclude,
        limit=limit + margin,
        per_capability=FILL_PER_CAPABILITY + holder_margin,
    )
    candidates, holders = split_candidates(await collected_rows(runner, SUPPLY, params))
    by_need = {k: tuple(v) for k, v in holders.items()}
    return Supply(needs, tuple(candidates), by_need, limit, margin, holder_margin)
