"""Hazards a report names (queries/understanding/mentions.py), over a lexicon built from
hand-written HAZARD_TERMS rows (build_hazard_lexicon) and the frames (build_frames,
load_frames): synonyms anywhere in a sentence, several hazards, negations, a subcategory
beside its type, hazards said without their name."""

from __future__ import annotations

from typing import Any

import pytest

from queries.understanding.frames import Frames, build_frames, load_frames
from queries.understanding.lexicon import HazardLexicon, build_hazard_lexicon
from queries.understanding.mentions import hazard_mentions


def row(
    code: str,
    zh: str,
    en: str,
    alt_zh: tuple[str, ...] = (),
    alt_en: tuple[str, ...] = (),
    parents: tuple[str, ...] = (),
) -> dict[str, Any]:
    return {
        "id": code,
        "nameZh": zh,
        "nameEn": en,
        "altZh": list(alt_zh),
        "altEn": list(alt_en),
        "parents": list(parents),
    }


ROWS = [
    row("11000", "自然灾害", "Natural disaster"),
    row("11A00", "水旱灾害", "Flood and drought", parents=("11000",)),
    row("11A01", "洪水事件", "Flood", ("发大水", "洪涝"), ("flooding",), ("11A00",)),
    row("11A51", "山洪灾害事件", "Flash flood", ("山洪",), ("flash flood",), ("11A00",)),
    row("11D00", "地质灾害", "Geological disaster", parents=("11000",)),
    row("11D01", "滑坡事件", "Landslide", ("山体滑坡", "滑坡"), ("landslip",), ("11D00",)),
    row("11G01", "森林火灾事件", "Forest fire", ("山火",), ("wildfire",), ("11G00",)),
    row("12G00", "火灾事故", "Fire", ("火灾", "着火"), ("fire",), ("12000",)),
    row("12PX1", "燃气事故", "Gas leak", parents=("12P00",)),
    row("12J08", "船舶遇险", "Vessel in distress", parents=("12J00",)),
    row("12H01", "车辆侧翻", "Vehicle rollover", parents=("12H00",)),
    row("12H02", "车辆碰撞", "Vehicle collision", parents=("12H00",)),
    row("12H04", "车辆起火", "Vehicle fire", parents=("12H00",)),
]
LEXICON = build_hazard_lexicon(ROWS)
SHIP_FRAME = {"hazard": "12J08", "things": ["船", "ferry"], "events": ["进水", "翻了", "capsized"]}


def read(
    text: str, lexicon: HazardLexicon = LEXICON, frames: Frames | None = None
) -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
    found, negated = hazard_mentions(lexicon, text, frames)
    return (
        [(n.term.hazard.id, [s.text for s in n.spans]) for n in found],
        [(n.term.hazard.id, [s.text for s in n.spans]) for n in negated],
    )


def test_a_synonym_inside_a_long_sentence() -> None:
    text = "今天凌晨村里突然发大水，有好几户人家的房子被淹了，很多人被困在屋顶等待救援"
    found, negated = hazard_mentions(LEXICON, text)
    assert [(n.term.hazard.id, n.words) for n in found] == [("11A01", ("发大水",))]
    [span] = found[0].spans
    assert (span.start, span.end, span.text) == (8, 11, "发大水")
    assert negated == []


def test_the_bare_chinese_name_without_the_standards_ending() -> None:
    assert read("河道发生洪水") == ([("11A01", ["洪水"])], [])


def test_several_hazards_are_all_kept_in_order_of_mention() -> None:
    assert read("暴雨引发山洪，随后发生山体滑坡") == (
        [("11A51", ["山洪"]), ("11D01", ["山体滑坡"])],
        [],
    )
    assert read("A wildfire spread after the landslip") == (
        [("11G01", ["wildfire"]), ("11D01", ["landslip"])],
        [],
    )


