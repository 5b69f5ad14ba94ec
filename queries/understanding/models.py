"""What a report says, as the parser reads it (frozen dataclasses, pure).

Every item keeps the span of the text it came from, so the UI can highlight it
and a commander can see why; `TextSpan` is shared with the recommender.
"""

from __future__ import annotations

from dataclasses import dataclass

from queries.level import LevelSuggestion
from queries.models import ConceptRef, GeoPoint, ResolvedHazard, TextSpan


@dataclass(frozen=True)
class NumberMention:
    """A number in the text: 12, 二十余 (20), 1.2万 (12000), 'three', with its unit."""

    value: float
    span: TextSpan
    unit: str  # '' when none: 人, 名, 间, 元, 级, people, yuan ...
    approximate: bool = False  # 余, 多, 几, 'more than', 'at least'


@dataclass(frozen=True)
class Fact:
    """A situation fact: kind (FACT_KINDS), its value, and where the text states it."""

    kind: str
    value: float | bool
    span: TextSpan
    negated: bool = False  # stated as none: 无人员伤亡 -> dead 0, injured 0


@dataclass(frozen=True)
class HazardMention:
    """A hazard named in the text by one of its labels or synonyms."""

    hazard: ConceptRef
    span: TextSpan
    term: str  # the label or synonym that matched
    negated: bool = False  # 未发生泄漏 / no fire


@dataclass(frozen=True)
class PlaceMatch:
    """The administrative region the text names (the most specific one)."""

    region: ConceptRef
    rank: str  # province | city | county
    span: TextSpan
    location: GeoPoint | None
    chain: tuple[ConceptRef, ...] = ()  # its parents, innermost first


@dataclass(frozen=True)
class DraftScenario:
    """The scenario a report describes, for the commander to check before recommending."""

    text: str
    hazards: tuple[ResolvedHazard, ...]
    facts: tuple[Fact, ...]
    place: PlaceMatch | None
    level: LevelSuggestion | None  # from the national plans' grading criteria; a suggestion
    recognized: bool  # False: no hazard could be read; `suggestions` lists the closest types
    suggestions: tuple[ConceptRef, ...] = ()
    # When hazards are read: the next likeliest types, only offered (alternatives.py); they
    # never enter `hazards`, drive no forces and leave `recognized` as it is.
    alternatives: tuple[ConceptRef, ...] = ()
    negated_hazards: tuple[HazardMention, ...] = ()
    possible_hazards: tuple[HazardMention, ...] = ()  # said as what may follow (hedges.py)
    # Not an incident: a drill, an anniversary, an awareness text (occasions.py), when that
    # is all the text names; occasion_hazards lists what it names for it either way.
    occasion: str | None = None
    occasion_hazards: tuple[HazardMention, ...] = ()
    unread: tuple[TextSpan, ...] = ()  # clauses nothing was read from
    truncated: bool = False  # the text was longer than MAX_REPORT_CHARS
