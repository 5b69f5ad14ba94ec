"""The content checks behind `emkg ontology validate`: terms and concepts.

Each check takes a `Context` and yields `ValidationIssue`s that name the file,
line and concept and say how to fix the problem. `ontology.validate` runs them;
checks on links between concepts are in `ontology.link_checks`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, SKOS, Graph, Literal, URIRef

from ontology.locate import Locator
from ontology.model import (
    CONCEPT_KINDS,
    EMKG_NS,
    HAZARD_ROOT,
    ID_EXAMPLES,
    ID_NS,
    ID_PATTERNS,
    Ontology,
    Severity,
    ValidationIssue,
    did_you_mean,
    hazard_parent,
)
from ontology.terms import EMKG, concept_id, texts

LANG_NAMES = {"zh": "Chinese (zh)", "en": "English (en)"}
Where = tuple[Path | None, int | None]
LazyWhere = Where | Callable[[], Where]


@dataclass
class Context:
    onto: Ontology
    per_file: dict[Path, Graph]
    locator: Locator

    @property
    def graph(self) -> Graph:
        return self.onto.graph

    def kind_of(self, node: object) -> str | None:
        cid = concept_id(node)
        c = self.onto.concepts.get(cid) if cid else None
        return c.kind if c else None

    def home(self, node: URIRef) -> Path | None:
        """The file that declares `node`'s type (where its labels belong)."""
        return next((f for f, g in self.per_file.items() if (node, RDF.type, None) in g), None)

    def issue(
        self,
        severity: Severity,
        where: Where | Callable[[], Where],
        concept: str | None,
        message: str,
        fix: str,
    ) -> ValidationIssue:
        """An issue; `where` may be a callable so that text is only searched when needed."""
        f, line = where() if callable(where) else where
        return ValidationIssue(severity, str(f) if f else None, line, concept, message, fix)

    def unknown(self, node: URIRef, kind: str | None) -> str:
        """ "unknown Capability 'cap.x'; did you mean 'cap.y' 水域救援 ...?" for a dangling id."""
        cid = concept_id(node) or str(node)
        pool = [c.id for c in self.onto.concepts.values() if kind is None or c.kind == kind]
        close = difflib.get_close_matches(cid, pool, n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}' {self.onto.concepts[close[0]].label}?" if close else ""
        return f"unknown {kind or 'concept'} '{cid}'{hint}"


def declared_terms(graph: Graph) -> set[URIRef]:
    """emkg: terms with a declaration (rdf:type) in the files being validated."""
    return {
        s
        for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(EMKG_NS)
    }


def check_terms(ctx: Context) -> Iterator[ValidationIssue]:
    """Every emkg: and skos: term used is declared (catches emkg:weigth, skos:prefLable)."""
    declared = declared_terms(ctx.graph)
    names = sorted(str(t)[len(EMKG_NS) :] for t in declared)
    used: set[URIRef] = set()
    for triple in ctx.graph:
        used.update(t for t in triple if isinstance(t, URIRef))
    for term in sorted(used, key=str):
        text = str(term)
        if text.startswith(EMKG_NS) and term not in declared:
            yield _unknown_term(
                ctx,
                text,
                ("term", "emkg", EMKG_NS),
                names,
                "use a term declared in core.ttl, or declare the new term there",
            )
        elif text.startswith(str(SKOS)) and term not in SKOS:
            skos_names = [
                str(t)[len(str(SKOS)) :] for t in dir(SKOS) if str(t).startswith(str(SKOS))
            ]
            yield _unknown_term(
                ctx,
                text,
                ("SKOS term", "skos", str(SKOS)),
                skos_names,
                "use skos:prefLabel, skos:altLabel, skos:definition, skos:broader, "
                "skos:exactMatch or skos:closeMatch",
            )


def _unknown_term(
    ctx: Context, text: str, vocabulary: tuple[str, str, str], names: list[str], fix: str
) -> ValidationIssue:
    """'unknown term emkg:weigth; did you mean emkg:weight?' for `text`, an IRI of the
    vocabulary (what it is called, its prefix, its namespace) that it does not declare."""
    what, prefix, ns = vocabulary
    name = text[len(ns) :]
    hint = did_you_mean(name, names).replace("'", "").replace("mean ", f"mean {prefix}:")
    return ctx.issue(
        "error", ctx.locator.anywhere(text), None, f"unknown {what} {prefix}:{name}{hint}", fix
    )


