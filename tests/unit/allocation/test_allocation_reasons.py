"""Reasons of an allocation: which method produced it, and per incident what changed
against serving the incidents one by one, rendered in both languages."""

from __future__ import annotations

from api.messages import render
from queries.allocation.allocate import change_reasons, method_reasons
from queries.allocation.solve import AllocationMethod
from tests.unit.allocation.samples import POOL, allocation_reasons, incident, solution


def test_the_first_incident_says_its_team_went_to_the_second_and_who_replaces_it() -> None:
    a, b = incident("W1", "W2"), incident("W1")
    plan, greedy = (("W2",), ("W1",)), (("W1",), ())
    first = change_reasons(0, ["A", "B"], plan, greedy, POOL, a)
    assert [r.code for r in first] == ["ALLOC_TEAM_TO_OTHER", "ALLOC_TEAM_INSTEAD"]
    assert render(first[0], "zh") == "W1水域救援队 改派事件 B（统一调配后总体覆盖更好）"
    assert render(first[1], "en") == "W2 water rescue is sent instead (35 min away)"
    second = change_reasons(1, ["A", "B"], plan, greedy, POOL, b)
    assert [r.code for r in second] == ["ALLOC_TEAM_FROM_OTHER", "ALLOC_COVERAGE"]
    assert render(second[1], "zh") == "本事件需求覆盖 1（依次选派为 0）"


def test_an_unchanged_incident_has_no_change_reasons() -> None:
    a = incident("W1")
    assert change_reasons(0, ["A"], (("W1",),), (("W1",),), POOL, a) == ()


def test_the_method_reason_names_the_method_and_both_objectives() -> None:
    (exact,) = method_reasons(solution(AllocationMethod.EXACT))
    assert render(exact, "en") == (
        "the integer program found the best plan across the incidents: objective 1.9, "
        "above 0.99 when the incidents are served one by one"
    )
    (late,) = method_reasons(solution(AllocationMethod.GREEDY, "timeLimit", same=True))
    assert "2 秒时限内未找到更好的方案" in render(late, "zh")


def test_every_sample_reason_renders_in_both_languages() -> None:
    for r in allocation_reasons():
        for lang in ("zh", "en"):
            text = render(r, lang)  # type: ignore[arg-type]
            assert text and "{" not in text, (r.code, text)
