"""Frames, synonyms and a marker added from held-out 10's report misses (nineteenth session),
each on wordings of its own (not the set's rows), and what they must leave alone. Offline,
shipped lexicon."""

from __future__ import annotations

import pytest

from tests.unit.understanding.test_probes import hazards_read


@pytest.mark.parametrize(
    ("text", "hazard"),
    [
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


def test_a_remembrance_of_a_flood_years_ago_this_week_is_no_flood() -> None:
    retrospective = (
        "Forty years ago this week, the river rose nine feet above flood stage and swept "
        "through the town; a plaque will be unveiled on Saturday."
    )
    assert hazards_read(retrospective) == []
    assert "11A01" in hazards_read(
        "The river rose nine feet above flood stage overnight; 60 homes were evacuated."
    )
