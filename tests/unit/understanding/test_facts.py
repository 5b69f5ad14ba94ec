"""Situation facts from a report (queries/understanding/facts.py): counts in zh and en in
either order, clauses, negations, magnitude, night, roads cut, each with its span."""

from __future__ import annotations

import pytest

from queries.understanding.facts import clauses, read_facts


def facts(text: str) -> dict[str, float | bool]:
    return {f.kind: f.value for f in read_facts(text)}


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        # Chinese, number before and after the word
        ("12人被困", "trapped", 12.0),
        ("被困12人", "trapped", 12.0),
        ("3人死亡", "dead", 3.0),
        ("死亡3人", "dead", 3.0),
        ("5人受伤", "injured", 5.0),
        ("受伤5人", "injured", 5.0),
        ("3人失踪", "missing", 3.0),
        ("失踪3人", "missing", 3.0),
        ("三百余人被紧急转移", "evacuated", 300.0),
        ("转移群众3000余人", "evacuated", 3000.0),
        ("紧急转移安置1.2万人", "evacuated", 12000.0),
        ("受灾群众5000人", "affected", 5000.0),
        ("房屋倒塌1200间", "buildings_collapsed", 1200.0),
        ("直接经济损失1.2亿元", "economic_loss", 120_000_000.0),
        ("重伤2人", "seriously_injured", 2.0),
        ("共有二十名矿工被困井下", "trapped", 20.0),
        # English, number before and after the word
        ("12 people trapped", "trapped", 12.0),
        ("12 trapped", "trapped", 12.0),
        ("the collapse trapped 12 workers", "trapped", 12.0),
        ("The blast killed 3 workers", "dead", 3.0),
        ("an explosion killing 3", "dead", 3.0),
        ("The death toll rose to 20", "dead", 20.0),
        ("14 were injured", "injured", 14.0),
        ("injuring 14", "injured", 14.0),
        ("2 seriously injured", "seriously_injured", 2.0),
        ("two people are missing", "missing", 2.0),
        ("300 residents were evacuated", "evacuated", 300.0),
        ("evacuated 300 residents", "evacuated", 300.0),
        ("5000 people affected", "affected", 5000.0),
        ("affecting 5000 people", "affected", 5000.0),
        ("30 homes flattened", "buildings_collapsed", 30.0),
        ("economic losses of RMB 65 million", "economic_loss", 65_000_000.0),
        ("12 million yuan in losses", "economic_loss", 12_000_000.0),
    ],
)
def test_each_count_kind(text: str, kind: str, value: float) -> None:
    assert facts(text) == {kind: value}


def test_colloquial_counts_of_people_with_ge() -> None:
    # phone calls count people with 个: 三个人, 十几个人
    assert facts("有三个人被困") == {"trapped": 3.0}
    assert facts("对面还有十几个人过不来") == {"trapped": 10.0}
    assert facts("个人财产损失较大") == {}


def test_two_counts_in_one_clause_pair_with_their_own_words() -> None:
    assert facts("3人死亡5人受伤") == {"dead": 3.0, "injured": 5.0}
    assert facts("3死5伤") == {"dead": 3.0, "injured": 5.0}


def test_and_splits_english_clauses() -> None:
    assert facts("Four miners were killed and two others are missing") == {
        "dead": 4.0,
        "missing": 2.0,
    }
    assert facts("the quake killed at least 12 people and injured 40") == {
        "dead": 12.0,
        "injured": 40.0,
    }
    assert facts("The fire killed two firefighters and injured three residents") == {
        "dead": 2.0,
        "injured": 3.0,
    }


def test_clauses_split_at_punctuation_but_not_inside_a_number() -> None:
    text = "1,200 homes collapsed, 3 dead. 2 missing"
    assert [text[s:e] for s, e in clauses(text)] == [
        "1,200 homes collapsed",
        " 3 dead",
        "2 missing",
    ]
    assert facts(text) == {"buildings_collapsed": 1200.0, "dead": 3.0, "missing": 2.0}


