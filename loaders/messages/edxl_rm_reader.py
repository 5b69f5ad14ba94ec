"""OASIS EDXL-RM 1.0 in: a RequestResource (EMKG's own, read back) and a
ResponseToRequestResource from another agency (which requested resources it accepts,
declines or offers provisionally).

Parsing is safe (safe_xml.py). No EDXL-RM schema ships with a registry package, so the
reader checks what it relies on itself: the message namespace, MessageContentType,
MessageID, SentDateTime, and per resource its ResourceInfoElementID (and, for a
response, PrecedingMessageID and ResponseType), each missing or malformed element a
problem naming it. The tests validate the fixtures against the OASIS schemas.

Example::

    d = read_request_resource(xml)          # Dispatch: incident, teams, quantities, ETAs
    r = read_response(xml)                  # ResourceResponse: answers per requested resource
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from loaders.messages.edxl_rm import (
    CAPABILITY_URN,
    CONTACT_URN,
    GML,
    MSG,
    RM,
    TEAM_TYPE_URN,
    Dispatch,
    DispatchedTeam,
)
from loaders.messages.problems import MessageError, Problem
from loaders.messages.safe_xml import parse_untrusted

RESPONSE_TYPES = ("Accept", "Decline", "Provisional")


@dataclass(frozen=True)
class ResponseLine:
    element_id: str  # the request's ResourceInfoElementID this answers
    response: str  # Accept | Decline | Provisional
    reason: str = ""
    resource_id: str = ""
    name: str = ""
    quantity: float | None = None


@dataclass(frozen=True)
class ResourceResponse:
    message_id: str
    sent: datetime.datetime
    preceding_message_id: str  # the RequestResource answered
    incident_id: str
    responder: str
    lines: tuple[ResponseLine, ...]


def _m(tag: str) -> str:
    return f"{{{MSG}}}{tag}"


def _r(tag: str) -> str:
    return f"{{{RM}}}{tag}"


def _required(parent: Element, path: str, element: str) -> str:
    text = (parent.findtext(path) or "").strip()
    if not text:
        raise MessageError([Problem.of("EDXL_MISSING", element=element)])
    return text


def _time(text: str, element: str) -> datetime.datetime:
    try:
        t = datetime.datetime.fromisoformat(text)
    except ValueError:
        t = None
    if t is None or t.tzinfo is None:
        raise MessageError([Problem.of("EDXL_BAD_TIME", element=element, value=text[:60])])
    return t


def _root(data: bytes | str, kind: str) -> Element:
    root = parse_untrusted(data)
    found = root.tag.rpartition("}")[2]
    if not root.tag.startswith(f"{{{MSG}}}"):
        raise MessageError([Problem.of("EDXL_NOT_RM", root=found)])
    content = (root.findtext(_m("MessageContentType")) or "").strip()
    if found != kind or content != kind:
        raise MessageError([Problem.of("EDXL_WRONG_KIND", found=content or found, expected=kind)])
    return root


def _values(resource: Element, tag: str, urn: str) -> tuple[str, ...]:
    for vl in resource.findall(_m(tag)):
        if (vl.findtext(_r("ValueListURN")) or "").strip() == urn:
            return tuple((v.text or "").strip() for v in vl.findall(_r("Value")))
    return ()


def _quantity(info: Element) -> float | None:
    amount = info.findtext(f"{_m('AssignmentInformation')}/{_m('Quantity')}/"
                           f"{_r('MeasuredQuantity')}/{_r('Amount')}")  # fmt: skip
    try:
        return float(amount) if amount else None
    except ValueError:
        return None


def _point(loc: Element) -> tuple[float, float] | None:
    pos = loc.findtext(f"{_r('TargetArea')}/{{{GML}}}Point/{{{GML}}}pos")
    try:
        lat, lon = (float(x) for x in (pos or "").split())
    except ValueError:
        return None
    return lat, lon


def read_request_resource(data: bytes | str) -> Dispatch:
    """A RequestResource -> the Dispatch it asks for (teams, quantities, ETAs, incident)."""
    root = _root(data, "RequestResource")
    message_id = _required(root, _m("MessageID"), "RequestResource/MessageID")
    sent = _time(_required(root, _m("SentDateTime"), "RequestResource/SentDateTime"),
                 "RequestResource/SentDateTime")  # fmt: skip
    incident = root.find(_m("IncidentInformation"))
    contact = root.find(_m("ContactInformation"))
    location = contact.find(_r("ContactLocation")) if contact is not None else None
    teams = []
    for i, info in enumerate(root.findall(_m("ResourceInformation")), 1):
        at = f"RequestResource/ResourceInformation[{i}]"
        _required(info, _m("ResourceInfoElementID"), f"{at}/ResourceInfoElementID")
        res = info.find(_m("Resource"))
        if res is None:
            raise MessageError([Problem.of("EDXL_MISSING", element=f"{at}/Resource")])
        eta = None
        assembly, assembly_at = "", None
        for s in info.findall(_m("ScheduleInformation")):
            kind = (s.findtext(_m("ScheduleType")) or "").strip()
            if kind == "RequestedArrival" and s.findtext(_m("DateTime")):
                arrival = _time(s.findtext(_m("DateTime")) or "", f"{at}/ScheduleInformation")
                eta = round((arrival - sent).total_seconds() / 60, 1)
            loc = s.find(_m("Location"))
            if kind == "ReportTo" and loc is not None:
                assembly = (loc.findtext(_r("LocationDescription")) or "").strip()
                assembly_at = _point(loc)
        quantity = _quantity(info)
        contact_values = _values(res, "Keyword", CONTACT_URN)
        teams.append(
            DispatchedTeam(
                team_id=(res.findtext(_m("ResourceID")) or "").strip(),
                name=(res.findtext(_m("Name")) or "").strip(),
                team_type=next(iter(_values(res, "TypeStructure", TEAM_TYPE_URN)), ""),
                capabilities=_values(res, "Keyword", CAPABILITY_URN),
                quantity=int(quantity) if quantity is not None else 1,
                eta_minutes=eta,
                assembly_point=assembly,
                assembly_location=assembly_at,
                contact=contact_values[0] if contact_values else "",
                task=(
                    info.findtext(f"{_m('AssignmentInformation')}/{_m('AnticipatedFunction')}")
                    or ""
                ).strip(),
            )
        )
    if not teams:
        raise MessageError(
            [Problem.of("EDXL_MISSING", element="RequestResource/ResourceInformation")]
        )
    return Dispatch(
        message_id=message_id,
        sent=sent,
        incident_id=(incident.findtext(_r("IncidentID")) or "").strip()
        if incident is not None
        else "",
        incident_name=(incident.findtext(_r("IncidentDescription")) or "").strip()
        if incident is not None
        else "",
        teams=tuple(teams),
        sender=(contact.findtext(_r("ContactDescription")) or "").strip()
        if contact is not None
        else "",
        location=_point(location) if location is not None else None,
        location_description=(location.findtext(_r("LocationDescription")) or "").strip()
        if location is not None
        else "",
        description=(root.findtext(_m("MessageDescription")) or "").strip(),
    )


def read_response(data: bytes | str) -> ResourceResponse:
    """A ResponseToRequestResource -> which requested resources are accepted or declined."""
    root = _root(data, "ResponseToRequestResource")
    kind = "ResponseToRequestResource"
    sent = _time(
        _required(root, _m("SentDateTime"), f"{kind}/SentDateTime"), f"{kind}/SentDateTime"
    )
    incident = root.find(_m("IncidentInformation"))
    lines = []
    for i, info in enumerate(root.findall(_m("ResourceInformation")), 1):
        at = f"{kind}/ResourceInformation[{i}]/ResponseInformation"
        resp = info.find(_m("ResponseInformation"))
        if resp is None:
            raise MessageError([Problem.of("EDXL_MISSING", element=at)])
        answer = _required(resp, _r("ResponseType"), f"{at}/ResponseType")
        if answer not in RESPONSE_TYPES:
            bad = Problem.of(
                "EDXL_BAD_RESPONSE",
                element=f"{at}/ResponseType",
                value=answer[:40],
                allowed=", ".join(RESPONSE_TYPES),
            )
            raise MessageError([bad])
        res = info.find(_m("Resource"))
        lines.append(
            ResponseLine(
                element_id=_required(
                    resp,
                    _r("PrecedingResourceInfoElementID"),
                    f"{at}/PrecedingResourceInfoElementID",
                ),
                response=answer,
                reason=(resp.findtext(_r("ResponseReason")) or "").strip(),
                resource_id=(res.findtext(_m("ResourceID")) or "").strip()
                if res is not None
                else "",
                name=(res.findtext(_m("Name")) or "").strip() if res is not None else "",
                quantity=_quantity(info),
            )
        )
    return ResourceResponse(
        message_id=_required(root, _m("MessageID"), f"{kind}/MessageID"),
        sent=sent,
        preceding_message_id=_required(
            root, _m("PrecedingMessageID"), f"{kind}/PrecedingMessageID"
        ),
        incident_id=(incident.findtext(_r("IncidentID")) or "").strip()
        if incident is not None
        else "",
        responder=(
            root.findtext(f"{_m('ContactInformation')}/{_r('ContactDescription')}") or ""
        ).strip(),
        lines=tuple(lines),
    )
