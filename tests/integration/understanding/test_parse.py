"""Reading reports against the real graph (issue 11): hazards wherever the text names them,
said without their name, consequences as facts, the place, the level, and honest refusals."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import Driver

from kg.cypher import CypherRunner
from kg.errors import NoHazardRecognizedError, UserInputError
from kg.settings import Settings
from queries.models import GeoPoint, ResponseLevel, Scenario
from queries.recommend import recommend_forces
from queries.understanding.lexicon import forget_lexicons
from queries.understanding.models import DraftScenario
from queries.understanding.parse import MAX_REPORT_CHARS, parse_report
from tests.integration.recommend.conftest import run_async


def parse(settings: Settings, text: str) -> DraftScenario:
    return run_async(
        settings, lambda d: parse_report(CypherRunner(d, settings.neo4j_database), None, text)
    )


def hazards(d: DraftScenario) -> list[str]:
    return [h.hazard.id for h in d.hazards]


def facts(d: DraftScenario) -> dict[str, Any]:
    return {f.kind: f.value for f in d.facts}


def test_a_synonym_inside_a_long_chinese_sentence_is_the_hazard_not_its_consequence(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    text = "受连日强降雨影响，青川县某村后山突发山体滑坡，掩埋民房3间，2人失联，有人员被困"
    d = parse(neo4j_settings, text)
    assert "11D01" in hazards(d) and "12YX2" not in hazards(d)
    slide = next(h for h in d.hazards if h.hazard.id == "11D01")
    assert [e.text for e in slide.evidence] == ["山体滑坡"]
    assert text[slide.evidence[0].start : slide.evidence[0].end] == "山体滑坡"
    assert facts(d)["missing"] == 2 and facts(d)["buildings_collapsed"] == 3
    assert d.place is not None and d.place.region.id == "510822"  # 青川县, Guangyuan
    assert d.place.location is not None and 32.0 < d.place.location.latitude < 33.0
    assert [c.id for c in d.place.chain] == ["510800", "510000"]


def test_a_colloquial_report_names_the_hazard_without_its_label(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    d = parse(neo4j_settings, "我家隔壁那户好像煤气漏了，一股臭鸡蛋的味道，敲门没人应")
    assert hazards(d) == ["12PX1"] and d.recognized
    assert d.hazards[0].evidence[0].text.startswith("煤气漏")


def test_a_multi_clause_english_report_keeps_its_main_hazard(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    d = parse(
        neo4j_settings,
        "Following three days of torrential rain, the embankment along the river gave way "
        "overnight, inundating two villages; 300 residents were evacuated and 4 are missing.",
    )
    assert {"11A04", "11B03"} <= set(hazards(d))
    assert facts(d) == {"night": True, "evacuated": 300.0, "missing": 4.0}


def test_negations_are_read_as_such(demo_graph: Driver, neo4j_settings: Settings) -> None:
    d = parse(neo4j_settings, "化工厂储罐起火，未发生泄漏，无人员伤亡")
    assert "12D03" in hazards(d) and "12D02" not in hazards(d)
    assert facts(d) == {"dead": 0.0, "injured": 0.0}
    assert all(f.negated for f in d.facts)


def test_the_level_is_suggested_from_the_national_plan_with_its_rule(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    d = parse(neo4j_settings, "汶川县凌晨发生6.2级地震，12人被困，无人员死亡")
    assert hazards(d) == ["11C02"] and d.place is not None and d.place.region.id == "513221"
    assert d.level is not None and d.level.level is ResponseLevel.II
    assert d.level.plan.id == "earthquake-2012"
    assert "6.2" in d.level.text_zh and "6.2" in d.level.text_en
    assert facts(d) == {"night": True, "magnitude": 6.2, "dead": 0.0, "trapped": 12.0}


@pytest.mark.parametrize(
    "text",
    ["asdf中文qwer", "今天下午三点在三楼会议室召开季度工作总结会", "这部电影票房火爆", "🙂🙂🙂"],
)
def test_text_that_is_no_incident_yields_no_hazard(
    demo_graph: Driver, neo4j_settings: Settings, text: str
) -> None:
    d = parse(neo4j_settings, text)
    assert not d.recognized and d.hazards == ()


def test_what_a_caller_says_by_effects_or_in_dialect_names_the_hazard(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    # A Hong Kong word for a landslide, from the graph's synonyms; mud said by what it does;
    # a smell of rotten eggs indoors; a fire denied with a word of degree before it.
    assert hazards(parse(neo4j_settings, "山泥倾泻啊，成条路封咗，有架车畀泥埋咗")) == ["11D01"]
    assert hazards(parse(neo4j_settings, "山上下来好多泥，把我们村口的路堵了")) == ["11D02"]
    assert hazards(parse(neo4j_settings, "一进地下室就闻到一股臭鸡蛋味")) == ["12PX1"]
    denied = parse(neo4j_settings, "仓库储罐泄漏，未发生重大火灾")
    assert "12D02" in hazards(denied) and "12G00" not in hazards(denied)
    assert [h.hazard.id for h in denied.negated_hazards] == ["12G00"]


def test_a_question_about_what_to_do_is_advice_not_a_report(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    d = parse(neo4j_settings, "如果家里发生火灾，应该怎样逃生？")
    assert not d.recognized and d.hazards == () and d.occasion == "awareness"
    assert [h.hazard.id for h in d.occasion_hazards] == ["12G00"]


def test_bad_input_is_refused_or_cut_never_a_crash(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    with pytest.raises(UserInputError, match="report is empty"):
        parse(neo4j_settings, "   \n ")
    long = parse(neo4j_settings, "山体滑坡。" + "无关的文字" * 400_000)  # 2 MB
    assert long.truncated and len(long.text) == MAX_REPORT_CHARS and hazards(long) == ["11D01"]
    binary = parse(neo4j_settings, "\x00\x01\x02\ufffd\x7f洪水\x03")
    assert hazards(binary) == ["11A01"]


def test_a_curated_synonym_counts_at_once(ontology_graph: Driver, neo4j_settings: Settings) -> None:
    text = "对面山上在冒一种怪烟"
    assert not parse(neo4j_settings, text).recognized
    ontology_graph.execute_query(
        "MATCH (h:HazardType {id: '11G01'}) SET h.altZh = h.altZh + ['冒一种怪烟']",
        database_=neo4j_settings.neo4j_database,
    )
    forget_lexicons()  # curation does this; other workers see it within LEXICON_TTL_S
    assert hazards(parse(neo4j_settings, text)) == ["11G01"]


def test_recommend_from_a_description_refuses_nonsense_with_choices(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    s = Scenario(GeoPoint(30.66, 104.06), ResponseLevel.III, description="asdf qwer zxcv")
    with pytest.raises(NoHazardRecognizedError) as err:
        run_async(
            neo4j_settings,
            lambda d: recommend_forces(CypherRunner(d, neo4j_settings.neo4j_database), s),
        )
    assert "no hazard was recognised" in str(err.value)
    assert err.value.details is not None and "choices" in err.value.details


def test_facts_raise_the_needs_and_codes_win(demo_graph: Driver, neo4j_settings: Settings) -> None:
    plain = Scenario(GeoPoint(31.0, 103.6), ResponseLevel.III, hazard_codes=("11C02",))
    report = Scenario(
        GeoPoint(31.0, 103.6),
        ResponseLevel.III,
        hazard_codes=("11C02",),
        description="山体滑坡，35人被困，20人受伤，道路中断",
    )

    def run(s: Scenario) -> Any:
        return run_async(
            neo4j_settings,
            lambda d: recommend_forces(CypherRunner(d, neo4j_settings.neo4j_database), s),
        )

    before, after = run(plain), run(report)
    assert [h.hazard.id for h in after.hazards if h.via == "code"] == ["11C02"]
    assert "11D01" not in [h.hazard.id for h in after.hazards if h.trigger is None]  # codes win
    needs = {n.capability.id: n for n in after.required_capabilities}
    old = {n.capability.id: n for n in before.required_capabilities}
    sar = needs["cap.collapsed-structure-sar"]
    assert sar.units == 4 and "fact.trapped" in sar.sources  # ceil(35 / 10)
    assert sar.units > old["cap.collapsed-structure-sar"].units
    assert (
        needs["cap.medical-triage"].units >= 1
        and "fact.injured" in needs["cap.medical-triage"].sources
    )
    assert "fact.road_cut" in needs["cap.helicopter-rescue"].sources
