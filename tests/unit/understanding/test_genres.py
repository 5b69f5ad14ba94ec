"""Texts that name hazards and report nothing, each on wordings of its own, and the reports
these rules must leave alone. Seventeenth session (from held-out 9's non-incidents, read
once the set had been measured): similes and scare quotes, works and listings, job postings
and course adverts, a safety slogan, a 'years later' remembrance. Eighteenth session (from
held-out 10's): recipes, lesson plans, a document's chapter, video-game blurbs, drowning in
work, job postings, insurance quotes, a dedication."""

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
        # eighteenth session
        "Volcano cake: preheat the oven, pour the batter, let the red icing flow like lava.",
        "Lava cookies: bake at 190C for 10 minutes, then watch the lava flow from the centre.",
        "教学目标：认识台风和暴雨的成因，学会看懂预警信号。",
        "Lesson 4: Tsunamis. Students label the wave on a diagram. Homework: page 12.",
        "第五章 保障措施 建立洪水和泥石流灾害防御体系，提升预警能力。",
        "Tremor Kingdom is a strategy game where earthquakes reshape your map every turn.",
        "Honestly this week was a mess and I'm drowning in spreadsheets.",
        "Hiring: water rescue technician. Respond to flash floods and swift-water calls.",
        "We're hiring! Wildfire crew members wanted for the summer, no experience needed.",
        "Hailstorms and floods damage thousands of cars a year. Get a free quote in minutes.",
        "暴雨冰雹来袭，车辆受损怎么办？扫码一键报价，车损全保障。",
        "谨以此文，献给二十年前那场特大洪水中的逝者。",
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
        # eighteenth session
        ("食堂后厨起火，厨师在烤箱旁被烧伤，已送医。", "12G06"),
        ("A swimmer was drowning in the river near the weir; crews pulled him out.", "12YX1"),
        ("学校教学楼发生火灾，师生300人已疏散。", "12G06"),
        ("Gas leak at the bakery on Main St, oven exploded, two injured.", "12PX1"),
        ("根据《国家地震应急预案》第三章，启动IV级响应：芦山县发生5.8级地震。", "11C02"),
        (
            "A fire broke out at an internet cafe on 5th St; people were playing online games"
            " when smoke filled the room, 3 injured.",
            "12G00",
        ),
        ("The boy was playing a video game when the earthquake hit; he is trapped.", "11C02"),
    ],
)
def test_reports_keep_their_hazards(text: str, hazard: str) -> None:
    assert hazard in hazards_read(text)
