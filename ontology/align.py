"""Align an external SKOS/OWL vocabulary with ours by labels and synonyms.

Labels are normalised (Unicode NFKC, lower case, punctuation removed, a light
English stemmer, stop words dropped; Chinese as character bigrams) and compared:

* the same normalised label or synonym -> ``skos:exactMatch`` (score 1.0 for
  preferred labels on both sides, a little less when a synonym is involved);
* otherwise token overlap (Dice coefficient, each token weighted by its rarity
  across both vocabularies, so "team" or "rescue" count for little) ->
  ``skos:closeMatch`` when the score reaches `min_score`.

Each external concept is mapped to its best-scoring concept of ours (ties by id).
The result is a proposal for planners to review, written out with `write_mappings`.
What planners decided (each row of a hazard vocabulary mapped, or out of scope
with a reason) is kept in `alignment_scope.yaml` and checked by
`ontology.alignment_scope`; these proposals are the hint shown for a row not yet decided.

Example::

    ext = source_graph("ifrc", Path("../shared/data"))
    maps = align(ext, load_ontology(), kinds=("HazardType",))
    # [Mapping(concept='11C02', relation='exactMatch', target='.../earthquake', ...), ...]
    write_mappings(maps).serialize("ifrc-mappings.ttl")
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from ontology.model import CONCEPT_KINDS, ID_NS, Mapping, MatchRelation, Ontology, OntologyError
from ontology.terms import concept_id, label_of
from ontology.text import CJK_RUN

DEFAULT_MIN_SCORE = 0.6
STOP_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "the",
        "of",
        "or",
        "for",
        "in",
        "on",
        "to",
        "with",
        "by",
        "at",
        "from",
    }
)
# Weight of a match by which labels met: (ours preferred?, theirs preferred?).
LABEL_WEIGHT = {(True, True): 1.0, (False, True): 0.95, (True, False): 0.9, (False, False): 0.85}


@dataclass(frozen=True)
class _Label:
    key: str  # tokens joined without spaces: "land slide" == "landslide"
    tokens: frozenset[str]
    preferred: bool

    def same(self, other: _Label) -> bool:
        return self.key == other.key or self.tokens == other.tokens


def normalise(text: str) -> tuple[str, frozenset[str]]:
    """('landslid', {'landslid'}) for 'Land-slides'; Chinese text as character bigrams."""
    text = unicodedata.normalize("NFKC", text).lower().replace("&", " and ")
    tokens: list[str] = []
    for run in CJK_RUN.findall(text):
        tokens.extend(run[i : i + 2] for i in range(max(1, len(run) - 1)))
    latin = CJK_RUN.sub(" ", text)
    tokens.extend(stem(w) for w in re.findall(r"[a-z0-9]+", latin) if w not in STOP_WORDS)
    return "".join(tokens), frozenset(tokens)


def stem(word: str) -> str:
    """A deliberately small English stemmer: floods/flooding -> flood, collapsed -> collaps."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def _labels(pref: Iterable[str], alt: Iterable[str]) -> list[_Label]:
    out = []
    for texts, preferred in ((pref, True), (alt, False)):
        for t in texts:
            key, tokens = normalise(t)
            if tokens:
                out.append(_Label(key, tokens, preferred))
    return out


def _external_concepts(graph: Graph) -> list[URIRef]:
    found = set(graph.subjects(RDF.type, SKOS.Concept)) | set(graph.subjects(RDF.type, OWL.Class))
    found |= set(graph.subjects(SKOS.prefLabel, None))
    schemes = set(graph.subjects(RDF.type, SKOS.ConceptScheme))
    return sorted(
        (s for s in found if isinstance(s, URIRef) and s not in schemes and concept_id(s) is None),
        key=str,
    )


def _external_labels(graph: Graph, node: URIRef) -> list[_Label]:
    def lits(*props: URIRef) -> list[str]:
        return sorted(
            {str(o) for p in props for o in graph.objects(node, p) if isinstance(o, Literal)}
        )

    pref = lits(SKOS.prefLabel) or lits(RDFS.label)
    alt = [t for t in lits(SKOS.altLabel, SKOS.hiddenLabel, RDFS.label) if t not in pref]
    return _labels(pref, alt)


