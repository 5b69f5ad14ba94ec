"""The message catalog (api/static/i18n/reasons.json) and the renderer (api/messages.py):
every code the decision logic emits renders in Chinese and in English, a template never
needs a parameter its code does not declare, each language stays in its own script, and
the locale follows the `locale` argument or Accept-Language, Chinese first."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import pytest

from api.cap_import import reason_of
from api.graphql.parse import PARSE_MESSAGES
from api.messages import (
    LANGS,
    PLACEHOLDER,
    MessageError,
    catalog,
    format_number,
    lang_from_accept_language,
    render,
)
from ontology.text import CJK_CHAR as CJK
from queries.equipment import choose_equipment
from queries.experts import parse_expert
from queries.explain import GAP_CODES, explain_team, gap_reasons, hazard_reasons
from queries.models import (
    CandidateTeam,
    CapabilityNeed,
    ConceptRef,
    Deployment,
    GeoPoint,
    NearestTeam,
    Reason,
    ResolvedHazard,
    ResponseLevel,
    TeamRecommendation,
    TeamSummary,
    Term,
    TextSpan,
)
from queries.plan_check import assess_plans
from queries.plans import parse_plan
from queries.scoring import score_candidate
from tests.unit.allocation.samples import allocation_reasons
from tests.unit.api.test_unchanged_texts import unchanged_problems
from tests.unit.drills.samples import replay_reasons
from tests.unit.incidents.samples import incident_reasons
from tests.unit.loaders.samples import loader_problems
from tests.unit.messages.samples import cap_reasons
from tests.unit.readiness.samples import readiness_reasons

QUAKE = ConceptRef("11C02", "天然地震事件", "Earthquake")
SLIDE = ConceptRef("11D04", "滑坡", "Landslide")
TRAPPED = ConceptRef("12YX2", "人员被困", "People trapped")
USAR = ConceptRef("cap.usar", "倒塌建筑搜救", "Collapsed-structure SAR")
MEDIC = ConceptRef("cap.medical", "医疗急救", "Medical triage")
TEAM = TeamSummary(
    "T-1", "成都救援队", "Chengdu team", "available", GeoPoint(30.6, 104.0), "ground",
    "municipal", 15, team_type="tt.usar",
)  # fmt: skip
NEEDS = [CapabilityNeed(USAR, 1.0, ("11C02",), needed_level=1), CapabilityNeed(MEDIC, 0.7)]
PLAN_ROW = {
    "id": "P-SC", "nameZh": "四川省地震应急预案", "nameEn": "Sichuan earthquake plan",
    "level": "provincial", "issuer": None, "hazards": [{"id": "11C02", "nameZh": "天然地震事件",
    "nameEn": "Earthquake"}], "appliesTo": {"id": "510000", "nameZh": "四川省",
    "nameEn": "Sichuan"}, "region": {"id": "510100", "nameZh": "成都市", "nameEn": "Chengdu",
    "km": 3.2}, "capabilities": [{"id": "cap.usar", "nameZh": "倒塌建筑搜救",
    "nameEn": "Collapsed-structure SAR"}], "teamTypes": [{"id": "tt.usar",
    "nameZh": "城市搜救队", "nameEn": "USAR team"}], "teams": [{"id": "T-9",
    "nameZh": "省搜救总队", "nameEn": "Provincial USAR"}],
}  # fmt: skip


def error_reasons() -> list[Reason]:
    """The catalog messages errors carry (rendered per locale by api.graphql.error_messages)."""
    from api.graphql.error_messages import message_param
    from kg.errors import EmkgError, NoHazardRecognizedError, NotFoundError, UserInputError
    from queries.understanding.parse import clean_report

    errors: list[EmkgError] = [
        NoHazardRecognizedError([]),
        NoHazardRecognizedError([("11A01", "洪水事件", "Flood"), ("11D01", "滑坡", "Landslide")]),
    ]
    from queries.understanding.occasions import OCCASIONS

    quake = [("11C02", "地震", "Earthquake")]
    errors += [NoHazardRecognizedError(quake, occasion=o) for o in OCCASIONS]
    from queries.catalog import curation as c

    raising: list[Callable[[], object]] = [
        lambda: clean_report("  "),
        lambda: c.validate_concept_changes({}),
        lambda: c.validate_concept_changes({"bogus": "x"}),
        lambda: c.validate_concept_changes({"nameZh": " "}),
        lambda: c.validate_concept_changes({"nameZh": "洪" * (c.MAX_LABEL_CHARS + 1)}),
        lambda: c.validate_concept_changes({"nameZh": "flood"}),
        lambda: c.validate_concept_changes({"nameEn": "洪水"}),
        lambda: c.validate_concept_changes({"altZh": ["洪水"] * (c.MAX_SYNONYMS + 1)}),
        lambda: c.validate_requirement(99.0, "II"),
        lambda: c.validate_requirement(0.5, "V"),
    ]
    for call in raising:
        try:
            call()
        except EmkgError as e:
            errors.append(e)
        else:
            raise AssertionError("expected an error")
    # Raised inside a transaction (tests/api cover them against Neo4j): built as they are.
    errors += [
        UserInputError("x").as_message("CURATE_KIND", kind="Team", kinds="HazardType"),
        NotFoundError("x").as_message("CURATE_NO_CONCEPT", kind="HazardType", id="X"),
        UserInputError("x").as_message("CURATE_UNKNOWN_ID", kind="Capability", id="X"),
        UserInputError("x").as_message("CURATE_RETIRED", hazard="11A01", capability="c"),
        NotFoundError("x").as_message("CURATE_NO_REQUIREMENT", hazard="11A01", capability="c"),
        UserInputError("x").as_message("STATUS_UNKNOWN", status="x", statuses="available"),
        UserInputError("x").as_message("STATUS_REASON_TOO_LONG", length=600, limit=500),
        NotFoundError("x").as_message("STATUS_NO_TEAM", team="T-X"),
    ]
    out = []
    for e in errors:
        assert e.message_code, f"{type(e).__name__} carries no catalog message"
        params = {k: message_param(v) for k, v in (e.message_params or {}).items()}
        out.append(Reason.of(e.message_code, **params))
    return out


def every_reason_the_logic_emits() -> list[Reason]:
    """Reasons from every producer, in every variant (a fixture for the catalog tests)."""
    out: list[Reason] = []
    plan = parse_plan(PLAN_ROW, ResponseLevel.I)
    national = parse_plan({**PLAN_ROW, "appliesTo": None, "region": None, "teams": [],
                           "teamTypes": [], "capabilities": []}, ResponseLevel.IV)  # fmt: skip
    contained = parse_plan({**PLAN_ROW, "contained": True}, ResponseLevel.I)
    out += plan.reasons + national.reasons + contained.reasons
    dep = Deployment(ConceptRef("INC-1", "芦山地震", "Lushan earthquake"), "11C02")
    cand = CandidateTeam(TEAM, 25.0, 50.0, (("cap.usar", 2),), (dep,))
    hazards = [ResolvedHazard(QUAKE, 1.0, "code")]
    b = score_candidate(cand, NEEDS, max_minutes=180, plan_teams=set(), plan_types={"tt.usar"})
    for mountainous in (False, True):
        reasons, graph = explain_team(cand, NEEDS, hazards, [plan], b, mountainous=mountainous)
        out += list(reasons) + [e.label for e in graph.edges]
    named = replace(plan, prescribed_teams=("T-1",))
    reasons, graph = explain_team(cand, NEEDS, hazards, [named], b, mountainous=False)
    out += list(reasons) + [e.label for e in graph.edges]
    rec = TeamRecommendation(TEAM, 0.8, 25.0, 50.0, (USAR,), reasons)
    for package in ([rec], [rec, replace(rec, team=replace(TEAM, id="T-9", team_type=None))]):
        out += [r for p in assess_plans([plan], package) for r in p.reasons]
    for h in (
        ResolvedHazard(QUAKE, 1.0, "code"),
        ResolvedHazard(QUAKE, 0.71, "paraphrase"),
        ResolvedHazard(QUAKE, 0.42, "judge"),
        ResolvedHazard(QUAKE, 0.9, "mention", evidence=(TextSpan(0, 2, "地震"),)),
        ResolvedHazard(TRAPPED, 0.8, "fact", evidence=(TextSpan(0, 4, "3人被困"),)),
        ResolvedHazard(SLIDE, 0.6, "cascade from 11C02", trigger=QUAKE),
    ):
        out += hazard_reasons(h)
    near = NearestTeam(TEAM, 300.0, 320.0)
    for limited in GAP_CODES:
        gap = CapabilityNeed(USAR, 1.0, units=2, units_provided=1, limited_by=limited,
                             busy_teams=3, excluded_teams=1, nearest_team=near)  # fmt: skip
        out += gap_reasons(gap)
    for steps in (0, 1):  # an expert on the hazard itself, and one on its subcategory
        field = {"id": "11C02" if steps == 0 else "11C00", "nameZh": "地震", "nameEn": "Quake"}
        expert = parse_expert(
            {"id": "E-1", "nameZh": "王工", "nameEn": "Wang", "affiliation": None,
             "latitude": 30.0, "longitude": 104.0, "km": 12.34, "capabilities": ["cap.usar"],
             "hazards": [{"topic": "11C02", "steps": steps, **field}]},
            {"11C02": 1.0, "cap.usar": 0.9}, {"11C02": QUAKE, "cap.usar": USAR},
        )  # fmt: skip
        out += expert.reasons
    out += [Reason.of(code, **params) for code, params in PARSE_MESSAGES]
    out += allocation_reasons()  # queries.allocation (issue 15)
    out += cap_reasons()  # CAP import (issue 16)
    out += incident_reasons()  # queries.incidents (issue 15)
    out += readiness_reasons()  # queries.readiness (issue 18)
    out += replay_reasons()  # queries.drills replay records and comparison (issue 19)
    out += error_reasons()  # top-level errors with catalog messages (kg.errors.as_message)
    out += [reason_of(p) for p in loader_problems()]  # loader row problems (issue 12)
    out += [reason_of(p) for p in unchanged_problems()]  # emkg run's skips (issue 20)
    out += workbench_and_drill_reasons()  # the planner's workbench (18), drills (19)
    for kind in ("team", "depot"):
        item = {"id": f"EQ-{kind}", "nameZh": "生命探测仪", "nameEn": "Life detector",
                "quantity": 2, "latitude": 30.0, "longitude": 104.0, "typeId": "et.detector",
                "typeZh": "生命探测仪", "typeEn": "Life detector", "holderId": "H-1",
                "holderZh": "储备库", "holderEn": "Depot", "holderKind": kind,
                "km": 8.0, "serves": [{"id": "11C00", "nameZh": "地震灾害",
                "nameEn": "Earthquake disaster"}]}  # fmt: skip
        out += choose_equipment([{"capability": "cap.usar", "items": [item]}], NEEDS, 1)[0].reasons
    return out


def workbench_and_drill_reasons() -> list[Reason]:
    """The cascade rules from their pure check; the workbench's graph refusals and the drill
    API's with the parameters their call sites pass (queries/catalog/record_edits.py,
    plan_versions.py, cascades.py, api/graphql/workbench_plans.py, drills.py; each path is
    exercised on Neo4j in tests/api/test_workbench_api.py and test_drills_api.py)."""
    from api.graphql.error_messages import catalog_reason
    from kg.errors import EmkgError
    from queries.catalog.cascades import validate_cascade

    out = []
    for args in (("11A01", "11D01", 7.0), ("11A01", "11A01", 0.5)):
        try:
            validate_cascade(*args)
        except EmkgError as e:
            reason = catalog_reason(e)
            assert reason is not None
            out.append(reason)
        else:
            raise AssertionError("expected an error")
    kind = Term("kind.Plan")
    out += [
        Reason.of("CASCADE_NONE", hazard="11A01", triggers="11D01"),
        Reason.of("WORKBENCH_UNKNOWN_REF", kind=Term("kind.Team"), id="T-404"),
        Reason.of("WORKBENCH_ID_TAKEN", kind=Term("kind.Team"), id="T-1"),
        Reason.of("WORKBENCH_NO_RECORD", kind=kind, id="P-404"),
        Reason.of("WORKBENCH_NOT_PRESCRIBABLE", kind=Term("kind.Region")),
        Reason.of("WORKBENCH_VERSION_SAME_ID", id="P-1"),
        Reason.of("WORKBENCH_ALREADY_SUPERSEDED", id="P-1", newer="P-2"),
        Reason.of("DRILL_SCRIPT_PROBLEM", line=11, field="incidents[0].level", problem="…"),
        Reason.of("DRILL_SCRIPT_ONE_OF", scriptId="scriptId", script="script"),
        Reason.of("DRILL_SCRIPT_UNKNOWN", value="x", choices="luding-earthquake"),
        Reason.of("DRILL_TOO_MANY", max=2),
    ]
    return out


REASONS = every_reason_the_logic_emits()


def test_every_catalog_code_is_emitted_and_every_emitted_code_is_in_the_catalog() -> None:
    emitted = {r.code for r in REASONS}
    assert emitted == set(catalog().codes), (
        f"in the catalog but never emitted: {set(catalog().codes) - emitted}; "
        f"emitted but not in the catalog: {emitted - set(catalog().codes)}"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_every_emitted_reason_renders_with_no_placeholder_left(lang: str) -> None:
    for r in REASONS:
        text = render(r, lang)  # type: ignore[arg-type]
        assert text and "{" not in text and "}" not in text, (r.code, text)


@pytest.mark.parametrize("code", sorted(catalog().codes))
def test_each_template_uses_exactly_the_declared_parameters(code: str) -> None:
    entry = catalog().codes[code]
    for lang in LANGS:
        used = set(PLACEHOLDER.findall(entry[lang]))
        assert used == set(entry["params"]), f"{code} ({lang}) uses {used}, declares {entry}"


def test_each_language_stays_in_its_script() -> None:
    cat = catalog()
    texts = [(c, e["zh"], e["en"]) for c, e in cat.codes.items()]
    texts += [(k, t["zh"], t["en"]) for k, t in cat.terms.items()]
    for key, zh, en in texts:
        assert not CJK.search(en), f"{key}: Chinese in the English text: {en}"
        bare = PLACEHOLDER.sub("", zh)
        assert CJK.search(bare), f"{key}: no Chinese in the Chinese text: {zh}"
        # Latin letters in Chinese only for units and levels a commander reads as such
        assert not re.search(r"[A-Za-z]{2,}", bare), f"{key}: English in the Chinese text: {zh}"


def test_a_missing_or_undeclared_parameter_or_unknown_code_is_an_error() -> None:
    with pytest.raises(MessageError, match="needs parameter 'level'"):
        render(Reason.of("EDGE_HAS_CAPABILITY"), "zh")
    with pytest.raises(MessageError, match="parameters the catalog lacks"):
        render(Reason.of("EDGE_REQUIRES", level=1), "en")
    with pytest.raises(MessageError, match=r"not in reasons\.json"):
        render(Reason.of("NO_SUCH_CODE"), "zh")


def test_concepts_numbers_and_terms_render_per_language() -> None:
    r = next(r for r in REASONS if r.code == "ETA")
    assert render(r, "zh") == (
        "预计 50 分钟到达 = 集结 15 分钟 + 启动 0 分钟 + "
        "25 公里 × 路线系数 1.4 ÷ 60 公里/小时（地面机动）"
    )
    assert render(r, "en").endswith("25 km x route factor 1.4 at 60 km/h (ground)")
    cascade = hazard_reasons(ResolvedHazard(SLIDE, 0.6, "cascade from 11C02", trigger=QUAKE))
    assert render(cascade[0], "zh") == "可能由天然地震事件引发（可能性 0.6）"
    assert render(cascade[0], "en") == "may be triggered by Earthquake (likelihood 0.6)"
    assert format_number(1.40) == "1.4" and format_number(12.0) == "12"
    assert format_number(0.755) == "0.76"


def test_plan_reason_says_once_what_is_prescribed_and_whether_the_package_meets_it() -> None:
    plan = parse_plan(PLAN_ROW, ResponseLevel.I)
    rec = TeamRecommendation(TEAM, 0.8, 25.0, 50.0, (USAR,), ())
    (checked,) = assess_plans([plan], [rec])
    codes = [r.code for r in checked.reasons]
    assert codes == ["PLAN_COVERS", "PLAN_REGION", "PLAN_NEAREST_REGION", "PLAN_MET_PART"]
    met = {x.item.id: x.met for x in checked.prescriptions}
    assert met == {"cap.usar": True, "tt.usar": True, "T-9": False}
    zh = render(checked.reasons[-1], "zh")
    assert "满足 2/3 项" in zh and "省搜救总队" in zh
    assert "the package meets 2 of 3, not: Provincial USAR" in render(checked.reasons[-1], "en")


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        (None, "zh"),
        ("", "zh"),
        ("fr-FR,de;q=0.8", "zh"),
        ("en", "en"),
        ("en-US,en;q=0.9,zh-CN;q=0.8", "en"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("en;q=0.3,zh;q=0.7", "zh"),
        ("zh;q=0,en", "en"),
    ],
)
def test_accept_language_picks_zh_or_en_chinese_first(header: str | None, lang: str) -> None:
    assert lang_from_accept_language(header) == lang


def test_an_error_whose_catalog_message_cannot_render_keeps_its_own_text() -> None:
    """A catalog bug (a missing parameter) must not turn a clear error into a crash."""
    from api.graphql.error_messages import localised_message
    from kg.errors import UserInputError

    broken = UserInputError("plain English").as_message("CURATE_TOO_LONG", field="x")
    assert localised_message(broken, None) is None
    ok = UserInputError("plain English").as_message("ERR_REPORT_EMPTY")
    assert (localised_message(ok, None) or "").startswith("报告为空")
