"""Texts that only ask, questions of knowledge, past dated events and shop offers name
hazards for no incident (queries/understanding/occasions.py); a caller's cry and a report
dated this year still do. Over the shipped ontology, offline."""

from __future__ import annotations

import datetime

import pytest

from queries.understanding.facts import read_facts
from queries.understanding.named import read_named, states_something
from tests.unit.understanding.shipped import shipped_lexicon


def hazards_read(text: str) -> list[str]:
    reading = read_named(shipped_lexicon(), text, stated=states_something(read_facts(text), False))
    return [n.term.hazard.id for n in reading.named]


@pytest.mark.parametrize(
    "text",
    [
        "地震了怎么办？在家里应该躲在哪里比较安全？",
        "请问泥石流和滑坡有什么区别？明天考试要考。",
        "请问燃气灶点不着火是什么原因？",
        "1976年7月唐山大地震，是那一代人的伤痛。",
        "大功率抽水泵，排涝神器，暴雨天不用愁！今日下单包邮。",
        "What should I keep in a go-bag in case we ever have to evacuate for a wildfire?",
    ],
)
def test_no_incident_is_read(text: str) -> None:
    assert hazards_read(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("着火了怎么办？快来人啊！", ["12G00"]),
        ("喂，119吗？我家着火了！", ["12G00"]),
        (f"{datetime.date.today().year}年7月12日凌晨，某县发生洪水", ["11A01"]),
    ],
)
def test_a_report_is_still_read(text: str, expected: list[str]) -> None:
    assert hazards_read(text) == expected
