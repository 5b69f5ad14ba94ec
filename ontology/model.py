"""The ontology as Python values: concepts, the typed relations between them, errors.

Everything here is immutable. `Ontology` is built by `ontology.load.load_ontology`;
the other modules (validate, diff, export, align) only read it.

Example::

    onto = load_ontology()
    flood = onto.concepts["11A01"]               # Concept(id='11A01', name_zh='洪水', ...)
    [c.id for c in onto.of_kind("Capability")][:2]
    onto.needs("11A01", "II")                    # {'cap.aerial-reconnaissance': 0.6, ...}
    onto.get("11A1")    # OntologyError: unknown concept '11A1'; did you mean '11A01' 洪水 Flood?
"""

from __future__ import annotations

import collections.abc as cabc
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from rdflib import Graph

EMKG_NS = "https://w3id.org/emkg/ontology#"
ID_NS = "https://w3id.org/emkg/id/"
SHAPE_NS = "https://w3id.org/emkg/shapes#"
# External vocabularies we crosswalk to (see external.ttl and converters.py).
FEMA_CC_NS = "https://w3id.org/emkg/ext/fema-core-capability/"
RTLT_NS = "https://rtlt.preptoolkit.fema.gov/Public/Resource/View/"

# Taxonomy kinds, in the order they are written to the graph.
CONCEPT_KINDS: tuple[str, ...] = ("HazardType", "Capability", "TeamType", "EquipmentType")
# Most severe first: I 特别重大 > II 重大 > III 较大 > IV 一般.
RESPONSE_LEVELS: tuple[str, ...] = ("I", "II", "III", "IV")
CAPABILITY_LEVELS: tuple[int, ...] = (1, 2, 3, 4)
HAZARD_RANKS: tuple[str, ...] = ("category", "subcategory", "type")

# Id syntax per kind. HazardType: GB/T 35561-2017 category `1`..`4`, subcategory
# `1` + category digit + letter (`11A`), type = subcategory + 2 digits (`11A01`).
ID_PATTERNS: dict[str, str] = {
    "HazardType": r"^(?:[1-4]|1[1-4][A-Z](?:[0-9]{2})?)$",
    "Capability": r"^cap\.[a-z0-9]+(?:-[a-z0-9]+)*$",
    "TeamType": r"^tt\.[a-z0-9]+(?:-[a-z0-9]+)*$",
    "EquipmentType": r"^eq\.[a-z0-9]+(?:-[a-z0-9]+)*$",
}
ID_EXAMPLES: dict[str, str] = {
    "HazardType": "'11A01' (type), '11A' (subcategory), '1' (category)",
    "Capability": "'cap.water-rescue'",
    "TeamType": "'tt.water-rescue'",
    "EquipmentType": "'eq.rescue-boat'",
}

MatchRelation = Literal["exactMatch", "closeMatch", "broadMatch", "narrowMatch"]
Severity = Literal["error", "warning"]


class OntologyError(ValueError):
    """The ontology cannot be used as given; the message says what and how to fix it."""


def did_you_mean(value: str, known: cabc.Iterable[str], *, cutoff: float = 0.6) -> str:
    """``"; did you mean 'x'?"`` for the closest known value, or ``""``.

    >>> did_you_mean("Teem", ["Team", "Region"])
    "; did you mean 'Team'?"
    """
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=cutoff)
    return f"; did you mean '{close[0]}'?" if close else ""


def hazard_rank(code: str) -> str | None:
    """GB/T 35561 rank from the code's length: '1' category, '11A' subcategory, '11A01' type."""
    return {1: "category", 3: "subcategory", 5: "type"}.get(len(code))


def level_severity(level: str) -> int:
    """4 for 'I' (most severe) .. 1 for 'IV'; raises OntologyError for anything else."""
    if level not in RESPONSE_LEVELS:
        raise OntologyError(f"unknown response level '{level}'; use one of I, II, III, IV")
    return len(RESPONSE_LEVELS) - RESPONSE_LEVELS.index(level)


@dataclass(frozen=True)
class Concept:
    """A taxonomy concept (HazardType, Capability, TeamType or EquipmentType)."""

    id: str
    kind: str
    name_zh: str
    name_en: str
    alt_zh: tuple[str, ...] = ()
    alt_en: tuple[str, ...] = ()
    definition_zh: str = ""
    definition_en: str = ""
    broader: tuple[str, ...] = ()
    rank: str | None = None
    deprecated: bool = False
    rtlt: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """'洪水 Flood' - both names, for messages."""
        return f"{self.name_zh} {self.name_en}".strip()


