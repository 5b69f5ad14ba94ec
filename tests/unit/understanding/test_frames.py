"""Hazards said without their name (queries/understanding/frames.py): a thing and an event
close together in one clause. Hand-written frames pin the rules; the shipped frames are
checked on the phrasings their own file names and on everyday text."""

from __future__ import annotations

from typing import Any

import pytest

from queries.understanding.frames import build_frames, frame_hits, load_frames, partial_frames

GAS = {"hazard": "12PX1", "things": ["煤气", "gas"], "events": ["漏", "leak"]}
CHEMICAL = {"hazard": "12D02", "things": ["储罐", "tank"], "events": ["泄漏", "漏了"]}
SHIP = {"hazard": "12J08", "things": ["船", "ferry"], "events": ["进水", "capsized"]}
LEVEE = {"hazard": "11A04", "things": ["堤坝"], "events": ["冒水"]}
DAM = {"hazard": "11A03", "things": ["坝"], "events": ["冒水"]}


def hits(entries: list[dict[str, Any]], text: str) -> list[tuple[str, str]]:
    return [(h, s.text) for h, s in frame_hits(build_frames(entries), text)]


def test_a_thing_and_an_event_in_either_order() -> None:
    assert hits([SHIP], "船进水了") == [("12J08", "船进水")]
    assert hits([SHIP], "进水的是一条船") == [("12J08", "进水的是一条船")]


def test_the_span_indexes_the_text() -> None:
    text = "报警：江边一条船进水了"
    [(hazard, span)] = frame_hits(build_frames([SHIP]), text)
    assert (hazard, span.start, span.end) == ("12J08", 7, 10)
    assert text[span.start : span.end] == "船进水"


def test_a_thing_alone_or_an_event_alone_is_nothing() -> None:
    assert hits([SHIP], "船停在码头") == []
    assert hits([SHIP], "地下室进水了") == []


def test_too_far_apart_is_nothing() -> None:
    # FRAME_REACH is 12 characters between the thing and the event, in one sentence
    assert hits([SHIP], "船上的人说完了。昨天家里进水了") == []  # another sentence
    assert hits([SHIP], "船从上游码头出发，在江上开了很久很久后进水") == []  # 18 characters apart
    assert hits([SHIP], "船在江心，进水了") == [("12J08", "船在江心，进水")]  # across a comma


def test_english_words_join_across_a_few_words() -> None:
    assert hits([SHIP], "the ferry carrying 40 people capsized") == [
        ("12J08", "ferry carrying 40 people capsized")
    ]


def test_a_longer_event_of_one_frame_does_not_hide_a_shorter_one_of_another() -> None:
    # 漏了 (a chemical leak's event) contains 漏 (a gas leak's): the gas frame still fires,
    # and a chemical leak is not read without a chemical thing.
    [(hazard, span)] = hits([GAS, CHEMICAL], "我家隔壁好像煤气漏了")
    assert (hazard, span[:3]) == ("12PX1", "煤气漏")  # 煤气漏 or 煤气漏了
    assert hits([GAS, CHEMICAL], "厂区储罐漏了") == [("12D02", "储罐漏了")]


def test_a_thing_inside_a_longer_thing_is_not_that_thing() -> None:
    # 堤坝 is a levee; the 坝 (dam) inside it names no dam.
    assert hits([LEVEE, DAM], "堤坝脚下在往外冒水") == [("11A04", "堤坝脚下在往外冒水")]


def test_each_hazard_once_in_text_order() -> None:
    text = "船进水了，另一条船也进水，煤气漏了"
    assert hits([GAS, SHIP], text) == [("12J08", "船进水"), ("12PX1", "煤气漏")]


@pytest.mark.parametrize(
    ("text", "hazard"),
    [
        ("我家隔壁好像煤气漏了", "12PX1"),
        ("船进水了", "12J08"),
        ("the ferry capsized", "12J08"),
        ("后山垮下来了", "11D01"),
        ("石头滚下来砸到了路上", "11D03"),
    ],
)
def test_shipped_frames_read_what_their_file_says(text: str, hazard: str) -> None:
    assert [h for h, _ in frame_hits(load_frames(), text)] == [hazard]


