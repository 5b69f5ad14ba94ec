"""Every problem the record validator and the loader emit, made by the code that emits them.

Used by the catalog test (tests/unit/recommend/test_messages.py) to check that every
LOAD_* code is in the catalog and renders in both languages, and by the tests below
(test_problems.py) to check what a planner reads.
"""

from __future__ import annotations

import re

from loaders.mapping import Mapping
from loaders.references import kind_missing
from loaders.summary import LoadSummary
from loaders.validation import RecordChecker, RowError
from ontology.problems import Problem, TermKey
from ontology.record_rules import FieldRule, check_value

TEAM = {
    "id": "T-1",
    "nameZh": "队",
    "latitude": 30.6,
    "longitude": 104.0,
    "status": "available",
    "headcount": 12,
    "readinessMinutes": 5,
    "mobility": "ground",
    "adminLevel": "county",
    "teamType": "tt.water-rescue",
    "capabilities": [{"capability": "cap.water-rescue", "level": 2}],
}


def fictional_water_team(id_: str, zh: str, en: str) -> dict[str, object]:
    """A complete, valid water rescue team record for uploads; `zh`/`en` say which test
    made it, e.g. fictional_water_team("T-UP-0001", "上传测试", "Upload test")."""
    return {
        "id": id_, "nameZh": f"{zh}水域救援队(虚构)",
        "nameEn": f"{en} water rescue team (fictional)", "latitude": 30.7, "longitude": 104.1,
        "status": "available", "headcount": 12, "readinessMinutes": 10, "mobility": "water",
        "adminLevel": "county", "teamType": "tt.water-rescue",
        "capabilities": [{"capability": "cap.water-rescue", "level": 2}],
    }  # fmt: skip


# A team's capabilities from one column "cap.water-rescue:1; cap.dive-rescue:2".
CAPABILITIES_FROM_CAPS = {
    "from": "caps",
    "split": ";",
    "keys": ["capability", "level"],
    "casts": {"level": "int"},
}
PLAN = {"id": "P-1", "nameZh": "预案", "level": "provincial", "covers": ["11C02"]}
VOCAB = {"id": "tt.rtlt-4-508-1248", "conceptKind": "TeamType", "nameZh": "x", "nameEn": "x"}


def record_problems() -> list[Problem]:
    """The validator's problems for bad team, plan and vocabulary records."""
    teams = RecordChecker.for_kind("teams")
    bad = dict(
        TEAM,
        headcount="many",
        status="availabel",
        mobility="teleport",
        latitude=95,
        longitude=[[104.0]],
        teamType="tt.water-rescu",
        capabilities=["cap.water-rescue", {"capability": "cap.nothing-like-this", "level": 2}],
        colour="red",
        statsu="x",
        nameZh=None,
    )
    out = [i.problem for i in teams.check(bad)]
    out += [i.problem for i in teams.check(dict(TEAM, readinessMinutes=2**70))]
    teams.new_pass()
    teams.check(TEAM, row=2)
    out += [i.problem for i in teams.check(dict(TEAM, headcount=13), row=3)]
    experts = RecordChecker.for_kind("experts")
    out += [i.problem for i in experts.check({"id": "E-1", "expertise": ["cap.water-rescu"]})]
    out += [i.problem for i in experts.check({"id": "E-2", "expertise": ["cap.zzzzzzzzzzz"]})]
    plans = RecordChecker.for_kind("plans")
    wrong = {"target": "tt.water-rescue", "kind": "capability", "responseLevel": "I"}
    out += [i.problem for i in plans.check(dict(PLAN, prescribes=[wrong]))]
    vocab = RecordChecker.for_kind("vocabulary")
    out += [i.problem for i in vocab.check(dict(VOCAB, conceptKind="TeamTyp", id=7))]
    out += [i.problem for i in vocab.check(dict(VOCAB, id="tt.water-rescue", nameEn=""))]
    odd = dict(VOCAB, nameZh=3, altZh="not a list", deprecated="maybe")
    out += [i.problem for i in vocab.check(odd)]
    return out


