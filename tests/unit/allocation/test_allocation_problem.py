"""The multi-incident formulation on hand-made cases where serving incidents one by one
is provably worse, and on random ones where the exact plan must never lose to greedy."""

from __future__ import annotations

import itertools
import random

import pytest

from queries.allocation.exact import solve_exact
from queries.allocation.problem import (
    ETA_COST,
    IncidentNeeds,
    check_plan,
    coverage,
    greedy_plan,
    plan_value,
)
from queries.allocation.solve import AllocationMethod, choose_plan
from queries.selection import NeedSpec, Option

WATER = NeedSpec("cap.water-rescue", 1.0)


def opt(id_: str, eta: float, *needs: str, fit: float = 1.0, score: float = 0.5) -> Option:
    return Option(id_, eta, dict.fromkeys(needs, fit), score)


def incident(needs: list[NeedSpec], *options: Option, max_teams: int = 5) -> IncidentNeeds:
    return IncidentNeeds(tuple(needs), tuple(options), max_teams, 180.0)


def two_floods() -> list[IncidentNeeds]:
    """W1 is the only water-rescue team near B; A also has W2, 15 minutes slower."""
    a = incident([WATER], opt("W1", 20, WATER.id), opt("W2", 35, WATER.id))
    b = incident([WATER], opt("W1", 40, WATER.id))
    return [a, b]


def best_by_enumeration(incidents: list[IncidentNeeds]) -> float:
    """Every way to send each team to one incident or none (small cases only)."""
    teams = sorted({o.id for inc in incidents for o in inc.options})
    best = -1e9
    for where in itertools.product(range(-1, len(incidents)), repeat=len(teams)):
        plan = tuple(
            tuple(t for t, w in zip(teams, where, strict=True) if w == i)
            for i in range(len(incidents))
        )
        try:
            check_plan(incidents, plan)
        except ValueError:
            continue
        best = max(best, plan_value(incidents, plan))
    return best


def test_greedy_strips_the_second_incident_of_its_only_water_team() -> None:
    incidents = two_floods()
    assert greedy_plan(incidents) == (("W1",), ())


def test_exact_sends_the_slower_team_to_the_first_and_keeps_w1_for_the_second() -> None:
    incidents = two_floods()
    s = choose_plan(incidents, time_limit=2.0)
    assert s.method is AllocationMethod.EXACT
    assert s.plan == (("W2",), ("W1",))
    assert s.greedy_plan == (("W1",), ())
    # one more water-rescue need covered (weight 1.0) for a little more travel
    assert s.objective - s.greedy_objective == pytest.approx(
        1.0 - ETA_COST * (35 + 40 - 20) / 180 - 0.01 * 0.5, abs=1e-6
    )


def test_order_does_not_matter_to_the_exact_plan() -> None:
    a, b = two_floods()
    assert choose_plan([b, a]).plan == (("W1",), ("W2",))
    # greedy served B first here and happens to be right: the exact plan keeps it
    s = choose_plan([b, a])
    assert s.greedy_plan == s.plan and s.objective == s.greedy_objective


def test_a_need_asking_two_units_is_not_left_short_for_a_second_units_credit() -> None:
    # A (level I) asks two water units; B one. Three teams: W1, W2 near both, W3 only A.
    two = NeedSpec(WATER.id, 1.0, units=2)
    a = incident([two], opt("W1", 10, WATER.id), opt("W2", 12, WATER.id), opt("W3", 60, WATER.id))
    b = incident([WATER], opt("W1", 30, WATER.id), opt("W2", 31, WATER.id))
    s = choose_plan([a, b])
    assert greedy_plan([a, b]) == (("W1", "W2"), ())
    assert s.plan[1] and len(s.plan[0]) == 2 and "W3" in s.plan[0]
    assert s.objective > s.greedy_objective


def test_level_fit_counts_like_the_single_recommender() -> None:
    # Level-1 team L1 fits both fully; L3 only 0.5 at A. Exact gives A the weaker fit only
    # when B has nothing else: B's full cover outweighs A's lost half.
    a = incident([WATER], opt("L1", 10, WATER.id), opt("L3", 12, WATER.id, fit=0.5))
    b = incident([WATER], opt("L1", 30, WATER.id))
    s = choose_plan([a, b])
    assert s.plan == (("L3",), ("L1",))
    assert coverage(a, s.plan[0]) == pytest.approx(0.5)


