"""`recommendForces` end to end over GraphQL with a real key, on the demo data."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver
from starlette.testclient import TestClient

from api.app import create_app
from kg.settings import Settings
from ontology.text import CJK_CHAR
from tests.api.conftest import issue_keys, post_graphql

# The demo's first recommendation after /readyz: under a second (issue 12), or no more
# than twice a warm repeat of it when the machine is too loaded for any request to be.
FIRST_REQUEST_BUDGET_S = 1.0
FIRST_TO_WARM_RATIO = 2.0

QUERY = """
query($scenario: ScenarioInput!) {
  recommendForces(scenario: $scenario) {
    hazards { hazard { id name nameZh nameEn } confidence via }
    requiredCapabilities { capability { id name } weight sources neededLevel units }
    plans { plan { id name nameZh nameEn level } reason hazards { id name } }
    forcePackage {
      team { id name status mobility location { latitude longitude } teamType { id } }
      score distanceKm etaMinutes covers { id name } reasons
      scoreBreakdown { coverage eta readiness plan experience }
      explanation { nodes { id kind label } edges { source target type label } }
    }
    candidates { team { id } score etaMinutes }
    gaps {
      capability { id name } weight sources limitedBy
      nearestTeam { team { id name mobility } distanceKm etaMinutes }
    }
    experts { expert { id name nameZh nameEn affiliation location { latitude longitude } }
              score reasons distanceKm }
    equipment { equipment { id name } equipmentType { id name } capability { id name }
                quantity holder { id name kind } distanceKm reasons }
  }
}
"""


@pytest.fixture
def client(demo_graph: Driver, neo4j_settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    settings = neo4j_settings.with_overrides(keys_file=tmp_path / "api-keys.json")
    keys = issue_keys(settings)
    headers = {"Authorization": f"Bearer {keys['commander']}"}
    with TestClient(create_app(settings), headers=headers) as c:
        wait_until_ready(c)
        yield c


def wait_until_ready(c: TestClient) -> Any:
    """/readyz until 200, as a load balancer does; it answers "starting" while warming up."""
    deadline = time.monotonic() + 120
    while (ready := c.get("/readyz")).status_code != 200:
        assert ready.json()["status"] == "starting", ready.text
        assert time.monotonic() < deadline, "not ready within 120 s"
    return ready.json()


def ask(client: TestClient, scenario: dict[str, Any]) -> Any:
    return post_graphql(client, QUERY, {"scenario": scenario})


def test_earthquake_package_with_plans_experts_equipment_and_explanations(
    client: TestClient,
) -> None:
    body = ask(
        client,
        {
            "hazardCodes": ["11C02"],
            "location": {"latitude": 30.75, "longitude": 103.95},
            "responseLevel": "I",
            "maxTravelMinutes": 120,
        },
    )
    assert "errors" not in body, body
    rec = body["data"]["recommendForces"]
    assert rec["hazards"][0]["hazard"]["id"] == "11C02" and rec["hazards"][0]["via"] == "code"
    assert any(h["via"] == "cascade from 11C02" for h in rec["hazards"])
    assert {p["plan"]["id"] for p in rec["plans"]} == {"P-CN-QUAKE", "P-SC-QUAKE"}
    assert all(p["reason"] and p["hazards"] for p in rec["plans"])
    package = rec["forcePackage"]
    assert package and all(t["team"]["status"] in ("available", "standby") for t in package)
    first = package[0]
    assert 0 <= first["score"] <= 1 and first["reasons"] and first["covers"]
    graph = first["explanation"]
    ids = {n["id"] for n in graph["nodes"]}
    assert {"team", "capability", "hazard"} <= {n["kind"] for n in graph["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids and e["type"] for e in graph["edges"])
    assert set(first["scoreBreakdown"]) == {"coverage", "eta", "readiness", "plan", "experience"}
    assert all(c["etaMinutes"] <= 120 for c in rec["candidates"])
    for gap in rec["gaps"]:
        near = gap["nearestTeam"]
        assert gap["limitedBy"] in ("tooFar", "maxTeams", "noTeam", "allBusy", "lowPriority")
        assert near is None or near["etaMinutes"] > 120 or gap["limitedBy"] == "maxTeams"
    assert rec["experts"] and all(e["expert"]["location"] for e in rec["experts"])
    assert rec["equipment"] and all(
        e["holder"]["kind"] in ("team", "depot") for e in rec["equipment"]
    )


def test_unknown_hazard_code_is_a_bad_user_input_naming_close_matches(
    client: TestClient,
) -> None:
    body = ask(
        client,
        {
            "hazardCodes": ["11A1"],
            "location": {"latitude": 30.66, "longitude": 104.06},
            "responseLevel": "II",
        },
    )
    assert body["data"] is None
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "'11A01'" in error["message"]


def test_unknown_excluded_team_is_the_error_whatever_else_fails(client: TestClient) -> None:
    """The excluded ids are checked while the recommendation is made: an unknown one is
    still the error (also when the hazard code is wrong too), a known one is left out."""
    here = {"latitude": 30.66, "longitude": 104.06}
    for codes in (["11A01"], ["11A1"]):
        body = ask(
            client,
            {
                "hazardCodes": codes,
                "location": here,
                "responseLevel": "II",
                "excludeTeams": ["T-SC-0001", "T-SC-00O2"],
            },
        )
        assert body["data"] is None
        error = body["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert "unknown Team (excludeTeams) 'T-SC-00O2'" in error["message"], error
    scenario = {"hazardCodes": ["11C02"], "location": here, "responseLevel": "II"}
    first = ask(client, scenario)["data"]["recommendForces"]["forcePackage"][0]["team"]["id"]
    body = ask(client, {**scenario, "excludeTeams": [first]})
    package = body["data"]["recommendForces"]["forcePackage"]
    assert package and first not in [t["team"]["id"] for t in package]


def test_negative_limit_is_a_bad_user_input(client: TestClient) -> None:
    body = ask(
        client,
        {
            "hazardCodes": ["11A01"],
            "location": {"latitude": 30.66, "longitude": 104.06},
            "responseLevel": "IV",
            "maxTeams": -1,
        },
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "maxTeams" in body["errors"][0]["message"]


def test_integrators_may_not_ask_for_recommendations(
    demo_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    settings = neo4j_settings.with_overrides(keys_file=tmp_path / "api-keys.json")
    keys = issue_keys(settings)
    with TestClient(
        create_app(settings), headers={"Authorization": f"Bearer {keys['integrator']}"}
    ) as c:
        body = ask(
            c,
            {
                "hazardCodes": ["11A01"],
                "location": {"latitude": 30.66, "longitude": 104.06},
                "responseLevel": "IV",
            },
        )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_an_old_hazard_code_is_read_as_its_gbt35561_code_with_a_warning(
    client: TestClient,
) -> None:
    q = (
        "query($s: ScenarioInput!) "
        "{ recommendForces(scenario: $s) { hazards { hazard { id } via } warnings } }"
    )
    scenario = {
        "hazardCodes": ["12F01", "11B02"],
        "location": {"latitude": 30.66, "longitude": 104.06},
        "responseLevel": "III",
    }
    rec = post_graphql(client, q, {"s": scenario})["data"]["recommendForces"]
    coded = [h["hazard"]["id"] for h in rec["hazards"] if h["via"] == "code"]
    assert coded == ["12G03", "11B02"]  # old 建筑火灾; 11B02 keeps its current meaning, 龙卷风
    deprecated, changed = rec["warnings"]
    assert "'12F01'" in deprecated and "deprecated" in deprecated and "'12G03'" in deprecated
    assert "'11B02'" in changed and "暴雨" in changed and "'11B03'" in changed


REASON = "code text params { name kind value number text concepts { id nameZh nameEn } }"
LOCALE_QUERY = f"""
query($s: ScenarioInput!, $locale: Locale) {{
  recommendForces(scenario: $s, locale: $locale) {{
    locale
    hazards {{ hazard {{ id nameZh nameEn }} via trigger {{ id name }} evidence {{ start end text }}
              reasons reasonDetails {{ {REASON} }} }}
    plans {{ plan {{ id }} reason reasons reasonDetails {{ {REASON} }}
            prescriptions {{ kind item {{ id }} met providedBy {{ id }} }} }}
    forcePackage {{ team {{ id }} reasons reasonDetails {{ {REASON} }}
                   explanation {{ edges {{ type label labelDetail {{ {REASON} }} }} }} }}
    gaps {{ capability {{ id }} limitedBy reasons reasonDetails {{ {REASON} }} }}
    experts {{ reasons reasonDetails {{ {REASON} }} }}
    equipment {{ reasons reasonDetails {{ {REASON} }} }}
  }}
}}
"""
QUAKE_SCENE = {
    "hazardCodes": ["11C02"],
    "location": {"latitude": 30.75, "longitude": 103.95},
    "responseLevel": "I",
    "maxTravelMinutes": 120,
}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def ask_locale(client: TestClient, locale: str | None, headers: dict[str, str]) -> Any:
    variables: dict[str, Any] = {"s": QUAKE_SCENE, "locale": locale}
    body = post_graphql(client, LOCALE_QUERY, variables, headers)
    assert "errors" not in body, body
    return body["data"]["recommendForces"]


def every_reason(rec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(text, reasonDetail) for every rendered reason in the answer, edges included."""
    out = []
    for key in ("hazards", "plans", "forcePackage", "gaps", "experts", "equipment"):
        for item in rec[key]:
            assert len(item["reasons"]) == len(item["reasonDetails"]), item
            out += list(zip(item["reasons"], item["reasonDetails"], strict=True))
    for t in rec["forcePackage"]:
        out += [(e["label"], e["labelDetail"]) for e in t["explanation"]["edges"]]
    return out


