"""The typed `Ontology` view of a merged ontology graph: concepts, requirements, cascades, ...

Lenient about content (that is `ontology.validate`'s job): what cannot be read
is left out. `ontology.load.load_ontology` parses the files and calls this;
validation builds the same view of the files it checks.

Example::

    onto = build_ontology(graph, files)
    onto.concepts["11A01"].name_zh          # '洪水'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import cast, get_args

from rdflib import DCTERMS, RDF, SKOS, BNode, Graph, Literal, URIRef

from ontology.model import (
    CONCEPT_KINDS,
    EMKG_NS,
    FEMA_CC_NS,
    ID_NS,
    Cascade,
    Concept,
    HazardService,
    LegacyCode,
    Mapping,
    MatchRelation,
    Ontology,
    Provision,
    Requirement,
    TypicalCapability,
    hazard_rank,
)
from ontology.terms import EMKG, concept_id, label_of, number, texts

OWL_DEPRECATED = URIRef("http://www.w3.org/2002/07/owl#deprecated")
MATCH_RELATIONS: tuple[str, ...] = get_args(MatchRelation)


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
        services=tuple(sorted(_services(graph), key=lambda s: (s.equipment_type, s.hazard))),
        typical_capabilities=tuple(
            sorted(_typical(graph), key=lambda t: (t.team_type, t.capability))
        ),
        mappings=tuple(sorted(_mappings(graph), key=lambda m: (m.concept, m.relation, m.target))),
        legacy_codes=MappingProxyType({c.code: c for c in sorted(_legacy(graph), key=_by_code)}),
        files=tuple(files),
    )


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


def _services(graph: Graph) -> Iterable[HazardService]:
    for s, o in graph.subject_objects(EMKG.SERVES):
        eq, hazard = concept_id(s), concept_id(o)
        if eq and hazard:
            yield HazardService(eq, hazard)


def _mappings(graph: Graph) -> Iterable[Mapping]:
    for rel in MATCH_RELATIONS:
        for s, o in graph.subject_objects(SKOS[rel]):
            cid = concept_id(s)
            if cid is not None and isinstance(o, URIRef) and concept_id(o) is None:
                yield Mapping(cid, cast(MatchRelation, rel), str(o), label_of(graph, o))