def test_no_team_is_sent_where_it_adds_nothing() -> None:
    a = incident([WATER], opt("W1", 10, WATER.id), opt("W2", 12, WATER.id))
    s = choose_plan([a])
    assert s.plan == (("W1",),)


def test_max_teams_holds_per_incident() -> None:
    needs = [NeedSpec(f"n{i}", 1.0) for i in range(4)]
    a = incident(needs, *(opt(f"t{i}", 10 + i, f"n{i}") for i in range(4)), max_teams=2)
    s = choose_plan([a])
    assert len(s.plan[0]) == 2


def test_exact_matches_enumeration_and_never_loses_to_greedy_on_random_cases() -> None:
    rng = random.Random(11)
    caps = ["a", "b", "c"]
    strictly_better = 0
    for _ in range(40):
        teams = {f"T{k}": rng.sample(caps, rng.choice((1, 1, 2))) for k in range(5)}
        incidents = []
        for _i in range(rng.choice((2, 3))):
            needs = [NeedSpec(c, rng.choice((0.6, 1.0)), rng.choice((1, 1, 2))) for c in caps]
            opts = [
                opt(t, rng.uniform(5, 170), *held, fit=rng.choice((1.0, 0.75)), score=rng.random())
                for t, held in teams.items()
                if rng.random() < 0.7
            ]
            incidents.append(incident(needs, *opts, max_teams=rng.choice((2, 3))))
        s = choose_plan(incidents)
        check_plan(incidents, s.plan)
        assert s.method is AllocationMethod.EXACT
        assert s.objective >= s.greedy_objective - 1e-9
        assert s.objective == pytest.approx(best_by_enumeration(incidents), abs=1e-3)
        strictly_better += s.objective > s.greedy_objective + 1e-6
    assert strictly_better > 0  # the cases exercise conflicts greedy gets wrong


def test_no_candidates_at_all_is_an_empty_optimal_plan() -> None:
    r = solve_exact([incident([WATER]), incident([WATER])], time_limit=1.0)
    assert r.status == "optimal" and r.plan == ((), ())


def test_a_solver_that_finds_nothing_in_time_falls_back_to_greedy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from queries.allocation import exact, solve

    def nothing(*_a: object, **_k: object) -> exact.ExactResult:
        return exact.ExactResult("timeLimit", None, None, None, 2.0, "time limit reached")

    monkeypatch.setattr(solve, "solve_exact", nothing)
    s = choose_plan(two_floods())
    assert s.method is AllocationMethod.GREEDY and s.fallback == "timeLimit"
    assert s.plan == s.greedy_plan == (("W1",), ())


def test_whatever_the_solver_reaches_in_a_tiny_time_limit_is_valid_and_no_worse() -> None:
    # 8 incidents x 60 teams: HiGHS may or may not prove optimality in 10 ms; either way
    # the answer is a valid plan, at least as good as greedy, and says how it was made.
    rng = random.Random(3)
    caps = [f"c{k}" for k in range(12)]
    teams = {f"T{k:02d}": rng.sample(caps, rng.choice((1, 2, 3))) for k in range(60)}
    incidents = [
        incident(
            [
                NeedSpec(c, rng.choice((0.6, 0.8, 1.0)), rng.choice((1, 2)))
                for c in rng.sample(caps, 6)
            ],
            *(
                opt(
                    t,
                    rng.uniform(5, 170),
                    *held,
                    fit=rng.choice((1.0, 0.75, 0.5)),
                    score=rng.random(),
                )
                for t, held in teams.items()
                if rng.random() < 0.5
            ),
            max_teams=rng.choice((3, 5, 8)),
        )
        for _ in range(8)
    ]
    s = choose_plan(incidents, time_limit=0.01)
    check_plan(incidents, s.plan)
    assert s.objective >= s.greedy_objective - 1e-9
    assert s.objective == pytest.approx(plan_value(incidents, s.plan), abs=1e-6)
    if s.method is AllocationMethod.GREEDY:
        assert s.fallback == "timeLimit" and s.plan == s.greedy_plan
    else:
        assert s.fallback is None and (s.bound is None or s.bound >= s.objective - 1e-6)
