"""Typed results of the decision queries (frozen dataclasses; parsed from records in one place)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ontology.problems import CatalogMessage


class ResponseLevel(StrEnum):
    I = "I"  # 特别重大  # noqa: E741
    II = "II"  # 重大
    III = "III"  # 较大
    IV = "IV"  # 一般

    @property
    def severity(self) -> int:
        """4 for level I (most severe) down to 1 for level IV."""
        return {"I": 4, "II": 3, "III": 2, "IV": 1}[self.value]


@dataclass(frozen=True)
class GeoPoint:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Scenario:
    location: GeoPoint
    response_level: ResponseLevel
    hazard_codes: tuple[str, ...] = ()
    description: str | None = None
    max_travel_minutes: int | None = None
    max_teams: int | None = None
    required_capabilities: tuple[str, ...] = ()
    exclude_teams: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConceptRef:
    id: str
    name_zh: str
    name_en: str

    @classmethod
    def of(
        cls,
        m: Mapping[str, Any],
        keys: tuple[str, str, str] = ("id", "nameZh", "nameEn"),
        *,
        or_id: bool = False,
    ) -> ConceptRef:
        """A concept from a RETURN map {id, nameZh, nameEn} (or the three `keys` given); a
        missing name is "" (with `or_id`, the id).

        Example::

            ConceptRef.of({"id": "11A01", "nameZh": "洪水", "nameEn": None})
            # ConceptRef(id='11A01', name_zh='洪水', name_en='')
        """
        id_key, zh_key, en_key = keys
        node_id = str(m[id_key])
        blank = node_id if or_id else ""
        return cls(node_id, m.get(zh_key) or blank, m.get(en_key) or blank)


@dataclass(frozen=True)
class TextSpan:
    """A piece of the scenario's description: text[start:end] (Python string offsets)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Term:
    """A word from the message catalog's closed vocabulary (e.g. "mobility.ground"): the
    renderer shows it in the reader's language."""

    key: str


# A reason parameter: a number, verbatim text (ids, codes), a catalog term, a named concept
# (shown by its name in the reader's language) or a list of them.
ParamValue = int | float | str | Term | ConceptRef | tuple[ConceptRef, ...]


@dataclass(frozen=True)
class Reason(CatalogMessage[ParamValue]):
    """Why, as data: a catalog code and its parameters, rendered per locale by the API
    (api/messages.py) and the UI (api/static/js/reasons.js) from api/static/i18n/reasons.json.

    Example::

        Reason.of("EXPERT_NEAR", distanceKm=12.5)  # 距事发地 12.5 公里，可到场
    """


@dataclass(frozen=True)
class ResolvedHazard:
    hazard: ConceptRef
    confidence: float  # 1.0 for a code; the mention's or search hit's score; cascade likelihood
    via: str  # "code", "mention", "search", "cascade from 11C02"
    trigger: ConceptRef | None = None  # cascades: the hazard that may trigger this one
    evidence: tuple[TextSpan, ...] = ()  # mentions: where the description names the hazard


@dataclass(frozen=True)
class TeamSummary:
    id: str
    name_zh: str
    name_en: str
    status: str
    location: GeoPoint
    mobility: str
    admin_level: str
    readiness_minutes: int
    team_type: str | None = None
    headcount: int | None = None


@dataclass(frozen=True)
class Deployment:
    """A past incident the team was deployed to, on one of the scenario's hazards."""

    incident: ConceptRef
    hazard: str


@dataclass(frozen=True)
class CandidateTeam:
    """A team as the candidate queries return it: where, how fast, which needed capabilities."""

    team: TeamSummary
    distance_km: float
    eta_minutes: float
    capabilities: tuple[tuple[str, int], ...]  # (capability id, level 1-4) among the needs
    deployments: tuple[Deployment, ...] = ()


@dataclass(frozen=True)
class NearestTeam:
    """The nearest team that could fill a gap, beyond the scenario's limits."""

    team: TeamSummary
    distance_km: float
    eta_minutes: float


