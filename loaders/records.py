"""Canonical loader records (docs/graph-model.md) -> node properties and relationship rows.

A record kind names its node label, the fields that become node properties and
the fields that become relationships. This table is the only place that knows
how a record is stored; the Cypher itself lives in ``kg.upserts``.

Example::

    kind = KINDS["teams"]
    kind.node_row({"id": "T-1", "nameZh": "队", "latitude": 30.6, "longitude": 104.0, ...})
    # {'id': 'T-1', 'props': {'nameZh': '队', 'location': WGS84Point((104.0, 30.6)), ...}}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, LiteralString

from neo4j.spatial import WGS84Point

from kg.upserts import LinkSpec

Record = Mapping[str, Any]


def _by_prefix(fallback: str, *pairs: tuple[str, str]) -> Callable[[str], str]:
    """Target label from an id's prefix (('cap.', 'Capability'), ...), else `fallback`."""

    def pick(target: str) -> str:
        return next((lbl for prefix, lbl in pairs if target.startswith(prefix)), fallback)

    return pick


@dataclass(frozen=True)
class LinkField:
    """A record field that becomes relationships of one type."""

    field: str
    rel_type: str
    targets: tuple[str, ...]  # possible labels of the other end
    incoming: bool = False
    # Which label a target id has (None: try every label in `targets`).
    choose: Callable[[str], str] | None = None
    # For list-of-object fields: the key holding the target id, the rest are rel props.
    target_key: str | None = None
    merge_key: LiteralString | None = None

    def spec(self, label: str, other: str) -> LinkSpec:
        return LinkSpec(label, self.rel_type, other, self.incoming, self.merge_key)

    def items(self, record: Record) -> list[tuple[str, dict[str, Any]]]:
        """(target id, relationship properties) for every value of the field."""
        raw = record.get(self.field)
        values = raw if isinstance(raw, list | tuple) else ([] if raw is None else [raw])
        out: list[tuple[str, dict[str, Any]]] = []
        for v in values:
            if self.target_key is not None and isinstance(v, Mapping):
                out.append(
                    (str(v[self.target_key]), {k: x for k, x in v.items() if k != self.target_key})
                )
            elif v is not None:
                out.append((str(v), {}))
        return out

    def key(self, target: str, props: Mapping[str, Any]) -> str:
        extra = props.get(self.merge_key) if self.merge_key else None
        return f"{target}|{'' if extra is None else extra}"


@dataclass(frozen=True)
class RecordKind:
    """How records of one kind (teams, experts, ...) are written."""

    name: str
    label: str
    props: tuple[str, ...]
    links: tuple[LinkField, ...] = ()
    dates: tuple[str, ...] = ()
    located: bool = True
    label_field: str | None = None  # vocabulary: the label comes from the record
    extra: dict[str, Any] = field(default_factory=dict)

    def label_of(self, record: Record) -> str:
        return str(record[self.label_field]) if self.label_field else self.label

    def node_row(self, record: Record) -> dict[str, Any]:
        props: dict[str, Any] = {}
        for name in self.props:
            value = record.get(name)
            if name in self.dates and isinstance(value, str):
                value = dt.date.fromisoformat(value)
            if isinstance(value, tuple):
                value = list(value)
            props[name] = value
        if self.located:
            lat, lon = record.get("latitude"), record.get("longitude")
            props["location"] = (
                WGS84Point((float(lon), float(lat)))
                if lat is not None and lon is not None
                else None
            )
        return {"id": record["id"], "props": props}


_NAMES = ("nameZh", "nameEn")

KINDS: dict[str, RecordKind] = {
    "teams": RecordKind(
        "teams",
        "Team",
        (*_NAMES, "status", "headcount", "readinessMinutes", "mobility", "adminLevel"),
        (
            LinkField("teamType", "OF_TYPE", ("TeamType",)),
            LinkField("region", "BASED_IN", ("Region",)),
            LinkField("capabilities", "HAS_CAPABILITY", ("Capability",), target_key="capability"),
        ),
    ),
    "depots": RecordKind(
        "depots",
        "Depot",
        (*_NAMES, "adminLevel"),
        (LinkField("region", "BASED_IN", ("Region",)),),
    ),
    "equipment": RecordKind(
        "equipment",
        "Equipment",
        (*_NAMES, "quantity", "status"),
        (
            LinkField("equipmentType", "OF_TYPE", ("EquipmentType",)),
            # The holder is a Team or a Depot: its id does not say which, so both are tried.
            LinkField("holder", "HAS_EQUIPMENT", ("Team", "Depot"), incoming=True),
        ),
    ),
    "experts": RecordKind(
        "experts",
        "Expert",
        (*_NAMES, "available", "affiliation", "profileZh", "profileEn"),
        (
            LinkField(
                "expertise",
                "EXPERT_IN",
                ("HazardType", "Capability"),
                choose=_by_prefix("HazardType", ("cap.", "Capability")),
            ),
            LinkField("region", "BASED_IN", ("Region",)),
        ),
    ),
    "plans": RecordKind(
        "plans",
        "Plan",
        (*_NAMES, "level", "issuer", "version", "effectiveDate", "summaryZh", "summaryEn"),
        (
            LinkField("covers", "COVERS", ("HazardType",)),
            LinkField("regions", "APPLIES_TO", ("Region",)),
            LinkField(
                "prescribes",
                "PRESCRIBES",
                ("Capability", "TeamType", "Team"),
                choose=_by_prefix("Team", ("cap.", "Capability"), ("tt.", "TeamType")),
                target_key="target",
                merge_key="responseLevel",
            ),
        ),
        dates=("effectiveDate",),
        located=False,
    ),
    "regions": RecordKind(
        "regions",
        "Region",
        (*_NAMES, "rank"),
        (LinkField("parent", "PART_OF", ("Region",)),),
    ),
    "incidents": RecordKind(
        "incidents",
        "Incident",
        (*_NAMES, "occurredAt", "responseLevel"),
        (
            LinkField("hazardType", "OF_HAZARD", ("HazardType",)),
            LinkField("region", "IN_REGION", ("Region",)),
            LinkField("deployedTeams", "DEPLOYED_TO", ("Team",), incoming=True),
        ),
        dates=("occurredAt",),
    ),
    # External vocabularies (e.g. FEMA RTLT resource typing definitions) as taxonomy
    # concepts of their own scheme, next to (never replacing) the ontology's concepts.
    "vocabulary": RecordKind(
        "vocabulary",
        "TeamType",
        (*_NAMES, "definitionZh", "definitionEn", "altZh", "altEn", "rtlt", "scheme", "deprecated"),
        located=False,
        label_field="conceptKind",
    ),
}
# The order `emkg load demo` and the benchmark load kinds in (targets before referrers).
LOAD_ORDER: tuple[str, ...] = (
    "regions",
    "teams",
    "depots",
    "equipment",
    "experts",
    "plans",
    "incidents",
)
