"""The dense demo province (issue 17 item 5): rules, generation, and the committed result."""

from __future__ import annotations

import collections
import dataclasses
from typing import Any

import pytest
import yaml

from kg.errors import UserInputError
from kg.geometry import contains
from loaders.demo.dense_equipment import unit_equipment
from loaders.demo.dense_teams import Region, dense_teams, sichuan_regions
from loaders.demo.expert_pool import BASE_POOL, prefecture_experts
from loaders.demo.force_rules import ForceRules, load_rules, parse_rules
from loaders.demo.ontology_tables import OntologyTables, ontology_tables
from loaders.demo_loader import demo_dir
from ontology import load_ontology

KNOWN = {
    "TeamType": {"tt.fire-rescue", "tt.hazmat"},
    "Capability": {"cap.mountain-sar"},
    "EquipmentType": {"eq.fire-engine"},
}
FIRE = {
    "key": "FIRE",
    "teamType": "tt.fire-rescue",
    "zh": "{place}消防救援大队",
    "en": "{place} Fire Brigade",
    "admin": "county",
    "headcount": [30, 90],
    "readiness": [1, 3],
    "mobility": "ground",
    "equipment": {"eq.fire-engine": [3, 8]},
}
# every county's own units (issue 17 item 5): fire, police, hospital, CDC, town team, command
COUNTY_TYPES = (
    "tt.fire-rescue",
    "tt.police-special",
    "tt.medical",
    "tt.epidemic-prevention",
    "tt.social-rescue",
    "tt.emergency-command",
)


@pytest.fixture(scope="module")
def onto_tables() -> OntologyTables:
    return ontology_tables(load_ontology())


@pytest.fixture(scope="module")
def regions() -> dict[str, Region]:
    return sichuan_regions()


@pytest.fixture(scope="module")
def committed_teams() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = yaml.safe_load((demo_dir() / "teams.yaml").read_text("utf-8"))
    return data


def _parse(**changes: Any) -> ForceRules:
    rule = {**FIRE, **changes}
    return parse_rules({"seed": 1, "county": [rule]}, KNOWN)


def test_a_rule_reads_into_typed_values() -> None:
    rule = _parse().county[0]
    assert (rule.team_type, rule.headcount, rule.equipment) == (
        "tt.fire-rescue",
        (30, 90),
        (("eq.fire-engine", 3, 8),),
    )
    assert rule.name("锦江区", "Jinjiang District") == (
        "锦江区消防救援大队",
        "Jinjiang District Fire Brigade",
    )
    assert rule.applies_to("510104")
    limited = _parse(**{"in": ["513400"]}).county[0]
    assert limited.applies_to("513422") and not limited.applies_to("510104")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"teamTyp": "tt.fire-rescue"}, "unknown field"),
        ({"teamType": "tt.fire-rescu"}, "unknown team type 'tt.fire-rescu'"),
        ({"headcount": [90, 30]}, "headcount must be [min, max]"),
        ({"equipment": {"eq.fire-engin": [1, 2]}}, "unknown equipment type"),
        ({"capabilities": [["cap.mountain-sar", 5]]}, "level outside 1-4"),
        ({"admin": "city"}, "admin must be one of"),
    ],
)
def test_a_wrong_rule_is_refused_with_its_place(change: dict[str, Any], message: str) -> None:
    with pytest.raises(UserInputError, match="county\\[0\\]") as e:
        _parse(**change)
    assert message in str(e.value)


def test_province_units_need_a_place() -> None:
    with pytest.raises(UserInputError, match="needs a 'place'"):
        parse_rules({"seed": 1, "province": [FIRE]}, KNOWN)


def test_every_county_and_prefecture_gets_its_units(
    onto_tables: OntologyTables, regions: dict[str, Region]
) -> None:
    rules = load_rules()
    units = dense_teams(rules, regions, old_teams=[], typical=onto_tables.typical)
    by_region = collections.defaultdict(set)
    for _, t in units:
        by_region[t["region"]].add(t["teamType"])
    counties = [c for c, r in regions.items() if r.rank == "county"]
    assert len(counties) == 183
    for c in counties:
        assert set(COUNTY_TYPES) <= by_region[c], c
    for p in (c for c, r in regions.items() if r.rank == "city"):
        assert {"tt.hazmat", "tt.water-rescue", "tt.engineering-rescue"} <= by_region[p], p
    assert "tt.mine-rescue" in by_region["510400"] and "tt.mine-rescue" not in by_region["510600"]
    ids = [t["id"] for _, t in units]
    assert len(ids) == len(set(ids)) and "T-SC-510104-FIRE" in ids


