"""English facts said the way logs, wires and callers say them (seventeenth session): one
person or both without a number, times with am/pm and 24-hour log times, route numbers
closed, counts of places that are no counts of people."""

from __future__ import annotations

import pytest

from tests.unit.understanding.test_facts import facts


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("A man was killed when the wall fell on him.", "dead", 1.0),
        ("A miner was fatally injured by a roof fall.", "dead", 1.0),
        ("The plane crashed, killing both people on board.", "dead", 2.0),
        ("Both drivers were seriously injured.", "seriously_injured", 2.0),
        ("Car in the ditch, driver pinned, conscious and talking.", "trapped", 1.0),
        ("He climbed onto the roof of his pickup and he is stranded there.", "trapped", 1.0),
        ("Four of us stuck inside the lift between floors.", "trapped", 4.0),
        ("Six houses were destroyed by the mudflow.", "buildings_collapsed", 6.0),
        ("I-29 closed both directions between exits 177 and 185.", "road_cut", True),
        ("Both lanes of Hwy 20 shut down, detour via County Road 14.", "road_cut", True),
    ],
)
def test_a_count_or_a_state_said_without_a_digit_is_read(
    text: str, kind: str, value: object
) -> None:
    assert facts(text).get(kind) == value


@pytest.mark.parametrize(
    "text",
    [
        "The whole slope above the highway let go overnight and buried both lanes",
        "Mud buried both sides of the road near the bridge",
        "Debris trapped both directions of traffic for an hour",
    ],
)
def test_both_roads_are_no_two_people(text: str) -> None:
    assert "trapped" not in facts(text)


def test_both_people_still_are_two() -> None:
    assert facts("The collapse buried both workers in the trench").get("trapped") == 2.0


@pytest.mark.parametrize(
    ("text", "night"),
    [
        ("At 3:05 pm the office building started shaking.", None),  # no 03:05
        ("The blast happened at 2:48 p.m. on Thursday.", None),
        ("At 10:45 a.m. a section of roof fell.", None),
        ("AT 0312 LOCAL SECTOR RECEIVED AN EPIRB ALERT.", True),
        ("IROPS UPDATE #3 DFW 2140L. Ramp closed for lightning.", True),
        ("1142 PM MDT TUE AUG 12 FLASH FLOOD WARNING", True),
        ("HAZMAT NOTIFICATION - 1417 HRS, tank rollover", None),
        ("Placard UN1005 on the tank, 2 injured", None),
    ],
)
def test_clock_times_say_night_only_when_they_are(text: str, night: object) -> None:
    assert facts(text).get("night") == night


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("No one was killed.", "dead", 0.0),  # a negation stays a zero
        ("Three men were killed.", "dead", 3.0),  # a number still wins
    ],
)
def test_numbers_and_negations_keep_their_reading(text: str, kind: str, value: float) -> None:
    assert facts(text).get(kind) == value


def test_a_count_of_places_is_no_count_of_people() -> None:
    read = facts("126 residents of two nearby villages have been evacuated.")
    assert read.get("evacuated") != 2.0  # was read as 2 (the villages)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("电梯卡在9楼和10楼之间，轿厢内困有3人", 3.0),
        ("电梯停在半中间，里面困了4个人", 4.0),
        ("老楼塌了，有两个工人埋在下面", 2.0),  # 个 with a person noun after it
        ("司机被困在驾驶室里出不来", 1.0),  # the driver: one person
        ("开车的老汉被压在车底下，人还有气", 1.0),
    ],
)
def test_chinese_trapped_said_by_how_callers_say_it(text: str, value: float) -> None:
    assert facts(text).get("trapped") == value


def test_ge_counts_no_places() -> None:
    assert "affected" not in facts("全县5个乡镇受灾")  # 5 townships are no 5 people


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("事故造成2人死亡，事故路段双向交通管制。", True),
        ("隧道内车辆起火，隧道两头都封了。", True),
        ("一坨大石头滚下来把公路都堵断了。", True),
        ("土石堵断村道，一辆三轮摩托车被砸中。", True),
        ("货运列车脱轨，司机轻伤，线路中断。", None),  # the railway's line, no road
        ("成昆铁路双向行车中断，铁路部门已组织抢险。", None),
    ],
)
def test_chinese_roads_closed_or_blocked_and_railway_lines_apart(text: str, cut: object) -> None:
    assert facts(text).get("road_cut") == cut


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("The quake struck before dawn, toppling 46 houses.", "buildings_collapsed", 46.0),
        ("A landslide that destroyed 12 homes in the valley.", "buildings_collapsed", 12.0),
        ("The debris flow tore through the village, burying 7 homes.", "buildings_collapsed", 7.0),
        ("The collapse buried 3 workers.", "trapped", 3.0),
    ],
)
def test_a_verb_then_the_count_of_what_it_hit(text: str, kind: str, value: float) -> None:
    assert facts(text).get(kind) == value


def test_homes_or_vehicles_counted_are_no_people() -> None:
    read = facts("The debris flow tore through the village, burying 7 homes.")
    assert "trapped" not in read
    assert "trapped" not in facts("An avalanche trapped 4 vehicles on the pass.")
