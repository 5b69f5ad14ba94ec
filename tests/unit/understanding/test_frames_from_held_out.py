"""Frames, synonyms, a hedge and a marker added from held-out sets' misses (held-out 8 in the
seventeenth session, held-out 10 in the nineteenth), each on wordings of its own (not the
sets' rows), and what they must leave alone. Offline, shipped lexicon."""

from __future__ import annotations

import pytest

from queries.understanding.hedges import hedged
from tests.unit.understanding.test_probes import hazards_read


@pytest.mark.parametrize(
    ("text", "hazard"),
    [
        ("Three teenagers drowned at a quarry lake on Saturday.", "12YX1"),
        ("Two children drowned in a farm pond near the village.", "12YX1"),
        ("A Piper crashed in a cornfield east of the airstrip, the pilot was killed.", "12M01"),
        ("An industrial radiography camera was stolen from a contractor's pickup.", "12T03"),
        ("Floodwater is over the road at the ford and still rising fast.", "11A01"),
        ("The whole apartment was swaying for ten seconds, then it stopped.", "11C02"),
        ("工地库房报告雷管丢失20发，已报警。", "14B10"),
        ("村东头地里裂开好几道口子，越来越宽。", "11D05"),
        ("受暴雨影响，某区间线路悬空，列车暂停通行。", "12P02"),
        ("地铁列车因供电故障在区间内停车，乘客经疏散平台撤离。", "12L99"),
        # nineteenth session (held-out 10's reports)
        ("村里来电：地上裂开好几道大口子，最长的有五六十米。", "11D05"),
        ("巡护员在青山林场北侧约5公里处发现烟点，烟柱灰白。", "11G01"),
        ("The Pine River crested at 19.2 ft, 3 ft above flood stage; 40 homes evacuated.", "11A01"),
        ("Straight-line winds came through around 4 pm and took the roof off the barn.", "11B06"),
        ("Crew reports two power poles down on Route 9, 300 customers out.", "12P08"),
        ("A regional jet slid off the runway on landing in freezing rain; no injuries.", "12M99"),
        ("某矿井下爆破后工人进入工作面，发生炮烟中毒，1人死亡。", "12B03"),
        ("一辆运输放射源的专用车辆在国道上侧翻，源罐完好。", "12T02"),
        ("A light rail train struck a delivery van at the Main Street crossing.", "12L03"),
        ("暴雨导致边坡溜塌，土石侵入限界，上下行线封锁。", "12P02"),
        ("罐车在高速上翻入边沟，驾驶员受伤。", "12H01"),
        ("Two tank cars were breached and are leaking ammonia.", "12D02"),
    ],
)
def test_a_hazard_said_by_its_thing_and_event_is_read(text: str, hazard: str) -> None:
    assert hazard in hazards_read(text)


@pytest.mark.parametrize(
    ("text", "hazard"),
    [
        ("入夏以来降雨偏少，玉米地已经干得开裂。", "11D05"),  # a drought's dry field
        ("The river burst its banks overnight and water is in the houses.", "12YX1"),
        ("Sales drowned out the complaints this quarter.", "12YX1"),
        ("The office building caught fire on the 3rd floor.", "11C02"),
        ("A propane tank exploded at a barbecue restaurant.", "12D01"),
        # nineteenth session
        ("林场今年完成造林面积三千亩，职工收入稳步提高。", "11G01"),
        ("The stock crested at a record high, far above analysts' forecasts.", "11A01"),
        ("Fishing poles down by the lake are for rent, 5 dollars a day.", "12P08"),
        ("The plane took off on time and landed safely with 120 passengers.", "12M99"),
        ("本次讲座讲述放射源的运输安全管理规定，共有50人参加。", "12T02"),
        ("我们公司正线招聘铁路线路工，待遇优厚。", "12P02"),
        ("The tram was late again this morning.", "12L03"),
        # a slide that buries a line and derails a train: the landslide and the derailment
        ("山体溜坍掩埋线路，列车机车脱线，8名旅客受伤。", "12P02"),
    ],
)
def test_what_the_new_frames_leave_alone(text: str, hazard: str) -> None:
    assert hazard not in hazards_read(text)


def test_a_warning_guides_defence_against_a_list_it_does_not_report() -> None:
    guide = "3.做好山洪、滑坡、泥石流等灾害的防御和抢险工作。"
    for word in ("山洪", "滑坡", "泥石流"):
        at = guide.index(word)
        assert hedged(guide, at, at + len(word))
    report = "今日凌晨某县发生山洪，冲毁房屋3间，防御工作正在进行。"
    at = report.index("山洪")
    assert not hedged(report, at, at + 2)


def test_a_longer_thing_that_fires_nothing_lets_its_head_serve_its_own_frames() -> None:
    # "office building" is a fire's thing; the earthquake's is "building"
    assert "11C02" in hazards_read("Our office building started shaking and plaster fell.")
    assert "11C02" not in hazards_read("The office building caught fire on the 3rd floor.")
    # a propane tank that exploded is the gas frame's; the chemical tank stays hidden
    assert hazards_read("A propane tank exploded behind the diner.") == ["12PX1"]


def test_fire_beside_another_service_is_the_service() -> None:
    read = hazards_read("Car stalled in high water, fire and swift-water team toned out.")
    assert read == ["11A01"]  # the high water; the fire is the service sent


def test_a_remembrance_of_a_flood_years_ago_this_week_is_no_flood() -> None:
    retrospective = (
        "Forty years ago this week, the river rose nine feet above flood stage and swept "
        "through the town; a plaque will be unveiled on Saturday."
    )
    assert hazards_read(retrospective) == []
    assert "11A01" in hazards_read(
        "The river rose nine feet above flood stage overnight; 60 homes were evacuated."
    )
