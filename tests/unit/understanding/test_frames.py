"""Hazards said without their name (queries/understanding/frames.py): a thing and an event
close together in one clause. Hand-written frames pin the rules; the shipped frames are
checked on the phrasings their own file names and on everyday text."""

from __future__ import annotations

from typing import Any

import pytest

from queries.understanding.frames import build_frames, frame_hits, load_frames

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
