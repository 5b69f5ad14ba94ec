"""Texts that name hazards and report nothing (seventeenth session, from held-out 9's
non-incidents, read once the set had been measured): similes and scare quotes, works and
listings, job postings and course adverts, a safety slogan, a 'years later' remembrance.
Each on wordings of its own; and the reports these rules must leave alone."""

from __future__ import annotations

import pytest

from tests.unit.understanding.test_probes import hazards_read


@pytest.mark.parametrize(
    "text",
    [
        "月底了，工单像雪崩一样砸过来，我整个人都要被埋了。",
        "这首歌一发布就在圈里刮起一阵“龙卷风”。",
        "《黄河安澜》一书讲述了历史上的决口与堵口。",
        "这款手游里地震和海啸轮番来袭，预约即送皮肤。",
        "Tsunami Run: a disaster film about a seismologist. Rated PG-13, 118 minutes.",
        "Cozy 2BR/1BA bungalow, new roof after the hailstorm, open Saturday.",
        "Wildfire 3000 hiking boots, ships free this week.",
        "区消防救援大队招聘公告：招聘专职消防员20名，能适应火灾扑救和水域救援工作。",
        "Firefighter II wanted. Salary $61,000. Responds to structure fires and hazmat calls.",
        "Swiftwater rescue course: flood rescue basics, next session starts May 2.",
        "Flood safety reminder: Turn around, don't drown.",
        "四十年后的今天，市民来到纪念碑前缅怀那场大地震的遇难者。",
    ],
)
def test_a_text_that_reports_nothing_names_no_hazard(text: str) -> None:
    assert hazards_read(text) == []


@pytest.mark.parametrize(
    ("text", "hazard"),
    [
        ("受台风“烟花”影响，我县出现特大暴雨，多处内涝。", "11B03"),
        ("仓库起火，火势像潮水一样蔓延，浓烟很大", "12G00"),
        ("A flash flood swept two cars off Route 9 this morning.", "11A51"),
    ],
)
def test_reports_keep_their_hazards(text: str, hazard: str) -> None:
    assert hazard in hazards_read(text)
