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

# Re-exported: the leaves below are where these live; most code imports them from here.
from ontology.errors import OntologyError as OntologyError
from ontology.errors import did_you_mean as did_you_mean
from ontology.namespaces import EMKG_NS as EMKG_NS
from ontology.namespaces import FEMA_CC_NS as FEMA_CC_NS
from ontology.namespaces import ID_NS as ID_NS
from ontology.namespaces import RTLT_NS as RTLT_NS
from ontology.namespaces import SHAPE_NS as SHAPE_NS
from ontology.registry import CONCEPT_KINDS as CONCEPT_KINDS

# Most severe first: I 特别重大 > II 重大 > III 较大 > IV 一般.
RESPONSE_LEVELS: tuple[str, ...] = ("I", "II", "III", "IV")
CAPABILITY_LEVELS: tuple[int, ...] = (1, 2, 3, 4)

# Id syntax per kind. HazardType: the five-character GB/T 35561-2017 event code
# (HAZARD_CODES.md): root `10000`, category `1x000`, subcategory `1xY00`, type
# `1xYnn`; EMKG's own types `1xYXn` (an `X` where the standard always has digits).
ID_PATTERNS: dict[str, str] = {
    "HazardType": r"^1[0-9](?:000|[A-Z](?:[0-9]{2}|X[0-9]))$",
    "Capability": r"^cap\.[a-z0-9]+(?:-[a-z0-9]+)*$",
    "TeamType": r"^tt\.[a-z0-9]+(?:-[a-z0-9]+)*$",
    "EquipmentType": r"^eq\.[a-z0-9]+(?:-[a-z0-9]+)*$",
}
ID_EXAMPLES: dict[str, str] = {
    "HazardType": "'11A01' (type), '11A00' (subcategory), '11000' (category)",
    "Capability": "'cap.water-rescue'",
    "TeamType": "'tt.water-rescue'",
    "EquipmentType": "'eq.rescue-boat'",
}

MatchRelation = Literal["exactMatch", "closeMatch", "broadMatch", "narrowMatch"]
Severity = Literal["error", "warning"]


HAZARD_ROOT = "10000"  # 突发事件: every category's parent


def hazard_rank(code: str) -> str | None:
    """GB/T 35561 rank of an event code.

    >>> [hazard_rank(c) for c in ("10000", "11000", "11A00", "11A01", "12YX1", "11A")]
    ['root', 'category', 'subcategory', 'type', 'type', None]
    """
    if len(code) != 5:
        return None
    if code == HAZARD_ROOT:
        return "root"
    if code.endswith("000"):
        return "category"
    return "subcategory" if code.endswith("00") else "type"


def hazard_parent(code: str) -> str | None:
    """The code one level up: '11A01' -> '11A00' -> '11000' -> '10000' -> None."""
    rank = hazard_rank(code)
    if rank == "type":
        return code[:3] + "00"
    if rank == "subcategory":
        return code[:2] + "000"
    return HAZARD_ROOT if rank == "category" else None


def is_extension_code(code: str) -> bool:
    """EMKG's own hazard types (`12YX1` 溺水事故), outside the standard's table."""
    return len(code) == 5 and code[3] == "X"


def level_severity(level: str) -> int:
    """4 for 'I' (most severe) .. 1 for 'IV'; raises OntologyError for anything else."""
    if level not in RESPONSE_LEVELS:
        raise OntologyError(f"unknown response level '{level}'; use one of I, II, III, IV")
    return len(RESPONSE_LEVELS) - RESPONSE_LEVELS.index(level)


# A concept's label properties as the graph stores them (Concept.name_zh -> nameZh, ...):
# what planners curate, what an export writes first.
LABEL_PROPERTIES: tuple[str, ...] = (
    "nameZh",
    "nameEn",
    "altZh",
    "altEn",
    "definitionZh",
    "definitionEn",
)


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
class LegacyCode:
    """A hazard id EMKG used before it adopted the GB/T 35561 event codes (2026-12).

    `code` may equal a current code with another meaning (old `11B02` 暴雨 is
    now `11B03`; today's `11B02` is 龙卷风): `replaced_by` is what it meant.
    """

    code: str
    replaced_by: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class CodeResolution:
    """What a hazard code given by a user or a data file stands for today."""

    given: str
    id: str
    warning: str | None = None


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
class HazardService:
    """EquipmentType SERVES HazardType: suggested for that hazard and every narrower one."""

    equipment_type: str
    hazard: str


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
    services: tuple[HazardService, ...] = ()
    typical_capabilities: tuple[TypicalCapability, ...] = ()
    mappings: tuple[Mapping, ...] = ()
    legacy_codes: cabc.Mapping[str, LegacyCode] = field(default_factory=dict)
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

    def resolve_hazard_code(self, code: str) -> CodeResolution:
        """A current hazard code as is; an old EMKG code translated, with a warning.

        A code that is current keeps its current meaning; if EMKG once used it
        for something else, the warning says so (old `11B02` 暴雨 is `11B03`).
        Unknown codes raise `OntologyError` with the closest code.

        >>> onto.resolve_hazard_code("12F01").id        # old 建筑火灾
        '12G03'
        """
        old = self.legacy_codes.get(code)
        current = self.concepts.get(code)
        if current is not None and current.kind == "HazardType":
            if old is None or old.replaced_by == code:
                return CodeResolution(code, code)
            new = self.concepts.get(old.replaced_by)
            shown = f"'{new.id}' {new.label}" if new else f"'{old.replaced_by}'"
            return CodeResolution(
                code,
                code,
                f"hazard code '{code}' is {current.label} (GB/T 35561); before 2026-12 EMKG "
                f"used it for {old.name_zh} {old.name_en}, which is now {shown}",
            )
        if old is not None:
            new = self.get(old.replaced_by, "HazardType")
            return CodeResolution(
                code,
                new.id,
                f"hazard code '{code}' ({old.name_zh} {old.name_en}) is deprecated; "
                f"read as '{new.id}' {new.label}: use '{new.id}' (GB/T 35561)",
            )
        return CodeResolution(code, self.get(code, "HazardType").id)

    def retired_codes(self) -> dict[str, str]:
        """Old hazard id -> current code, for the old ids that are no current code
        (those loads translate, and whose presence in a graph marks it as old)."""
        return {c: x.replaced_by for c, x in self.legacy_codes.items() if c not in self.concepts}

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
