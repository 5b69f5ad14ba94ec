"""`emkg ontology validate` for grading.ttl: the grading shapes of shapes.ttl, run with pyshacl.

The shapes (shape:GradingPlan, shape:GradingCriterion, shape:FactKind) say what
a valid entry is: a level in I..IV, a known fact kind, min < max, at least one
covered hazard type, zh and en texts. This check runs exactly those shapes on
the files being validated and turns each violation into an issue with file,
line, entry and the shape's own message as the fix. Results are cached by
file content (pyshacl takes about a second).

Example::

    for issue in check_grading(ctx):
        print(issue)
    # ontology/grading.ttl:97: grading:earthquake-2012-I-dead: emkg:responseLevel is "V",
    #   not an allowed value. Fix: a criterion needs exactly one emkg:responseLevel, ...
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef

from ontology.checks import Context
from ontology.grading_terms import GRADING_NS, GradingTerms
from ontology.model import ValidationIssue
from ontology.terms import number

SH = Namespace("http://www.w3.org/ns/shacl#")
# The classes whose shapes this check runs (the grading entries).
GRADED_CLASSES = (GradingTerms.GradingPlan, GradingTerms.GradingCriterion, GradingTerms.FactKind)

# What went wrong, per SHACL constraint component (the shape's sh:message says what is needed).
_PROBLEM = {
    "MinCountConstraintComponent": "is missing",
    "MaxCountConstraintComponent": "is stated more than once",
    "InConstraintComponent": "is {value}, not an allowed value",
    "ClassConstraintComponent": "points to {value}, which is no {cls}",
    "LessThanConstraintComponent": "{value} is not below emkg:maxExclusive",
    "MinInclusiveConstraintComponent": "{value} is out of range",
    "MinExclusiveConstraintComponent": "{value} is out of range",
    "NodeKindConstraintComponent": "{value} is not a literal",
    "QualifiedMinCountConstraintComponent": "lacks a text in one language",
    "UniqueLangConstraintComponent": "has two texts in one language",
}

_CACHE: dict[str, list[tuple[URIRef | BNode, str, str]]] = {}


def check_grading(ctx: Context) -> Iterator[ValidationIssue]:
    """Violations of the grading shapes, one issue each (errors: the rules cannot be used)."""
    shapes = _grading_shapes(ctx.per_file.values())
    if len(shapes) == 0:
        return
    for focus, message, fix in _violations(ctx, shapes):
        shown = _show(ctx.graph, focus)
        where = ctx.locator.subject(str(focus)) if isinstance(focus, URIRef) else (None, None)
        yield ctx.issue("error", where, shown, message, fix)


def _grading_shapes(graphs: Iterable[Graph]) -> Graph:
    """The node shapes that target a grading class, with everything they reference."""
    out = Graph()
    for g in graphs:
        for cls in GRADED_CLASSES:
            for shape in g.subjects(SH.targetClass, cls):
                if isinstance(shape, URIRef | BNode):
                    out += g.cbd(shape)
    return out


def _violations(ctx: Context, shapes: Graph) -> list[tuple[URIRef | BNode, str, str]]:
    key = hashlib.sha256(
        b"".join(Path(f).read_bytes() for f in sorted(ctx.per_file, key=str))
    ).hexdigest()
    if key not in _CACHE:
        import pyshacl  # only when validating

        _conforms, report, _text = pyshacl.validate(ctx.graph, shacl_graph=shapes)
        found = _results(ctx.graph, shapes, report)
        _CACHE[key] = sorted(found, key=lambda r: (str(r[0]), r[1]))
    return _CACHE[key]


def _results(
    data: Graph, shapes: Graph, report: Graph
) -> Iterator[tuple[URIRef | BNode, str, str]]:
    for result in report.subjects(SH.resultSeverity, None):
        focus = report.value(result, SH.focusNode)
        if not isinstance(focus, URIRef | BNode):
            continue
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        component = str(report.value(result, SH.sourceConstraintComponent) or "")
        problem = _PROBLEM.get(component.rsplit("#", 1)[-1], "does not conform")
        shown_value = _show(data, value) if value is not None else ""
        if isinstance(path, URIRef):
            what = path.n3(data.namespace_manager)
        elif isinstance(path, BNode):
            inverse = report.value(path, SH.inversePath) or data.value(path, SH.inversePath)
            what = f"^{inverse.n3(data.namespace_manager)}" if isinstance(inverse, URIRef) else ""
        else:
            what = ""
        cls = shapes.value(report.value(result, SH.sourceShape), SH["class"])
        shown_cls = _show(data, cls) if cls is not None else "instance of the right class"
        message = f"{what} {problem.format(value=shown_value, cls=shown_cls)}".strip()
        fix = str(report.value(result, SH.resultMessage) or "correct the entry in grading.ttl")
        yield focus, message, fix


def _show(graph: Graph, node: object) -> str:
    """grading:x for grading entries, the qname or the literal otherwise."""
    text = str(node)
    if isinstance(node, URIRef):
        if text.startswith(GRADING_NS):
            return "grading:" + text[len(GRADING_NS) :]
        return node.n3(graph.namespace_manager)
    if isinstance(node, Literal) and number(node) is not None:
        return text
    return f'"{text}"' if not isinstance(node, BNode) else "a blank node"
