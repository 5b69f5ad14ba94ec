"""The ontology's qualified relations and their value rules, read from core.ttl and shapes.ttl.

A qualified relation is written as a blank node (``id:11A01 emkg:requirement
[ emkg:capability id:cap.water-rescue ; emkg:weight 1.0 ; emkg:minLevel "IV" ]``).
core.ttl says whose it is (``rdfs:domain``) and which relationship it stands
for (``emkg:qualifies``); its taxonomy shape in shapes.ttl (``sh:targetObjectsOf``)
says which inner property points where (``sh:class``) and what the values may
be: shape:Requirement is where "weight in (0, 1], minLevel one of I..IV" is
written, shape:Cascade "likelihood in (0, 1]". pyshacl applies the shapes as
they are; `emkg ontology validate` (ontology/link_checks.py) and planner
curation (queries/catalog/curation.py) apply them through this module.

Example::

    rule = requirement_rule()
    0.5 in rule.weight, 0.0 in rule.weight     # (True, False)
    str(rule.weight)                           # '(0, 1]'
    rule.min_levels, rule.levels_text()        # (('I', 'II', 'III', 'IV'), 'I, II, III or IV')
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import cache

from rdflib import RDFS, Namespace, URIRef

from ontology.errors import OntologyError
from ontology.namespaces import EMKG_NS, SHAPE_NS
from ontology.record_rules import FieldRule
from ontology.registry import TAXONOMY_RELATIONSHIPS, core_graph
from ontology.shapes import property_rule, shipped_shapes

SH = Namespace("http://www.w3.org/ns/shacl#")

_OPS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}


@dataclass(frozen=True)
class Interval:
    """A numeric range from SHACL bounds: ``(('>', 0.0), ('<=', 1.0))`` is (0, 1]."""

    bounds: tuple[tuple[str, float], ...]

    def __contains__(self, x: float) -> bool:
        return all(_OPS[op](x, limit) for op, limit in self.bounds)

    def __str__(self) -> str:
        lower = next(((op, v) for op, v in self.bounds if op in (">", ">=")), None)
        upper = next(((op, v) for op, v in self.bounds if op in ("<", "<=")), None)
        left = "(-inf" if lower is None else ("[" if lower[0] == ">=" else "(") + f"{lower[1]:g}"
        right = "inf)" if upper is None else f"{upper[1]:g}" + ("]" if upper[0] == "<=" else ")")
        return f"{left}, {right}"


@dataclass(frozen=True)
class RequirementRule:
    """Hazard REQUIRES capability {weight, minLevel}: what each value may be."""

    weight: Interval
    min_levels: tuple[str, ...]

    def levels_text(self) -> str:
        """'I, II, III or IV'"""
        *head, last = self.min_levels
        return f"{', '.join(head)} or {last}" if head else last


def _rule(shape: str, field: str) -> FieldRule | None:
    return property_rule(shipped_shapes(), URIRef(SHAPE_NS + shape), field)


def _interval(shape: str, field: str) -> Interval:
    rule = _rule(shape, field)
    if rule is None or not rule.bounds:
        raise OntologyError(f"shapes.ttl: shape:{shape} emkg:{field} has no numeric bounds")
    return Interval(rule.bounds)


@cache
def requirement_rule() -> RequirementRule:
    """The rule of shape:Requirement (shapes.ttl), read once."""
    levels = rule.allowed if (rule := _rule("Requirement", "minLevel")) else None
    if not levels:
        raise OntologyError("shapes.ttl: shape:Requirement emkg:minLevel has no sh:in list")
    return RequirementRule(
        weight=_interval("Requirement", "weight"),
        min_levels=tuple(str(x) for x in levels),
    )


@cache
def cascade_likelihood() -> Interval:
    """The range of a cascade's likelihood (shape:Cascade in shapes.ttl)."""
    return _interval("Cascade", "likelihood")


@dataclass(frozen=True)
class QualifiedRelation:
    """emkg:requirement: owned by a HazardType, emkg:capability points to a Capability,
    emkg:weight and emkg:minLevel are its values (REQUIRES {weight, minLevel})."""

    prop: URIRef
    rel_type: str
    owner: str
    ref: URIRef
    target: str
    values: tuple[URIRef, ...]


def _local(node: object) -> str:
    return str(node)[len(EMKG_NS) :] if str(node).startswith(EMKG_NS) else ""


@cache
def qualified_relations() -> tuple[QualifiedRelation, ...]:
    """Every qualified property of a taxonomy relationship, from core.ttl and shapes.ttl."""
    core, shapes = core_graph(), shipped_shapes()
    taxonomy = {r.type for r in TAXONOMY_RELATIONSHIPS}
    out: list[QualifiedRelation] = []
    qualifies = URIRef(EMKG_NS + "qualifies")
    for prop, rel in sorted(core.subject_objects(qualifies), key=str):
        if _local(rel) not in taxonomy or not isinstance(prop, URIRef):
            continue
        name = prop.n3(core.namespace_manager)
        owner = _local(core.value(prop, RDFS.domain))
        shape = shapes.value(None, SH.targetObjectsOf, prop)
        refs: list[tuple[URIRef, str]] = []
        values: list[tuple[URIRef, str]] = []
        for p in shapes.objects(shape, SH.property) if shape is not None else ():
            path, cls = shapes.value(p, SH.path), shapes.value(p, SH["class"])
            if isinstance(path, URIRef):
                (refs if cls is not None else values).append((path, _local(cls)))
        if not owner or len(refs) != 1:
            raise OntologyError(
                f"{name} needs an rdfs:domain in core.ttl and a shape with sh:targetObjectsOf "
                f"{name} and one sh:class property in shapes.ttl"
            )
        (ref, target), *_ = refs
        out.append(
            QualifiedRelation(prop, _local(rel), owner, ref, target, tuple(v for v, _ in values))
        )
    return tuple(out)