def score(
    ours: Sequence[_Label], theirs: Sequence[_Label], idf: MappingABC[str, float] | None = None
) -> tuple[float, bool]:
    """Best (score, exact?) over all label pairs; `idf` weights tokens (default 1 each)."""
    best, exact = 0.0, False
    for a in ours:
        for b in theirs:
            weight = LABEL_WEIGHT[(a.preferred, b.preferred)]
            if a.same(b):
                best = max(weight, best) if exact else weight
                exact = True
            elif not exact:
                best = max(best, _dice(a.tokens, b.tokens, idf) * weight)
    return best, exact


def _dice(a: frozenset[str], b: frozenset[str], idf: MappingABC[str, float] | None) -> float:
    def w(tokens: Iterable[str]) -> float:
        return sum(idf.get(t, 1.0) if idf else 1.0 for t in tokens)

    total = w(a) + w(b)
    return 2 * w(a & b) / total if total else 0.0


def _idf(groups: Iterable[Sequence[_Label]]) -> dict[str, float]:
    df: Counter[str] = Counter()
    n = 0
    for labels in groups:
        n += 1
        df.update(set().union(*(lab.tokens for lab in labels)) if labels else set())
    return {t: math.log(1 + n / d) for t, d in df.items()}


def align(
    external: Graph | Path,
    onto: Ontology,
    *,
    min_score: float = DEFAULT_MIN_SCORE,
    kinds: Sequence[str] = CONCEPT_KINDS,
) -> list[Mapping]:
    """Proposed mappings from our concepts (of `kinds`) to the concepts of `external`."""
    if isinstance(external, Path):
        from ontology.converters import source_graph

        external = source_graph(str(external), external.parent)
    unknown = [k for k in kinds if k not in CONCEPT_KINDS]
    if unknown:
        raise OntologyError(f"unknown concept kind '{unknown[0]}'; use {', '.join(CONCEPT_KINDS)}")
    ours = [
        (c.id, _labels([c.name_en, c.name_zh], [*c.alt_en, *c.alt_zh]))
        for c in onto.concepts.values()
        if c.kind in kinds and not c.deprecated
    ]
    theirs_all = [(node, _external_labels(external, node)) for node in _external_concepts(external)]
    idf = _idf([labels for _, labels in ours] + [labels for _, labels in theirs_all])
    out: list[Mapping] = []
    for node, theirs in theirs_all:
        if not theirs:
            continue
        ranked = sorted(
            ((*score(labels, theirs, idf), cid) for cid, labels in ours),
            key=lambda t: (-t[1], -t[0], t[2]),
        )
        best_score, exact, cid = ranked[0] if ranked else (0.0, False, "")
        if exact or best_score >= min_score:
            relation: MatchRelation = "exactMatch" if exact else "closeMatch"
            out.append(
                Mapping(cid, relation, str(node), label_of(external, node), round(best_score, 3))
            )
    return sorted(out, key=lambda m: (m.concept, m.target))


def write_mappings(mappings: Iterable[Mapping]) -> Graph:
    """Mappings as Turtle-ready triples (plus each target's label, as in external.ttl)."""
    g = Graph()
    g.bind("skos", str(SKOS))
    g.bind("id", ID_NS)
    for m in mappings:
        target = URIRef(m.target)
        g.add((URIRef(ID_NS + m.concept), SKOS[m.relation], target))
        if m.target_label:
            g.add((target, SKOS.prefLabel, Literal(m.target_label, lang="en")))
    return g


def mappings_text(mappings: Sequence[Mapping], onto: Ontology) -> str:
    """One line per mapping: concept, relation, score, external label and IRI."""
    lines = []
    for m in mappings:
        c = onto.concepts.get(m.concept)
        name = c.label if c else ""
        shown = f"{m.score:.2f}" if m.score is not None else "  - "
        lines.append(
            f"{m.concept:<28} {cast(str, m.relation):<10} {shown}  "
            f"{m.target_label}  <{m.target}>  ({name})"
        )
    return "\n".join(lines)