def check_concepts(ctx: Context) -> Iterator[ValidationIssue]:
    """Ids, kinds, one zh and one en prefLabel, definitions, hazard-code structure."""
    g = ctx.graph
    for kind in CONCEPT_KINDS:
        for s in sorted(set(g.subjects(RDF.type, EMKG[kind])), key=str):
            if not isinstance(s, URIRef):
                continue
            cid = concept_id(s)
            where = at_subject(ctx, s)
            if cid is None:
                yield ctx.issue(
                    "error",
                    where,
                    str(s),
                    f"{kind} IRI is outside {ID_NS}",
                    f"write it as id:<id> with @prefix id: <{ID_NS}>",
                )
                continue
            kinds = [k for k in CONCEPT_KINDS if (s, RDF.type, EMKG[k]) in g]
            if len(kinds) > 1 and kinds[0] == kind:
                yield ctx.issue(
                    "error",
                    where,
                    cid,
                    f"is typed as {' and '.join(kinds)}",
                    "give each concept exactly one kind",
                )
            if not re.match(ID_PATTERNS[kind], cid):
                yield ctx.issue(
                    "error",
                    where,
                    cid,
                    f"'{cid}' is not a valid {kind} id",
                    f"use an id like {ID_EXAMPLES[kind]}",
                )
            yield from _labels(ctx, s, cid, where)
            if kind == "HazardType":
                yield from _hazard_code(ctx, s, cid, where)


def _labels(ctx: Context, s: URIRef, cid: str, where: LazyWhere) -> Iterator[ValidationIssue]:
    g = ctx.graph
    for lang in ("zh", "en"):
        pref = texts(g, s, SKOS.prefLabel, lang)
        if not pref:
            yield ctx.issue(
                "error",
                where,
                cid,
                f"has no {LANG_NAMES[lang]} skos:prefLabel",
                f'add skos:prefLabel "..."@{lang} to id:{cid}',
            )
        elif len(pref) > 1:
            yield ctx.issue(
                "error",
                where,
                cid,
                f"has {len(pref)} {LANG_NAMES[lang]} prefLabels ({', '.join(pref)})",
                "keep one as skos:prefLabel and make the others skos:altLabel",
            )
        if not texts(g, s, SKOS.definition, lang):
            yield ctx.issue(
                "warning",
                where,
                cid,
                f"has no {LANG_NAMES[lang]} skos:definition",
                f'add skos:definition "..."@{lang}',
            )
        for alt in set(pref) & set(texts(g, s, SKOS.altLabel, lang)):
            yield ctx.issue(
                "warning",
                where,
                cid,
                f"altLabel '{alt}' repeats the prefLabel",
                "remove it from skos:altLabel",
            )
    for o in g.objects(s, SKOS.prefLabel):
        if isinstance(o, Literal) and (o.language or "").split("-")[0] not in ("zh", "en"):
            yield ctx.issue(
                "warning",
                where,
                cid,
                f"prefLabel '{o}' has language '{o.language or 'none'}'",
                "tag it @zh or @en",
            )


def _hazard_code(ctx: Context, s: URIRef, cid: str, where: LazyWhere) -> Iterator[ValidationIssue]:
    if not re.match(ID_PATTERNS["HazardType"], cid):
        return
    expected = hazard_parent(cid)
    parents = sorted(i for o in ctx.graph.objects(s, SKOS.broader) if (i := concept_id(o)))
    if expected is None and parents:
        yield ctx.issue(
            "error",
            where,
            cid,
            f"the root {HAZARD_ROOT} must not have skos:broader",
            "remove skos:broader from it",
        )
    elif expected is not None and parents != [expected]:
        got = ", ".join(parents) or "none"
        yield ctx.issue(
            "error",
            where,
            cid,
            f"skos:broader is {got} but code {cid} belongs under {expected}",
            f"set skos:broader id:{expected} (the code's parent)",
        )


def at_subject(ctx: Context, s: URIRef) -> Callable[[], Where]:
    """Where the concept is declared (its type statement), computed only when needed."""
    return lambda: ctx.locator.subject(str(s), ctx.home(s))


def lazy_where(loc: Locator, subject: object, term: object) -> Callable[[], Where]:
    if term is None:
        return lambda: loc.subject(str(subject))
    return lambda: loc.in_blocks(str(subject), str(term))