@dataclass(frozen=True)
class CapabilityNeed:
    capability: ConceptRef
    weight: float  # 0..1
    sources: tuple[str, ...] = ()  # hazard codes, plan ids, "requested"
    needed_level: int = 4  # capability level 1-4 a team should hold (1 = most capable)
    units: int = 1  # how many teams should bring it
    nearest_team: NearestTeam | None = None  # gaps only
    # gaps only: noTeam, allBusy, excluded, tooFar, maxTeams, lowPriority (queries/README.md)
    limited_by: str | None = None
    units_provided: int = 0  # gaps only: units the package brings (fewer than `units`)
    busy_teams: int = 0  # gaps only: holders deployed or unavailable (allBusy)
    excluded_teams: int = 0  # gaps only: holders the commander excluded


@dataclass(frozen=True)
class PlanSummary:
    id: str
    name_zh: str
    name_en: str
    level: str
    issuer: str | None = None


@dataclass(frozen=True)
class Prescription:
    """One thing a plan prescribes at the scenario's level, and whether the package meets it."""

    kind: str  # "capability" | "teamType" | "team"
    item: ConceptRef
    met: bool = False  # set by queries.plan_check.assess_plans against the force package
    provided_by: tuple[ConceptRef, ...] = ()  # the package's teams that meet it


@dataclass(frozen=True)
class PlanMatch:
    plan: PlanSummary
    reasons: tuple[Reason, ...]  # scope (hazards, region), then what it prescribes (once)
    hazards: tuple[ConceptRef, ...]
    prescribed_capabilities: tuple[ConceptRef, ...] = ()
    prescribed_team_types: tuple[str, ...] = ()
    prescribed_teams: tuple[str, ...] = ()
    prescriptions: tuple[Prescription, ...] = ()
    assessed: bool = False  # prescriptions checked against a force package


@dataclass(frozen=True)
class ScoreBreakdown:
    """Each component in [0, 1]; score = sum of weight x component (scoring.WEIGHTS)."""

    coverage: float
    eta: float
    readiness: float
    plan: float
    experience: float


@dataclass(frozen=True)
class ExplanationNode:
    id: str
    kind: str  # team | capability | hazard | plan | incident
    label: str  # the Chinese name
    label_en: str = ""


@dataclass(frozen=True)
class ExplanationEdge:
    source: str
    target: str
    type: str  # the graph relationship type, e.g. HAS_CAPABILITY
    label: Reason  # EDGE_<type> in the catalog, e.g. EDGE_HAS_CAPABILITY {level}


@dataclass(frozen=True)
class Explanation:
    nodes: tuple[ExplanationNode, ...]
    edges: tuple[ExplanationEdge, ...]


@dataclass(frozen=True)
class TeamRecommendation:
    team: TeamSummary
    score: float
    distance_km: float
    eta_minutes: float
    covers: tuple[ConceptRef, ...]
    reasons: tuple[Reason, ...]
    breakdown: ScoreBreakdown | None = None
    explanation: Explanation | None = None


@dataclass(frozen=True)
class ExpertSummary:
    id: str
    name_zh: str
    name_en: str
    affiliation: str | None
    location: GeoPoint | None


@dataclass(frozen=True)
class ExpertRecommendation:
    expert: ExpertSummary
    score: float
    distance_km: float
    reasons: tuple[Reason, ...]
    topics: tuple[ConceptRef, ...] = ()


@dataclass(frozen=True)
class EquipmentSummary:
    id: str
    name_zh: str
    name_en: str
    location: GeoPoint | None


@dataclass(frozen=True)
class EquipmentSuggestion:
    equipment: EquipmentSummary
    equipment_type: ConceptRef
    capability: ConceptRef
    quantity: int
    holder: ConceptRef
    holder_kind: str  # "team" | "depot"
    distance_km: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class ForceRecommendation:
    hazards: tuple[ResolvedHazard, ...]
    required_capabilities: tuple[CapabilityNeed, ...]
    force_package: tuple[TeamRecommendation, ...]
    candidates: tuple[TeamRecommendation, ...]
    gaps: tuple[CapabilityNeed, ...]
    plans: tuple[PlanMatch, ...] = field(default=())
    experts: tuple[ExpertRecommendation, ...] = field(default=())
    equipment: tuple[EquipmentSuggestion, ...] = field(default=())
