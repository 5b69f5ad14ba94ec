"""Parse XML from outside without trusting it: no DTD, no entities, no network, no files.

An alert or a resource message arrives from another system; an attacker may send
an XML external-entity document (``<!DOCTYPE ... [<!ENTITY x SYSTEM "file:///etc/passwd">]>``)
or a billion-laughs bomb. defusedxml's parser refuses any document type declaration
before any entity is declared, let alone resolved, so nothing is read and no request
is made (tests/unit/messages/test_xml_safety.py checks both). Nothing here follows
``xsi:schemaLocation``, ``xml-stylesheet`` or XInclude: ElementTree never does.
Standard CAP and EDXL messages have no DTD, so refusing one costs nothing.

Example::

    root = parse_untrusted(data)          # an ElementTree element
    parse_untrusted(b"<!DOCTYPE a [...]>") # MessageError: XML_DTD_REFUSED
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from loaders.messages.problems import MessageError, Problem

MAX_MESSAGE_BYTES = 5_000_000  # a national feed of a few hundred alerts is ~1 MB


def parse_untrusted(data: bytes | str) -> Element:
    """The root element of `data`, or MessageError saying what is wrong and how to fix it."""
    size = len(data.encode("utf-8") if isinstance(data, str) else data)
    if size == 0 or not data.strip():
        raise MessageError([Problem.of("XML_EMPTY")])
    if size > MAX_MESSAGE_BYTES:
        raise MessageError([Problem.of("XML_TOO_LARGE", size=size, limit=MAX_MESSAGE_BYTES)])
    try:
        root: Element = SafeET.fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except defusedxml.DTDForbidden as e:
        raise MessageError(
            [Problem.of("XML_DTD_REFUSED", name=f"DOCTYPE {e.name or ''}")]
        ) from None
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden):
        raise MessageError([Problem.of("XML_DTD_REFUSED", name="ENTITY")]) from None
    except ParseError as e:
        line, column = e.position
        detail = str(e).split(":")[0]
        raise MessageError(
            [Problem.of("XML_NOT_WELL_FORMED", line=line, column=column, detail=detail)]
        ) from None
    return root
