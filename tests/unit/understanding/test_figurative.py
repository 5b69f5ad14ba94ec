"""Hazard words used in another sense name nothing (queries/understanding/figurative.py); the
same words in their literal sense still do. Over the shipped ontology's words, offline."""

from __future__ import annotations

import pytest

from queries.models import TextSpan
from queries.understanding.facts import read_facts
from queries.understanding.figurative import figurative_spans
from queries.understanding.named import read_named, states_something
from tests.unit.understanding.shipped import shipped_lexicon


def hazards_read(text: str) -> list[str]:
    reading = read_named(shipped_lexicon(), text, stated=states_something(read_facts(text), False))
    return [n.term.hazard.id for n in reading.named]


def span_of(text: str, word: str) -> TextSpan:
    start = text.index(word)
    return TextSpan(start, start + len(word), word)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("这学期他的成绩一路滑坡", "滑坡"),
        ("今天又亏了，心态爆炸", "爆炸"),
        ("Her resignation triggered an avalanche of complaints", "avalanche"),
        ("A tsunami of cheap imports hit the market", "tsunami"),
        ("The market crashed and my portfolio is in flames", "flames"),
        ("Just finished the blizzard chapter of the game", "blizzard"),
        ("他们在看一部地震电影", "地震"),
        ("a charcoal grill used indoors for heat", "heat"),
    ],
)
def test_a_word_in_another_sense_is_figurative(text: str, word: str) -> None:
    assert figurative_spans(text, [span_of(text, word)]) == [span_of(text, word)]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("汶川县映秀镇山体滑坡，3人被困", "滑坡"),
        ("化工厂储罐爆炸，2人受伤", "爆炸"),
        ("An avalanche of snow buried the road to the pass", "avalanche"),
        ("A flood of muddy water poured through the streets", "flood"),
        ("The house on Elm Street is in flames", "flames"),
        ("Heat wave: 12 people treated for heatstroke", "Heat"),
    ],
)
def test_the_literal_sense_is_not(text: str, word: str) -> None:
    assert figurative_spans(text, [span_of(text, word)]) == []


def test_a_text_of_figures_of_speech_names_no_hazard() -> None:
    assert hazards_read("这学期他的成绩一路滑坡，班主任已经找家长谈了好几次了。") == []
    assert hazards_read("Her resignation triggered an avalanche of complaints.") == []
    assert hazards_read("The market crashed today and my whole portfolio is in flames.") == []


def test_a_literal_hazard_beside_a_figure_is_still_read() -> None:
    assert hazards_read("峨边县金岩乡山体滑坡，堵路，无伤亡。") == ["11D01"]
    assert hazards_read("Family of 5 found unconscious, charcoal grill used indoors for heat") == [
        "13C03"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "★★★★☆ This kettle is a volcano on the hob: boils in a minute, and the lid never leaks.",
        "Review: 'Whiteout' is a blizzard of clichés; the avalanche scene is best. Two stars.",
        "书评：这本写台风夜的小说节奏很紧，结尾的洪水一章最动人，给四星。",
        "宫保鸡丁的做法：锅烧热，大火把油烧到冒烟，下花生米爆香。",
        "Chili recipe: 2 tablespoons of oil, heat until it smokes, then the onions go in.",
        "Patch 1.4 notes: the Flood Temple boss has less health; the earthquake spell is fixed.",
        "这次面试直接翻车了，紧张到脑子一片空白",
    ],
)
def test_a_review_a_recipe_or_patch_notes_names_no_hazard(text: str) -> None:
    assert hazards_read(text) == []


def test_a_place_or_a_star_in_a_real_report_is_no_review() -> None:
    assert hazards_read("五星路一居民楼发生火灾，3人被困") == ["12G03"]
    # Only 翻车 after an exam or a show is its failure; a fire during an exam is a fire.
    assert hazards_read("考试时教室起火，学生已疏散") == ["12G00"]
    assert hazards_read("某煤矿在井下掘进作业时发生煤与瓦斯突出事故，8人被困") == ["12A01"]
    # Cooking words and a race are no recipe or exam: a kitchen fire, a race car that rolls.
    assert hazards_read("饭店后厨厨师将菜下锅时油锅起火，火势蔓延至排烟道") != []
    assert hazards_read("卡丁车比赛中赛车翻车，1名车手受伤") != []
    assert hazards_read("Fire crews said the kitchen fire was contained to one flat.") != []
    assert hazards_read("Crowding on the pier was a recipe for disaster: 12 people fell in.") != []
    # A bullet, a hotel's name, a duty note's 做法：, an exam bus: still reports.
    assert hazards_read("★紧急通知★ 某化工厂发生爆炸，请周边居民立即撤离") != []
    assert (
        hazards_read("Fire broke out at the Five Stars Hotel, guests trapped on the 8th floor")
        != []
    )
    assert hazards_read("3号楼发生火灾。处置做法：先疏散群众，再组织灭火") != []
    assert hazards_read("送考生去考试的大巴翻车了，车上12名考生受伤") == ["12H01"]
    assert hazards_read("驾校考试车翻车，教练受伤") == ["12H01"]
    assert hazards_read("Star Road: a house fire with 2 people trapped upstairs") == ["12G03"]
