"""Load the ontology's Turtle files into one rdflib graph and the typed `Ontology` view.

Loading is lenient about content (that is `ontology.validate`'s job) but strict
about syntax: a Turtle error raises `TurtleSyntaxError` naming the file and line.

Example::

    onto = load_ontology()                                  # the shipped ontology/*.ttl
    onto = load_ontology([Path("my-copy/")])                # every *.ttl in a folder
    onto = load_ontology([Path("a.ttl")], strict=True)      # raise on validation errors
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import cast, get_args

from rdflib import DCTERMS, RDF, RDFS, SKOS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from ontology.model import (
    CONCEPT_KINDS,
    EMKG_NS,
    FEMA_CC_NS,
    ID_NS,
    Cascade,
    Concept,
    LegacyCode,
    Mapping,
    MatchRelation,
    Ontology,
    OntologyError,
    Provision,
    Requirement,
    TypicalCapability,
    hazard_rank,
)

EMKG = Namespace(EMKG_NS)
OWL_DEPRECATED = URIRef("http://www.w3.org/2002/07/owl#deprecated")
SHIPPED_DIR = Path(__file__).resolve().parent
MATCH_RELATIONS: tuple[str, ...] = get_args(MatchRelation)


class TurtleSyntaxError(OntologyError):
    """A file is not valid Turtle; `file` and `line` say where."""

    def __init__(self, file: Path, line: int | None, reason: str) -> None:
        where = f"{file}:{line}" if line else str(file)
        super().__init__(f"{where}: Turtle syntax error: {reason}")
        self.file = file
        self.line = line
        self.reason = reason


def shipped_files() -> list[Path]:
    """The ontology files that ship with the package, sorted by name."""
    return sorted(SHIPPED_DIR.glob("*.ttl"))


def expand_paths(paths: Iterable[Path] | None) -> list[Path]:
    """Files to load: folders expand to their *.ttl; None means the shipped files."""
    if paths is None:
        return shipped_files()
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(p.glob("*.ttl")))
        elif p.is_file():
            out.append(p)
        else:
            raise OntologyError(f"{p}: no such file or folder; give .ttl files or a folder of them")
    if not out:
        raise OntologyError("no ontology files given; pass .ttl files or a folder containing them")
    return out


def parse_turtle(path: Path) -> Graph:
    """Parse one Turtle file; syntax errors become `TurtleSyntaxError` with the line."""
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except BadSyntax as e:
        raise TurtleSyntaxError(path, e.lines + 1, _why(e)) from e
    except (ValueError, SyntaxError) as e:  # e.g. a malformed IRI or an undeclared prefix
        m = re.search(r"line (\d+)", str(e))
        raise TurtleSyntaxError(path, int(m.group(1)) if m else None, str(e)) from e
    return graph


def _why(e: BadSyntax) -> str:
    reason = str(getattr(e, "_why", "") or "bad syntax")
    text = cast(bytes, getattr(e, "_str", b""))
    pos = cast(int, getattr(e, "_i", 0))
    near = text[max(0, pos - 30) : pos + 10].decode("utf-8", "ignore").replace("\n", " ")
    return f"{reason} near '{near.strip()}'" if near.strip() else reason


def load_ontology(paths: Sequence[Path] | None = None, *, strict: bool = False) -> Ontology:
    """Load and merge Turtle files (default: the shipped ontology) into an `Ontology`.

    With ``strict=True`` the files are validated first and any error raises
    `OntologyError` listing them (what `emkg ontology apply` should use).
    """
    files = expand_paths(paths)
    if strict:
        from ontology.validate import validate_files

        errors = [i for i in validate_files(files) if i.severity == "error"]
        if errors:
            listing = "\n".join(str(i) for i in errors[:20])
            more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
            raise OntologyError(f"the ontology has {len(errors)} error(s):\n{listing}{more}")
    graph = Graph()
    for f in files:
        graph += parse_turtle(f)
    return build_ontology(graph, files)


def build_ontology(graph: Graph, files: Sequence[Path] = ()) -> Ontology:
    """The typed view of a merged graph. Adds the entailed `a skos:Concept` / `skos:inScheme`."""
    _bind_prefixes(graph)
    _entail_schemes(graph)
    concepts: dict[str, Concept] = {}
    for kind in CONCEPT_KINDS:
        for s in sorted(set(graph.subjects(RDF.type, EMKG[kind])), key=str):
            cid = concept_id(s)
            if isinstance(s, URIRef) and cid is not None and cid not in concepts:
                concepts[cid] = _concept(graph, s, cid, kind)
    return Ontology(
        graph=graph,
        concepts=MappingProxyType(dict(sorted(concepts.items()))),
        requirements=tuple(sorted(_requirements(graph), key=lambda r: (r.hazard, r.capability))),
        cascades=tuple(sorted(_cascades(graph), key=lambda c: (c.source, c.target))),
        provisions=tuple(
            sorted(_provisions(graph), key=lambda p: (p.equipment_type, p.capability))
        ),
        typical_capabilities=tuple(
            sorted(_typical(graph), key=lambda t: (t.team_type, t.capability))
        ),
        mappings=tuple(sorted(_mappings(graph), key=lambda m: (m.concept, m.relation, m.target))),
        legacy_codes=MappingProxyType({c.code: c for c in sorted(_legacy(graph), key=_by_code)}),
        files=tuple(files),
    )


def concept_id(node: object) -> str | None:
    """'11A01' for <https://w3id.org/emkg/id/11A01>; None for anything else."""
    if isinstance(node, URIRef) and str(node).startswith(ID_NS) and len(str(node)) > len(ID_NS):
        return str(node)[len(ID_NS) :]
    return None


