"""Supporting queries (plans, experts, equipment, cascades, reachable teams), free text,
bad input, an empty graph, and the number of round trips."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import AsyncSession, Driver

from kg.cypher import CypherRunner
from kg.errors import UnknownConceptError, UserInputError
from kg.settings import Settings
from queries.equipment import nearest_equipment
from queries.experts import EXPERT_RADIUS_KM, HAZARD_EXPERT_RADIUS_KM, recommend_experts
from queries.hazards import cascade_hazards
from queries.models import CapabilityNeed, ConceptRef, GeoPoint, ResponseLevel
from queries.plans import applicable_plans
from queries.teams import reachable_teams
from tests.integration.recommend.conftest import Recommend, run_async

CHENGDU = GeoPoint(30.66, 104.06)
BEIJING = GeoPoint(39.90, 116.40)


def test_national_plans_apply_everywhere_provincial_ones_in_their_province(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    db = neo4j_settings.neo4j_database
    here = run_async(
        neo4j_settings,
        lambda d: applicable_plans(CypherRunner(d, db), ["11C02"], CHENGDU, ResponseLevel.I),
    )
    there = run_async(
        neo4j_settings,
        lambda d: applicable_plans(CypherRunner(d, db), ["11C02"], BEIJING, ResponseLevel.I),
    )
    assert [p.plan.id for p in here] == ["P-CN-QUAKE", "P-SC-QUAKE"]
    assert [p.plan.id for p in there] == ["P-CN-QUAKE"]
    sc = here[1]
    why = {r.code: r for r in sc.reasons}
    assert why["PLAN_REGION"].param("regionId") == "510000"
    assert why["PLAN_REGION"].param("region").name_zh == "四川省"  # type: ignore[union-attr]
    # the scene lies within a district of Chengdu (its boundary holds the point)
    assert str(why["PLAN_SCENE_REGION"].param("regionId")).startswith("5101")
    assert "PLAN_NATIONAL" in {r.code for r in here[0].reasons}
    assert "PLAN_PRESCRIBES" in why and {x.kind for x in sc.prescriptions} >= {"team", "teamType"}
    assert "T-SC-0002" in sc.prescribed_teams and "tt.usar" in sc.prescribed_team_types
    level4 = run_async(
        neo4j_settings,
        lambda d: applicable_plans(CypherRunner(d, db), ["11C02"], CHENGDU, ResponseLevel.IV),
    )
    assert len(level4[1].prescribed_capabilities) < len(sc.prescribed_capabilities)


def test_cascades_most_likely_first(demo_graph: Driver, neo4j_settings: Settings) -> None:
    db = neo4j_settings.neo4j_database
    got = run_async(neo4j_settings, lambda d: cascade_hazards(CypherRunner(d, db), "11C02"))
    assert got[0][0].id == "12P13" and got[0][1] == 0.8
    assert [x[1] for x in got] == sorted((x[1] for x in got), reverse=True)
    assert all(x[1] >= 0.3 for x in got)


def test_experts_are_available_near_and_relevant(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    db = neo4j_settings.neo4j_database
    topics = {"11C02": 1.0, "cap.collapsed-structure-sar": 1.0}
    experts = run_async(
        neo4j_settings, lambda d: recommend_experts(CypherRunner(d, db), CHENGDU, topics)
    )
    assert experts
    ids = [e.expert.id for e in experts]
    rows = demo_graph.execute_query(
        "UNWIND $ids AS id MATCH (e:Expert {id: id})-[:EXPERT_IN]->(x) "
        "RETURN e.id AS id, e.available AS available, collect(x.id) AS topics",
        ids=ids,
        database_=db,
    ).records
    for r in rows:
        assert r["available"] is True and set(r["topics"]) & {*topics, "11C00"}
    # beyond the general radius only experts on the hazard (the provincial expert groups)
    for e in experts:
        assert e.distance_km <= EXPERT_RADIUS_KM or (
            e.distance_km <= HAZARD_EXPERT_RADIUS_KM and e.topics[0].id.startswith("11C")
        ), e
    # experts on the hazard first (its type or subcategory), nearest first among equals
    on_hazard = [e.topics[0].id in ("11C02", "11C00") for e in experts]
    assert on_hazard == sorted(on_hazard, reverse=True) and on_hazard[0]


def test_equipment_is_ready_and_provides_the_need(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    db = neo4j_settings.neo4j_database
    need = CapabilityNeed(ConceptRef("cap.water-rescue", "水域救援", "Water rescue"), 1.0)
    items = run_async(
        neo4j_settings,
        lambda d: nearest_equipment(CypherRunner(d, db), CHENGDU, [need]),
    )
    assert len(items) == 1 and items[0].capability.id == "cap.water-rescue"
    assert items[0].holder_kind in ("team", "depot") and items[0].distance_km < 200
    row = demo_graph.execute_query(
        "MATCH (e:Equipment {id: $id})-[:OF_TYPE]->(:EquipmentType)-[:PROVIDES]->(c) "
        "RETURN e.status AS status, collect(c.id) AS provides",
        id=items[0].equipment.id,
        database_=db,
    ).records[0]
    assert row["status"] == "ready" and "cap.water-rescue" in row["provides"]
    # a need no equipment type provides (nor any capability node holds): no items, no error
    unknown = CapabilityNeed(ConceptRef("cap.none-such", "无", "None such"), 1.0)
    assert (
        run_async(
            neo4j_settings,
            lambda d: nearest_equipment(CypherRunner(d, db), CHENGDU, [unknown, need]),
        )
        == items
    )


def test_teams_reachable_within_minutes(demo_graph: Driver, neo4j_settings: Settings) -> None:
    db = neo4j_settings.neo4j_database
    teams = run_async(neo4j_settings, lambda d: reachable_teams(CypherRunner(d, db), CHENGDU, 30))
    assert teams and all(t.eta_minutes <= 30 for t in teams)
    assert all(t.team.status in ("available", "standby") for t in teams)
    assert [t.eta_minutes for t in teams] == sorted(t.eta_minutes for t in teams)
    divers = run_async(
        neo4j_settings,
        lambda d: reachable_teams(CypherRunner(d, db), CHENGDU, 60, capability="cap.dive-rescue"),
    )
    held = demo_graph.execute_query(
        "MATCH (t:Team)-[:HAS_CAPABILITY]->(:Capability {id: 'cap.dive-rescue'}) RETURN t.id AS id",
        database_=db,
    ).records
    assert divers and {t.team.id for t in divers} <= {r["id"] for r in held}
    assert len(divers) < len(
        run_async(neo4j_settings, lambda d: reachable_teams(CypherRunner(d, db), CHENGDU, 60))
    )


def test_description_resolves_hazards_by_reading_it(
    demo_graph: Driver, recommend: Recommend
) -> None:
    rec = recommend(description="化工厂储罐危险化学品泄漏", at=(29.35, 104.77), level="II")
    first = rec.hazards[0]
    # 12D02 危险化学品泄漏事故: the table's own type for a hazmat leak, named in the text
    assert first.hazard.id == "12D02" and first.via == "mention" and 0 < first.confidence <= 1
    assert [e.text for e in first.evidence] == ["危险化学品泄漏"]
    # Codes win: the description then gives only its facts, not more hazards
    both = recommend(["11A01"], description="危险化学品泄漏", level="III")
    assert [h.hazard.id for h in both.hazards if h.trigger is None] == ["11A01"]
    assert both.hazards[0].via == "code"


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"codes": ["11A1"]}, "did you mean '11A51' 山洪灾害事件"),
        ({"codes": ["11A01"], "required_capabilities": ("cap.water-rescu",)}, "cap.water-rescue"),
        ({"codes": ["11A01"], "at": (91.0, 104.0)}, "latitude must be in -90..90"),
        ({"codes": ["11A01"], "at": (30.0, 181.0)}, "longitude"),
        ({}, "give hazardCodes"),
        ({"description": "   "}, "give hazardCodes"),
        ({"codes": ["11A01"], "max_teams": 0}, "maxTeams must be between 1"),
        ({"codes": ["11A01"], "max_travel_minutes": -5}, "maxTravelMinutes must be between 1"),
        ({"description": "qqqq zzzz xxxx"}, "no hazard was recognised"),
    ],
)
def test_bad_input_gets_a_clear_error(
    demo_graph: Driver, recommend: Recommend, kw: dict[str, Any], message: str
) -> None:
    with pytest.raises(UserInputError) as err:
        recommend(**kw)
    assert message in str(err.value)
    if "did you mean" in message:
        assert isinstance(err.value, UnknownConceptError)


def test_no_matching_teams_gives_an_empty_package_and_every_need_a_gap(
    ontology_graph: Driver, recommend: Recommend
) -> None:
    rec = recommend(["11A01"], level="II")
    assert rec.required_capabilities and not rec.force_package and not rec.candidates
    assert [g.capability.id for g in rec.gaps] == [
        n.capability.id for n in rec.required_capabilities
    ]
    assert all(g.limited_by == "noTeam" and g.nearest_team is None for g in rec.gaps)


def test_a_handful_of_round_trips(
    demo_graph: Driver, recommend: Recommend, monkeypatch: pytest.MonkeyPatch
) -> None:
    statements: list[str] = []
    real = AsyncSession.run

    async def counting(self: AsyncSession, query: Any, *a: Any, **kw: Any) -> Any:
        statements.append(str(getattr(query, "text", query)).split()[0])
        return await real(self, query, *a, **kw)

    monkeypatch.setattr(AsyncSession, "run", counting)
    rec = recommend(["11C02"], level="I")
    assert rec.force_package
    assert len(statements) <= 8, statements