def test_every_span_of_a_hazard_is_kept_as_evidence() -> None:
    assert read("洪水来得很快，洪水退后又发大水") == ([("11A01", ["洪水", "洪水", "发大水"])], [])


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("未发生火灾", [("12G00", ["火灾"])]),
        ("现场无火灾", [("12G00", ["火灾"])]),
        ("没有发现火灾", [("12G00", ["火灾"])]),
        ("no fire", [("12G00", ["fire"])]),
        ("There was no sign of fire", [("12G00", ["fire"])]),
        # Words of degree between the negation and the hazard say how large, not whether.
        ("全市未发生重大火灾", [("12G00", ["火灾"])]),
        ("今年以来没有发生较大以上火灾", [("12G00", ["火灾"])]),
        ("There was no sign of a major fire", [("12G00", ["fire"])]),
    ],
)
def test_a_negated_hazard_is_returned_apart(text: str, negated: list[Any]) -> None:
    assert read(text) == ([], negated)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("There was no warning before the flood", [("11A01", ["flood"])]),
        ("without rain, a forest fire broke out", [("11G01", ["forest fire"])]),
        ("无人机在火灾现场侦察", [("12G00", ["火灾"])]),
        ("火灾未造成人员伤亡", [("12G00", ["火灾"])]),
        ("未发生次生灾害，但下游出现洪水", [("11A01", ["洪水"])]),
        ("无人员伤亡，仓库发生重大火灾", [("12G00", ["火灾"])]),
    ],
)
def test_what_is_not_a_negation(text: str, found: list[Any]) -> None:
    assert read(text) == (found, [])


def test_a_hazard_both_denied_and_named_is_named() -> None:
    assert read("not a fire but a flood") == ([("11A01", ["flood"])], [("12G00", ["fire"])])
    assert read("起初未发现火灾，随后仓库发生火灾") == ([("12G00", ["火灾"])], [])


def test_a_subcategory_named_beside_its_type_is_dropped() -> None:
    assert read("地质灾害隐患点发生滑坡") == ([("11D01", ["滑坡"])], [])
    assert read("水旱灾害，洪水") == ([("11A01", ["洪水"])], [])


def test_a_subcategory_named_alone_is_kept() -> None:
    assert read("当地发生地质灾害") == ([("11D00", ["地质灾害"])], [])


def test_a_category_names_no_hazard() -> None:
    assert read("发生一起自然灾害") == ([], [])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("我家隔壁好像煤气漏了", "12PX1"),
        ("船进水了", "12J08"),
        ("the ferry capsized", "12J08"),
    ],
)
def test_shipped_frames_add_hazards_said_without_their_name(text: str, found: str) -> None:
    named, negated = hazard_mentions(LEXICON, text, load_frames())
    assert [n.term.hazard.id for n in named] == [found]
    assert negated == []


@pytest.mark.parametrize(
    "text", ["我把车停在楼下", "今天天气不错，我们去公园散步", "We took the ferry across the bay"]
)
def test_shipped_frames_do_not_fire_on_everyday_text(text: str) -> None:
    assert hazard_mentions(LEXICON, text, load_frames()) == ([], [])


def test_a_frame_whose_hazard_is_not_in_the_lexicon_adds_nothing() -> None:
    lexicon = build_hazard_lexicon([r for r in ROWS if r["id"] != "12J08"])
    assert read("船进水了", lexicon, build_frames([SHIP_FRAME])) == ([], [])


def test_a_frame_can_be_negated() -> None:
    frames = build_frames([SHIP_FRAME])
    assert read("没有船进水", frames=frames) == ([], [("12J08", ["船进水"])])


def test_a_frame_does_not_swallow_a_hazard_named_inside_it() -> None:
    # 船 ... 翻了 spans 洪水: the boat in distress and the flood are both named.
    found, _ = read("船在洪水中翻了", frames=build_frames([SHIP_FRAME]))
    assert sorted(h for h, _spans in found) == ["11A01", "12J08"]
