"""EDXL-RM 1.0: every message EMKG writes validates against the OASIS schemas in
../shared/data/edxl-rm; a RequestResource read back gives the same dispatch; another
agency's ResponseToRequestResource reads as answers per requested resource; malformed or
hostile messages are refused naming the element."""

from __future__ import annotations

import datetime
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
import xmlschema

from loaders.messages.edxl_rm import Dispatch, DispatchedTeam, commit_resource, request_resource
from loaders.messages.edxl_rm_reader import read_request_resource, read_response
from loaders.messages.problems import MessageError

ANSWER = "ResponseToRequestResource/ResourceInformation"
FIXTURES = Path(__file__).resolve().parents[2] / "data" / "edxl"
CST = datetime.timezone(datetime.timedelta(hours=8))
USAR = DispatchedTeam(
    "T-SC-0001", "四川省消防救援总队特勤支队", "tt.usar", ("cap.medical", "cap.usar"), 1, 42.5,
    "映秀镇集结点", (31.06, 103.49), "张队长 13800000000", "倒塌建筑搜救",
)  # fmt: skip
WATER = DispatchedTeam("T-SC-0002", "成都水域救援队 & <蓝天>", "tt.water", (), 2)
DISPATCH = Dispatch(
    "EMKG-RR-INC-1-1", datetime.datetime(2026, 5, 12, 15, 0, tzinfo=CST), "INC-1",
    "汶川6.8级地震", (USAR, WATER), location=(31.06, 103.33), location_description="汶川县",
    description="请求增援",
)  # fmt: skip


@cache
def _schema(root: Path, kind: str) -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(str(root / "edxl-rm" / "edxl-rm" / "1.0" / f"EDXL-RM{kind}.xsd"))


def assert_valid(shared_data: Path, kind: str, xml: str | bytes) -> None:
    errors = [f"{e.path}: {e.reason}" for e in _schema(shared_data, kind).iter_errors(xml)]
    assert errors == []


@pytest.mark.parametrize(
    "dispatch",
    [
        DISPATCH,
        replace(DISPATCH, teams=(WATER,), location=None, description=""),
        replace(DISPATCH, teams=(replace(USAR, contact="", assembly_location=None),)),
    ],
)
def test_every_generated_message_validates_against_the_oasis_schemas(
    shared_data: Path, dispatch: Dispatch
) -> None:
    assert_valid(shared_data, "RequestResource", request_resource(dispatch))
    commit = commit_resource(replace(dispatch, message_id="EMKG-CR-INC-1-1"), dispatch.message_id)
    assert_valid(shared_data, "CommitResource", commit)


def _variants() -> list[Dispatch]:
    """Dispatches with and without each optional part (place, its name, assembly point and
    its point, ETA, contact, capabilities, task)."""
    out = []
    for i in range(16):
        team = replace(
            USAR,
            assembly_point=USAR.assembly_point if i & 1 else "",
            assembly_location=USAR.assembly_location if i & 2 else None,
            eta_minutes=USAR.eta_minutes if i & 4 else None,
            contact=USAR.contact if i & 8 else "",
            capabilities=USAR.capabilities if i & 1 else (),
            task=USAR.task if i & 2 else "",
        )
        out.append(replace(
            DISPATCH, teams=(team, WATER), location=DISPATCH.location if i & 4 else None,
            location_description=DISPATCH.location_description if i & 8 else "",
            description=DISPATCH.description if i & 1 else "",
        ))  # fmt: skip
    return out


def test_a_request_read_back_is_the_same_dispatch() -> None:
    for d in _variants():
        xml = request_resource(d)
        assert read_request_resource(xml) == d
        assert read_request_resource(xml.encode("utf-8")) == d


def test_every_variant_validates(shared_data: Path) -> None:
    for d in _variants():
        assert_valid(shared_data, "RequestResource", request_resource(d))
        commit = commit_resource(replace(d, message_id="EMKG-CR-INC-1-1"), d.message_id)
        assert_valid(shared_data, "CommitResource", commit)


def test_the_commit_answers_the_request_with_contacts_and_arrival() -> None:
    xml = commit_resource(replace(DISPATCH, message_id="EMKG-CR-INC-1-1"), "EMKG-RR-INC-1-1")
    assert "<PrecedingMessageID>EMKG-RR-INC-1-1</PrecedingMessageID>" in xml
    assert xml.count("<rm:ResponseType>Accept</rm:ResponseType>") == 2
    assert "<ScheduleType>EstimatedArrival</ScheduleType>" in xml
    assert "2026-05-12T15:42:30+08:00" in xml  # sent + 42.5 min
    assert "<ResponsibleParty>" in xml and "张队长 13800000000" in xml


@pytest.mark.parametrize("name", ["response_accept_decline.xml", "response_provisional.xml"])
def test_the_response_fixtures_are_valid_edxl_rm(shared_data: Path, name: str) -> None:
    assert_valid(shared_data, "ResponseToRequestResource", (FIXTURES / name).read_bytes())


def test_a_response_reads_as_answers_per_requested_resource() -> None:
    r = read_response((FIXTURES / "response_accept_decline.xml").read_bytes())
    assert (r.message_id, r.preceding_message_id, r.incident_id) == (
        "SCYJT-RTR-20260512-0042", "EMKG-RR-INC-20260512-1430-0001-1", "INC-20260512-1430-0001",
    )  # fmt: skip
    assert [(x.element_id, x.response, x.resource_id) for x in r.lines] == [
        ("1", "Accept", "T-SC-0001"),
        ("2", "Decline", ""),
    ]
    assert r.lines[1].reason == "该队已调往雅安，无法参加"
    p = read_response((FIXTURES / "response_provisional.xml").read_text(encoding="utf-8"))
    assert p.lines[0].response == "Provisional" and "批准" in p.lines[0].reason


def test_malformed_and_hostile_messages_are_refused_naming_the_element() -> None:
    request = request_resource(DISPATCH)
    cases = {
        "EDXL_WRONG_KIND": request,  # a request where a response is expected
        "EDXL_NOT_RM": "<RequestResource/>",
        "XML_DTD_REFUSED": '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    }
    for code, xml in cases.items():
        with pytest.raises(MessageError) as e:
            read_response(xml)
        assert e.value.problems[0].code == code
    text = (FIXTURES / "response_accept_decline.xml").read_text(encoding="utf-8")
    for old, new, code, element in [
        ("<rm:ResponseType>Decline</rm:ResponseType>", "<rm:ResponseType>Maybe</rm:ResponseType>",
         "EDXL_BAD_RESPONSE", f"{ANSWER}[2]/ResponseInformation/ResponseType"),
        ("<PrecedingMessageID>EMKG-RR-INC-20260512-1430-0001-1</PrecedingMessageID>", "",
         "EDXL_MISSING", "ResponseToRequestResource/PrecedingMessageID"),
        ("2026-05-12T15:12:00+08:00", "2026-05-12 15:12", "EDXL_BAD_TIME",
         "ResponseToRequestResource/SentDateTime"),
    ]:  # fmt: skip
        with pytest.raises(MessageError) as e:
            read_response(text.replace(old, new))
        assert (e.value.problems[0].code, e.value.problems[0].param("element")) == (code, element)
    with pytest.raises(ValueError, match="time zone"):
        request_resource(replace(DISPATCH, sent=datetime.datetime(2026, 5, 12, 15, 0)))
