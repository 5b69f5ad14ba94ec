"""Figures of speech and trade words name no hazard (queries/understanding/mentions.py
`figurative`, lexicon.NOT_HAZARD_PHRASES, named.EVERYDAY_WORDS), with the shipped ontology and
frames; the same words in a report of something happening still name it."""

from __future__ import annotations

import pytest

from queries.models import TextSpan
from queries.understanding.facts import read_facts
from queries.understanding.mentions import figurative
from queries.understanding.named import read_named, states_something
from tests.unit.understanding.shipped import shipped_lexicon


def hazards(text: str) -> list[str]:
    stated = states_something(read_facts(text), False)
    return [n.term.hazard.id for n in read_named(shipped_lexicon(), text, stated).named]


@pytest.mark.parametrize(
    "text",
    [
        "这一波股价雪崩式下跌，散户损失惨重",  # a kind: 雪崩式
        "演出结束，台下响起海啸般的掌声",  # a likeness: 海啸般
        "台风牌落地扇，今天到货",  # a brand
        "他的演技简直是车祸现场",  # a comparison
        "公司高层人事大地震，三个副总同时离职",
        "未来一周以晴好天气为主，森林火险等级较高",  # a rating, no fire
        "这个网红直播带货翻车了",  # a blunder
        "Her resignation was a political earthquake",
        "Rumours about the merger spread like wildfire",
        "《唐山大地震》这部电影看哭了",  # a title
        "关于印发《某市地震应急预案》的通知",
        "某地震局招聘工作人员2名",  # an institution
        "Our fire safety open house is this Saturday",  # a frame's word inside such a phrase
        "明日8时至12时计划停电，请提前做好准备",  # a notice, no failure
        "Power outage scheduled for maintenance on Saturday 8am to noon",
        "Our phone lines in Chengdu have been flooded with calls",  # a place, still an idiom
        "这款手机玩游戏发热严重，烫得像着火一样",  # a likeness: 像 ... 一样
        "这个主播跟地震似的晃来晃去",
        "The Avalanche beat the Lightning 4-2 last night",  # teams, in a sentence about a game
        "It was a landslide victory for the incumbent mayor",
        "Volcano cake: baking soda and vinegar make the lava bubble over",
        "请问一下，被狗咬了要打狂犬疫苗吗",
        "小区将于明天上午9点至11点停水检修，请提前储水",
        "The Earthquake is a ride at Universal Studios",  # a ride's name
        "Twister is a fun party game for all ages",
        "We had a blast at the fireworks show last night",
        "今天体育课跑了三千米，累得快中暑了",  # nearly
        "I'm drowning in homework this week",  # what one drowns in is no water
        "Earthquake preparedness fair at the library on Saturday",
    ],
)
def test_a_figure_of_speech_names_no_hazard(text: str) -> None:
    assert hazards(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("景区雪山垭口发生雪崩，4人被埋", ["11B13"]),
        ("高速上一辆货车翻车，司机受伤", ["12H01"]),  # 翻车 with a stated fact
        ("车祸现场一片狼藉，2人受伤", ["12H00"]),  # 车祸 said plainly
        ("MVA w/ entrapment, 2 veh, fire/EMS requested", ["12H02"]),  # fire/EMS: the agencies
        ("好像着火了，楼道里全是烟", ["12G00"]),  # 好像: it seems, no likeness without 一样
        ("Lightning struck the stadium during the game, 3 fans hurt", ["11B14"]),  # not "the"
        ("Tornado Warning issued for the county during the Royals game", ["11B02"]),  # a title
        ("打雷把在地里干活的一个人劈了", ["11B14"]),
        ("A child drowned in 3 feet of water at the park", ["12YX1"]),
        ("老乡说山里的雪下得齐腰深，羊群都被困在山上", ["11B04"]),  # the trapped are its
    ],
)
def test_the_same_words_in_a_report_still_name_it(text: str, expected: list[str]) -> None:
    assert hazards(text) == expected


def test_figurative_reads_the_characters_around_the_word() -> None:
    text = "犹如一场地震"
    assert figurative(text, TextSpan(4, 6, "地震"))
    assert not figurative("凌晨发生地震", TextSpan(4, 6, "地震"))


@pytest.mark.parametrize(
    "text", ["暴雨预警已解除，城区道路恢复通行", "The Flash Flood Watch has been cancelled"]
)
def test_a_lifted_warning_names_its_hazard_as_not_happening(text: str) -> None:
    reading = read_named(shipped_lexicon(), text, stated=False)
    assert reading.named == [] and len(reading.negated) == 1


def test_a_hazard_beside_a_lifted_warning_in_another_clause_is_named() -> None:
    assert hazards("大风预警已解除。某镇发生山体滑坡，3人被埋") == ["11D01"]
