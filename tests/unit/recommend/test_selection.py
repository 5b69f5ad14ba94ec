"""Choosing the package: greedy weighted set cover, and the local search that improves it."""

from __future__ import annotations

import random

import pytest

from queries.selection import NeedSpec, Option, greedy, profile, select_package, total_eta

ABC = [NeedSpec("A", 1.0), NeedSpec("B", 1.0), NeedSpec("C", 1.0)]


def opt(id_: str, eta: float, *needs: str, fit: float = 1.0, score: float = 0.0) -> Option:
    return Option(id_, eta, {n: fit for n in needs}, score)


def test_covers_every_need_when_it_can() -> None:
    options = [opt("x", 10, "A"), opt("y", 12, "B", "C"), opt("z", 5, "Z")]
    chosen = select_package(ABC, options, 10)
    assert {o.id for o in chosen} == {"x", "y"}
    assert all(units == 1 for units, _ in profile(ABC, chosen))


def test_every_chosen_team_adds_something_and_max_teams_holds() -> None:
    options = [opt(f"t{i}", 10 + i, n) for i, n in enumerate("ABCABC")]
    chosen = select_package(ABC, options, 2)
    assert len(chosen) == 2
    for o in chosen:
        rest = [c for c in chosen if c is not o]
        assert profile(ABC, rest) != profile(ABC, chosen)


def test_prefers_the_faster_team_for_the_same_cover() -> None:
    assert [
        o.id
        for o in select_package(
            ABC, [opt("far", 90, "A", "B", "C"), opt("near", 20, "A", "B", "C")], 5
        )
    ] == ["near"]


def test_local_search_beats_plain_greedy_on_a_redundant_pick() -> None:
    # Greedy takes x (cheapest per need) first, then y for C; y alone covers all: x is waste.
    options = [opt("x", 10, "A", "B"), opt("y", 22, "A", "B", "C"), opt("z", 30, "C")]
    plain = greedy(ABC, options, 5)
    better = select_package(ABC, options, 5)
    assert [o.id for o in plain] == ["x", "y"]
    assert [o.id for o in better] == ["y"]
    assert total_eta(better) < total_eta(plain)
    assert profile(ABC, better) == profile(ABC, plain)


def test_local_search_never_loses_coverage_or_time_on_random_instances() -> None:
    rng = random.Random(7)
    needs = [
        NeedSpec(f"n{i}", rng.choice((0.3, 0.6, 1.0)), rng.choice((1, 1, 2))) for i in range(12)
    ]
    strictly_better = 0
    for _ in range(200):
        options = [
            Option(
                f"t{j:02d}",
                rng.uniform(5, 150),
                {n.id: rng.choice((0.25, 0.5, 1.0)) for n in rng.sample(needs, rng.randint(1, 6))},
            )
            for j in range(25)
        ]
        plain = greedy(needs, options, 25)
        better = select_package(needs, options, 25)
        a, b = profile(needs, plain), profile(needs, better)
        assert all(x[0] >= y[0] and x[1] >= y[1] for x, y in zip(b, a, strict=True))
        assert total_eta(better) <= total_eta(plain) + 1e-9
        strictly_better += total_eta(better) < total_eta(plain) - 1e-9
    assert strictly_better > 0  # the improvement is real, not only "no worse"


def test_critical_needs_get_two_units() -> None:
    needs = [NeedSpec("A", 1.0, units=2), NeedSpec("B", 0.5)]
    options = [opt("a1", 10, "A", "B"), opt("a2", 15, "A"), opt("a3", 40, "A")]
    chosen = select_package(needs, options, 5)
    assert [o.id for o in chosen] == ["a1", "a2"]


def test_higher_level_fit_and_score_win_near_ties() -> None:
    options = [opt("weak", 20, "A", "B", "C", fit=0.25), opt("strong", 22, "A", "B", "C")]
    assert select_package(ABC, options, 1)[0].id == "strong"
    options = [opt("plain", 20, "A", "B", "C"), opt("named", 21, "A", "B", "C", score=0.9)]
    assert select_package(ABC, options, 1)[0].id == "named"


@pytest.mark.parametrize("seed", range(5))
def test_same_choice_whatever_the_input_order(seed: int) -> None:
    options = [opt(f"t{i}", 30, n) for i, n in enumerate("AABBCC")]  # ETA ties everywhere
    shuffled = options[:]
    random.Random(seed).shuffle(shuffled)
    assert [o.id for o in select_package(ABC, shuffled, 5)] == [
        o.id for o in select_package(ABC, options, 5)
    ]
