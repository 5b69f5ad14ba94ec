"""Read CAP alerts: a single alert, an Atom feed of alerts, or an EDXL-DE envelope of them.

1. The XML is parsed without trust (safe_xml.py: no DTD, entity, file or network).
2. Each alert is validated against the OASIS CAP schema of its version (1.2, or 1.1
   which many feeds still send; packaged copies in schemas/, NOTICE.md says whence),
   then against the standard's rules the schema cannot say (cap_rules.py).
3. A valid alert becomes a `CapAlert`; an invalid one an entry with its problems, each
   naming the element (``alert/info[1]/urgency``) and saying how to fix it.

A feed is read entry by entry: a bad entry does not stop the others. An Atom *index*
feed (entries that link to alerts instead of carrying them) gives each entry the
problem "fetch the alert it links to": EMKG never fetches anything itself. XML
signatures are set aside (CAP 1.1's schema omits the signature CAP 1.1 §3.3.2 allows);
they are not verified.

Example::

    doc = read_cap(Path("weather.atom").read_bytes())
    [(e.label, e.alert.infos[0].event if e.alert else e.problems) for e in doc.entries]
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from xml.etree.ElementTree import Element

import xmlschema

from loaders.messages.cap_model import (
    CapAlert,
    CapArea,
    CapDocument,
    CapEntry,
    CapInfo,
    Circle,
    LatLon,
    NamedValue,
)
from loaders.messages.cap_rules import (
    check_id,
    check_references,
    parse_circle,
    parse_polygon,
    shown,
)
from loaders.messages.problems import MessageError, Problem
from loaders.messages.safe_xml import parse_untrusted

CAP_VERSIONS = {
    "urn:oasis:names:tc:emergency:cap:1.2": "1.2",
    "urn:oasis:names:tc:emergency:cap:1.1": "1.1",
}
ATOM = "http://www.w3.org/2005/Atom"
EDXL_DE = "urn:oasis:names:tc:emergency:EDXL:DE:1.0"
XMLDSIG = "http://www.w3.org/2000/09/xmldsig#"
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
MAX_LINK_CHARS = 500
EXPECTED_ROOTS = "<alert> (CAP 1.2/1.1), <feed> (Atom), <EDXLDistribution> (EDXL-DE 1.0)"
ATOM_CONTENT = '<content type="text/xml">'
MAX_PROBLEMS = 20  # per alert: beyond this the first ones are enough to start fixing
_NS = re.compile(r"\{[^}]*\}")


@cache
def cap_schema(version: str) -> xmlschema.XMLSchema10:
    """The packaged OASIS schema of CAP `version`; it never fetches anything."""
    name = {"1.2": "cap12.xsd", "1.1": "cap11.xsd"}[version]
    return xmlschema.XMLSchema10(str(SCHEMA_DIR / name), use_fallback=False)


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _is_alert(el: Element) -> bool:
    ns, local = _split(el.tag)
    return local == "alert" and ns in CAP_VERSIONS


def read_cap(data: bytes | str) -> CapDocument:
    """Every alert in `data`, each valid (`alert`) or not (`problems`).

    Raises MessageError when the document as a whole cannot be read: not XML, a DTD
    (refused unread), not CAP, RSS, a CAP version other than 1.1/1.2, a feed without
    entries.
    """
    root = parse_untrusted(data)
    ns, local = _split(root.tag)
    if _is_alert(root):
        return CapDocument("alert", (read_alert(root, 1, ""),))
    if (ns, local) == (ATOM, "feed"):
        entries = root.findall(f"{{{ATOM}}}entry")
        if not entries:
            raise MessageError([Problem.of("FEED_NO_ENTRIES")])
        return CapDocument("atom", tuple(_atom_entry(e, i) for i, e in enumerate(entries, 1)))
    if (ns, local) == (EDXL_DE, "EDXLDistribution"):
        alerts = [el for el in root.iter() if _is_alert(el)]
        if not alerts:
            raise MessageError([Problem.of("EDXL_DE_NO_ALERT")])
        return CapDocument("edxl-de", tuple(read_alert(a, i, "") for i, a in enumerate(alerts, 1)))
    if local == "rss":
        raise MessageError([Problem.of("CAP_RSS", root=local)])
    if local == "alert":
        raise MessageError([Problem.of("CAP_VERSION", namespace=ns or "(none)")])
    raise MessageError([Problem.of("CAP_NOT_CAP", root=local, expected=EXPECTED_ROOTS)])


def _atom_entry(entry: Element, position: int) -> CapEntry:
    entry_id = (entry.findtext(f"{{{ATOM}}}id") or "").strip()
    title = (entry.findtext(f"{{{ATOM}}}title") or "").strip()
    label = entry_id or shown(title) or f"#{position}"
    content = entry.find(f"{{{ATOM}}}content")
    alert = None
    if content is not None:
        alert = next((el for el in content.iter() if _is_alert(el)), None)
    if alert is None:
        links = [ln.get("href", "") for ln in entry.findall(f"{{{ATOM}}}link")]
        link = next((h for h in links if h), "")
        problem = (
            Problem.of("FEED_ENTRY_LINKS_ALERT", entry=label, link=link[:MAX_LINK_CHARS])
            if link
            else Problem.of("FEED_ENTRY_NO_ALERT", entry=label, content=ATOM_CONTENT)
        )
        return CapEntry(position, label, None, (problem,))
    return read_alert(alert, position, label)


def _path(error_path: str | None) -> str:
    return _NS.sub("", error_path or "alert").lstrip("/")


def _names(expected: object) -> str:
    names = []
    for x in expected if isinstance(expected, list | tuple) else []:
        name = getattr(x, "local_name", None) or str(x)
        names.append(_NS.sub("", name).split(":")[-1])
    return ", ".join(f"<{n}>" for n in names)


def _schema_problem(e: xmlschema.XMLSchemaValidationError) -> Problem:
    element = _path(e.path)
    if isinstance(e, xmlschema.XMLSchemaChildrenValidationError):
        child = e.invalid_child
        expected = _names(e.expected)
        if child is None:
            return Problem.of("CAP_MISSING", element=element, expected=expected or "?")
        found = _split(child.tag)[1]
        if expected:
            return Problem.of("CAP_EXPECTED", element=element, found=found, expected=expected)
        return Problem.of("CAP_UNEXPECTED", element=element, found=found)
    value = e.obj.text or "" if isinstance(e.obj, Element) else str(e.obj)
    enumeration = getattr(e.validator, "enumeration", None)
    if enumeration:
        allowed = ", ".join(str(v) for v in enumeration)
        return Problem.of("CAP_NOT_ONE_OF", element=element, value=shown(value), allowed=allowed)
    if element.split("/")[-1] in ("sent", "effective", "onset", "expires"):
        return Problem.of("CAP_BAD_DATETIME", element=element, value=shown(value))
    return Problem.of(
        "CAP_INVALID_VALUE", element=element, value=shown(value), detail=shown(e.reason or "")
    )


def read_alert(alert: Element, position: int, label: str) -> CapEntry:
    """One alert element -> a valid CapAlert, or the problems that make it invalid."""
    ns, _ = _split(alert.tag)
    version = CAP_VERSIONS[ns]
    for sig in alert.findall(f"{{{XMLDSIG}}}Signature"):
        alert.remove(sig)
    problems = [_schema_problem(e) for e in cap_schema(version).iter_errors(alert)]
    q = f"{{{ns}}}"

    def text(el: Element, name: str) -> str:
        return (el.findtext(q + name) or "").strip()

    identifier = text(alert, "identifier")
    label = label or identifier or f"#{position}"
    problems += check_id(identifier, "alert/identifier") if identifier else []
    problems += check_id(text(alert, "sender"), "alert/sender") if text(alert, "sender") else []
    if alert.find(q + "references") is not None:
        problems += check_references(text(alert, "references"), "alert/references")
    infos = []
    for i, info in enumerate(alert.findall(q + "info"), 1):
        areas = []
        for j, area in enumerate(info.findall(q + "area"), 1):
            at = f"alert/info[{i}]/area[{j}]"
            polygons: list[tuple[LatLon, ...]] = []
            circles: list[Circle] = []
            for k, el in enumerate(area.findall(q + "polygon"), 1):
                poly, found = parse_polygon(el.text or "", f"{at}/polygon[{k}]")
                problems += found
                polygons += [poly] if poly else []
            for k, el in enumerate(area.findall(q + "circle"), 1):
                circle, found = parse_circle(el.text or "", f"{at}/circle[{k}]")
                problems += found
                circles += [circle] if circle else []
            areas.append(
                CapArea(
                    text(area, "areaDesc"),
                    tuple(polygons),
                    tuple(circles),
                    _pairs(area, q + "geocode", q),
                )
            )
        infos.append(
            CapInfo(
                language=text(info, "language") or "en-US",
                categories=tuple((c.text or "").strip() for c in info.findall(q + "category")),
                event=text(info, "event"),
                urgency=text(info, "urgency"),
                severity=text(info, "severity"),
                certainty=text(info, "certainty"),
                event_codes=_pairs(info, q + "eventCode", q),
                headline=text(info, "headline"),
                description=text(info, "description"),
                instruction=text(info, "instruction"),
                sender_name=text(info, "senderName"),
                areas=tuple(areas),
            )
        )
    if problems:
        return CapEntry(position, label, None, tuple(problems[:MAX_PROBLEMS]))
    return CapEntry(
        position,
        label,
        CapAlert(
            version=version,
            identifier=identifier,
            sender=text(alert, "sender"),
            sent=text(alert, "sent"),
            status=text(alert, "status"),
            msg_type=text(alert, "msgType"),
            scope=text(alert, "scope"),
            references=text(alert, "references"),
            note=text(alert, "note"),
            infos=tuple(infos),
        ),
    )


def _pairs(parent: Element, tag: str, q: str) -> tuple[NamedValue, ...]:
    return tuple(
        NamedValue(
            (el.findtext(q + "valueName") or "").strip(), (el.findtext(q + "value") or "").strip()
        )
        for el in parent.findall(tag)
    )
