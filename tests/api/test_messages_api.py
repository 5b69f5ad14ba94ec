"""Standard messages over real HTTP: importCapAlert answers drafts or userErrors;
a dispatched incident downloads as EDXL-RM RequestResource / CommitResource that
validate against the OASIS schemas and read back to the same teams; another agency's
ResponseToRequestResource is recorded on the incident (its request answered)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest
import xmlschema
from neo4j import Driver

from loaders.messages.edxl_rm_reader import read_request_resource
from tests.api.conftest import LiveServer
from tests.api.test_incidents_api import DISPATCH, _free_teams, _open, warm_api  # noqa: F401

DATA = Path(__file__).resolve().parents[1] / "data"
ERRORS = "userErrors { field message code detail { code } }"
IMPORT = f"""mutation($input: ImportCapAlertInput!) {{ importCapAlert(input: $input) {{
  kind entries {{ position status draft {{ name suggestedLevel hazards {{ hazard {{ id }} via }}
    location {{ latitude longitude }} notes {{ code text }} }} problems {{ code text }} }}
  {ERRORS} }} }}"""
MESSAGES = """query($id: ID!) { edxlResourceMessages(incidentId: $id) {
  requestMessageId commitMessageId requestResource commitResource
  responses { messageId precedingMessageId responder answers { elementId response reason } } } }"""
RECEIVE = f"""mutation($input: ReceiveResourceResponseInput!) {{
  receiveResourceResponse(input: $input) {{ response {{ messageId incidentId
    answers {{ elementId response reason resourceId }} }} {ERRORS} }} }}"""


@cache
def _schema(shared: Path, kind: str) -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(str(shared / "edxl-rm/edxl-rm/1.0" / f"EDXL-RM{kind}.xsd"))


def _get(live: LiveServer, path: str, role: str | None = "commander") -> httpx.Response:
    headers = {"Authorization": f"Bearer {live.keys[role]}"} if role else {}
    return httpx.get(f"{live.url}{path}", headers=headers, timeout=60)


def test_import_cap_alert_answers_drafts_and_user_errors(
    warm_api: LiveServer,  # noqa: F811
    shared_data: Path,
) -> None:
    live_api = warm_api  # after the start-up warm-up: a busy machine times requests out
    xml = (shared_data / "cap/samples/weather.cap").read_text(encoding="utf-8")
    out = live_api.data(IMPORT, {"input": {"xml": xml, "locale": "EN"}}, role="commander")
    payload = out["importCapAlert"]
    assert payload["userErrors"] == [] and payload["kind"] == "alert"
    draft = payload["entries"][0]["draft"]
    assert draft["suggestedLevel"] == "III"
    assert "11A51" in [h["hazard"]["id"] for h in draft["hazards"]]
    bad = (shared_data / "cap/samples/invalid.cap").read_text(encoding="utf-8")
    errs = live_api.data(IMPORT, {"input": {"xml": bad}}, role="commander")["importCapAlert"]
    assert errs["entries"][0]["status"] == "INVALID"
    assert errs["userErrors"][0]["field"] == "entries[1]"
    assert "缺少 <scope>" in errs["userErrors"][0]["message"]
    xee = (shared_data / "cap/samples/xee.cap").read_text(encoding="utf-8")
    refused = live_api.data(IMPORT, {"input": {"xml": xee}}, role="commander")["importCapAlert"]
    assert (
        refused["entries"] == [] and refused["userErrors"][0]["detail"]["code"] == "XML_DTD_REFUSED"
    )
    assert refused["userErrors"][0]["field"] == "xml" and refused["kind"] is None


def test_a_dispatch_downloads_as_valid_edxl_rm_and_reads_back(
    warm_api: LiveServer,  # noqa: F811
    driver: Driver,
    shared_data: Path,
) -> None:
    live_api = warm_api
    inc = _open(live_api)
    teams = _free_teams(driver, 2)
    order = {"incidentId": inc["id"], "teams": [{"teamId": t} for t in teams],
             "task": "搜救", "assemblyPoint": "县城广场"}  # fmt: skip
    out = live_api.data(DISPATCH, {"input": order}, role="commander")["dispatchIncident"]
    assert out["userErrors"] == [], out
    request = _get(live_api, f"/edxl/{inc['id']}/request.xml")
    assert request.status_code == 200, request.text
    assert request.headers["content-type"].startswith("application/xml")
    assert [
        e.reason for e in _schema(shared_data, "RequestResource").iter_errors(request.content)
    ] == []
    commit = _get(live_api, f"/edxl/{inc['id']}/commit.xml")
    assert [
        e.reason for e in _schema(shared_data, "CommitResource").iter_errors(commit.content)
    ] == []
    back = read_request_resource(request.content)
    assert back.incident_id == inc["id"] and back.incident_name == "测试县洪水"
    assert [t.team_id for t in back.teams] == sorted(teams) or [
        t.team_id for t in back.teams
    ] == teams
    assert all(
        t.quantity == 1 and t.task == "搜救" and t.assembly_point == "县城广场" for t in back.teams
    )
    assert all(t.team_type for t in back.teams)
    # the same messages through GraphQL, and a response from another agency answers the request
    msgs = live_api.data(MESSAGES, {"id": inc["id"]}, role="integrator")["edxlResourceMessages"]
    assert msgs["requestMessageId"] == back.message_id and msgs["responses"] == []
    assert read_request_resource(msgs["requestResource"]).teams == tuple(
        t.__class__(**{**t.__dict__, "contact": ""}) for t in back.teams
    )  # integrators see no contacts
    answer = (DATA / "edxl/response_accept_decline.xml").read_text(encoding="utf-8")
    answer = answer.replace("INC-20260512-1430-0001", inc["id"])
    answer = answer.replace(f"EMKG-RR-{inc['id']}-1", back.message_id)
    got = live_api.data(RECEIVE, {"input": {"xml": answer}}, role="commander")
    rec = got["receiveResourceResponse"]
    assert rec["userErrors"] == [] and rec["response"]["incidentId"] == inc["id"]
    assert [a["response"] for a in rec["response"]["answers"]] == ["Accept", "Decline"]
    after = live_api.data(MESSAGES, {"id": inc["id"]}, role="commander")["edxlResourceMessages"]
    assert [r["precedingMessageId"] for r in after["responses"]] == [back.message_id]


def test_edxl_downloads_need_a_key_and_a_live_dispatched_incident(live_api: LiveServer) -> None:
    assert _get(live_api, "/edxl/INC-nope/request.xml", role=None).status_code == 401
    assert _get(live_api, "/edxl/INC-nope/request.xml").status_code == 404
    inc = _open(live_api)
    none = _get(live_api, f"/edxl/{inc['id']}/request.xml")
    assert none.status_code == 409 and "dispatch first" in none.json()["error"]
    assert _get(live_api, f"/edxl/{inc['id']}/other.xml").status_code == 404
    unknown = (DATA / "edxl/response_provisional.xml").read_text(encoding="utf-8")
    got: dict[str, Any] = live_api.data(RECEIVE, {"input": {"xml": unknown}}, role="commander")
    err = got["receiveResourceResponse"]["userErrors"][0]
    assert (
        err["detail"]["code"] == "EDXL_UNKNOWN_INCIDENT"
        and "INC-20260512-1430-0001" in err["message"]
    )
    denied = live_api.post(RECEIVE, {"input": {"xml": unknown}}, role="integrator").json()
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize("name", ["cn_rainstorm_chengdu.cap"])
def test_a_chinese_alert_renders_in_english_on_request(live_api: LiveServer, name: str) -> None:
    xml = (DATA / "cap" / name).read_text(encoding="utf-8")
    out = live_api.data(IMPORT, {"input": {"xml": xml, "locale": "EN"}}, role="commander")
    notes = out["importCapAlert"]["entries"][0]["draft"]["notes"]
    assert notes and all(n["text"].isascii() or n["code"] == "CAP_REGION_CODE" for n in notes)
