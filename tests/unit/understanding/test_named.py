"""The rules that set a named hazard apart or keep it (queries/understanding/named.py), with
the shipped ontology's labels and the shipped frames: smoke beside an explosion, a crash or
a fire; fire in general beside a type whose fire it is; people trapped under a collapse;
readings as evidence; the time of day is no stated fact."""

from __future__ import annotations

import pytest

from queries.models import TextSpan
from queries.understanding.models import Fact
from queries.understanding.named import read_named, states_something
from tests.unit.understanding.shipped import shipped_lexicon


def named(text: str, stated: bool = False) -> list[str]:
    return [n.term.hazard.id for n in read_named(shipped_lexicon(), text, stated).named]


@pytest.mark.parametrize(
    ("text", "hazards"),
    [
        ("煤矿井下炸了，井口在冒黑烟", ["12A01"]),  # the explosion's smoke
        ("一架小飞机掉在村子后面的田里了，在冒烟", ["12M01"]),  # the crash's smoke
        # a flame is said too: the fire stays, though no label names it
        ("楼下烧烤店的燃气罐子爆了，火好大，二楼三楼都冒烟了", ["12PX1", "12G00"]),
        ("楼道里冒黑烟，味道很呛", ["12G00"]),  # smoke alone is a fire
    ],
)
def test_smoke_beside_an_explosion_or_a_crash_is_its_own(text: str, hazards: list[str]) -> None:
    assert named(text) == hazards


def test_smoke_beside_a_named_fire_is_that_fire() -> None:
    text = "Explosion at the refinery followed by a large fire, smoke drifting over homes"
    assert named(text) == ["12D01", "12D03"]


@pytest.mark.parametrize(
    ("text", "hazards"),
    [
        ("一辆货车起火", ["12H04"]),  # the vehicle's fire: 起火 says nothing more
        ("Power is out across the north of the city after a substation fire", ["12P08", "12G00"]),
    ],
)
def test_fire_in_general_gives_way_only_to_a_type_whose_fire_it_is(
    text: str, hazards: list[str]
) -> None:
    assert named(text) == hazards


def test_people_trapped_under_a_collapse_are_its() -> None:
    assert named("Building collapse in the old town, people trapped under rubble") == ["12P13"]
    assert named("电梯停在两层楼中间，3人被困") == ["12N04"]


def test_a_reading_is_evidence_for_a_word_that_names_its_hazard() -> None:
    # "heat" alone is everyday speech; the stated 43°C says the word is meant.
    assert named("The heat is unbearable") == []
    assert named("The heat goes on, temperatures reaching 43°C in most districts") == ["11B09"]


def test_rainfall_of_50_mm_names_a_rainstorm() -> None:
    assert named("自昨晚起降雨持续，累计雨量已达180毫米") == ["11B03"]
    assert named("昨天下了点小雨，雨量12毫米") == []


def test_the_time_of_day_alone_states_nothing() -> None:
    night = Fact("night", True, TextSpan(0, 9, "overnight"))
    dead = Fact("dead", 2.0, TextSpan(0, 4, "2 人死亡"))
    assert not states_something([night], place_named=False)
    assert states_something([night, dead], place_named=False)
    assert states_something([], place_named=True)


@pytest.mark.parametrize(
    ("text", "hazards"),
    [
        # "flooding" lies inside the waterlogging frame's words: the river's own frame stays
        ("as the river kept rising it burst its banks, flooding 200 shops and homes", ["11A01"]),
        # ... and a labelled waterlogging keeps "flooding" from naming a river flood
        ("A downpour caused severe waterlogging, flooding 30 streets", ["11B03", "11A02"]),
    ],
)
def test_a_label_inside_a_frames_words_is_that_frames(text: str, hazards: list[str]) -> None:
    assert named(text) == hazards


@pytest.mark.parametrize(
    "text",
    [
        "珍爱生命，严防溺水",  # a slogan: hedged, no warning, nothing stated
        "请勿在河边嬉戏，谨防溺水",  # a safety sign
        "安全生产，人人有责，严防火灾事故发生",
        "防范化解重大风险，守住安全底线",  # 重大风险 holds 大风 and names no wind
        "一年一度的台风季又要来了，大家提前备好物资",  # a season is no event
    ],
)
def test_slogans_signs_and_seasons_name_nothing(text: str) -> None:
    assert named(text) == []


def test_a_warning_of_hedged_hazards_keeps_them() -> None:
    assert named("气象台发布预警：请注意防范山洪、滑坡") == ["11A51", "11D01"]
    assert named("严防溺水", stated=True) == ["12YX1"]  # a fact or a place makes it a report


@pytest.mark.parametrize(
    ("text", "hazards"),
    [
        ("这里有几个驴友被困在沟里下不来，水一下子涨起来了，过不了河", ["11A01"]),
        ("河水一下子涨起来了", ["11A01"]),
        ("水价涨起来了", []),  # a price rises, no water
        ("水管爆了，水漫上来了", ["12P12"]),  # the burst main's water
    ],
)
def test_water_that_rises_is_a_flood(text: str, hazards: list[str]) -> None:
    assert named(text) == hazards


@pytest.mark.parametrize(
    ("text", "hazards"),
    [
        # 环境 is what 环境事件 leaves without 事件; the agency a report names is no event.
        ("放射源下落不明，已报告生态环境部门", ["12T03"]),
        # Shelves emptied when the water is cut: the outage's, not a market disturbance.
        ("停水第三天了，超市矿泉水都被抢光了", ["12P12"]),
        ("听说邻国核电站出事了，超市的盐被抢光了", ["14D02"]),
        # A game's name in a sentence about playing it.
        ("Played Pandemic Legacy with the kids last night", []),
    ],
)
def test_agencies_outages_and_games_name_what_they_should(text: str, hazards: list[str]) -> None:
    assert named(text, stated=True) == hazards


@pytest.mark.parametrize(
    ("text", "hazard"),
    [
        ("村口那棵大树被连根拔起，压坏了两辆车", "11B06"),
        ("Two trees uprooted and a shed roof ripped off on Main St", "11B06"),
        ("高速隧道里在冒烟，车都停下来了", "12G07"),
        ("Boiler blew in the basement of the school", "12N01"),
        ("Hissing noise by the gas meter, family outside", "12PX1"),
        ("有人打电话来要赎金，说不给钱就撕票", "14B06"),
        ("河道里冰凌堆积，水位上涨很快", "11A05"),
        ("The sea drew back from the beach and fishermen are running inland", "11E01"),
        ("我们屋头好大一股臭鸡蛋味", "12PX1"),
        ("邻居在家烧炭取暖，现在叫不醒", "13C03"),
        ("Water boiling up at the toe of the levee behind the school", "11A04"),
        ("A van went through the railing of the bridge into the river", "12H03"),
        ("Ute rolled over on the gravel road, driver trapped", "12H01"),
        ("Fisherman swept off the rocks by a wave at the point", "12YX1"),
        ("某铁矿上出事了，井下还有人出不来", "12B00"),
        ("放学时人太多，几个学生被挤倒了", "12S00"),
        ("几十个货车司机把车横在收费站不让走", "14A13"),
    ],
)
def test_hazards_said_by_what_happens_to_things(text: str, hazard: str) -> None:
    assert hazard in named(text, stated=True)
