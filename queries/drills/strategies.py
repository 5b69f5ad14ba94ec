"""Dispatch strategies compared in a drill (pure): who is sent where at a decision.

- ``emkg``: EMKG's own choice. One incident waiting: the recommender's selection
  (queries.recommend.selection_input + queries.selection.select_package: weighted set
  cover, level fit, score, then local search). Several: the multi-incident allocator
  (queries.allocation.solve.choose_plan: HiGHS over all of them, greedy as fallback).
- ``closest``: the classic computer-aided-dispatch rule. Incidents in the order they
  opened; per incident the needs by weight (then id); for each unit still short, the
  available candidate with the least ETA that holds the capability.
- ``random``: a random-feasible baseline: the same loop, but a team drawn at random
  (seeded) among the available candidates within reach that hold the capability.
- ``actual``: replays only (queries.drills.replay): what was really sent, at the recorded
  times; it never chooses (the engine sends the recorded teams).

All three see the same candidates (the recommender's pool through the sandbox's overlay),
the same needs and the same team limits; only the choice differs.

Example::

    plan = choose("closest", [waiting], rng=random.Random(7), time_limit=2.0)
    plan["EQ-1"]     # ["T-SC-0098", "T-SC-0167"]
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from queries.allocation.problem import IncidentNeeds
from queries.allocation.solve import choose_plan
from queries.models import CandidateTeam, CapabilityNeed
from queries.recommend import selection_input
from queries.selection import select_package


class Strategy(StrEnum):
    EMKG = "emkg"
    CLOSEST = "closest"
    RANDOM = "random"
    ACTUAL = "actual"  # a replay's record of what was really sent


CHOOSING = (Strategy.EMKG, Strategy.CLOSEST, Strategy.RANDOM)  # those that choose teams


@dataclass(frozen=True)
class Waiting:
    """One incident at a decision: its needs still short (units = those missing), the
    candidates the overlay lets through, their scores, and how many teams it may still get."""

    incident: str
    needs: tuple[CapabilityNeed, ...]
    pool: Mapping[str, CandidateTeam]
    scored: Mapping[str, float]
    teams_left: int
    max_minutes: float


def parse_strategies(text: str) -> list[Strategy]:
    """ "emkg,closest" -> [EMKG, CLOSEST]; ValueError naming the choices otherwise."""
    out: list[Strategy] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            s = Strategy(part)
        except ValueError:
            choices = ", ".join(s.value for s in Strategy)
            raise ValueError(f"unknown strategy '{part}'; choose from {choices}") from None
        if s not in out:
            out.append(s)
    if not out:
        raise ValueError("give at least one strategy: emkg, closest, random")
    if Strategy.ACTUAL in out:
        raise ValueError("'actual' is what was really sent: only a replay has it (emkg replay)")
    return out


def choose(
    strategy: Strategy,
    waiting: Sequence[Waiting],
    *,
    rng: random.Random,
    time_limit: float,
) -> dict[str, list[str]]:
    """Incident -> team ids to send now (no team twice)."""
    live = [w for w in waiting if w.teams_left > 0 and w.needs and w.pool]
    if not live or strategy is Strategy.ACTUAL:
        return {}
    if strategy is Strategy.EMKG:
        return _emkg(live, time_limit)
    return _by_need(live, rng if strategy is Strategy.RANDOM else None)


def _emkg(waiting: Sequence[Waiting], time_limit: float) -> dict[str, list[str]]:
    inputs = []
    for w in waiting:
        specs, options = selection_input(w.needs, w.pool, w.scored)
        inputs.append(IncidentNeeds(tuple(specs), tuple(options), w.teams_left, w.max_minutes))
    if len(inputs) == 1:
        only = inputs[0]
        chosen = select_package(list(only.needs), list(only.options), only.max_teams)
        return {waiting[0].incident: [o.id for o in chosen]}
    plan = choose_plan(inputs, time_limit=time_limit).plan
    return {w.incident: list(ids) for w, ids in zip(waiting, plan, strict=True)}


def _by_need(waiting: Sequence[Waiting], rng: random.Random | None) -> dict[str, list[str]]:
    taken: set[str] = set()
    out: dict[str, list[str]] = {}
    for w in waiting:
        chosen: list[str] = []
        for n in sorted(w.needs, key=lambda n: (-n.weight, n.capability.id)):
            cid = n.capability.id
            have = sum(1 for t in chosen if cid in dict(w.pool[t].capabilities))
            while have < n.units and len(chosen) < w.teams_left:
                holders = sorted(
                    (
                        c
                        for t, c in w.pool.items()
                        if t not in taken and cid in dict(c.capabilities)
                    ),
                    key=lambda c: (c.eta_minutes, c.team.id),
                )
                if not holders:
                    break
                pick = holders[0] if rng is None else rng.choice(holders)
                chosen.append(pick.team.id)
                taken.add(pick.team.id)
                have += 1
        if chosen:
            out[w.incident] = chosen
    return out
