"""Twelve realistic Sichuan scenarios on the demo data, each with what a fire-and-rescue
officer would expect of the package (teams T-SC-0001..0167 are fictional)."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import Driver

from kg.settings import Settings
from queries.models import ForceRecommendation
from tests.integration.recommend.conftest import Recommend

CHENGDU = (30.66, 104.06)
LESHAN = (29.55, 103.77)  # Min river flood 2020
DUJIANGYAN = (30.75, 103.95)  # the plain at the foot of the Longmen mountains
MAOXIAN = (31.68, 103.85)  # Xinmo landslide 2017
WENCHUAN = (31.47, 103.59)
XICHANG = (27.85, 102.25)  # Lushan forest fire 2020
ZIGONG = (29.35, 104.77)  # chemical industry park
DAZHOU = (31.25, 107.35)  # coal mines
YIBIN = (28.77, 104.63)

TYPES: Any = (
    "UNWIND $ids AS id MATCH (t:Team {id: id})-[:OF_TYPE]->(tt:TeamType) RETURN tt.id AS tt"
)
BOATS: Any = """
UNWIND $ids AS id
MATCH (t:Team {id: id})-[:HAS_EQUIPMENT]->(e:Equipment {status: 'ready'})-[:OF_TYPE]->(et)
WHERE et.id IN ['eq.rescue-boat', 'eq.rescue-vessel', 'eq.fireboat', 'eq.amphibious-vehicle']
RETURN DISTINCT t.id AS id
"""


def package(rec: ForceRecommendation) -> list[str]:
    return [r.team.id for r in rec.force_package]


def team_types(driver: Driver, db: str, rec: ForceRecommendation) -> set[str]:
    rows = driver.execute_query(TYPES, ids=package(rec), database_=db).records
    return {r["tt"] for r in rows}


def covered(rec: ForceRecommendation) -> set[str]:
    return {c.id for r in rec.force_package for c in r.covers}


@pytest.fixture
def db(neo4j_settings: Settings) -> str:
    return neo4j_settings.neo4j_database


def test_flood_brings_water_rescue_teams_with_boats(
    demo_graph: Driver, db: str, recommend: Recommend
) -> None:
    rec = recommend(["11A01"], LESHAN, "II")
    assert {"cap.water-rescue", "cap.swiftwater-rescue", "cap.evacuation"} <= covered(rec)
    assert "tt.water-rescue" in team_types(demo_graph, db, rec)
    water = [r.team.id for r in rec.force_package if "cap.water-rescue" in {c.id for c in r.covers}]
    assert demo_graph.execute_query(BOATS, ids=water, database_=db).records, "no boats"
    assert any(p.plan.id == "P-SC-FLOOD" for p in rec.plans)
    assert any(h.hazard.id == "12YX1" and h.via == "cascade from 11A01" for h in rec.hazards)


def test_earthquake_level_one_asks_for_more_and_better_than_level_four(
    demo_graph: Driver, db: str, recommend: Recommend
) -> None:
    big = recommend(["11C02"], DUJIANGYAN, "I")
    small = recommend(["11C02"], DUJIANGYAN, "IV")
    assert len(big.required_capabilities) > len(small.required_capabilities)
    assert len(big.force_package) > len(small.force_package)
    assert all(n.needed_level == 1 for n in big.required_capabilities)
    assert any(n.units == 2 for n in big.required_capabilities)

    # the best capability level fielded for each need both levels share: I never worse
    levels_big = _best_levels(demo_graph, db, big)
    levels_small = _best_levels(demo_graph, db, small)
    shared = set(levels_big) & set(levels_small)
    assert shared and all(levels_big[c] <= levels_small[c] for c in shared)
    assert sum(levels_big[c] for c in shared) < sum(levels_small[c] for c in shared) or len(
        big.force_package
    ) > len(small.force_package)
    assert "tt.usar" in team_types(demo_graph, db, big)
    assert "T-SC-0002" in package(big)  # the provincial USAR team the Sichuan plan names


LEVELS: Any = """
UNWIND $ids AS id
MATCH (:Team {id: id})-[h:HAS_CAPABILITY]->(c:Capability)
RETURN c.id AS cap, min(h.level) AS level
"""


def _best_levels(driver: Driver, db: str, rec: ForceRecommendation) -> dict[str, int]:
    needs = {n.capability.id for n in rec.required_capabilities}
    rows = driver.execute_query(LEVELS, ids=package(rec), database_=db).records
    return {r["cap"]: r["level"] for r in rows if r["cap"] in needs}


def test_landslide_brings_search_and_rescue_from_the_valley(
    demo_graph: Driver, db: str, recommend: Recommend
) -> None:
    rec = recommend(["11D01"], MAOXIAN, "II")
    assert {"cap.collapsed-structure-sar", "cap.technical-search"} <= covered(rec)
    assert "tt.usar" in team_types(demo_graph, db, rec)
    assert any(p.plan.id == "P-SC-GEO" for p in rec.plans)
    # a mountain valley: ground teams are slowed, the reasons say so
    assert any(x.code == "ETA_MOUNTAIN" for r in rec.force_package for x in r.reasons)


def test_debris_flow_brings_nearest_rescue_and_says_what_is_missing(
    demo_graph: Driver, db: str, recommend: Recommend
) -> None:
    rec = recommend(["11D02"], WENCHUAN, "III")
    assert "cap.collapsed-structure-sar" in covered(rec)
    assert min(r.eta_minutes for r in rec.force_package) < 45  # the local county team
    for gap in rec.gaps:  # remote valley: each gap names who could still come, and when
        assert gap.limited_by in ("tooFar", "noTeam", "allBusy")
        if gap.nearest_team:
            assert gap.nearest_team.eta_minutes > 180


def test_forest_fire_brings_forest_firefighters(
    demo_graph: Driver, db: str, recommend: Recommend
) -> None:
    rec = recommend(["11G01"], XICHANG, "II")
    assert "cap.wildfire-suppression" in covered(rec)
    assert "tt.forest-fire" in team_types(demo_graph, db, rec)
    assert package(rec)[0] in {"T-SC-0100", "T-SC-0101", "T-SC-0102", "T-SC-0104"}
    assert any("森林消防" in r.team.name_zh for r in rec.force_package)
    # aerial firefighting: the Xichang aviation unit (T-SC-0147) is unavailable. In the dense
    # province (issue 17 item 5) an aviation station at another airport reaches Xichang in
    # time and covers it; were it a gap, the gap names an aircraft from farther away.
    air = [
        r.team for r in rec.force_package if "cap.aerial-firefighting" in {c.id for c in r.covers}
    ]
    gap = next((g for g in rec.gaps if g.capability.id == "cap.aerial-firefighting"), None)
    if gap is None:
        assert air and all(t.mobility == "air" and t.id != "T-SC-0147" for t in air)
    else:
        assert gap.nearest_team is not None and gap.nearest_team.team.mobility == "air"


def test_high_rise_fire_brings_ladders_fast(
    demo_graph: Driver, db: str, recommend: Recommend
) -> None:
    rec = recommend(["12G04"], CHENGDU, "III")
    assert not rec.gaps
    assert "cap.high-rise-firefighting" in covered(rec)
    first = rec.force_package[0]
    assert first.eta_minutes <= 15 and "cap.high-rise-firefighting" in {c.id for c in first.covers}
    assert any(
        e.equipment_type.id in ("eq.aerial-ladder", "eq.aerial-platform") for e in rec.equipment
    )


def test_hazmat_leak_brings_hazmat_team(demo_graph: Driver, db: str, recommend: Recommend) -> None:
    rec = recommend(["12D00"], ZIGONG, "II")
    assert "tt.hazmat" in team_types(demo_graph, db, rec)
    assert {"cap.hazmat-detection", "cap.hazmat-leak-control", "cap.decontamination"} <= covered(
        rec
    )
    assert package(rec)[0] == "T-SC-0112"  # 自贡危险化学品救援队, 4 km away
    assert any(p.plan.id == "P-SC-HAZMAT" for p in rec.plans)


def test_mine_accident_brings_mine_rescue(
    demo_graph: Driver, db: str, recommend: Recommend
) -> None:
    rec = recommend(["12A00"], DAZHOU, "III")
    assert "tt.mine-rescue" in team_types(demo_graph, db, rec)
    assert "cap.mine-rescue" in covered(rec)
    # a Dazhou mine rescue unit: the city's team (T-SC-0107, 达州矿山救护队) or, since the dense
    # province, the coal group's brigade beside it (T-SC-511700-COALMINE), ready sooner
    assert {"T-SC-0107", "T-SC-511700-COALMINE"} & set(package(rec))
    assert any("gas" in e.equipment_type.id or "pump" in e.equipment_type.id for e in rec.equipment)


def test_typhoon_remnants_bring_evacuation_and_water_rescue(
    demo_graph: Driver, db: str, recommend: Recommend
) -> None:
    rec = recommend(["11B01"], YIBIN, "III")
    assert {"cap.evacuation", "cap.water-rescue"} <= covered(rec)
    assert any(h.hazard.id == "11A01" and h.via.startswith("cascade") for h in rec.hazards)
    assert any(p.plan.id == "P-CN-TYPHOON" for p in rec.plans)
    # inland Sichuan has no maritime rescue: reported as a gap, not hidden
    assert "cap.maritime-sar" in {g.capability.id for g in rec.gaps}


def test_building_collapse_brings_usar_with_dogs(
    demo_graph: Driver, db: str, recommend: Recommend
) -> None:
    rec = recommend(["12P13"], CHENGDU, "II")
    assert {"cap.collapsed-structure-sar", "cap.canine-search", "cap.technical-search"} <= covered(
        rec
    )
    assert "tt.usar" in team_types(demo_graph, db, rec)
    assert any(e.equipment_type.id == "eq.life-detector" for e in rec.equipment)


def test_drowning_sends_one_water_rescue_team_with_divers(
    demo_graph: Driver, db: str, recommend: Recommend
) -> None:
    rec = recommend(["12YX1"], CHENGDU, "IV")
    assert 1 <= len(rec.force_package) <= 2  # a small incident gets a small package
    assert {"cap.water-rescue", "cap.dive-rescue"} <= covered(rec)
    assert "tt.water-rescue" in team_types(demo_graph, db, rec)


def test_epidemic_brings_disease_control_not_fire_engines_first(
    demo_graph: Driver, db: str, recommend: Recommend
) -> None:
    rec = recommend(["13A00"], CHENGDU, "II")
    assert {"cap.epidemic-investigation", "cap.isolation-quarantine"} & covered(rec)
    assert {"tt.epidemic-prevention", "tt.medical"} <= team_types(demo_graph, db, rec)
    assert any(p.plan.id == "P-CN-HEALTH" for p in rec.plans)
    health = {"tt.medical", "tt.epidemic-prevention"}
    first = rec.force_package[0].team
    assert first.team_type in health
