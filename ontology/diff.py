"""`emkg ontology diff OLD NEW`: what changed between two versions of the ontology.

Concepts are compared field by field (labels, synonyms, definitions, broader,
deprecated); relations (requirements, cascades, provisions, services, typical
capabilities, mappings) by their key, with their properties compared.

Example::

    d = diff_ontologies(load_ontology([Path("v1/")]), load_ontology([Path("v2/")]))
    print(d.to_text())
    # concepts: +0 -0 ~1
    #   ~ 11A01 洪水 Flood: name_zh '洪水' -> '洪水灾害'
    # requirements: +1 -0 ~0
    #   + 11A52 -> cap.aerial-firefighting {weight: 0.5, minLevel: II}
    json.dumps(d.to_json())
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from ontology.model import Concept, Ontology

CONCEPT_FIELDS: tuple[str, ...] = (
    "kind",
    "name_zh",
    "name_en",
    "alt_zh",
    "alt_en",
    "definition_zh",
    "definition_en",
    "broader",
    "deprecated",
)
RELATIONS: tuple[str, ...] = (
    "requirements",
    "cascades",
    "provisions",
    "services",
    "typical_capabilities",
    "mappings",
)
Change = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class ConceptChange:
    change: Change
    id: str
    kind: str
    label: str
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class RelationChange:
    relation: str  # one of RELATIONS
    change: Change
    key: tuple[str, ...]
    old: dict[str, Any] | None
    new: dict[str, Any] | None


@dataclass(frozen=True)
class OntologyDiff:
    concepts: tuple[ConceptChange, ...]
    relations: tuple[RelationChange, ...]

    @property
    def is_empty(self) -> bool:
        return not self.concepts and not self.relations

    def __len__(self) -> int:
        return len(self.concepts) + len(self.relations)

    def of(self, relation: str, change: Change | None = None) -> list[RelationChange]:
        """Relation changes of one relation (and one change type)."""
        return [
            r
            for r in self.relations
            if r.relation == relation and (change is None or r.change == change)
        ]

    def concepts_by(self, change: Change) -> list[ConceptChange]:
        return [c for c in self.concepts if c.change == change]

    def to_text(self) -> str:
        if self.is_empty:
            return "no changes"
        lines = []
        if self.concepts:
            lines.append(_counts("concepts", self.concepts))
            for c in self.concepts:
                sign = _SIGN[c.change]
                head = f"  {sign} {c.id} {c.label} ({c.kind})"
                if c.change != "changed":
                    lines.append(head)
                    continue
                parts = [f"{f.field} {_show(f.old)} -> {_show(f.new)}" for f in c.fields]
                lines.append(f"  {sign} {c.id} {c.label}: " + "; ".join(parts))
        for rel in RELATIONS:
            changes = self.of(rel)
            if not changes:
                continue
            lines.append(_counts(rel.replace("_", " "), changes))
            for r in changes:
                key = " -> ".join(r.key)
                if r.change == "changed":
                    lines.append(f"  ~ {key} {_props(r.old)} -> {_props(r.new)}")
                else:
                    lines.append(f"  {_SIGN[r.change]} {key} {_props(r.new or r.old)}".rstrip())
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: {"concepts": {"added": [...], ...}, "requirements": {...}, ...}."""
        out: dict[str, Any] = {"concepts": {k: [] for k in _SIGN}}
        for c in self.concepts:
            item: dict[str, Any] = {"id": c.id, "kind": c.kind, "label": c.label}
            if c.change == "changed":
                item["fields"] = [
                    {"field": f.field, "old": _plain(f.old), "new": _plain(f.new)} for f in c.fields
                ]
            out["concepts"][c.change].append(item)
        for rel in RELATIONS:
            part: dict[str, list[dict[str, Any]]] = {k: [] for k in _SIGN}
            for r in self.of(rel):
                part[r.change].append({"key": list(r.key), "old": r.old, "new": r.new})
            out[_camel(rel)] = part
        out["isEmpty"] = self.is_empty
        return out


_SIGN: dict[str, str] = {"added": "+", "removed": "-", "changed": "~"}


def diff_ontologies(old: Ontology, new: Ontology) -> OntologyDiff:
    """Every difference between `old` and `new`, in a stable order (by id / key)."""
    concepts: list[ConceptChange] = []
    for cid in sorted(set(old.concepts) | set(new.concepts)):
        a, b = old.concepts.get(cid), new.concepts.get(cid)
        if a is None and b is not None:
            concepts.append(ConceptChange("added", cid, b.kind, b.label))
        elif b is None and a is not None:
            concepts.append(ConceptChange("removed", cid, a.kind, a.label))
        elif a is not None and b is not None:
            fields = _field_changes(a, b)
            if fields:
                concepts.append(ConceptChange("changed", cid, b.kind, b.label, fields))
    relations: list[RelationChange] = []
    for rel in RELATIONS:
        keyer, props = _RELATION_KEYS[rel]
        relations.extend(_diff_relation(rel, getattr(old, rel), getattr(new, rel), keyer, props))
    return OntologyDiff(tuple(concepts), tuple(relations))


def _field_changes(a: Concept, b: Concept) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(f, getattr(a, f), getattr(b, f))
        for f in CONCEPT_FIELDS
        if getattr(a, f) != getattr(b, f)
    )


Keyer = Callable[[Any], tuple[str, ...]]
Props = Callable[[Any], dict[str, Any]]

_RELATION_KEYS: dict[str, tuple[Keyer, Props]] = {
    "requirements": (
        lambda r: (r.hazard, r.capability),
        lambda r: {"weight": r.weight, "minLevel": r.min_level},
    ),
    "cascades": (lambda c: (c.source, c.target), lambda c: {"likelihood": c.likelihood}),
    "provisions": (lambda p: (p.equipment_type, p.capability), lambda p: {}),
    "services": (lambda s: (s.equipment_type, s.hazard), lambda s: {}),
    "typical_capabilities": (lambda t: (t.team_type, t.capability), lambda t: {"level": t.level}),
    "mappings": (
        lambda m: (m.concept, m.relation, m.target),
        lambda m: {"targetLabel": m.target_label},
    ),
}


def _diff_relation(
    rel: str, old: Iterable[Any], new: Iterable[Any], keyer: Keyer, props: Props
) -> list[RelationChange]:
    a = {keyer(x): props(x) for x in old}
    b = {keyer(x): props(x) for x in new}
    out = []
    for key in sorted(set(a) | set(b)):
        if key not in a:
            out.append(RelationChange(rel, "added", key, None, b[key]))
        elif key not in b:
            out.append(RelationChange(rel, "removed", key, a[key], None))
        elif a[key] != b[key]:
            out.append(RelationChange(rel, "changed", key, a[key], b[key]))
    return out


def _counts(title: str, items: Iterable[ConceptChange | RelationChange]) -> str:
    changes = [i.change for i in items]
    return (
        f"{title}: +{changes.count('added')} -{changes.count('removed')} "
        f"~{changes.count('changed')}"
    )


def _show(value: Any) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(repr(v) for v in value) + "]"
    return repr(value)


def _props(props: dict[str, Any] | None) -> str:
    if not props:
        return ""
    return "{" + ", ".join(f"{k}: {v}" for k, v in props.items()) + "}"


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)