def rule_problems() -> list[Problem]:
    """Each value rule broken once (the rules the shapes compile to)."""
    cases: list[tuple[FieldRule, object]] = [
        (FieldRule("region", node_kind="IRI"), 510104),
        (FieldRule("nameZh", min_length=1), ""),
        (FieldRule("code", min_length=3), "ab"),
        (FieldRule("nameZh", max_length=4), "很长很长的名字"),
        (FieldRule("id", pattern=re.compile(r"^T-\d+$")), "X-1"),
        (FieldRule("level", allowed=("I", "II", "III", "IV")), "V"),
        (FieldRule("level", allowed=("provincial", "municipal")), "county"),
    ]
    out = [p for rule, v in cases if (p := check_value(rule, v)) is not None]
    assert len(out) == len(cases), out
    return out


def shape_count_problems() -> list[Problem]:
    """Too few and too many values of a field."""
    from ontology.shapes import RecordValidator

    v = RecordValidator(
        kind="x",
        target_class="X",
        rules=(FieldRule("covers", min_count=2), FieldRule("level", max_count=1)),
        closed=False,
    )
    return [i.problem for i in v.validate({"covers": ["11A01"], "level": ["I", "II"]})]


def mapping_problems() -> list[Problem]:
    """A source value a mapping cannot convert."""
    m = Mapping.from_dict({"fields": {"headcount": {"from": "n", "cast": "int"}}}, kind="teams")
    _, issues = m.apply({"n": "twelve"})
    return [i.problem for i in issues]


def pipeline_problems() -> list[Problem]:
    """Problems the load pipeline and the reference check make (tested end to end in
    tests/integration/loaders and tests/api/test_upload_api.py)."""
    kinds = (TermKey("kind.Team"), TermKey("kind.Depot"))
    status = {"old": TermKey("teamStatus.deployed"), "new": TermKey("teamStatus.available")}
    return [
        Problem.of("LOAD_REPORTED_BEFORE"),
        Problem.of("LOAD_STATUS_RIGHT", **status, mutation="setTeamStatus"),
        Problem.of("LOAD_UNKNOWN_REFERENCE", kinds=kinds, id="D-9"),
        Problem.of("LOAD_UNKNOWN_REFERENCE_WRITTEN", kinds=(TermKey("kind.Region"),), id="510199"),
        kind_missing("X-SC-001", found="Expert", read_as="Team"),
    ]


def report_problems() -> list[Problem]:
    """Every line a load report can have (a summary with everything set, in each outcome)."""
    s = LoadSummary("teams.csv", "teams", "agency-x", "load-1", rows=9, valid=7, skipped=2)
    s.filtered, s.retired, s.rels_repaired, s.encoding = 1, 2, 3, "gb18030"
    s.duplicates = {f"T-{i}": 2 for i in range(7)}
    s.dangling, s.legacy_codes = {"region": 2}, {("12F01", "12G03"): 1}
    bad = Problem.of("LOAD_REQUIRED")
    s.errors = [RowError("teams.csv", 3, "nameZh", bad, "T-3"), RowError("teams.csv", 4, "id", bad)]
    s.error_rows, s.errors_file = 5, "errors.jsonl"
    out = s.report(max_errors=1)
    s.aborted = True
    out += s.report()
    s.aborted, s.dry_run = False, True
    out += s.report()
    s.dry_run, s.filtered, s.retired, s.duplicates = False, 0, 0, {"T-1": 2}
    return out + s.report()


def loader_problems() -> list[Problem]:
    return (
        report_problems()
        + record_problems()
        + rule_problems()
        + shape_count_problems()
        + mapping_problems()
        + pipeline_problems()
        + grouping_problems()
    )


def grouping_problems() -> list[Problem]:
    """A later row of an id that disagrees with its first row, and one repeating an item."""
    from loaders.grouping import gather

    rows = [
        (1, {"id": "A", "level": "I", "teams": ["T-1"]}, []),
        (2, {"id": "A", "level": "II", "teams": ["T-2"]}, []),
        (3, {"id": "A", "level": "I", "teams": ["T-1"]}, []),
    ]
    return [i.problem for _, _, issues, _ in gather(rows, {"teams": None}) for i in issues]