def without_names(text: str, detail: dict[str, Any]) -> str:
    """The text with its names and ids taken out (names may be in either language)."""
    for p in detail["params"]:
        if p["kind"] in ("CONCEPT", "CONCEPTS", "TEXT"):
            for c in p["concepts"]:
                for name in (c["nameZh"], c["nameEn"], c["id"]):
                    text = text.replace(name, "") if name else text
            if p["text"]:
                text = text.replace(p["text"], "")
    return text


def test_reasons_follow_the_locale_argument_then_accept_language_chinese_first(
    client: TestClient,
) -> None:
    zh = ask_locale(client, None, {})
    en = ask_locale(client, None, {"Accept-Language": "en-GB,en;q=0.9"})
    forced = ask_locale(client, "ZH", {"Accept-Language": "en"})
    assert (zh["locale"], en["locale"], forced["locale"]) == ("ZH", "EN", "ZH")
    assert forced == zh  # the argument wins over the header
    assert ask_locale(client, "EN", {})["locale"] == "EN"

    zh_reasons, en_reasons = every_reason(zh), every_reason(en)
    assert len(zh_reasons) == len(en_reasons) > 30
    codes = {d["code"] for _, d in zh_reasons}
    assert {"COVERS", "ETA", "SCORE", "PLAN_COVERS", "HAZARD_CASCADE", "EXPERT_IN"} <= codes
    assert {d["code"] for _, d in en_reasons} == codes  # the same data, another language
    for (zt, zd), (et, ed) in zip(zh_reasons, en_reasons, strict=True):
        assert zd["code"] == ed["code"] and zd["text"] == zt and ed["text"] == et
        assert CJK_CHAR.search(zt), f"no Chinese in a Chinese reason: {zt}"
        assert not LATIN_WORD.search(without_names(zt, zd)), f"English in Chinese: {zt}"
        assert not CJK_CHAR.search(without_names(et, ed)), f"Chinese in English: {et}"