@pytest.mark.parametrize(
    "text",
    [
        "我把车停在楼下",
        "今天天气不错，我们去公园散步",
        "他开车去上班，路上风很大",
        "今天吃饭的时候有人说煤气费涨了",
        "We took the ferry to the island",
        "The river is beautiful in spring",
    ],
)
def test_shipped_frames_do_not_fire_on_everyday_text(text: str) -> None:
    assert frame_hits(load_frames(), text) == []


CRASH = {"hazard": "12M01", "things": ["helicopter"], "events": ["crashed"]}
COLLISION = {"hazard": "12J01", "things": ["ship"], "events": ["crashed into"]}
LEAK = {"hazard": "12D02", "things": ["tanker"], "events": ["leaking"]}
FACTORY_FIRE = {"hazard": "12G01", "things": ["factory", "houses"], "events": ["caught fire"]}
BLOCKADE = {"hazard": "14A13", "thing_first": True, "things": ["群众"], "events": ["堵塞"]}
LOST = {"hazard": "12T03", "things": ["放射源"], "events": ["丢失"]}


def test_a_longer_english_event_of_one_frame_does_not_hide_a_shorter_one() -> None:
    # "crashed into" is a ship collision's event; the helicopter still crashed
    text = "A helicopter carrying six people crashed into a forested hillside"
    assert [h for h, _ in hits([CRASH, COLLISION], text)] == ["12M01"]


def test_an_english_subject_reaches_its_verb_across_the_sentence() -> None:
    text = (
        "Tanker carrying liquid ammonia struck the barrier on the Third Ring Road exit ramp, "
        "Chengdu, and is leaking."
    )
    assert [h for h, _ in hits([LEAK], text)] == ["12D02"]
    # a dateline before the subject is no word of the sentence
    assert [h for h, _ in hits([LEAK], "CHENGDU - " + text)] == ["12D02"]
    # not the subject: too far, as before
    later = (
        "Police closed the exit ramp beside a parked tanker on the Third Ring Road in the "
        "morning rush hour because a nearby water pipe was leaking."
    )
    assert hits([LEAK], later) == []


def test_an_english_event_before_its_thing_reaches_only_a_short_phrase() -> None:
    assert [h for h, _ in hits([FACTORY_FIRE], "It caught fire at a five-storey factory")] == [
        "12G01"
    ]
    text = "the gas caught fire and the tank exploded 25 minutes later, damaging 12 houses"
    assert hits([FACTORY_FIRE], text) == []


def test_a_thing_first_frame_needs_the_thing_before_its_event() -> None:
    assert [h for h, _ in hits([BLOCKADE], "部分群众堵塞县城主干道")] == ["14A13"]
    assert hits([BLOCKADE], "国道一处路段被泥石流堵塞，约900名游客和群众滞留") == []


def test_a_chinese_thing_reaches_the_end_of_its_own_clause() -> None:
    text = "一枚放射源（铱-192）在攀枝花市东区一施工现场作业后丢失"  # 25 characters apart
    assert [h for h, _ in hits([LOST], text)] == ["12T03"]
    # across a comma, the short reach only
    assert hits([LOST], "一枚放射源已装车运往攀枝花市东区，施工现场作业后工具丢失") == []


@pytest.mark.parametrize(
    ("text", "hazard"),
    [
        ("那个桥垮了！车子正在上面过就垮了。", "12P04"),  # a bridge said plainly: 桥
        ("the gas caught fire and the tank exploded 25 minutes later", "12D01"),
        ("about 40 minutes later the vapour ignited and exploded", "12D01"),
    ],
)
def test_colloquial_bridges_and_exploding_tanks(text: str, hazard: str) -> None:
    assert hazard in [h for h, _ in frame_hits(load_frames(), text)]


