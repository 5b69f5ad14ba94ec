"""`recommendForces` on the fast path (api/graphql/fast_lists.py) against the normal executor,
over the app and a real Neo4j with the demo data: the commander screen's selection and
variants (nested team lists, locales, reason codes, a gap's nearest team, a description),
each asked with the fast path on and off, give the same body; the plain ones really take
it; selections it does not answer (a fragment, a field that reads the store itself) still
give the same body through the executor."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from api.graphql.fast_lists import FastLists
from tests.api.test_recommend_api import QUERY as SCREEN
from tests.api.test_recommend_api import client  # noqa: F401  (the fixture)

CHENGDU = {"latitude": 30.66, "longitude": 104.07}
QUAKE = {"hazardCodes": ["11C02"], "location": CHENGDU, "responseLevel": "I"}
# a tight limit in the mountains: nothing within it, every need a gap with its nearest team
REMOTE_FIRE = {
    "hazardCodes": ["11E01"],
    "location": {"latitude": 28.2, "longitude": 102.2},
    "responseLevel": "II",
    "maxTravelMinutes": 30,
}
DESCRIBED = {
    "description": "汶川县山体滑坡，十余人被埋，道路中断",
    "location": {"latitude": 31.48, "longitude": 103.59},
    "responseLevel": "II",
}

NESTED = """
query($s: ScenarioInput!, $locale: Locale) {
  recommendForces(scenario: $s, locale: $locale) {
    locale warnings
    forcePackage {
      team { id nameZh teamType { id name nameEn } capabilities { level capability { id } } }
      reasons reasonDetails { code params { name value } text }
    }
    candidates { team { id teamType { id } } score distanceKm }
    gaps { capability { id } units limitedBy
           nearestTeam { team { id teamType { id } } etaMinutes } }
    capabilityGaps { unitsMissing reason busyTeams nearestTeam { team { id } } }
  }
}
"""

# Not answered by the fast path (the executor does): a fragment; a field reading the store.
FRAGMENT = """
query($s: ScenarioInput!) {
  recommendForces(scenario: $s) { forcePackage { team { ... on Team { id name } } score } }
}
"""
STORE_READ = """
query($s: ScenarioInput!) {
  recommendForces(scenario: $s) { hazards { hazardType { id name } confidence } }
}
"""


def both(c: TestClient, query: str, variables: dict[str, Any]) -> tuple[Any, Any, bool]:
    """The body with the fast path on, then off, and whether the fast path answered."""
    FastLists.enabled = True
    before = FastLists.answered
    fast = c.post("/graphql", json={"query": query, "variables": variables})
    took = FastLists.answered > before
    FastLists.enabled = False
    try:
        slow = c.post("/graphql", json={"query": query, "variables": variables})
    finally:
        FastLists.enabled = True
    assert fast.status_code == slow.status_code == 200, (fast.text[:300], slow.text[:300])
    return fast.json(), slow.json(), took


@pytest.mark.parametrize("scenario", [QUAKE, REMOTE_FIRE, DESCRIBED], ids=["quake", "gap", "text"])
def test_the_commander_screen_is_answered_by_the_fast_path_with_the_same_body(
    client: TestClient,  # noqa: F811
    scenario: dict[str, Any],
) -> None:
    fast, slow, took = both(client, SCREEN, {"scenario": scenario})
    assert "errors" not in fast, fast["errors"]
    rec = fast["data"]["recommendForces"]
    assert rec["forcePackage"] or rec["gaps"], "an empty answer proves nothing"
    assert fast == slow
    assert took


@pytest.mark.parametrize("locale", ["ZH", "EN"])
@pytest.mark.parametrize("scenario", [QUAKE, REMOTE_FIRE], ids=["quake", "gap"])
def test_nested_team_lists_reason_codes_and_gaps_are_the_same_on_both_paths(
    client: TestClient,  # noqa: F811
    scenario: dict[str, Any],
    locale: str,
) -> None:
    fast, slow, took = both(client, NESTED, {"s": scenario, "locale": locale})
    assert "errors" not in fast, fast["errors"]
    rec = fast["data"]["recommendForces"]
    assert rec["locale"] == locale
    near = [g["nearestTeam"]["team"] for g in rec["gaps"] if g["nearestTeam"]]
    assert any(t["teamType"] for t in [*(x["team"] for x in rec["candidates"]), *near])
    assert all(t["team"]["capabilities"] for t in rec["forcePackage"])
    assert fast == slow
    assert took


def test_a_gap_scenario_really_has_gaps_with_a_nearest_team(client: TestClient) -> None:  # noqa: F811
    fast, _, _ = both(client, NESTED, {"s": REMOTE_FIRE, "locale": "ZH"})
    gaps = fast["data"]["recommendForces"]["gaps"]
    assert any(g["nearestTeam"] for g in gaps), gaps


@pytest.mark.parametrize("query", [FRAGMENT, STORE_READ], ids=["fragment", "store-read"])
def test_selections_the_fast_path_does_not_answer_go_to_the_executor(
    client: TestClient,  # noqa: F811
    query: str,
) -> None:
    fast, slow, took = both(client, query, {"s": QUAKE})
    assert "errors" not in fast, fast["errors"]
    assert fast == slow
    assert not took


def test_an_error_is_reported_the_same_on_both_paths(client: TestClient) -> None:  # noqa: F811
    bad = {**QUAKE, "hazardCodes": ["11Z99"]}
    fast, slow, took = both(client, NESTED, {"s": bad, "locale": "EN"})
    assert fast["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert fast == slow
    assert not took


PACKAGE_ONLY = """
query($s: ScenarioInput!) {
  recommendForces(scenario: $s) {
    forcePackage { team { id name } score etaMinutes } gaps { capability { id } units } } }
"""
WITH_ADVICE = """
query($s: ScenarioInput!) {
  recommendForces(scenario: $s) {
    forcePackage { team { id name } score etaMinutes } gaps { capability { id } units }
    ... on ForceRecommendation { experts { expert { id } } }
    equipment { equipmentType { id } quantity } } }
"""


def test_experts_and_equipment_are_read_only_when_asked(
    client: TestClient,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from contextlib import asynccontextmanager

    from kg.cypher import CypherRunner
    from queries.equipment import EQUIPMENT_NEAR
    from queries.experts import EXPERTS_NEAR

    ran: list[str] = []
    reading = CypherRunner._reading

    @asynccontextmanager
    async def counted(self: CypherRunner, cypher: Any, params: Any) -> Any:
        ran.append(cypher)
        async with reading(self, cypher, params) as result:
            yield result

    monkeypatch.setattr(CypherRunner, "_reading", counted)
    bodies = []
    for query in (PACKAGE_ONLY, WITH_ADVICE):
        ran.clear()
        fast, slow, _ = both(client, query, {"s": QUAKE})
        assert "errors" not in fast and fast == slow, fast
        bodies.append(fast["data"]["recommendForces"])
        # both paths (fast, executor) read them, or neither
        assert ran.count(EXPERTS_NEAR) == ran.count(EQUIPMENT_NEAR) == (2 if bodies[1:] else 0)
    plain, advised = bodies
    assert advised["experts"] and advised["equipment"], "the quake near Chengdu has both"
    # the package and its gaps do not depend on them
    assert plain["forcePackage"] and plain["forcePackage"] == advised["forcePackage"]
    assert plain["gaps"] == advised["gaps"]
