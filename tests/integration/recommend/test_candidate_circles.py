"""The candidates' near circle is a speed-up only: the same teams, in the same order, with
the same fill-ins, whether the near circle was enough or the whole one was read."""

from __future__ import annotations

import pytest
from neo4j import Driver

import queries.teams
from kg.cypher import CypherRunner
from kg.settings import Settings
from queries.models import CandidateTeam, GeoPoint
from queries.teams import candidate_teams
from tests.integration.recommend.conftest import run_async

CHENGDU = GeoPoint(30.66, 104.06)
XICHANG = GeoPoint(27.89, 102.26)
# common needs, and a rare one whose fastest holders come as fill-ins when no candidate has it
CAPS = [
    "cap.collapsed-structure-sar",
    "cap.water-rescue",
    "cap.medical-triage",
    "cap.aerial-firefighting",
]


def _ids(found: tuple[list[CandidateTeam], dict[str, list[CandidateTeam]]]) -> object:
    candidates, fill = found
    return (
        [(c.team.id, c.eta_minutes, c.capabilities) for c in candidates],
        {k: [(c.team.id, c.eta_minutes) for c in v] for k, v in sorted(fill.items())},
    )


@pytest.mark.parametrize("at", [CHENGDU, XICHANG])
@pytest.mark.parametrize("fill_near_km", [15.0, 40.0])
@pytest.mark.parametrize("limit", [3, 100])
@pytest.mark.parametrize("near", [10.0, 60.0])
def test_near_circle_gives_the_same_candidates(
    demo_graph: Driver,
    neo4j_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    at: GeoPoint,
    limit: int,
    near: float,
    fill_near_km: float,
) -> None:
    db = neo4j_settings.neo4j_database
    # Scan limits shrunk so that every capability held by more than 5 teams is "common"
    # (its fill-ins come from the nearest 12 teams), so both fill circles are exercised.
    monkeypatch.setattr(queries.teams, "FILL_SCAN_DEGREE", 5)
    monkeypatch.setattr(queries.teams, "FILL_SCAN_TEAMS", 12)

    def ask(near_minutes: float) -> object:
        return _ids(
            run_async(
                neo4j_settings,
                lambda d: candidate_teams(
                    CypherRunner(d, db, timeout_s=120),  # a busy machine: a slow first plan
                    at,
                    CAPS,
                    ["11C02"],
                    max_minutes=180.0,
                    exclude=["T-SC-0001"],
                    limit=limit,
                    near_minutes=near_minutes,
                ),
            )
        )

    monkeypatch.setattr(queries.teams, "FILL_NEAR_KM", queries.teams.FILL_RADIUS_KM)
    whole = ask(180.0)  # one circle each: the query as it was before the near circles
    assert whole[0], "the demo graph has candidates here"  # type: ignore[index]
    monkeypatch.setattr(queries.teams, "FILL_NEAR_KM", fill_near_km)
    assert ask(near) == whole


@pytest.mark.parametrize("at", [CHENGDU, XICHANG])
def test_common_fill_ins_are_the_exact_nearest_holders_when_the_scan_holds_every_team(
    demo_graph: Driver, neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch, at: GeoPoint
) -> None:
    """The fill-in of a common capability (matched against the capability nodes read once,
    not by id per relationship) equals the exact one (every holder looked at) when its scan
    reaches every team: the same teams, in the same order."""
    db = neo4j_settings.neo4j_database

    def ask(scan_degree: int) -> object:
        monkeypatch.setattr(queries.teams, "FILL_SCAN_DEGREE", scan_degree)
        return _ids(
            run_async(
                neo4j_settings,
                lambda d: candidate_teams(
                    CypherRunner(d, db, timeout_s=120),
                    at,
                    CAPS,
                    ["11C02"],
                    max_minutes=180.0,
                    exclude=["T-SC-0001"],
                    limit=1,  # one candidate: most needs come as fill-ins
                ),
            )
        )

    monkeypatch.setattr(queries.teams, "FILL_SCAN_TEAMS", 1_000_000)
    monkeypatch.setattr(queries.teams, "FILL_RADIUS_KM", 20_000.0)
    monkeypatch.setattr(queries.teams, "FILL_NEAR_KM", 20_000.0)
    exact = ask(1_000_000_000)  # every capability rare: all its holders are looked at
    fill = exact[1]  # type: ignore[index]
    assert len(fill) >= 2 and all(fill.values()), "the demo graph fills these needs"
    assert ask(0) == exact  # every capability common: the nearest-teams scan
