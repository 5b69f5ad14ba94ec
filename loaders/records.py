"""Canonical loader records (docs/graph-model.md) -> node properties and relationship rows.

A record kind names its node label, the fields that become node properties and
the fields that become relationships. Each is derived from the ontology: the
kinds, their labels and fields from the record shapes (shapes.ttl), which field
becomes which relationship to which labels from core.ttl (``ontology.registry``).
Only how a record is stored beyond that (merge keys) is decided here; the
Cypher itself lives in ``kg.upserts``.

Example::

    kind = KINDS["teams"]
    kind.node_row({"id": "T-1", "nameZh": "队", "latitude": 30.6, "longitude": 104.0, ...})
    # {'id': 'T-1', 'props': {'nameZh': '队', 'location': WGS84Point((104.0, 30.6)), ...}}
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, LiteralString

from neo4j.spatial import WGS84Point

from kg.upserts import LinkSpec
from ontology.errors import OntologyError
from ontology.model import ID_PATTERNS
from ontology.record_rules import FieldRule
from ontology.registry import RecordLink, record_link
from ontology.shapes import RECORD_KINDS, RecordValidator, record_validator

Record = Mapping[str, Any]


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
    # For list-of-object fields whose values may say what their target is (a plan's
    # prescription `kind: expert`): that key (not stored) and its values' labels.
    kind_key: str | None = None
    kind_labels: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def spec(self, label: str, other: str) -> LinkSpec:
        return LinkSpec(label, self.rel_type, other, self.incoming, self.merge_key)

    def entries(self, record: Record) -> list[tuple[str, dict[str, Any], tuple[str, ...]]]:
        """(target id, relationship properties, the labels the target may have) for every
        value of the field: the label its kind names, else `choose`'s, else every target."""
        raw = record.get(self.field)
        values = raw if isinstance(raw, list | tuple) else ([] if raw is None else [raw])
        out: list[tuple[str, dict[str, Any], tuple[str, ...]]] = []
        for v in values:
            if self.target_key is not None and isinstance(v, Mapping):
                target = str(v[self.target_key])
                drop = (self.target_key, self.kind_key)
                props = {k: x for k, x in v.items() if k not in drop}
                named = self.kind_labels.get(str(v.get(self.kind_key))) if self.kind_key else None
                out.append((target, props, (named,) if named else self.labels_of(target)))
            elif v is not None:
                out.append((str(v), {}, self.labels_of(str(v))))
        return out

    def labels_of(self, target: str) -> tuple[str, ...]:
        """The labels a target id without a stated kind may have."""
        return (self.choose(target),) if self.choose is not None else self.targets

    def items(self, record: Record) -> list[tuple[str, dict[str, Any]]]:
        """(target id, relationship properties) for every value of the field."""
        return [(t, p) for t, p, _ in self.entries(record)]

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


# A relationship property that is part of its identity, per (record kind, field): a plan
# prescribes the same capability at several response levels, one relationship each.
_MERGE_KEYS: Mapping[tuple[str, str], LiteralString] = {("plans", "prescribes"): "responseLevel"}
_NOT_PROPS = ("id", "latitude", "longitude")  # the node key, and what becomes `location`
KIND_KEY = "kind"  # a nested value's own statement of what its target is (shape:Prescription)


def _chooser(targets: tuple[str, ...]) -> Callable[[str], str] | None:
    """Which label a target id has when it may be a taxonomy concept or something else:
    the concept kind whose id syntax it has, else the first other label (None: try all)."""
    concepts = [(re.compile(ID_PATTERNS[t]), t) for t in targets if t in ID_PATTERNS]
    if len(targets) < 2 or not concepts:
        return None
    others = [t for t in targets if t not in ID_PATTERNS]
    fallback = others[0] if others else targets[0]

    def pick(target: str) -> str:
        return next((lbl for pattern, lbl in concepts if pattern.match(target)), fallback)

    return pick


def kind_labels(targets: tuple[str, ...], allowed: tuple[object, ...]) -> dict[str, str]:
    """A nested `kind` field's values (lowerCamel labels: ``teamType``) -> the labels they
    name, each one of the relationship's ranges (core.ttl); anything else is an error."""
    by_kind = {t[:1].lower() + t[1:]: t for t in targets}
    out = {str(a): by_kind.get(str(a), "") for a in allowed}
    wrong = sorted(k for k, lbl in out.items() if not lbl)
    if wrong:
        raise OntologyError(
            f"shapes.ttl: kind {', '.join(wrong)} names no label the link may end at "
            f"({', '.join(targets)})"
        )
    return out


def _link_field(kind: str, link: RecordLink, rule: FieldRule, v: RecordValidator) -> LinkField:
    # List-of-object fields (capabilities, prescribes): the nested shape's id-valued field
    # names the target, a `kind` field (if any) its label, the others become relationship
    # properties.
    nested = v.nested.get(rule.node) if rule.node else None
    target_key = (
        next((r.field for r in nested.rules if r.node_kind == "IRI"), None) if nested else None
    )
    kind_rule = nested.rule(KIND_KEY) if nested else None
    return LinkField(
        link.field,
        link.rel_type,
        link.targets,
        incoming=link.incoming,
        choose=_chooser(link.targets),
        target_key=target_key,
        merge_key=_MERGE_KEYS.get((kind, link.field)),
        kind_key=KIND_KEY if kind_rule else None,
        kind_labels=kind_labels(link.targets, kind_rule.allowed or ()) if kind_rule else {},
    )


def _record_kind(kind: str) -> RecordKind:
    """A record kind from its shape (shapes.ttl) and the relationships its fields become
    (core.ttl): fields that qualify a relationship are links, the others node properties."""
    v = record_validator(kind)
    links: list[LinkField] = []
    props: list[str] = []
    for rule in v.rules:
        link = record_link(v.target_class, rule.field)
        if link is not None:
            links.append(_link_field(kind, link, rule, v))
        elif rule.field not in _NOT_PROPS:
            props.append(rule.field)
    return RecordKind(
        kind,
        v.target_class,
        tuple(props),
        tuple(links),
        dates=tuple(r.field for r in v.rules if r.datatype == "date" and r.field in props),
        located=v.rule("latitude") is not None,
    )


# Vocabulary fields (the kind has no record shape): text, lists of text, one boolean.
VOCAB_TEXT = ("nameZh", "nameEn", "definitionZh", "definitionEn", "scheme")
VOCAB_LISTS = ("altZh", "altEn", "rtlt")

KINDS: dict[str, RecordKind] = {
    **{kind: _record_kind(kind) for kind in RECORD_KINDS},
    # External vocabularies (e.g. FEMA RTLT resource typing definitions) as taxonomy
    # concepts of their own scheme, next to (never replacing) the ontology's concepts.
    "vocabulary": RecordKind(
        "vocabulary",
        "TeamType",
        (*VOCAB_TEXT, *VOCAB_LISTS, "deprecated"),
        located=False,
        label_field="conceptKind",
    ),
}
# The order `emkg load demo` and the benchmark load kinds in (targets before referrers).
LOAD_ORDER: tuple[str, ...] = RECORD_KINDS