def test_cascades_name_their_trigger_and_plans_say_what_they_prescribe(
    client: TestClient,
) -> None:
    zh = ask_locale(client, "ZH", {})
    en = ask_locale(client, "EN", {})
    cascades = [h for h in zh["hazards"] if h["trigger"] is not None]
    assert cascades and all(h["trigger"]["id"] == "11C02" for h in cascades)
    assert all(h["evidence"] == [] for h in zh["hazards"])  # codes and cascades: no text spans
    quake = next(h for h in zh["hazards"] if h["hazard"]["id"] == "11C02")
    assert quake["trigger"] is None and quake["reasonDetails"][0]["code"] == "HAZARD_CODE"
    assert cascades[0]["reasons"][0].startswith("可能由天然地震事件引发")
    assert next(h for h in en["hazards"] if h["trigger"])["reasons"][0].startswith(
        "may be triggered by"
    )
    package = {t["team"]["id"] for t in zh["forcePackage"]}
    for plan in zh["plans"]:
        prescribes = [d for d in plan["reasonDetails"] if d["code"].startswith("PLAN_MET")]
        assert len(prescribes) <= 1  # said once per plan
        assert plan["reason"] == "；".join(plan["reasons"])
        for x in plan["prescriptions"]:
            assert x["met"] == bool(x["providedBy"])
            assert {b["id"] for b in x["providedBy"]} <= package
            if x["kind"] == "team":
                assert x["met"] == (x["item"]["id"] in package)
    sc = next(p for p in zh["plans"] if p["plan"]["id"] == "P-SC-QUAKE")
    assert sc["prescriptions"] and prescribes_once(sc)


def prescribes_once(plan: dict[str, Any]) -> bool:
    return [d["code"][:8] for d in plan["reasonDetails"]].count("PLAN_MET") == 1