def test_chinese_report_with_several_clauses() -> None:
    text = "截至目前，事故已造成3人死亡，2人受伤，1人失踪"
    assert facts(text) == {"dead": 3.0, "injured": 2.0, "missing": 1.0}


def test_a_passenger_count_is_not_a_casualty_count() -> None:
    assert facts("一辆大巴车坠入山谷，车上30人，已造成5人死亡") == {"dead": 5.0}
    assert facts("A bus carrying 30 passengers plunged into a ravine, killing 5") == {"dead": 5.0}


def test_houses_need_a_building_unit_or_noun() -> None:
    assert facts("1,200 homes collapsed") == {"buildings_collapsed": 1200.0}
    assert facts("倒塌房屋1,200间") == {"buildings_collapsed": 1200.0}
    assert facts("3 vehicles buried") == {}  # no building, and vehicles are not people


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("a 5-year-old boy drowned", "dead"),
        ("A 45-year-old man was killed", "dead"),
        ("a three-storey building collapsed", "buildings_collapsed"),
    ],
)
def test_an_age_or_a_storey_count_is_not_the_count(text: str, kind: str) -> None:
    assert facts(text).get(kind) in (None, 1.0)  # one boy, one man, one building at most


def test_animals_are_not_people() -> None:
    assert facts("3000余头牲畜死亡") == {}
    assert facts("40 pigs dead") == {}
    assert facts("100 sheep killed") == {}


def test_casualties_with_a_number_say_nothing_about_deaths() -> None:
    # 5人伤亡: dead and injured together; neither count is known
    assert facts("造成5人伤亡") == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("无人员伤亡", {"dead": 0.0, "injured": 0.0}),
        ("未造成人员伤亡", {"dead": 0.0, "injured": 0.0}),
        ("暂未发现人员被困", {"trapped": 0.0}),
        ("现场无人被困", {"trapped": 0.0}),
        ("no one was killed or injured", {"dead": 0.0, "injured": 0.0}),
        ("no casualties were reported", {"dead": 0.0, "injured": 0.0}),
        ("There were no injuries", {"injured": 0.0}),
        ("Nobody was hurt", {"injured": 0.0}),
        ("3人受伤，无人死亡", {"dead": 0.0, "injured": 3.0}),
        ("no one was killed but 3 were injured", {"dead": 0.0, "injured": 3.0}),
    ],
)
def test_negations_state_zero(text: str, expected: dict[str, float]) -> None:
    assert facts(text) == expected
    assert all(f.negated == (f.value == 0.0) for f in read_facts(text))


def test_negation_span_covers_the_negation_and_the_word() -> None:
    text = "经核实，无人员伤亡"
    [dead, injured] = read_facts(text)
    assert (dead.kind, dead.span.start, dead.span.end, dead.span.text) == (
        "dead",
        4,
        9,
        "无人员伤亡",
    )
    assert injured.span == dead.span


def test_died_after_failed_resuscitation_is_a_death_not_a_negation() -> None:
    # 抢救无效死亡: 无 here is part of 无效 (in vain), not "no deaths"
    assert facts("1人经抢救无效死亡") == {"dead": 1.0}
    assert facts("伤者经抢救无效死亡") == {}  # a death without a count, never dead 0


def test_a_drone_is_no_negation() -> None:
    assert facts("无人机搜救发现3人被困") == {"trapped": 3.0}


def test_the_largest_count_wins_when_a_kind_is_stated_twice() -> None:
    assert facts("12人被困，后增至20人被困") == {"trapped": 20.0}
    assert facts("20人被困，后核实为12人被困") == {"trapped": 20.0}
    assert facts("2 dead, later the toll rose to 5 dead") == {"dead": 5.0}


def test_count_span_covers_the_number_and_the_word() -> None:
    text = "通报：被困12人"
    [f] = read_facts(text)
    assert (f.span.start, f.span.end, f.span.text) == (3, 8, "被困12人")
    assert text[f.span.start : f.span.end] == f.span.text


