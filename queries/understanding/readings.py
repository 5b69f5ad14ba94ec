"""Hazards a stated measurement names: 35 ℃ is extreme heat, 50 mm of rain a rainstorm (pure).

Reports often give the reading instead of the word: "最高气温达43℃", "temperatures topped
44C", "a high of 106F". China's meteorological service calls a day with a maximum of 35 ℃
or more a high-temperature day (高温日) and warns from there, so a stated air temperature at
or above HEAT_MIN_C names extreme heat (11B09), with the reading as its evidence. The
reading must be of the air: a temperature word stands in its clause (气温, 高温, 最高温度,
temperature, high of, heat index); body, water and oil temperatures (体温, 水温, 油温,
"a fever of 39C") never count, and nor do readings below zero.

Rain likewise: China's meteorological service calls 50 mm or more of rain in a day a
rainstorm (暴雨), so a stated rainfall of RAIN_MIN_MM or more ("累计雨量已达180毫米",
"more than 4 inches of rain") names a rainstorm (11B03), with the reading as its evidence; a
rain word (雨量, 降雨, 降水, rain, rainfall) stands in its clause.

Example::

    [(h, s.text) for h, s in heat_readings("入夏以来持续少雨，最高气温达43℃")]
    # [('11B09', '43℃')]
    [(h, s.text) for h, s in rain_readings("自昨晚起降雨持续，累计雨量已达180毫米")]
    # [('11B03', '180毫米')]
"""

from __future__ import annotations

import re

from queries.models import TextSpan
from queries.understanding.facts import clauses, sentences

HEAT_HAZARD = "11B09"
HEAT_MIN_C = 35.0  # 高温日: daily maximum of 35 ℃ or more (China Meteorological Administration)

_READING = re.compile(
    r"(?P<neg>零下|minus\s|-|−)?(?P<num>\d{1,3}(?:\.\d)?)\s?"
    r"(?P<unit>℃|°C|°c|摄氏度|度|°F|°f|F\b|C\b|degrees?(?:\s+(?:Celsius|Fahrenheit|C|F)\b)?)",
    re.IGNORECASE,
)
_AIR_WORDS = re.compile(
    r"气温|高温|最高温|温度|酷热|天气|热浪|temperature|temperatures|high of|highs of|"
    r"heat index|heatwave|heat wave|heat-related|heat related|mercury|thermometer",
    re.IGNORECASE,
)
_NOT_AIR = re.compile(r"体温|水温|油温|炉温|发烧|发热|fever|body|water temperature|oil", re.I)


def _celsius(value: float, unit: str) -> float:
    u = unit.lower()
    if "f" in u and "℃" not in u:
        return (value - 32) * 5 / 9
    return value


def _sentence_of(text: str, offset: int) -> str:
    return next((text[s:e] for s, e in sentences(text) if s <= offset < e), text)


def heat_readings(text: str) -> list[tuple[str, TextSpan]]:
    """(HEAT_HAZARD, the reading's span) for the first air temperature at or above
    HEAT_MIN_C, or nothing."""
    for start, end in clauses(text):
        clause = text[start:end]
        # The word saying it is the air's may open the sentence ("Heat-related calls: ...,
        # 44C for the third day running"); what says it is no air's stays in the clause.
        if not _AIR_WORDS.search(_sentence_of(text, start)) or _NOT_AIR.search(clause):
            continue
        for m in _READING.finditer(clause):
            if m.group("neg"):
                continue
            if m.group("unit").lower() == "度" and not re.search(r"气温|温度|高温", clause):
                continue  # 度 alone is also an angle or a degree of damage
            if _celsius(float(m.group("num")), m.group("unit")) >= HEAT_MIN_C:
                s = start + m.start("num")
                return [(HEAT_HAZARD, TextSpan(s, start + m.end(), text[s : start + m.end()]))]
    return []


RAIN_HAZARD = "11B03"
RAIN_MIN_MM = 50.0  # 暴雨: 50 mm or more of rain in 24 hours (China Meteorological Administration)
_RAIN_WORDS = re.compile(r"雨量|降雨|降水|雨|rainfall|rain", re.IGNORECASE)
_RAIN_READING = re.compile(
    r"(?P<num>\d{1,4}(?:\.\d{1,2})?)\s?(?P<unit>毫米|mm\b|millimet(?:re|er)s?\b|inch(?:es)?\b|in\.)",
    re.IGNORECASE,
)


def rain_readings(text: str) -> list[tuple[str, TextSpan]]:
    """(RAIN_HAZARD, the reading's span) for the first rainfall of RAIN_MIN_MM or more."""
    for start, end in clauses(text):
        clause = text[start:end]
        if not _RAIN_WORDS.search(clause):
            continue
        for m in _RAIN_READING.finditer(clause):
            mm = float(m.group("num")) * (25.4 if m.group("unit").lower().startswith("in") else 1)
            if mm >= RAIN_MIN_MM:
                s = start + m.start()
                return [(RAIN_HAZARD, TextSpan(s, start + m.end(), text[s : start + m.end()]))]
    return []
