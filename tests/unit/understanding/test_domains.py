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