@pytest.mark.parametrize(
    ("text", "value", "span"),
    [
        ("6.8级地震", 6.8, "6.8级地震"),
        ("发生6.2级地震，震源深度10公里", 6.2, "6.2级地震"),
        ("里氏6.8级", 6.8, "里氏6.8级"),
        ("震级为6.8", 6.8, "震级为6.8"),
        ("M6.8 earthquake", 6.8, "M6.8"),
        ("a magnitude 6.8 earthquake", 6.8, "magnitude 6.8"),
        ("a 7.1-magnitude quake", 7.1, "7.1-magnitude"),
    ],
)
def test_magnitude(text: str, value: float, span: str) -> None:
    [f] = [f for f in read_facts(text) if f.kind == "magnitude"]
    assert (f.value, f.span.text) == (value, span)


@pytest.mark.parametrize("text", ["6级大风", "风力6级", "阵风8级", "6.8级"])
def test_wind_force_and_bare_levels_are_no_magnitude(text: str) -> None:
    assert "magnitude" not in facts(text)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("凌晨发生", "凌晨"),
        ("12日凌晨", "凌晨"),
        ("晚上8点", "晚上"),
        ("02:00发生", "02:00"),
        ("19:25发生", "19:25"),
        ("0:30发生", "0:30"),
        ("2时许发生", "2时"),
        ("at 2 a.m.", "2 a.m."),
        ("at 10 p.m. local time", "10 p.m."),
        ("12 a.m.", "12 a.m."),
        ("fire broke out overnight", "overnight"),
    ],
)
def test_night(text: str, span: str) -> None:
    [f] = [f for f in read_facts(text) if f.kind == "night"]
    assert (f.value, f.span.text) == (True, span)


@pytest.mark.parametrize(
    "text",
    ["下午3点发生", "上午10时", "18时许", "7:30发生", "3 p.m.", "8:30 a.m.", "6 a.m.", "12日"],
)
def test_day_is_not_night(text: str) -> None:
    assert "night" not in facts(text)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("道路中断", "道路中断"),
        ("国道213线多处中断", "国道213线多处中断"),
        ("把公路冲断了", "公路冲断"),
        ("山体滑坡掩埋道路", "掩埋道路"),
        ("road closed", "road closed"),
        ("the road was closed", "road was closed"),
        ("the bridge collapsed", "bridge collapsed"),
        ("the village was cut off", "cut off"),
    ],
)
def test_road_cut(text: str, span: str) -> None:
    [f] = [f for f in read_facts(text) if f.kind == "road_cut"]
    assert (f.value, f.span.text) == (True, span)


@pytest.mark.parametrize(
    "text",
    ["道路畅通", "道路未中断", "roads remain open", "交通秩序良好"],
)
def test_open_roads_are_not_cut(text: str) -> None:
    assert "road_cut" not in facts(text)


@pytest.mark.parametrize(
    "text", ["道路没有中断", "道路无中断", "No roads were blocked", "roads were not blocked"]
)
def test_a_negated_road_cut_is_no_road_cut(text: str) -> None:
    assert "road_cut" not in facts(text)


def test_an_open_road_does_not_hide_a_cut_one_after_it() -> None:
    [f] = [f for f in read_facts("道路未中断，但桥梁垮塌") if f.kind == "road_cut"]
    assert f.span.text == "桥梁垮塌"


def test_the_docstring_report_in_kind_order() -> None:
    found = read_facts("凌晨2时许发生6.2级地震，12人被困，无人员死亡")
    assert [(f.kind, f.value, f.negated) for f in found] == [
        ("night", True, False),
        ("magnitude", 6.2, False),
        ("dead", 0.0, True),
        ("trapped", 12.0, False),
    ]


def test_text_without_facts() -> None:
    assert read_facts("今天天气不错，我们去公园散步") == []
    assert read_facts("") == []


def test_a_full_stop_after_an_abbreviation_ends_no_sentence() -> None:
    from queries.understanding.facts import sentences

    text = (
        "A roof fall in the No. 2 stope at 4 a.m. trapped six. Rescue began at 10 p.m. "
        "Mr. Li led it."
    )
    assert [text[s:e] for s, e in sentences(text)] == [
        "A roof fall in the No. 2 stope at 4 a.m. trapped six",
        "Rescue began at 10 p.m. Mr. Li led it",
    ]