@dataclass(frozen=True)
class Requirement:
    """Hazard REQUIRES capability {weight in (0,1], minLevel 'I'..'IV'}."""

    hazard: str
    capability: str
    weight: float
    min_level: str


@dataclass(frozen=True)
class Cascade:
    """Hazard MAY_TRIGGER hazard {likelihood in (0,1]}."""

    source: str
    target: str
    likelihood: float


@dataclass(frozen=True)
class Provision:
    """EquipmentType PROVIDES Capability."""

    equipment_type: str
    capability: str


@dataclass(frozen=True)
class TypicalCapability:
    """TeamType TYPICALLY_HAS Capability {level 1..4, 1 = most capable}."""

    team_type: str
    capability: str
    level: int


@dataclass(frozen=True)
class Mapping:
    """One of our concepts mapped to an external concept (SKOS mapping relation).

    `score` is set by `ontology.align.align` (label similarity, 0..1) and is None
    for mappings recorded in the ontology files.
    """

    concept: str
    relation: MatchRelation
    target: str
    target_label: str
    score: float | None = None


@dataclass(frozen=True)
class ValidationIssue:
    """A problem found by `ontology.validate.validate_files`, with where and how to fix it."""

    severity: Severity
    file: str | None
    line: int | None
    concept: str | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = self.file or "<ontology>"
        if self.line is not None:
            where += f":{self.line}"
        who = f" {self.concept}:" if self.concept else ""
        tag = "" if self.severity == "error" else " warning:"
        end = " " if self.message.endswith(("?", ".", "!")) else ". "
        return f"{where}:{tag}{who} {self.message}{end}Fix: {self.fix}"


@dataclass(frozen=True, eq=False)
class Ontology:
    """The loaded ontology: the merged RDF graph and the typed views the code uses."""

    graph: Graph
    concepts: cabc.Mapping[str, Concept]
    requirements: tuple[Requirement, ...] = ()
    cascades: tuple[Cascade, ...] = ()
    provisions: tuple[Provision, ...] = ()
    typical_capabilities: tuple[TypicalCapability, ...] = ()
    mappings: tuple[Mapping, ...] = ()
    files: tuple[Path, ...] = field(default=())

    def of_kind(self, kind: str) -> list[Concept]:
        """Concepts of one kind, sorted by id; an unknown kind raises OntologyError."""
        if kind not in CONCEPT_KINDS:
            raise OntologyError(f"unknown concept kind '{kind}'{did_you_mean(kind, CONCEPT_KINDS)}")
        return sorted((c for c in self.concepts.values() if c.kind == kind), key=lambda c: c.id)

    def get(self, concept_id: str, kind: str | None = None) -> Concept:
        """The concept with this id (of this kind); unknown ids raise with the closest ids."""
        c = self.concepts.get(concept_id)
        if c is not None and (kind is None or c.kind == kind):
            return c
        pool = [i for i, x in self.concepts.items() if kind is None or x.kind == kind]
        close = difflib.get_close_matches(concept_id, pool, n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}' {self.concepts[close[0]].label}?" if close else ""
        raise OntologyError(f"unknown {kind or 'concept'} '{concept_id}'{hint}")

    def ancestors(self, concept_id: str) -> list[str]:
        """Ids along BROADER from `concept_id` upwards (nearest first, no repeats)."""
        out: list[str] = []
        todo = list(self.get(concept_id).broader)
        while todo:
            cur = todo.pop(0)
            if cur in out or cur == concept_id or cur not in self.concepts:
                continue
            out.append(cur)
            todo.extend(self.concepts[cur].broader)
        return out

    def needs(self, hazard: str, level: str = "IV") -> dict[str, float]:
        """Capability -> weight that `hazard` needs at response `level`, inherited along BROADER.

        The highest weight wins when a hazard and its ancestors state the same need,
        as in the recommender's Cypher.
        """
        severity = level_severity(level)
        chain = {hazard, *self.ancestors(hazard)}
        out: dict[str, float] = {}
        for r in self.requirements:
            if r.hazard in chain and level_severity(r.min_level) <= severity:
                out[r.capability] = max(out.get(r.capability, 0.0), r.weight)
        return dict(sorted(out.items()))
