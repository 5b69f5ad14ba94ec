"""Every message code of CAP import, produced by the code that emits it (for the catalog
tests in tests/unit/recommend/test_messages.py)."""

from __future__ import annotations

from pathlib import Path

from api.cap_import import _alert_notes, reason_of
from loaders.messages.cap import read_cap
from loaders.messages.cap_hints import cap_level
from loaders.messages.cap_model import CapAlert
from loaders.messages.edxl_rm_reader import read_response
from loaders.messages.problems import MessageError, Problem
from queries.models import ConceptRef, Reason

ALERT = """<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
<identifier>{id}</identifier><sender>a@example.cn</sender><sent>{sent}</sent>
<status>Actual</status><msgType>Alert</msgType>{scope}{refs}
<info><category>Met</category><event>暴雨</event><urgency>{urgency}</urgency>
<severity>Severe</severity><certainty>Likely</certainty><area><areaDesc>成都</areaDesc>
{geo}</area></info></alert>"""
GOOD = {"id": "ID-1", "sent": "2026-05-12T14:28:00+08:00", "scope": "<scope>Public</scope>",
        "refs": "", "urgency": "Immediate", "geo": ""}  # fmt: skip
BROKEN = [
    {"scope": ""},  # CAP_EXPECTED
    {"id": "ID 1"},  # CAP_ID_CHARS
    {"urgency": "Now"},  # CAP_NOT_ONE_OF
    {"sent": "2026-05-12 14:28"},  # CAP_BAD_DATETIME
    {"refs": "<references/>"},  # CAP_EMPTY_REFERENCES
    {"refs": "<references>ID-0</references>"},  # CAP_BAD_REFERENCE
    {"geo": "<polygon>1,2 x 1,2 1,2</polygon>"},  # CAP_POLYGON_PAIR
    {"geo": "<polygon>1,2 1,3 1,2</polygon>"},  # CAP_POLYGON_SHORT
    {"geo": "<polygon>1,2 1,3 2,3 2,2</polygon>"},  # CAP_POLYGON_OPEN
    {"geo": "<polygon>100,2 1,3 2,3 100,2</polygon>"},  # CAP_COORD_RANGE
    {"geo": "<circle>1,2</circle>"},  # CAP_CIRCLE_FORMAT
    {"geo": "<polygon></polygon>"},  # CAP_EMPTY
    {"geo": "<foo/>"},  # CAP_UNEXPECTED
    {"geo": "<altitude>high</altitude>"},  # CAP_INVALID_VALUE
]
DOCUMENTS = [
    "", "<a>" + " " * 5_000_001 + "</a>", '<!DOCTYPE a [<!ENTITY x "y">]><a/>', "<a>",
    '<feed xmlns="http://www.w3.org/2005/Atom"/>', "<rss/>",
    '<alert xmlns="http://www.incident.com/cap/1.0"/>', "<html/>",
    '<EDXLDistribution xmlns="urn:oasis:names:tc:emergency:EDXL:DE:1.0"/>',
    '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>e1</id></entry><entry><id>e2</id>'
    '<link href="https://example.cn/a.xml"/></entry></feed>',
]  # fmt: skip


def loader_problems() -> list[Problem]:
    out: list[Problem] = []
    for change in BROKEN:
        out += read_cap(ALERT.format(**{**GOOD, **change})).entries[0].problems
    out += [p for p in read_cap(ALERT.format(**{**GOOD, "scope": "<scope/>"})).entries[0].problems]
    short = ALERT.format(**{**GOOD, "scope": ""}).split("<info>")[0] + "</alert>"
    out += read_cap(short).entries[0].problems  # CAP_MISSING: ends before <scope>
    for doc in DOCUMENTS:
        try:
            out += [p for e in read_cap(doc).entries for p in e.problems]
        except MessageError as e:
            out += e.problems
    out += [cap_level("Severe", "Immediate", "Likely").reason]
    out += [cap_level("Unknown", "Immediate", "Likely").reason]
    return out


def edxl_problems() -> list[Problem]:
    fixture = Path(__file__).resolve().parents[2] / "data/edxl/response_accept_decline.xml"
    text = fixture.read_text(encoding="utf-8")
    broken = [
        text.replace(">Decline<", ">Maybe<"),
        text.replace("2026-05-12T15:12:00+08:00", "noon"),
        text.replace("<MessageID>SCYJT-RTR-20260512-0042</MessageID>", ""),
        '<RequestResource xmlns="urn:oasis:names:tc:emergency:EDXL:RM:1.0:msg">'
        "<MessageContentType>RequestResource</MessageContentType></RequestResource>",
        "<RequestResource/>",
    ]
    out: list[Problem] = []
    for xml in broken:
        try:
            read_response(xml)
        except MessageError as e:
            out += e.problems
    return out


def cap_reasons() -> list[Reason]:
    out = [reason_of(p) for p in loader_problems() + edxl_problems()]
    out.append(Reason.of("EDXL_UNKNOWN_INCIDENT", incident="INC-0"))
    for status, msg_type in [("Exercise", "Cancel"), ("Test", "Update")]:
        alert = CapAlert("1.2", "ID-1", "a@b", "", status, msg_type, "Public", "a@b,ID-0,x")
        out += _alert_notes(alert)
    rain = ConceptRef("11B03", "暴雨事件", "Rainstorm")
    plan = ConceptRef("P-1", "国家防汛抗旱应急预案", "National flood plan")
    out += [
        Reason.of("CAP_LEVEL_PLAN", level="II", plan=plan),
        Reason.of("CAP_NO_INFO"),
        Reason.of("CAP_INFO_CHOSEN", language="zh-CN", count=2),
        Reason.of("CAP_UNKNOWN_CODE", eventCode="x=19X99"),
        Reason.of("CAP_HAZARD_CODE", eventCode="GB/T 35561-2017=11B03", hazard=rain),
        Reason.of("CAP_NO_HAZARD", categories="Met"),
        Reason.of("CAP_NO_GEOMETRY"),
        Reason.of("CAP_OUTSIDE_REGIONS", latitude=1.5, longitude=2.5),
        Reason.of("CAP_REGION_CODE_UNKNOWN", regionCode="990000"),
        Reason.of("CAP_REGION_CODE", regionCode="510100", region="成都市"),
        Reason.of("CAP_IMPORTED_BEFORE", at="2026-05-12T14:30:00Z"),
        Reason.of("CAP_ALREADY_IMPORTED", at="2026-05-12T14:30:00Z"),
    ]
    return out