def test_the_wind_does_what_its_frame_says_and_a_riverside_is_no_dam() -> None:
    hits = lambda text: [h for h, _ in frame_hits(load_frames(), text)]  # noqa: E731
    assert "11B06" not in hits("山上着火了！烟好大，风一吹就往村里烧过来了")
    assert "11B06" in hits("昨晚风好大，把院子里的树刮倒了")
    assert hits("河坝里水好大，堤坝脚下在往外冒水") == ["11A01", "11A04"]


@pytest.mark.parametrize(
    ("text", "hazard"),
    [
        ("有个娃娃在河边耍，被水冲走了，快来人啊！", "12YX1"),
        ("屋后头的坎坎垮了，把房子后墙推倒了一半。", "11D03"),
        ("厂里有个工人掉到搅拌罐里去了，人没得反应了。", "13C01"),
        ("一艘渔船在海上失去联系两天了，船上有六个人。", "12J07"),
        ("一个老人在山上采菌子迷路了，手机快没电了。", "12YX2"),
        ("Two hikers are stuck on a ledge on the cliff and can't get down.", "12YX2"),
        ("A bus went off the mountain road and rolled down the slope.", "12H03"),
        ("A tour boat flipped over on the lake, several people in the water.", "12J08"),
        ("Live power lines are down across the road after the storm, sparking.", "12P08"),
        ("The dam upstream is overtopping and they are evacuating the valley.", "11A03"),
        ("Water is coming up through the drains and the whole street is under a foot of water.",
         "11A02"),
        # Tenth session: effects that batch 6 and two spot checks showed no frame for.
        ("求扩散！我爸妈被困在老家二楼，水已经漫到楼梯口了", "11A02"),
        ("Water is up to the windows on Elm St, people on roofs", "11A02"),
        ("朋友圈看到的，后山下来好多泥，把房子冲垮了", "11D02"),
        ("地突然往下陷，出了一个好几米宽的坑", "11D04"),
        ("一进地下室就闻到一股臭鸡蛋味", "12PX1"),
        ("Lights flickered and then the whole east side went dark", "12P08"),
        ("Snow broke loose above the ski run", "11B13"),
        ("Freight train hit a truck at the Elm Rd crossing", "12K03"),
        ("911 caller: a man in the road got hit by a car and it drove off", "12H99"),
        ("Caller reports the hillside behind her house is moving", "11D01"),
        ("路边的井盖被冲走了，有个老人掉下去了", "12YX2"),
        ("Hiker fell about 40 feet down a ravine, conscious", "12YX2"),
    ],
)  # fmt: skip
def test_colloquial_reports_name_their_hazard(text: str, hazard: str) -> None:
    assert hazard in [h for h, _ in frame_hits(load_frames(), text)]


def test_a_vessel_out_of_contact_is_missing_not_in_distress() -> None:
    assert [h for h, _ in frame_hits(load_frames(), "渔船在海上失去联系")] == ["12J07"]


def test_a_thing_or_an_event_alone_ranks_choices_not_hazards() -> None:
    frames = build_frames([GAS, SHIP, CHEMICAL])
    assert frame_hits(frames, "渔船的发动机声音不太对") == []
    assert partial_frames(frames, "渔船的发动机声音不太对") == ["12J08"]
    # A thing says more than an event; between equals, the one said first leads.
    assert partial_frames(frames, "储罐区今天检修，远处有煤气") == ["12D02", "12PX1"]
    assert partial_frames(frames, "the ferry timetable changed; a leak") == ["12J08", "12PX1"]
    assert partial_frames(frames, "今天天气不错") == []


def test_tied_partial_frames_go_to_the_frame_listed_first() -> None:
    collision = {"hazard": "12J01", "things": ["船"], "events": ["相撞"]}
    assert partial_frames(build_frames([SHIP, collision]), "船上有3个人")[0] == "12J08"
    assert partial_frames(build_frames([collision, SHIP]), "船上有3个人")[0] == "12J01"