def test_teams_stand_inside_their_region(
    onto_tables: OntologyTables, regions: dict[str, Region]
) -> None:
    units = dense_teams(load_rules(), regions, old_teams=[], typical=onto_tables.typical)
    for _, t in units:
        shape = regions[t["region"]].shape
        assert contains(shape, t["longitude"], t["latitude"]), t["id"]


def test_an_older_team_of_the_type_in_the_county_is_not_doubled(
    onto_tables: OntologyTables, regions: dict[str, Region]
) -> None:
    old = [{"teamType": "tt.fire-rescue", "region": "513221"}]
    units = dense_teams(load_rules(), regions, old_teams=old, typical=onto_tables.typical)
    ids = {t["id"] for _, t in units}
    assert "T-SC-513221-FIRE" not in ids and "T-SC-513222-FIRE" in ids


def test_a_new_rule_moves_no_other_team(
    onto_tables: OntologyTables, regions: dict[str, Region]
) -> None:
    rules = load_rules()
    fewer = dataclasses.replace(rules, county=rules.county[1:])
    typical = onto_tables.typical
    full = {t["id"]: t for _, t in dense_teams(rules, regions, old_teams=[], typical=typical)}
    part = {t["id"]: t for _, t in dense_teams(fewer, regions, old_teams=[], typical=typical)}
    assert len(part) < len(full)
    assert all(full[i] == t for i, t in part.items())


def test_unit_equipment_follows_the_rule(
    onto_tables: OntologyTables, regions: dict[str, Region]
) -> None:
    rules = load_rules()
    units = dense_teams(rules, regions, old_teams=[], typical=onto_tables.typical)
    ems = [(r, t) for r, t in units if r.key == "EMS"]
    kw = {"provides": onto_tables.provides, "names": onto_tables.names}
    for rule, team in ems:
        items = unit_equipment(rules.seed, rule, team, **kw)
        ambulances = [e for e in items if e["equipmentType"] == "eq.ambulance"]
        assert len(ambulances) == 1 and 4 <= ambulances[0]["quantity"] <= 12, team["id"]
        assert items[0]["id"] == f"E-{team['id'][2:]}-01"
        if team["status"] == "deployed":
            assert {e["status"] for e in items} == {"deployed"}
    air = next((r, t) for r, t in units if t["mobility"] == "air")
    held = {e["equipmentType"] for e in unit_equipment(rules.seed, *air, **kw)}
    assert "eq.rescue-helicopter" in held


def test_prefecture_expert_pools(regions: dict[str, Region]) -> None:
    rules = load_rules()
    taken = {"王建国"}
    experts = prefecture_experts(rules, regions, taken=taken)
    per = collections.Counter(x["id"].split("-")[2] for x in experts)
    liangshan_counties = sum(
        1 for c, r in regions.items() if r.rank == "county" and c[:4] == "5134"
    )
    assert per["513400"] == BASE_POOL + liangshan_counties // 2
    names = [x["nameZh"] for x in experts]
    assert len(names) == len(set(names)) and "王建国(虚构)" not in names
    mining = {x["region"][:4] for x in experts if "mine rescue" in x["profileEn"]}
    assert "5104" in mining  # Panzhihua's pool weighs mining
    assert all(x["region"][:4] == x["id"].split("-")[2][:4] for x in experts)


def test_committed_demo_holds_the_dense_province(
    committed_teams: list[dict[str, Any]],
    onto_tables: OntologyTables,
    regions: dict[str, Region],
) -> None:
    # The committed file is what build_demo writes: the older teams first, then the dense layer.
    old = [t for t in committed_teams if t["id"][5:9].isdigit() and len(t["id"]) == 9]
    assert len(old) == 167 and old[0]["id"] == "T-SC-0001"
    units = dense_teams(load_rules(), regions, old_teams=old, typical=onto_tables.typical)
    committed = {t["id"]: t for t in committed_teams}
    for _, t in units:
        assert {k: committed[t["id"]][k] for k in t} == t, t["id"]
    per_county: dict[str, set[str]] = collections.defaultdict(set)
    for t in committed_teams:
        per_county[t["region"]].add(t["teamType"])
    for c in (c for c, r in regions.items() if r.rank == "county"):
        assert set(COUNTY_TYPES) <= per_county[c], c
