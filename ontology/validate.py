"""`emkg ontology validate`: check Turtle syntax, references, labels, cycles, ranges and shapes.

Every issue names the file, the line and the concept where it can, and says how
to fix it. Errors make the ontology unusable (`load_ontology(strict=True)` and
`emkg ontology apply` refuse it); warnings are worth a look.

Example::

    for issue in validate_files():          # the shipped ontology
        print(issue)
    # ontology/requirements.ttl:27: 11A01: requirement 11A01 -> cap.water-rescue:
    #   emkg:weight 1.5 is outside (0, 1]. Fix: set emkg:weight to a decimal in (0, 1], ...
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from importlib import resources
from pathlib import Path

from rdflib import BNode, Graph, Namespace, URIRef

from ontology.build import build_ontology
from ontology.checks import Context, check_concepts, check_terms
from ontology.files import TurtleSyntaxError, expand_paths, parse_turtle
from ontology.grading_checks import check_grading
from ontology.link_checks import check_coverage, check_cycles, check_references, check_relations
from ontology.locate import Locator
from ontology.model import EMKG_NS, SHAPE_NS, ValidationIssue
from ontology.shapes import compile_record_shapes

SH = Namespace("http://www.w3.org/ns/shacl#")


def validate_files(paths: Sequence[Path] | None = None) -> list[ValidationIssue]:
    """Validate a set of ontology files together (default: the shipped ones).

    Folders expand to their *.ttl files. Syntax errors are reported first and
    stop the other checks (which need every file parsed).
    """
    files = expand_paths(paths)
    per_file: dict[Path, Graph] = {}
    issues: list[ValidationIssue] = []
    for f in files:
        try:
            per_file[f] = parse_turtle(f)
        except TurtleSyntaxError as e:
            issues.append(
                ValidationIssue(
                    "error",
                    str(f),
                    e.line,
                    None,
                    f"Turtle syntax error: {e.reason}",
                    "correct the Turtle at that line (a missing '.', ';', ',' or closing quote "
                    "is the usual cause; the error may be on the line before)",
                )
            )
    if issues:
        return issues
    merged = Graph()
    for g in per_file.values():
        merged += g
    ctx = Context(build_ontology(merged, files), per_file, Locator(files))
    for check in CHECKS:
        issues.extend(check(ctx))
    return sort_issues(issues)


def sort_issues(issues: Iterable[ValidationIssue]) -> list[ValidationIssue]:
    """Errors first, then by file, line, concept; duplicates dropped."""
    unique = {(i.severity, i.file, i.line, i.concept, i.message): i for i in issues}
    return sorted(
        unique.values(),
        key=lambda i: (
            i.severity != "error",
            i.file or "",
            i.line or 0,
            i.concept or "",
            i.message,
        ),
    )


def summary(issues: Sequence[ValidationIssue]) -> str:
    """'2 errors, 1 warning' / 'ok: no problems found'."""
    errors = sum(1 for i in issues if i.severity == "error")
    warnings = len(issues) - errors
    if not issues:
        return "ok: no problems found"
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def check_shapes(ctx: Context) -> Iterator[ValidationIssue]:
    """The SHACL shapes are valid SHACL (SHACL-SHACL) and usable by the record validator."""
    shape_files = [f for f, g in ctx.per_file.items() if _uses_shacl(g)]
    if not shape_files:
        return
    shapes = Graph()
    shapes.bind("sh", str(SH))
    shapes.bind("shape", SHAPE_NS)
    shapes.bind("emkg", EMKG_NS)
    for f in shape_files:
        shapes += ctx.per_file[f]
    key = hashlib.sha256(b"".join(f.read_bytes() for f in shape_files)).hexdigest()
    for node, path, message in _meta_shacl(shapes, key):
        yield ctx.issue(
            "error",
            _where(ctx, shapes, node, path),
            _name(shapes, node),
            f"invalid SHACL: {message}",
            "correct the shape (see https://www.w3.org/TR/shacl/)",
        )
    _validators, problems = compile_record_shapes(shapes)
    for p in problems:
        yield ctx.issue(
            "error", _where(ctx, shapes, p.node, None), _name(shapes, p.node), p.message, p.fix
        )


def _uses_shacl(g: Graph) -> bool:
    return any(str(p).startswith(str(SH)) for p in g.predicates())


@cache
def _shacl_shacl() -> Graph:
    text = resources.files("pyshacl").joinpath("assets/shacl-shacl.ttl").read_text("utf-8")
    return Graph().parse(data=text, format="turtle")


_META_CACHE: dict[str, list[tuple[URIRef | BNode, URIRef | None, str]]] = {}


def _meta_shacl(shapes: Graph, key: str) -> list[tuple[URIRef | BNode, URIRef | None, str]]:
    """SHACL-SHACL results; clean results are cached by file content (pyshacl takes ~1 s)."""
    if key in _META_CACHE:
        return _META_CACHE[key]
    import pyshacl

    conforms, report, _text = pyshacl.validate(shapes, shacl_graph=_shacl_shacl())
    if conforms:
        _META_CACHE[key] = []
        return []
    out = []
    for result in report.subjects(SH.resultSeverity, None):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = str(report.value(result, SH.resultMessage) or "does not conform")
        if isinstance(focus, URIRef | BNode):
            shown = path.n3(shapes.namespace_manager) if isinstance(path, URIRef) else ""
            out.append(
                (
                    focus,
                    path if isinstance(path, URIRef) else None,
                    f"{shown}: {message}" if shown else message,
                )
            )
    return out


def _owner(shapes: Graph, node: URIRef | BNode) -> URIRef | None:
    seen: set[object] = set()
    cur: object = node
    while isinstance(cur, BNode) and cur not in seen:
        seen.add(cur)
        cur = next(iter(shapes.subjects(None, cur)), None)
    return cur if isinstance(cur, URIRef) else None


def _name(shapes: Graph, node: URIRef | BNode) -> str | None:
    owner = _owner(shapes, node)
    if owner is None:
        return None
    qname: str = owner.n3(shapes.namespace_manager)
    return qname


def _where(
    ctx: Context, shapes: Graph, node: URIRef | BNode, path: URIRef | None
) -> tuple[Path | None, int | None]:
    owner = _owner(shapes, node)
    if owner is None:
        return None, None
    inner = shapes.value(node, SH.path) if isinstance(node, BNode) else None
    term = inner if isinstance(inner, URIRef) else path
    if term is not None:
        return ctx.locator.in_blocks(str(owner), str(term))
    return ctx.locator.subject(str(owner))


CHECKS: tuple[Callable[[Context], Iterable[ValidationIssue]], ...] = (
    check_terms,
    check_concepts,
    check_references,
    check_relations,
    check_cycles,
    check_coverage,
    check_shapes,
    check_grading,
)
