"""A CAP alert as EMKG reads it (frozen dataclasses; CAP 1.1 and 1.2 share them).

Coordinates are WGS-84 degrees as CAP writes them, latitude first. Only what an
incident draft needs is kept; the original XML stays with the caller.

Example::

    alert.identifier, alert.infos[0].event, alert.infos[0].areas[0].polygons[0][0]
    # ('51000041600000_20260512142800_1', '暴雨红色预警', (30.70, 104.00))
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.messages.problems import Problem

LatLon = tuple[float, float]


@dataclass(frozen=True)
class NamedValue:
    """CAP's valueName/value pairs: eventCode, geocode, parameter."""

    name: str
    value: str


@dataclass(frozen=True)
class Circle:
    center: LatLon
    radius_km: float


@dataclass(frozen=True)
class CapArea:
    description: str
    polygons: tuple[tuple[LatLon, ...], ...] = ()
    circles: tuple[Circle, ...] = ()
    geocodes: tuple[NamedValue, ...] = ()


@dataclass(frozen=True)
class CapInfo:
    language: str
    categories: tuple[str, ...]
    event: str
    urgency: str
    severity: str
    certainty: str
    event_codes: tuple[NamedValue, ...] = ()
    headline: str = ""
    description: str = ""
    instruction: str = ""
    sender_name: str = ""
    areas: tuple[CapArea, ...] = ()


@dataclass(frozen=True)
class CapAlert:
    version: str  # "1.1" or "1.2"
    identifier: str
    sender: str
    sent: str  # as written: 2026-05-12T14:28:00+08:00
    status: str  # Actual, Exercise, System, Test, Draft
    msg_type: str  # Alert, Update, Cancel, Ack, Error
    scope: str
    references: str = ""
    note: str = ""
    infos: tuple[CapInfo, ...] = ()


@dataclass(frozen=True)
class CapEntry:
    """One alert of a document: the alert when it is valid, else what is wrong with it."""

    position: int  # 1-based in its container (1 for a single alert)
    label: str  # the Atom entry's id, or the alert's identifier
    alert: CapAlert | None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class CapDocument:
    kind: str  # "alert" | "atom" | "edxl-de"
    entries: tuple[CapEntry, ...]
