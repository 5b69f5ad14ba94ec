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