def texts(graph: Graph, s: object, p: URIRef, lang: str) -> list[str]:
    """Sorted literal values of `s p` in language `lang` (primary subtag: 'zh' matches zh-Hans)."""
    out = [
        str(o)
        for o in graph.objects(cast(URIRef, s), p)
        if isinstance(o, Literal) and (o.language or "").lower().split("-")[0] == lang
    ]
    return sorted(out)


def label_of(graph: Graph, node: object) -> str:
    """Best human label of any node: skos:prefLabel (en, then any), else rdfs:label."""
    for p in (SKOS.prefLabel, RDFS.label):
        found = texts(graph, node, p, "en") or sorted(
            str(o) for o in graph.objects(cast(URIRef, node), p) if isinstance(o, Literal)
        )
        if found:
            return found[0]
    return ""


def number(value: object) -> float | None:
    """A numeric literal as float; None when it is missing or not a number."""
    if isinstance(value, Literal) and not value.ill_typed:
        py = value.toPython()
        if isinstance(py, int | float) and not isinstance(py, bool):
            return float(py)
        try:
            return float(str(py))
        except ValueError:
            return None
    return None


def _bind_prefixes(graph: Graph) -> None:
    graph.bind("emkg", EMKG_NS)
    graph.bind("id", ID_NS)
    graph.bind("skos", str(SKOS))
    graph.bind("femacc", FEMA_CC_NS)


def _entail_schemes(graph: Graph) -> None:
    for kind in CONCEPT_KINDS:
        scheme = graph.value(EMKG[kind], EMKG.scheme)
        for s in list(graph.subjects(RDF.type, EMKG[kind])):
            graph.add((s, RDF.type, SKOS.Concept))
            if isinstance(scheme, URIRef):
                graph.add((s, SKOS.inScheme, scheme))


def _concept(graph: Graph, s: URIRef, cid: str, kind: str) -> Concept:
    def first(p: URIRef, lang: str) -> str:
        found = texts(graph, s, p, lang)
        return found[0] if found else ""

    broader = sorted(i for o in graph.objects(s, SKOS.broader) if (i := concept_id(o)))
    rtlt = sorted(
        {
            label_of(graph, o) or str(o)[len(FEMA_CC_NS) :]
            for rel in MATCH_RELATIONS
            for o in graph.objects(s, SKOS[rel])
            if str(o).startswith(FEMA_CC_NS)
        }
    )
    return Concept(
        id=cid,
        kind=kind,
        name_zh=first(SKOS.prefLabel, "zh"),
        name_en=first(SKOS.prefLabel, "en"),
        alt_zh=tuple(texts(graph, s, SKOS.altLabel, "zh")),
        alt_en=tuple(texts(graph, s, SKOS.altLabel, "en")),
        definition_zh=first(SKOS.definition, "zh"),
        definition_en=first(SKOS.definition, "en"),
        broader=tuple(broader),
        rank=hazard_rank(cid) if kind == "HazardType" else None,
        deprecated=any(
            isinstance(o, Literal) and o.toPython() is True
            for o in graph.objects(s, OWL_DEPRECATED)
        ),
        rtlt=tuple(rtlt),
    )


def _by_code(c: LegacyCode) -> str:
    return c.code


def _legacy(graph: Graph) -> Iterable[LegacyCode]:
    """hazard_codes_legacy.ttl: old EMKG hazard ids and the current code each became."""
    for s in graph.subjects(RDF.type, EMKG.LegacyHazardCode):
        code = graph.value(s, SKOS.notation)
        new = concept_id(graph.value(s, DCTERMS.isReplacedBy))
        if code is not None and new is not None:
            zh, en = texts(graph, s, SKOS.prefLabel, "zh"), texts(graph, s, SKOS.prefLabel, "en")
            yield LegacyCode(str(code), new, zh[0] if zh else "", en[0] if en else "")


def _qualified(graph: Graph, prop: URIRef) -> Iterable[tuple[str, BNode | URIRef]]:
    for s, node in graph.subject_objects(prop):
        sid = concept_id(s)
        if sid is not None and isinstance(node, BNode | URIRef):
            yield sid, node


def _requirements(graph: Graph) -> Iterable[Requirement]:
    for hazard, node in _qualified(graph, EMKG.requirement):
        cap = concept_id(graph.value(node, EMKG.capability))
        weight = number(graph.value(node, EMKG.weight))
        level = graph.value(node, EMKG.minLevel)
        if cap and weight is not None and isinstance(level, Literal):
            yield Requirement(hazard, cap, weight, str(level))


def _cascades(graph: Graph) -> Iterable[Cascade]:
    for source, node in _qualified(graph, EMKG.cascade):
        target = concept_id(graph.value(node, EMKG.target))
        likelihood = number(graph.value(node, EMKG.likelihood))
        if target and likelihood is not None:
            yield Cascade(source, target, likelihood)


def _typical(graph: Graph) -> Iterable[TypicalCapability]:
    for team_type, node in _qualified(graph, EMKG.typicalCapability):
        cap = concept_id(graph.value(node, EMKG.capability))
        level = number(graph.value(node, EMKG.level))
        if cap and level is not None and level == int(level):
            yield TypicalCapability(team_type, cap, int(level))


def _provisions(graph: Graph) -> Iterable[Provision]:
    for s, o in graph.subject_objects(EMKG.PROVIDES):
        eq, cap = concept_id(s), concept_id(o)
        if eq and cap:
            yield Provision(eq, cap)


def _mappings(graph: Graph) -> Iterable[Mapping]:
    for rel in MATCH_RELATIONS:
        for s, o in graph.subject_objects(SKOS[rel]):
            cid = concept_id(s)
            if cid is not None and isinstance(o, URIRef) and concept_id(o) is None:
                yield Mapping(cid, cast(MatchRelation, rel), str(o), label_of(graph, o))