def test_readyz_after_the_warm_up_and_the_first_request_is_fast(
    demo_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    settings = neo4j_settings.with_overrides(keys_file=tmp_path / "api-keys.json")
    keys = issue_keys(settings)
    headers = {"Authorization": f"Bearer {keys['commander']}"}
    with TestClient(create_app(settings), headers=headers) as c:
        ready = wait_until_ready(c)
        assert ready["warmup"].startswith("done"), ready
        scene = {**QUAKE_SCENE, "hazardCodes": ["11A01"], "description": "河堤决口，村民被困"}
        times = []
        for _ in range(4):  # the first real request, then the same one warm
            t0 = time.monotonic()
            r = c.post("/graphql", json={"query": QUERY, "variables": {"scenario": scene}})
            times.append(time.monotonic() - t0)
            assert r.status_code == 200 and "errors" not in r.json(), r.text
    first, warm = times[0], max(times[1:])
    print(f"first request after ready {first:.3f} s, warm up to {warm:.3f} s; {ready['warmup']}")
    # Under a second on an idle machine (issue 12); on a shared, loaded one every request is
    # slower, so the test holds the first to the warm ones: no cold-start outlier left.
    assert first < max(FIRST_REQUEST_BUDGET_S, FIRST_TO_WARM_RATIO * warm), times


def test_an_empty_graph_does_not_keep_the_server_unready(
    ontology_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    settings = neo4j_settings.with_overrides(keys_file=tmp_path / "api-keys.json")
    with TestClient(create_app(settings)) as c:
        ready = c.get("/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json()["warmup"].startswith("skipped"), ready.json()


EXPLAINED = """
query($scenario: ScenarioInput!) {
  recommendForces(scenario: $scenario) {
    forcePackage { team { id } reasons }
    candidates { team { id } score ...why }
  }
}
fragment why on TeamRecommendation { reasons explanation { edges { source target label } } }
"""
UNEXPLAINED = """
query($scenario: ScenarioInput!) {
  recommendForces(scenario: $scenario) {
    forcePackage { team { id } reasons }
    candidates { team { id } score }
  }
}
"""


def test_candidates_are_explained_when_asked_and_answer_the_same_when_not(
    client: TestClient,
) -> None:
    # the recommender skips the explanations of candidates outside the package when the
    # selection asks none: asked (here through a fragment), every candidate has them
    scenario = {
        "hazardCodes": ["11A01"],
        "location": {"latitude": 30.66, "longitude": 104.06},
        "responseLevel": "II",
    }
    full = post_graphql(client, EXPLAINED, {"scenario": scenario})
    bare = post_graphql(client, UNEXPLAINED, {"scenario": scenario})
    assert "errors" not in full and "errors" not in bare, (full, bare)
    cands = full["data"]["recommendForces"]["candidates"]
    package = {t["team"]["id"] for t in full["data"]["recommendForces"]["forcePackage"]}
    assert len(cands) > len(package)
    assert all(c["reasons"] and c["explanation"]["edges"] for c in cands)
    assert any(c["team"]["id"] not in package for c in cands)
    stripped = [{"team": c["team"], "score": c["score"]} for c in cands]
    assert bare["data"]["recommendForces"]["candidates"] == stripped
    assert (
        bare["data"]["recommendForces"]["forcePackage"]
        == full["data"]["recommendForces"]["forcePackage"]
    )


SOURCES = """
query($scenario: ScenarioInput!) {
  recommendForces(scenario: $scenario) {
    hazards { hazard { id } via source confidence reasons }
    forcePackage { team { id } }
  }
}
"""


@pytest.mark.parametrize(
    ("description", "hazard", "source"),
    [
        ("五名工人被困井下", "12YX2", "TRAPPED"),  # people trapped is the incident
        # no hazard word: the judge's likeliest type (the shipped judge and gate)
        ("仓库里好几桶东西漏了一地，气味呛人，周围工人已经撤出来了", "12D02", "JUDGED"),
        ("汶川县发生地震，房屋倒塌", "11C02", "MENTION"),
    ],
)
def test_every_way_a_description_is_read_has_its_source(
    client: TestClient, description: str, hazard: str, source: str
) -> None:
    scene = {k: v for k, v in QUAKE_SCENE.items() if k != "hazardCodes"}
    body = post_graphql(client, SOURCES, {"scenario": {**scene, "description": description}})
    assert "errors" not in body, body
    found = {h["hazard"]["id"]: h for h in body["data"]["recommendForces"]["hazards"]}
    assert found[hazard]["source"] == source and found[hazard]["reasons"]
    assert body["data"]["recommendForces"]["forcePackage"]
