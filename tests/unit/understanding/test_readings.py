"""Hazards a stated measurement names (queries/understanding/readings.py): an air
temperature of 35 ℃ or more is extreme heat; body, water and sub-zero readings are not."""

from __future__ import annotations

import pytest

from queries.understanding.readings import HEAT_HAZARD, RAIN_HAZARD, heat_readings, rain_readings


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("入夏以来持续高温少雨，最高气温达43℃，全市出现旱情。", "43℃"),
        ("气温高达四十度以上", None),  # Chinese numerals are not read here
        ("午后气温38度，多人中暑。", "38度"),
        ("Temperatures topped 44C as strong winds fanned the flames.", "44C"),
        ("A high of 106F is forecast for Phoenix on Tuesday.", "106F"),
        ("temperatures near 40 degrees Celsius across the plain", "40 degrees Celsius"),
        # The word that says it is the air's may open the sentence, not the reading's clause.
        ("Heat-related calls: 3 residents collapsed, 44C for the third day running", "44C"),
        ("Heat-related calls today. Patient has a fever, 39C", None),  # another sentence
    ],
)
def test_an_air_temperature_of_35_or_more_is_extreme_heat(text: str, reading: str | None) -> None:
    found = heat_readings(text)
    if reading is None:
        assert found == []
    else:
        assert [(h, s.text) for h, s in found] == [(HEAT_HAZARD, reading)]
        assert text[found[0][1].start : found[0][1].end] == reading


@pytest.mark.parametrize(
    "text",
    [
        "患儿体温39.5℃，伴有皮疹。",  # a body temperature
        "A 4-year-old with a fever of 39C was taken to hospital.",
        "最低气温降至零下38℃，积雪深度超过40厘米。",  # cold, not heat
        "今天最高气温32℃，天气晴好。",  # warm, below the 高温 threshold
        "Temperatures fell to 12C overnight.",
        "The slope of 40 degrees gave way after the rain.",  # an angle, no air word
        "热水器水温设定为60℃。",
    ],
)
def test_other_readings_name_nothing(text: str) -> None:
    assert heat_readings(text) == []


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("自昨晚起降雨持续，累计雨量已达180毫米", "180毫米"),
        ("最大小时雨量达89毫米", "89毫米"),
        ("more than 4 inches of rain fell overnight", "4 inches"),
        ("降雨量30毫米", None),  # below 50 mm: rain, no rainstorm
        ("积雪深度60毫米", None),  # no rain word in the clause
    ],
)
def test_rainfall_of_50_mm_or_more_is_a_rainstorm(text: str, reading: str | None) -> None:
    found = rain_readings(text)
    if reading is None:
        assert found == []
    else:
        assert [(h, s.text) for h, s in found] == [(RAIN_HAZARD, reading)]
