"""Checks on the links between concepts: references, qualified relations, cycles, coverage.

Part of `emkg ontology validate` (see `ontology.checks` for the shared `Context`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from rdflib import SKOS, BNode, Graph, URIRef

from ontology.checks import Context, LazyWhere, at_subject, lazy_where
from ontology.model import CAPABILITY_LEVELS, ID_NS, ValidationIssue
from ontology.registry import relationship
from ontology.relation_rules import (
    Interval,
    cascade_likelihood,
    qualified_relations,
    requirement_rule,
)
from ontology.terms import EMKG, concept_id, number

# EquipmentType PROVIDES Capability and SERVES HazardType: the taxonomy relationships
# written as plain triples.
_PLAIN = {EMKG.PROVIDES: relationship("PROVIDES"), EMKG.SERVES: relationship("SERVES")}
# Qualified (n-ary) properties: owner kind, and for each inner property the target kind.
QUALIFIED: dict[URIRef, tuple[str, dict[URIRef, str]]] = {
    q.prop: (q.owner, {q.ref: q.target}) for q in qualified_relations()
}
# The literal properties each qualified relation carries (exactly one value each).
QUALIFIED_VALUES: dict[URIRef, tuple[URIRef, ...]] = {
    q.prop: q.values for q in qualified_relations()
}


def _owner(g: Graph, node: BNode) -> tuple[URIRef, URIRef] | None:
    for s, p in g.subject_predicates(node):
        if isinstance(s, URIRef) and isinstance(p, URIRef):
            return s, p
    return None


def check_references(ctx: Context) -> Iterator[ValidationIssue]:
    """No dangling ids; every reference points at a concept of the right kind."""
    g, loc = ctx.graph, ctx.locator
    subjects = {x for x in g.subjects() if isinstance(x, URIRef) and concept_id(x)}
    for subj in sorted(subjects, key=str):
        if ctx.kind_of(subj) is None:
            yield ctx.issue(
                "error",
                loc.subject(str(subj)),
                concept_id(subj),
                f"statements about {ctx.unknown(subj, None)}: it is not declared",
                "fix the id, or declare it with `a emkg:<Kind>` and its labels",
            )
    for s, p, o in sorted(g, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
        if not (isinstance(o, URIRef) and isinstance(p, URIRef) and concept_id(o)):
            continue
        found = (s, p) if isinstance(s, URIRef) else _owner(g, s) if isinstance(s, BNode) else None
        if found is None:
            continue
        owner, via = found
        want = _expected_kind(ctx, owner, via, p)
        got = ctx.kind_of(o)
        if want is None or got == want:
            continue
        where = lazy_where(loc, owner, o)
        what = p.n3(g.namespace_manager)
        if got is None:
            yield ctx.issue(
                "error",
                where,
                concept_id(owner),
                f"{what} points to {ctx.unknown(o, want)}",
                f"use the id of an existing {want}, or declare id:{concept_id(o)} a emkg:{want}",
            )
        else:
            yield ctx.issue(
                "error",
                where,
                concept_id(owner),
                f"{what} points to {got} '{concept_id(o)}' but must point to a {want}",
                f"use the id of a {want}",
            )


def _expected_kind(ctx: Context, owner: URIRef, via: URIRef, p: URIRef) -> str | None:
    if via in QUALIFIED:
        return QUALIFIED[via][1].get(p)
    if p == SKOS.broader:
        return ctx.kind_of(owner)
    if p in _PLAIN:
        return _PLAIN[p].range[0]
    return None


def check_relations(ctx: Context) -> Iterator[ValidationIssue]:
    """Requirements, cascades, typical capabilities, provisions, services: complete, in range,
    unique."""
    g, loc = ctx.graph, ctx.locator
    seen: dict[tuple[str, str, str], float | None] = {}
    for prop, (owner_kind, inner) in QUALIFIED.items():
        name = prop.n3(g.namespace_manager)
        ref = next(iter(inner))
        for s, node in sorted(g.subject_objects(prop), key=lambda t: (str(t[0]), str(t[1]))):
            cid = concept_id(s) or str(s)
            target = g.value(node, ref) if isinstance(node, BNode | URIRef) else None
            where = lazy_where(loc, s, target)
            if ctx.kind_of(s) not in (owner_kind, None):
                yield ctx.issue(
                    "error",
                    where,
                    cid,
                    f"{name} is only for {owner_kind} concepts",
                    f"move it to a {owner_kind}",
                )
            if target is None:
                yield ctx.issue(
                    "error",
                    where,
                    cid,
                    f"a {name} has no {ref.n3(g.namespace_manager)}",
                    "add the missing reference",
                )
                continue
            key = (str(prop), cid, str(concept_id(target) or target))
            if key in seen:
                yield ctx.issue(
                    "error",
                    where,
                    cid,
                    f"{name} to {key[2]} is stated twice",
                    "keep a single statement",
                )
            seen[key] = None
            for inner_prop in (ref, *QUALIFIED_VALUES[prop]):
                n = len(set(g.objects(node, inner_prop))) if isinstance(node, BNode) else 0
                if n > 1:
                    qname = inner_prop.n3(g.namespace_manager)
                    yield ctx.issue(
                        "error",
                        where,
                        cid,
                        f"a {name} to {key[2]} has {n} values for {qname}",
                        f"keep exactly one {qname}",
                    )
            yield from _values(ctx, prop, node, cid, key[2], where)
    for prop, rel in _PLAIN.items():
        for s, o in g.subject_objects(prop):
            if ctx.kind_of(s) not in (*rel.domain, None):
                yield ctx.issue(
                    "error",
                    loc.in_blocks(str(s), str(o)),
                    concept_id(s),
                    f"emkg:{rel.type} is only for {' or '.join(rel.domain)} concepts",
                    "move it to an equipment type",
                )


# Numeric values of qualified relations: (value property, relation name, example), and range.
_NUMBERS: dict[URIRef, tuple[URIRef, str, str, Callable[[], Interval]]] = {
    EMKG.requirement: (
        EMKG.weight,
        "requirement",
        "e.g. 1.0 if essential, 0.5 if useful",
        lambda: requirement_rule().weight,
    ),
    EMKG.cascade: (EMKG.likelihood, "cascade", "e.g. 0.3", cascade_likelihood),
}


def _values(
    ctx: Context, prop: URIRef, node: object, cid: str, target: str, where: LazyWhere
) -> Iterator[ValidationIssue]:
    g = ctx.graph
    subject = node if isinstance(node, BNode | URIRef) else None
    if prop in _NUMBERS:
        value, relation, example, allowed = _NUMBERS[prop]
        name = "emkg:" + str(value).rsplit("#", 1)[-1]
        yield from _number(
            ctx,
            g.value(subject, value),
            name,
            allowed(),
            f"{relation} {cid} -> {target}",
            cid,
            where,
            f"a decimal in {allowed()}, {example}",
        )
    if prop == EMKG.requirement:
        levels = requirement_rule().min_levels
        level = g.value(subject, EMKG.minLevel)
        if level is None or str(level) not in levels:
            shown = f"'{level}'" if level is not None else "missing"
            quoted = [f'"{x}"' for x in levels]
            yield ctx.issue(
                "error",
                where,
                cid,
                f"requirement {cid} -> {target}: emkg:minLevel is {shown}",
                f"set emkg:minLevel to {', '.join(quoted[:-1])} or {quoted[-1]}",
            )
    elif prop == EMKG.cascade:
        if target == cid:
            yield ctx.issue(
                "error", where, cid, "a hazard cannot trigger itself", "remove the cascade"
            )
    else:
        capability_level = number(g.value(subject, EMKG.level))
        if capability_level not in [float(x) for x in CAPABILITY_LEVELS]:
            yield ctx.issue(
                "error",
                where,
                cid,
                f"typical capability {cid} -> {target}: "
                f"emkg:level is {g.value(subject, EMKG.level) or 'missing'}",
                "set emkg:level to 1 (most capable), 2, 3 or 4",
            )


def _number(
    ctx: Context,
    value: object,
    name: str,
    allowed: Interval,
    what: str,
    cid: str,
    where: LazyWhere,
    fix: str,
) -> Iterator[ValidationIssue]:
    x = number(value)
    if x is None:
        shown = f"'{value}'" if value is not None else "missing"
        yield ctx.issue("error", where, cid, f"{what}: {name} is {shown}", f"set {name} to {fix}")
    elif x not in allowed:
        yield ctx.issue(
            "error",
            where,
            cid,
            f"{what}: {name} {value} is outside {allowed}",
            f"set {name} to {fix}",
        )


def check_cycles(ctx: Context) -> Iterator[ValidationIssue]:
    """skos:broader never loops back (the recommender walks it upwards)."""
    parents = {
        c.id: [b for b in c.broader if b in ctx.onto.concepts] for c in ctx.onto.concepts.values()
    }
    reported: set[frozenset[str]] = set()
    for start in sorted(parents):
        path: list[str] = []
        cur: str | None = start
        while cur is not None and cur not in path:
            path.append(cur)
            nxt = parents.get(cur) or []
            cur = nxt[0] if nxt else None
        if cur is None:
            continue
        cycle = path[path.index(cur) :]
        if frozenset(cycle) in reported:
            continue
        reported.add(frozenset(cycle))
        first, second = cycle[0], (cycle[1] if len(cycle) > 1 else cycle[0])
        where = ctx.locator.in_blocks(ID_NS + first, ID_NS + second)
        yield ctx.issue(
            "error",
            where,
            first,
            "skos:broader cycle " + " -> ".join([*cycle, cycle[0]]),
            f"remove the skos:broader from {first} to {second}: "
            "a concept must not be its own ancestor",
        )


def check_coverage(ctx: Context) -> Iterator[ValidationIssue]:
    """Warnings for capabilities the recommender can never use or never fill."""
    required = {r.capability for r in ctx.onto.requirements}
    typical = {t.capability for t in ctx.onto.typical_capabilities}
    for c in ctx.onto.of_kind("Capability"):
        if c.deprecated:
            continue
        where = at_subject(ctx, URIRef(ID_NS + c.id))
        if c.id not in required:
            yield ctx.issue(
                "warning",
                where,
                c.id,
                "no hazard requires this capability",
                "add an emkg:requirement in requirements.ttl, or deprecate it",
            )
        if c.id not in typical:
            yield ctx.issue(
                "warning",
                where,
                c.id,
                "no team type typically has this capability,"
                " so no team type can be suggested for it",
                "add it to a team type's emkg:typicalCapability in team_types.ttl",
            )
