"""A hazard word read in the report's domain (queries/understanding/domains.py) and what a
named hazard brings with it (consequences.without_implied): a coal mine word in a metal mine,
the shaking and the roof a blast threw, an "other" type beside its own family's type, a ship
that sank after a collision, a road a rockfall blocked. Over the shipped ontology, offline."""

from __future__ import annotations

import pytest

from queries.understanding.facts import read_facts
from queries.understanding.named import read_named, states_something
from tests.unit.understanding.shipped import shipped_lexicon


def hazards_read(text: str) -> list[str]:
    reading = read_named(shipped_lexicon(), text, stated=states_something(read_facts(text), False))
    return [n.term.hazard.id for n in reading.named]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("凌晨3时许，某铅锌矿井下发生透水，7人被困。", ["12B02"]),
        ("某金矿井下发生冒顶，2人被埋。", ["12B01"]),
        ("某煤矿井下发生透水，7人被困。", ["12A04"]),
        # Coal named beside the metal: the coal mine's words stay coal's.
        ("某铁矿旁的小煤矿井下透水，3人被困。", ["12A04"]),
    ],
)
def test_a_coal_mine_word_in_a_metal_mine_is_the_metal_mines(
    text: str, expected: list[str]
) -> None:
    assert hazards_read(text) == expected


def test_what_a_blast_shook_or_threw_is_no_earthquake_or_wind() -> None:
    assert hazards_read("锅炉房发生锅炉爆炸，锅炉房屋顶被掀翻，1人死亡") == ["12N01"]
    got = hazards_read("楼下餐馆轰的一声，整栋楼都在抖，到处是煤气味")
    assert "11C02" not in got and "12PX1" in got


def test_an_earthquake_or_a_wind_named_beside_a_blast_stays() -> None:
    assert hazards_read("地震导致化工厂储罐爆炸，3人受伤") == ["11C02", "12D01"]
    assert "11B06" in hazards_read("大风把厂房屋顶掀翻，随后锅炉爆炸")


def test_an_other_type_beside_its_familys_type_is_that_one() -> None:
    assert hazards_read("一架小型飞机在农田迫降时坠毁，1人死亡") == ["12M01"]
    assert hazards_read("一架小型飞机在农田迫降，无人受伤") == ["12M99"]


def test_a_ship_that_sank_after_a_collision_is_the_collision() -> None:
    assert hazards_read("一艘渔船与货船发生碰撞后沉没，3人下落不明") == ["12J01"]


def test_a_road_a_rockfall_blocked_is_its_damage() -> None:
    assert hazards_read("S303线发生山体崩塌，落石阻断道路") == ["11D03"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Mill Creek Fire has burned 1,200 acres and is 10% contained.", ["11G00"]),
        ("过火面积约30公顷，火场面积仍在扩大，扑火队员正在开设隔离带，起火原因待查", ["11G00"]),
        # A building named: the plain fire stays a fire (a warehouse on 3 acres is no forest).
        (
            "A fire broke out in a warehouse on a 3-acre lot; crews contained it in an hour.",
            ["12G01"],
        ),
        # Measured in acres, but a depot's or a landfill's: no forest fire.
        ("FIRE at Harbour Fuels depot, two tanks involved, evacuate 500 m, 2 injured", ["12G00"]),
        ("A landfill fire has burned about 5 acres of waste, 1 injured.", ["12G00"]),
    ],
)
def test_a_plain_fire_measured_as_a_wildland_fire_is_one(text: str, expected: list[str]) -> None:
    assert hazards_read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Anthrax killed 14 sheep on a ranch near the river; the flock is quarantined.", ["13E10"]),
        ("某村一养殖户的牛群发生炭疽，已死亡5头，周边实施封锁。", ["13E10"]),
        ("A 60-year-old man is in hospital with H5N1 avian influenza.", ["13A05"]),
        ("一名42岁女性患者确诊感染H5N6禽流感，病情危重。", ["13A05"]),
        ("某家禽养殖场确诊H5N1禽流感，扑杀家禽2万只。", ["13E01"]),
        # A person who has it is a human case, whatever animal gave it to them; people named
        # only by their work are no case (they may be the ones who culled the birds).
        ("A 47-year-old poultry vendor has tested positive for bird flu.", ["13A05"]),
        ("Farm workers culled 30,000 chickens after bird flu was confirmed.", ["13E01"]),
        # A risk to people said beside an animal outbreak is no human case.
        ("Bird flu confirmed at a poultry farm, the risk to human health is very low.", ["13E01"]),
    ],
)
def test_a_disease_is_the_human_or_the_animal_type_by_its_host(
    text: str, expected: list[str]
) -> None:
    assert hazards_read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MV Eastern Star reports an engine room fire, crew mustering.", ["12J06"]),
        ("We are taking on water in the engine room, two persons on board.", ["12J08"]),
        ("NOTAM RWY 09/27 CLSD DUE ACFT ACCIDENT.", ["12M00"]),
        ("The jet skidded off the runway on landing.", ["12M99"]),
        ("Heating oil has been seeping into the brook behind the houses for days.", ["12Q01"]),
        ("About 200 villagers are sitting down across the county road.", ["14A13"]),
        ("A roof fall at the coal mine has trapped four miners.", ["12A02"]),
        ("Police, fire and ambulance attended after the car went into the canal.", ["12H03"]),
        # Review findings: a fire a caller reports stays; floods, flights and releases are no
        # ship, pollution or mine accident; houses a tailings dam flattens are a collapse.
        ("Caller reports a fire, police en route to 12 Elm Street, 2 people trapped", ["12G00"]),
        ("A rescue boat evacuated 40 residents trapped by flooding in the town.", ["11A01"]),
        ("Smoke and fire reported on board a flight at the gate, 3 passengers hurt", ["12G00"]),
        ("A footbridge collapsed onto a bus carrying miners home from their shift", ["12P04"]),
        ("尾矿库溃坝，下游多间民房倒塌，有人被埋", ["12B04", "12P13"]),
        ("The reservoir began discharging into the river at 3,000 cubic metres a second.", []),
    ],
)
def test_hazards_said_by_what_happens(text: str, expected: list[str]) -> None:
    assert hazards_read(text) == expected
