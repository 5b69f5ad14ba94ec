"""OASIS EDXL-RM 1.0 out: RequestResource (forces requested) and CommitResource (forces
committed) from a plain dispatch, independent of how EMKG stores incidents.

The messages follow the OASIS schemas (``urn:oasis:names:tc:emergency:EDXL:RM:1.0:msg``
for the message elements, ``...:RM:1.0`` for the common types, GML for the point); the
tests validate every message written against ``../shared/data/edxl-rm``. Per team:
- ``ResourceID``/``Name``: the team's id and name; ``TypeStructure``: its team type
  (value list ``urn:emkg:team-type``); ``Keyword``: its capabilities
  (``urn:emkg:capability``) and its contact (``urn:emkg:contact``), so a reader recovers
  them exactly; ``Description``: the same in words for a person;
- ``Quantity``: units requested or committed (a team is 1 unless said otherwise);
- ``ScheduleInformation``: ``RequestedArrival`` (request) / ``EstimatedArrival`` (commit) at
  sent + ETA, and ``ReportTo`` the assembly point (its description and point);
- CommitResource answers the request: ``PrecedingMessageID`` = the request's MessageID,
  each resource ``Accept``-ed under the request's ResourceInfoElementID, the contact as
  ``ResponsibleParty``.

Example::

    xml = request_resource(Dispatch(message_id="EMKG-REQ-INC-1-1", incident_id="INC-1", ...))
    commit = commit_resource(dispatch, request_message_id="EMKG-REQ-INC-1-1")
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from xml.etree import ElementTree as ET

MSG = "urn:oasis:names:tc:emergency:EDXL:RM:1.0:msg"
RM = "urn:oasis:names:tc:emergency:EDXL:RM:1.0"
GML = "http://www.opengis.net/gml"
GEO = "urn:oasis:names:tc:emergency:EDXL:HAVE:1.0:geo-oasis"
TEAM_TYPE_URN = "urn:emkg:team-type"
CAPABILITY_URN = "urn:emkg:capability"
CONTACT_URN = "urn:emkg:contact"
ET.register_namespace("", MSG)
ET.register_namespace("rm", RM)
ET.register_namespace("gml", GML)


@dataclass(frozen=True)
class DispatchedTeam:
    team_id: str
    name: str
    team_type: str  # a TeamType id, e.g. tt.usar
    capabilities: tuple[str, ...] = ()  # Capability ids
    quantity: int = 1
    eta_minutes: float | None = None
    assembly_point: str = ""
    assembly_location: tuple[float, float] | None = None  # lat, lon
    contact: str = ""
    task: str = ""


@dataclass(frozen=True)
class Dispatch:
    """What a dispatch says, as EDXL-RM needs it (built from a stored incident or by hand)."""

    message_id: str
    sent: datetime.datetime  # aware
    incident_id: str
    incident_name: str
    teams: tuple[DispatchedTeam, ...]
    sender: str = "EMKG"  # the requesting or committing organisation
    location: tuple[float, float] | None = None  # the incident's, lat, lon
    location_description: str = ""
    description: str = ""


def _el(parent: ET.Element, ns: str, tag: str, text: str | None = None) -> ET.Element:
    e = ET.SubElement(parent, f"{{{ns}}}{tag}")
    if text is not None:
        e.text = text
    return e


def _when(t: datetime.datetime) -> str:
    if t.tzinfo is None:
        raise ValueError("EDXL-RM times need a time zone; give an aware datetime")
    return t.isoformat(timespec="seconds")


def _value_list(parent: ET.Element, tag: str, urn: str, values: tuple[str, ...]) -> None:
    vl = _el(parent, MSG, tag)
    _el(vl, RM, "ValueListURN", urn)
    for v in values:
        _el(vl, RM, "Value", v)


def _location(
    parent: ET.Element,
    description: str,
    point: tuple[float, float] | None,
    tag: tuple[str, str] = (MSG, "Location"),
) -> None:
    loc = _el(parent, *tag)
    if description:
        _el(loc, RM, "LocationDescription", description)
    if point is not None:
        area = _el(loc, RM, "TargetArea")
        p = _el(area, GML, "Point")
        _el(p, GML, "pos", f"{point[0]:.6f} {point[1]:.6f}")


def _header(d: Dispatch, kind: str, preceding: str | None) -> ET.Element:
    root = ET.Element(f"{{{MSG}}}{kind}")
    _el(root, MSG, "MessageID", d.message_id)
    _el(root, MSG, "SentDateTime", _when(d.sent))
    _el(root, MSG, "MessageContentType", kind)
    if d.description:
        _el(root, MSG, "MessageDescription", d.description)
    _el(root, MSG, "OriginatingMessageID", preceding or d.message_id)
    if preceding is not None:
        _el(root, MSG, "PrecedingMessageID", preceding)
    info = _el(root, MSG, "IncidentInformation")
    _el(info, RM, "IncidentID", d.incident_id)
    _el(info, RM, "IncidentDescription", d.incident_name)
    contact = _el(root, MSG, "ContactInformation")
    _el(contact, RM, "ContactDescription", d.sender)
    _el(contact, RM, "ContactRole", "Requester" if preceding is None else "RespondingOrg")
    if d.location is not None or d.location_description:  # the incident's place
        _location(contact, d.location_description, d.location, (RM, "ContactLocation"))
    return root


def _resource(parent: ET.Element, t: DispatchedTeam, *, committed: bool) -> None:
    res = _el(parent, MSG, "Resource")
    _el(res, MSG, "ResourceID", t.team_id)
    _el(res, MSG, "Name", t.name)
    _value_list(res, "TypeStructure", TEAM_TYPE_URN, (t.team_type or "-",))
    if t.capabilities:
        _value_list(res, "Keyword", CAPABILITY_URN, t.capabilities)
    if t.contact:
        _value_list(res, "Keyword", CONTACT_URN, (t.contact,))
    words = [f"{t.name} ({t.team_type})" if t.team_type else t.name]
    words += [", ".join(t.capabilities)] if t.capabilities else []
    words += [t.contact] if t.contact else []
    _el(res, MSG, "Description", "; ".join(words))
    if committed and t.contact:
        party = _el(res, MSG, "ResponsibleParty")
        _el(party, RM, "ContactDescription", t.contact)
        _el(party, RM, "ContactRole", "RespondingOrg")


def _assignment(parent: ET.Element, t: DispatchedTeam) -> None:
    a = _el(parent, MSG, "AssignmentInformation")
    q = _el(a, MSG, "Quantity")
    mq = _el(q, RM, "MeasuredQuantity")
    _el(mq, RM, "Amount", str(t.quantity))
    if t.task:
        _el(a, MSG, "AnticipatedFunction", t.task)


def _schedule(parent: ET.Element, d: Dispatch, t: DispatchedTeam, arrival: str) -> None:
    if t.eta_minutes is not None:
        s = _el(parent, MSG, "ScheduleInformation")
        _el(s, MSG, "ScheduleType", arrival)
        _el(s, MSG, "DateTime", _when(d.sent + datetime.timedelta(minutes=t.eta_minutes)))
    if t.assembly_point or t.assembly_location is not None:
        s = _el(parent, MSG, "ScheduleInformation")
        _el(s, MSG, "ScheduleType", "ReportTo")
        _location(s, t.assembly_point, t.assembly_location)


def _serialise(root: ET.Element) -> str:
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def _message(
    d: Dispatch, kind: str, preceding: str | None
) -> tuple[ET.Element, list[tuple[int, DispatchedTeam, ET.Element]]]:
    """The message's root and one ResourceInformation per team (numbered from 1)."""
    if not d.teams:
        raise ValueError(f"a {kind} needs at least one team")
    root = _header(d, kind, preceding)
    infos = []
    for i, t in enumerate(d.teams, 1):
        info = _el(root, MSG, "ResourceInformation")
        _el(info, MSG, "ResourceInfoElementID", str(i))
        infos.append((i, t, info))
    return root, infos


def request_resource(d: Dispatch) -> str:
    """The RequestResource message asking for `d`'s teams (XML text, UTF-8 declared)."""
    root, infos = _message(d, "RequestResource", None)
    for _, t, info in infos:
        _resource(info, t, committed=False)
        _assignment(info, t)
        _schedule(info, d, t, "RequestedArrival")
    return _serialise(root)


def commit_resource(d: Dispatch, request_message_id: str) -> str:
    """The CommitResource message committing `d`'s teams, answering that request."""
    root, infos = _message(d, "CommitResource", request_message_id)
    for i, t, info in infos:
        resp = _el(info, MSG, "ResponseInformation")
        _el(resp, RM, "PrecedingResourceInfoElementID", str(i))
        _el(resp, RM, "ResponseType", "Accept")
        _resource(info, t, committed=True)
        _assignment(info, t)
        _schedule(info, d, t, "EstimatedArrival")
    return _serialise(root)
