"""The hazard judge reads what no rule does, with the real model, judge and gate (built by
`make install`): a report said without any hazard word gets the judge's likeliest type when
the judge is sure enough and the text reads like a report; a text the gate finds unlike a
report, or a judge unsure, still gets only choices."""

from __future__ import annotations

import pytest
from neo4j import Driver

from kg.cypher import CypherRunner
from kg.embeddings import Embedder, load_embedder
from kg.settings import Settings
from queries.explain import hazard_reasons
from queries.understanding.judge import load_judge
from queries.understanding.models import DraftScenario
from queries.understanding.parse import JUDGE_MIN_PROBABILITY, parse_report
from queries.understanding.report_gate import load_gate
from tests.integration.recommend.conftest import run_async

# My own wordings (no rule reads a hazard in them): barrels leaking in a warehouse, an
# acrid smell, workers out; advice on storing pool chemicals (no incident); a farm's ducks
# dying (the judge is unsure which disease).
LEAK = "仓库里好几桶东西漏了一地，气味呛人，周围工人已经撤出来了"
ADVICE = "Tips for storing pool chemicals safely at home this summer"
DUCKS = "养殖场的鸭子一夜之间死了一大半，兽医说可能是传染的"


@pytest.fixture(scope="module")
def embedder(neo4j_settings: Settings) -> Embedder:
    model = load_embedder(neo4j_settings.model_name)
    assert load_judge(model.model_id) is not None, "build the judge: make install"
    assert load_gate(model.model_id) is not None, "build the report gate: make install"
    return model


def parse(settings: Settings, embedder: Embedder, text: str) -> DraftScenario:
    return run_async(
        settings,
        lambda d: parse_report(CypherRunner(d, settings.neo4j_database), embedder, text),
    )


def test_the_judge_reads_a_report_no_rule_reads(
    demo_graph: Driver, neo4j_settings: Settings, embedder: Embedder
) -> None:
    d = parse(neo4j_settings, embedder, LEAK)
    assert d.recognized and [(h.hazard.id, h.via) for h in d.hazards] == [("12D02", "judge")]
    assert d.hazards[0].confidence >= JUDGE_MIN_PROBABILITY and not d.hazards[0].evidence
    assert not d.suggestions
    (reason,) = hazard_reasons(d.hazards[0])
    assert reason.code == "HAZARD_JUDGED"
    # Without the judge the same text is not recognised: the type is only a choice.
    off = run_async(
        neo4j_settings,
        lambda drv: parse_report(
            CypherRunner(drv, neo4j_settings.neo4j_database), embedder, LEAK, judge=False
        ),
    )
    assert not off.recognized and not off.hazards


@pytest.mark.parametrize("text", [ADVICE, DUCKS])
def test_not_a_report_or_an_unsure_judge_gives_choices_only(
    demo_graph: Driver, neo4j_settings: Settings, embedder: Embedder, text: str
) -> None:
    d = parse(neo4j_settings, embedder, text)
    assert not d.recognized and not d.hazards and d.suggestions
