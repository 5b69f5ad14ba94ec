"""Fast validation of loader records, compiled from the SHACL record shapes in shapes.ttl.

pyshacl is thorough but slow for millions of rows, so loaders use this instead;
both read the same shapes, and a unit test checks they agree. A record is a
canonical loader record (docs/graph-model.md): a flat mapping with
latitude/longitude, ids for relationships and lists of objects for
``capabilities`` / ``prescribes``.

Example::

    v = record_validator("teams")
    v.validate({"id": "T-1", "nameZh": "队", "latitude": 95, ...})
    # [FieldIssue(field='latitude', problem=Problem('LOAD_OUT_OF_BOUNDS', ...)), ...]
    # .reason: 'must be <= 90, got 95'; .problem.text("zh"): '应 <= 90，实际为 95'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from ontology.files import SHIPPED_DIR, parse_turtle
from ontology.model import EMKG_NS, SHAPE_NS, OntologyError, did_you_mean
from ontology.problems import Problem
from ontology.record_rules import (
    DATATYPES,
    FieldIssue,
    FieldRule,
    check_value,
    show,
    unknown,
    values_of,
)

__all__ = ["RECORD_KINDS", "FieldIssue", "RecordValidator", "ShapeProblem", "record_validator"]

SH = Namespace("http://www.w3.org/ns/shacl#")
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
SHAPE = Namespace(SHAPE_NS)


@cache
def shipped_shapes() -> Graph:
    """The shipped shapes.ttl, parsed once (read only: callers must not add to it)."""
    return parse_turtle(SHIPPED_DIR / "shapes.ttl")


def record_kinds(shapes: Graph) -> tuple[str, ...]:
    """The shape:recordKind values of `shapes`, in shape:loadOrder (unordered ones last)."""
    return tuple(
        str(kind)
        for _, kind in sorted(
            ((_load_order(shapes, shape), str(kind)) for shape, kind in _record_shapes(shapes)),
            key=lambda x: (x[0] is None, x[0] or 0, x[1]),
        )
    )


def _record_shapes(shapes: Graph) -> list[tuple[URIRef | BNode, Literal]]:
    return sorted(
        (
            (s, k)
            for s, k in shapes.subject_objects(SHAPE.recordKind)
            if isinstance(s, URIRef | BNode) and isinstance(k, Literal)
        ),
        key=str,
    )


def _load_order(shapes: Graph, shape: URIRef | BNode) -> int | None:
    n = shapes.value(shape, SHAPE.loadOrder)
    value = n.toPython() if isinstance(n, Literal) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# The loader record kinds: every shipped record shape's kind, references first.
RECORD_KINDS: tuple[str, ...] = record_kinds(shipped_shapes())
_CONSTRAINTS = {
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH.nodeKind,
    SH.minInclusive,
    SH.maxInclusive,
    SH.minExclusive,
    SH.maxExclusive,
    SH.minLength,
    SH.maxLength,
    SH.pattern,
    SH.flags,
    SH["in"],
    SH.node,
}
_ANNOTATIONS = {SH.path, SH.name, SH.description, SH.message, SH.order, SH.group, SH.severity}


@dataclass(frozen=True)
class ShapeProblem:
    """A shape the record validator cannot use; `node` is the offending shape node."""

    node: URIRef | BNode
    message: str
    fix: str


@dataclass(frozen=True)
class RecordValidator:
    """Checks records of one kind against its compiled shape."""

    kind: str
    target_class: str
    rules: tuple[FieldRule, ...]
    closed: bool
    nested: Mapping[str, RecordValidator] = field(default_factory=dict)

    def rule(self, name: str) -> FieldRule | None:
        return next((r for r in self.rules if r.field == name), None)

    def validate(self, record: Mapping[str, object]) -> list[FieldIssue]:
        """Every problem of `record` (empty list = valid), in field order of the shape."""
        issues: list[FieldIssue] = []
        for rule in self.rules:
            issues.extend(self._check(rule, record.get(rule.field)))
        if self.closed:
            known = [r.field for r in self.rules]
            for key, value in record.items():
                if key not in known and value is not None:
                    issues.append(
                        FieldIssue(key, unknown("LOAD_UNKNOWN_FIELD", key, known, field=key))
                    )
        return issues

    def _check(self, rule: FieldRule, raw: object) -> list[FieldIssue]:
        values = values_of(raw)
        name = rule.field
        out: list[FieldIssue] = []
        if len(values) < rule.min_count:
            if values:
                out.append(FieldIssue(name, Problem.of("LOAD_TOO_FEW", min=rule.min_count)))
            else:
                out.append(FieldIssue(name, Problem.of("LOAD_REQUIRED")))
        if rule.max_count is not None and len(values) > rule.max_count:
            out.append(FieldIssue(name, Problem.of("LOAD_ONE_VALUE", count=len(values))))
        for i, v in enumerate(values):
            label = f"{name}[{i}]" if isinstance(raw, list | tuple) else name
            if rule.node is not None:
                sub = self.nested.get(rule.node)
                if not isinstance(v, Mapping):
                    out.append(FieldIssue(label, Problem.of("LOAD_EXPECTED_OBJECT", value=show(v))))
                elif sub is not None:
                    out.extend(x.at(label) for x in sub.validate(v))
                continue
            problem = check_value(rule, v)
            if problem:
                out.append(FieldIssue(label, problem))
        return out


# ---------------------------------------------------------------------------
# Compiling the shapes
# ---------------------------------------------------------------------------


def compile_record_shapes(
    shapes: Graph,
) -> tuple[dict[str, RecordValidator], list[ShapeProblem]]:
    """Validators for every record kind in `shapes`, and what could not be compiled."""
    problems: list[ShapeProblem] = []
    nested: dict[str, RecordValidator] = {}
    out: dict[str, RecordValidator] = {}

    def build(shape: URIRef | BNode, kind: str) -> RecordValidator:
        rules = []
        for prop in shapes.objects(shape, SH.property):
            if isinstance(prop, URIRef | BNode):
                rule = _rule(shapes, prop, problems)
                if rule is not None:
                    rules.append(rule)
                    if rule.node and rule.node not in nested:
                        node = URIRef(rule.node)
                        nested[rule.node] = build(node, rule.node)
        target = shapes.value(shape, SH.targetClass)
        return RecordValidator(
            kind=kind,
            target_class=str(target)[len(EMKG_NS) :] if target is not None else "",
            rules=tuple(sorted(rules, key=lambda r: _FIELD_ORDER.get(r.field, 50))),
            closed=shapes.value(shape, SH.closed) == Literal(True),
            nested=nested,
        )

    for shape, kind_lit in _record_shapes(shapes):
        kind = str(kind_lit)
        if _load_order(shapes, shape) is None:
            problems.append(
                ShapeProblem(
                    shape,
                    "record shape has no integer shape:loadOrder",
                    "add shape:loadOrder <n>: after the kinds its records reference",
                )
            )
        if kind not in RECORD_KINDS:
            problems.append(
                ShapeProblem(
                    shape,
                    f"unknown record kind '{kind}'{did_you_mean(kind, RECORD_KINDS)}",
                    f"use one of {', '.join(RECORD_KINDS)}",
                )
            )
        if shapes.value(shape, SH.targetClass) is None:
            problems.append(
                ShapeProblem(
                    shape, "record shape has no sh:targetClass", "add sh:targetClass emkg:<Label>"
                )
            )
        out[kind] = build(shape, kind)
    for kind in RECORD_KINDS:
        if kind not in out:
            problems.append(
                ShapeProblem(
                    SHAPE[kind],
                    f"no shape for record kind '{kind}'",
                    f'add a sh:NodeShape with shape:recordKind "{kind}"',
                )
            )
    return out, problems


_FIELD_ORDER = {"id": 0, "nameZh": 1, "nameEn": 2, "latitude": 3, "longitude": 4}


def _rule(g: Graph, prop: URIRef | BNode, problems: list[ShapeProblem]) -> FieldRule | None:
    def bad(message: str, fix: str) -> None:
        problems.append(ShapeProblem(prop, message, fix))

    path = g.value(prop, SH.path)
    if not (isinstance(path, URIRef) and str(path).startswith(EMKG_NS)):
        bad(f"sh:path {path} is not an emkg: property", "use sh:path emkg:<recordField>")
        return None
    for p in set(g.predicates(prop)) - _CONSTRAINTS - _ANNOTATIONS - {RDF.type}:
        bad(
            f"sh:{str(p).rsplit('#', 1)[-1]} is not supported by the record validator",
            "use only the constraints listed at the top of shapes.ttl",
        )

    def num(p: URIRef) -> float | None:
        v = g.value(prop, p)
        if v is None:
            return None
        try:
            return float(v.toPython()) if isinstance(v, Literal) else None
        except (TypeError, ValueError):
            bad(f"{p.n3(g.namespace_manager)} is not a number", "give a numeric literal")
            return None

    datatype = g.value(prop, SH.datatype)
    dt_name = str(datatype)[len(XSD_NS) :] if datatype is not None else None
    if datatype is not None and (not str(datatype).startswith(XSD_NS) or dt_name not in DATATYPES):
        bad(f"sh:datatype {datatype} is not supported", f"use xsd:{', xsd:'.join(DATATYPES)}")
        dt_name = None
    kind = g.value(prop, SH.nodeKind)
    pattern = None
    if (pattern_text := g.value(prop, SH.pattern)) is not None:
        try:
            pattern = re.compile(
                str(pattern_text), re.IGNORECASE if "i" in str(g.value(prop, SH.flags) or "") else 0
            )
        except re.error as e:
            bad(
                f"sh:pattern {str(pattern_text)!r} is not a valid regular expression ({e})",
                "fix the regex",
            )
    allowed: tuple[object, ...] | None = None
    lst = g.value(prop, SH["in"])
    if lst is not None:
        items = list(Collection(g, lst)) if isinstance(lst, BNode | URIRef) else []
        if not items or not all(isinstance(x, Literal) for x in items):
            bad("sh:in is not a non-empty RDF list of literals", 'write sh:in ( "a" "b" )')
        else:
            allowed = tuple(x.toPython() for x in items if isinstance(x, Literal))
    bounds = tuple(
        (op, v)
        for op, key in (
            (">=", SH.minInclusive),
            ("<=", SH.maxInclusive),
            (">", SH.minExclusive),
            ("<", SH.maxExclusive),
        )
        if (v := num(key)) is not None
    )
    lo, hi = num(SH.minCount), num(SH.maxCount)
    if lo is not None and hi is not None and lo > hi:
        bad(f"sh:minCount {lo:g} > sh:maxCount {hi:g}", "make minCount <= maxCount")
    node = g.value(prop, SH.node)
    min_len, max_len = num(SH.minLength), num(SH.maxLength)
    return FieldRule(
        field=str(path)[len(EMKG_NS) :],
        min_count=int(lo or 0),
        max_count=int(hi) if hi is not None else None,
        datatype=dt_name,
        node_kind=str(kind).rsplit("#", 1)[-1] if kind is not None else None,
        bounds=bounds,
        min_length=int(min_len) if min_len is not None else None,
        max_length=int(max_len) if max_len is not None else None,
        pattern=pattern,
        allowed=allowed,
        node=str(node) if isinstance(node, URIRef) else None,
    )


def property_rule(shapes: Graph, shape: URIRef, field: str) -> FieldRule | None:
    """The compiled rule for `field` in any node shape (e.g. shape:Requirement's emkg:weight);
    None when the shape says nothing about it; OntologyError when it cannot be compiled."""
    path = URIRef(EMKG_NS + field)
    for prop in shapes.objects(shape, SH.property):
        if isinstance(prop, URIRef | BNode) and shapes.value(prop, SH.path) == path:
            problems: list[ShapeProblem] = []
            rule = _rule(shapes, prop, problems)
            if problems:
                where = f"{shape.n3(shapes.namespace_manager)} emkg:{field}"
                raise OntologyError(f"{where}: {problems[0].message}")
            return rule
    return None


@cache
def _shipped() -> tuple[dict[str, RecordValidator], tuple[ShapeProblem, ...]]:
    validators, problems = compile_record_shapes(shipped_shapes())
    return validators, tuple(problems)


def record_validator(kind: str, shapes: Graph | None = None) -> RecordValidator:
    """The validator for one record kind (teams, experts, equipment, depots, plans, regions,
    incidents), from the shipped shapes.ttl or from `shapes`."""
    if shapes is None:
        validators, problems = _shipped()
    else:
        validators, plist = compile_record_shapes(shapes)
        problems = tuple(plist)
    if problems:
        raise OntologyError(
            f"the record shapes are not usable: {problems[0].message}; run `emkg ontology validate`"
        )
    if kind not in validators:
        raise OntologyError(
            f"unknown record kind '{kind}'{did_you_mean(kind, validators)}; "
            f"use one of {', '.join(sorted(validators))}"
        )
    return validators[kind]
