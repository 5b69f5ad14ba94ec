"""What a planner reads about a bad row: every loader problem in Chinese and in English.

The problems come from the code that makes them (samples.py); the catalog test
(tests/unit/recommend/test_messages.py) checks the codes, these check the reading.
"""

from __future__ import annotations

import re

import pytest

from loaders.validation import RecordChecker
from ontology.problems import CatalogError, Problem, TermKey
from ontology.text import CJK_CHAR as CJK
from tests.unit.loaders.samples import TEAM, loader_problems

PROBLEMS = loader_problems()
# Latin allowed in a Chinese problem: the quoted bad value, ids, options and patterns the
# planner must type as they are (parameters), never the sentence around them.
PARAM_TEXT = re.compile(r"'[^']*'|\{[^}]*\}")


@pytest.mark.parametrize("problem", PROBLEMS, ids=lambda p: p.code)
def test_each_problem_reads_in_both_languages(problem: Problem) -> None:
    zh, en = problem.text("zh"), problem.text("en")
    assert "{" not in zh.replace("{'", "") and "{" not in en.replace("{'", ""), (zh, en)
    assert CJK.search(zh), zh
    assert not CJK.search(PARAM_TEXT.sub("", en)), en


def test_a_bad_team_row_reads_in_chinese_with_the_value_and_the_fix() -> None:
    c = RecordChecker.for_kind("teams")
    record = c.coerce(dict(TEAM, headcount="many", status="availabel", latitude="95"))
    zh = {i.field: i.problem.text("zh") for i in c.check(record)}
    assert zh["headcount"] == "应为整数，实际为 'many'"
    assert zh["latitude"] == "应 <= 90，实际为 95"
    assert zh["status"].endswith("实际为 'availabel'，是否应为 'available'？")
    en = {i.field: i.reason for i in c.check(record)}
    assert en["headcount"] == "expected an integer, got 'many'"


def test_alternative_kinds_are_joined_in_the_readers_language() -> None:
    kinds = (TermKey("kind.HazardType"), TermKey("kind.Capability"))
    p = Problem.of("LOAD_UNKNOWN_CONCEPT", kinds=kinds, id="x")
    assert p.text("zh") == "未知的灾害类型或能力 'x'"
    assert p.text("en") == "unknown hazard type or capability 'x'"


def test_an_unknown_code_or_a_missing_parameter_is_a_catalog_error() -> None:
    with pytest.raises(CatalogError, match=r"not in reasons\.json"):
        Problem.of("LOAD_NO_SUCH_CODE").text("zh")
    with pytest.raises(CatalogError, match="needs parameter 'value'"):
        Problem.of("LOAD_EXPECTED_ID").text("en")
    with pytest.raises(CatalogError, match="lacks"):
        Problem.of("LOAD_REQUIRED", extra=1).text("en")
