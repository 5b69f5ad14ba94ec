"""The value rules of the ontology's qualified relations, read from shapes.ttl.

shape:Requirement and shape:Cascade in shapes.ttl are where "a requirement's
weight is in (0, 1], its minLevel one of I..IV" and "a cascade's likelihood is
in (0, 1]" are written; pyshacl applies them as they are, `emkg ontology
validate` (ontology/link_checks.py) and planner curation
(queries/catalog/curation.py) apply them through this module.

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

from rdflib import URIRef

from ontology.errors import OntologyError
from ontology.namespaces import SHAPE_NS
from ontology.record_rules import FieldRule
from ontology.shapes import property_rule, shipped_shapes

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
