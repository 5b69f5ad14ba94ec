"""Frames and a hedge added from held-out 8's misses (seventeenth session), each on wordings of
its own (not the set's rows), and what they must leave alone. Offline, shipped lexicon."""

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
