"""The national plans' grading criteria (grading.ttl) as typed, immutable Python values.

grading.ttl is where planners write which response level (I..IV) a plan gives
for which facts; this module reads it from the loaded ontology graph, once per
process for the shipped ontology. `queries.level.suggest_level` applies it.
A criterion holds for a stated value v when ``min <= v < max`` (Chinese
regulations: 以上 includes the number, 以下 does not); ``max`` None = no bound.

Example::

    rules = shipped_grading()
    quake = rules.plan("earthquake-2012")
    quake.name_zh, quake.covers                     # ('国家地震应急预案', ('11C00',))
    c = quake.criteria[0]
    c.level, c.fact, c.includes, c.min, c.max       # ('I', 'dead', ('missing',), 300.0, None)
    c.holds(300), c.holds(299)                      # (True, False)
    shipped_broader()["11C02"]                      # ('11C00', '11000', '10000')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from rdflib import DCTERMS, RDF, SKOS, Graph, Literal, URIRef

from ontology.errors import OntologyError, did_you_mean
from ontology.grading_terms import GRADING_NS, GradingTerms
from ontology.load import shipped_ontology
from ontology.model import RESPONSE_LEVELS, Ontology, level_severity
from ontology.terms import concept_id, number, texts

__all__ = [
    "GRADING_NS",
    "FactKind",
    "GradingCriterion",
    "GradingPlan",
    "GradingRules",
    "GradingTerms",
    "LevelLabel",
    "grading_rules",
    "hazard_broader",
    "shipped_broader",
    "shipped_grading",
]

T = GradingTerms


@dataclass(frozen=True)
class FactKind:
    """A situation fact a report states (`kind` is the parser's key), with zh/en label and unit."""

    kind: str
    label_zh: str
    label_en: str
    unit_zh: str
    unit_en: str


@dataclass(frozen=True)
class GradingCriterion:
    """One grading condition: `level` is met when the stated `fact` (plus `includes`,
    summed) lies in [min, max). `source` is the criterion's own or else its plan's."""

    id: str
    plan: str
    level: str
    fact: str
    min: float
    max: float | None
    description_zh: str
    description_en: str
    source: str
    includes: tuple[str, ...] = ()

    @property
    def facts(self) -> tuple[str, ...]:
        """Every fact kind counted: ('dead', 'missing') for 死亡（含失踪）."""
        return (self.fact, *self.includes)

    def holds(self, value: float) -> bool:
        """True when `value` meets the criterion: min <= value < max."""
        return self.min <= value and (self.max is None or value < self.max)


@dataclass(frozen=True)
class GradingPlan:
    """A national special plan's grading (or one rule set of it) and the hazards it grades.

    `covers` holds GB/T 35561 codes; a broader code covers its whole subtree.
    `criteria` are ordered most severe level first, then by fact and threshold.
    """

    id: str
    name_zh: str
    name_en: str
    covers: tuple[str, ...]
    source: str
    criteria: tuple[GradingCriterion, ...]


@dataclass(frozen=True)
class LevelLabel:
    """A response level's zh and en name from core.ttl ('Ⅲ级（较大）', 'Level III (...)')."""

    zh: str
    en: str


@dataclass(frozen=True)
class GradingRules:
    """Every grading plan, the fact kinds they read and the response levels' names."""

    plans: tuple[GradingPlan, ...]
    fact_kinds: Mapping[str, FactKind]
    level_labels: Mapping[str, LevelLabel]

    def plan(self, plan_id: str) -> GradingPlan:
        """The plan with this id; OntologyError with a suggestion for an unknown one."""
        for p in self.plans:
            if p.id == plan_id:
                return p
        known = [p.id for p in self.plans]
        raise OntologyError(f"unknown grading plan '{plan_id}'{did_you_mean(plan_id, known)}")


def grading_rules(graph: Graph) -> GradingRules:
    """Read the grading plans of an ontology graph (every file merged).

    Raises `OntologyError` naming the entry when one cannot be read (a missing
    level, an unknown fact kind, a plan without criteria); `emkg ontology
    validate` says the same with file and line.
    """
    facts = _fact_kinds(graph)
    by_node = {node: kind.kind for node, kind in facts.items()}
    criteria: dict[URIRef, list[GradingCriterion]] = {}
    for s in sorted(set(graph.subjects(RDF.type, T.GradingCriterion)), key=str):
        if isinstance(s, URIRef):
            plan_node, criterion = _criterion(graph, s, by_node)
            criteria.setdefault(plan_node, []).append(criterion)
    plans = []
    for s in sorted(set(graph.subjects(RDF.type, T.GradingPlan)), key=str):
        if isinstance(s, URIRef):
            plans.append(_plan(graph, s, criteria.pop(s, [])))
    if criteria:
        orphan = _local(sorted(criteria, key=str)[0])
        raise OntologyError(f"grading criterion of '{orphan}' is no emkg:GradingPlan; {_FIX}")
    return GradingRules(
        plans=tuple(plans),
        fact_kinds=MappingProxyType({k.kind: k for k in sorted(facts.values(), key=_kind)}),
        level_labels=MappingProxyType(_level_labels(graph)),
    )


@cache
def shipped_grading() -> GradingRules:
    """The shipped grading rules, read once per process."""
    return grading_rules(shipped_ontology().graph)


def hazard_broader(onto: Ontology) -> Mapping[str, tuple[str, ...]]:
    """Hazard id -> its parent chain, nearest first ('11C02' -> ('11C00', '11000', '10000'))."""
    return MappingProxyType({c.id: tuple(onto.ancestors(c.id)) for c in onto.of_kind("HazardType")})


@cache
def shipped_broader() -> Mapping[str, tuple[str, ...]]:
    """`hazard_broader` of the shipped ontology, computed once per process."""
    return hazard_broader(shipped_ontology())


# ---------------------------------------------------------------------------
# Reading the graph
# ---------------------------------------------------------------------------

_FIX = "see the header of grading.ttl, and run `emkg ontology validate`"


def _kind(k: FactKind) -> str:
    return k.kind


def _local(node: object) -> str:
    text = str(node)
    return text[len(GRADING_NS) :] if text.startswith(GRADING_NS) else text


def _text(graph: Graph, s: URIRef, p: URIRef, lang: str, what: str) -> str:
    found = texts(graph, s, p, lang)
    if not found:
        raise OntologyError(f"grading '{_local(s)}' has no {what} @{lang}; {_FIX}")
    return found[0]


def _fact_kinds(graph: Graph) -> dict[URIRef, FactKind]:
    out: dict[URIRef, FactKind] = {}
    for s in sorted(set(graph.subjects(RDF.type, T.FactKind)), key=str):
        notation = graph.value(s, SKOS.notation)
        if not isinstance(s, URIRef) or not isinstance(notation, Literal):
            raise OntologyError(f"fact kind '{_local(s)}' has no skos:notation; {_FIX}")
        out[s] = FactKind(
            kind=str(notation),
            label_zh=_text(graph, s, SKOS.prefLabel, "zh", "skos:prefLabel"),
            label_en=_text(graph, s, SKOS.prefLabel, "en", "skos:prefLabel"),
            unit_zh=next(iter(texts(graph, s, T.unit, "zh")), ""),
            unit_en=next(iter(texts(graph, s, T.unit, "en")), ""),
        )
    return out


def _criterion(
    graph: Graph, s: URIRef, facts: Mapping[URIRef, str]
) -> tuple[URIRef, GradingCriterion]:
    cid = _local(s)
    plan = graph.value(s, T.criterionOf)
    level = graph.value(s, T.responseLevel)
    if not isinstance(plan, URIRef):
        raise OntologyError(f"grading criterion '{cid}' has no emkg:criterionOf; {_FIX}")
    if level is None or str(level) not in RESPONSE_LEVELS:
        raise OntologyError(
            f"grading criterion '{cid}': emkg:responseLevel is {level or 'missing'}, "
            f"not one of {', '.join(RESPONSE_LEVELS)}; {_FIX}"
        )

    def fact_of(node: object) -> str:
        if not isinstance(node, URIRef) or node not in facts:
            known = [_local(n) for n in facts]
            hint = did_you_mean(_local(node), known)
            raise OntologyError(
                f"grading criterion '{cid}' names fact '{_local(node)}', "
                f"which is no emkg:FactKind{hint}; {_FIX}"
            )
        return facts[node]

    low = number(graph.value(s, T.minInclusive))
    high_node = graph.value(s, T.maxExclusive)
    high = number(high_node)
    if low is None or (high_node is not None and high is None):
        raise OntologyError(f"grading criterion '{cid}': a bound is missing or no number; {_FIX}")
    if high is not None and low >= high:
        raise OntologyError(
            f"grading criterion '{cid}': emkg:minInclusive {low:g} is not below "
            f"emkg:maxExclusive {high:g}; {_FIX}"
        )
    source = graph.value(s, DCTERMS.source) or graph.value(plan, DCTERMS.source)
    return plan, GradingCriterion(
        id=cid,
        plan=_local(plan),
        level=str(level),
        fact=fact_of(graph.value(s, T.fact)),
        includes=tuple(sorted(fact_of(n) for n in graph.objects(s, T.includesFact))),
        min=low,
        max=high,
        description_zh=_text(graph, s, DCTERMS.description, "zh", "dcterms:description"),
        description_en=_text(graph, s, DCTERMS.description, "en", "dcterms:description"),
        source=str(source or ""),
    )


def _plan(graph: Graph, s: URIRef, criteria: list[GradingCriterion]) -> GradingPlan:
    pid = _local(s)
    covers = tuple(sorted(c for o in graph.objects(s, T.covers) if (c := concept_id(o))))
    if not covers:
        raise OntologyError(f"grading plan '{pid}' covers no hazard (emkg:covers); {_FIX}")
    if not criteria:
        raise OntologyError(f"grading plan '{pid}' has no criterion; {_FIX}")
    return GradingPlan(
        id=pid,
        name_zh=_text(graph, s, SKOS.prefLabel, "zh", "skos:prefLabel"),
        name_en=_text(graph, s, SKOS.prefLabel, "en", "skos:prefLabel"),
        covers=covers,
        source=str(graph.value(s, DCTERMS.source) or ""),
        criteria=tuple(
            sorted(criteria, key=lambda c: (-level_severity(c.level), c.fact, c.min, c.id))
        ),
    )


def _level_labels(graph: Graph) -> dict[str, LevelLabel]:
    out: dict[str, LevelLabel] = {}
    for s in graph.subjects(RDF.type, T.ResponseLevel):
        notation = graph.value(s, SKOS.notation)
        if isinstance(s, URIRef) and notation is not None and str(notation) in RESPONSE_LEVELS:
            zh, en = texts(graph, s, SKOS.prefLabel, "zh"), texts(graph, s, SKOS.prefLabel, "en")
            out[str(notation)] = LevelLabel(zh[0] if zh else "", en[0] if en else "")
    missing = [lvl for lvl in RESPONSE_LEVELS if lvl not in out]
    if missing:
        raise OntologyError(
            f"core.ttl: no emkg:ResponseLevel with skos:notation {', '.join(missing)}; "
            "the grading texts name levels by these labels"
        )
    return {lvl: out[lvl] for lvl in RESPONSE_LEVELS}
