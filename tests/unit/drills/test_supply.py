"""The pool a supply leaves once teams are excluded (pure): the fastest `limit` of what is
left, the fill-in per need none of them holds, and None where the read was too shallow."""

from __future__ import annotations

from queries.drills.supply import Supply
from queries.models import GeoPoint, ResponseLevel, Scenario
from queries.recommend import ScenarioNeeds
from queries.teams import FILL_PER_CAPABILITY
from tests.unit.drills.test_pure import need, team

NEEDS = ScenarioNeeds(
    scenario=Scenario(GeoPoint(30.0, 104.0), ResponseLevel.III, ("11A01",)),
    hazards=(),
    needs=(need("water", 1.0), need("boat", 0.8), need("medic", 0.6)),
    plans=(),
    max_minutes=120.0,
    max_teams=10,
    exclude=(),
    mountainous=False,
)
# fastest first, as the query returns them: only the fourth and fifth hold "boat"
CANDIDATES = (
    team("A", 10, ["water"]),
    team("B", 20, ["water", "medic"]),
    team("C", 30, ["water"]),
    team("D", 40, ["boat"]),
    team("E", 50, ["boat", "water"]),
)
HOLDERS = {
    "boat": (team("D", 40, ["boat"]), team("E", 50, ["boat", "water"]), team("F", 400, ["boat"])),
    "medic": (team("B", 20, ["water", "medic"]), team("M", 300, ["medic"])),
    "water": CANDIDATES[:3],
}


def _supply(limit: int, margin: int, holder_margin: int = 5) -> Supply:
    return Supply(NEEDS, CANDIDATES, HOLDERS, limit, margin, holder_margin)


def _ids(found: object) -> tuple[list[str], dict[str, list[str]]]:
    assert found is not None
    cands, fill = found  # type: ignore[misc]
    return [c.team.id for c in cands], {k: [c.team.id for c in v] for k, v in fill.items()}


def test_without_exclusions_the_first_limit_and_the_fill_for_needs_they_lack() -> None:
    # limit 3: A, B, C hold water and medic; boat is filled from its holders (all three of
    # them, any distance: the recommender's pool takes those within the limits)
    assert _ids(_supply(3, 2).without(())) == (["A", "B", "C"], {"boat": ["D", "E", "F"]})


def test_excluded_teams_make_room_for_the_next_ones_and_their_needs_leave_the_fill() -> None:
    # B and C out: the next fastest come in (D, E: boat is held, no fill for it); medic's
    # only candidate is gone, so medic's fill-in is its holders left (M)
    assert _ids(_supply(3, 2).without({"B", "C"})) == (["A", "D", "E"], {"medic": ["M"]})


def test_a_cut_read_with_too_many_of_it_excluded_cannot_say() -> None:
    # 5 read for limit 3 + margin 2: with 3 of them excluded only 2 are left, and the
    # graph may hold a sixth team that would be the third
    assert _supply(3, 2).without({"A", "B", "C"}) is None
    # a read that was not cut (fewer than limit + margin came back) is the whole supply
    assert _ids(_supply(3, 4).without({"A", "B", "C"})) == (["D", "E"], {"medic": ["M"]})


def test_a_cut_holder_list_with_too_many_of_it_excluded_cannot_say() -> None:
    # boat's three holders were read with no margin past the fill-in's per need (3): with
    # one excluded the fill-in's third may be one the read did not fetch
    assert FILL_PER_CAPABILITY == 3
    assert _supply(1, 4, holder_margin=0).without({"D"}) is None
    assert _ids(_supply(1, 4, holder_margin=1).without({"D"})) == (
        ["A"],
        {"boat": ["E", "F"], "medic": ["B", "M"]},
    )
