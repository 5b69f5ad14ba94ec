"""GraphQL types and the `recommendForces` query (the DESIGN.md contract, plus plans,
experts, equipment, gap fill-ins, score breakdowns and explanation subgraphs)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import strawberry
from strawberry.types.nodes import Selection

from api.auth import Permission
from api.graphql.context import Info
from api.graphql.entities import Expert, Plan, Team
from api.graphql.enums import (
    ConceptKind,
    GapReason,
    HazardVia,
    enum_of,
    hazard_via,
    kind_of,
)
from api.graphql.enums import ResponseLevel as ResponseLevel  # re-exported: incidents
from api.graphql.fields import document, field
from api.graphql.reasons import Locale, Reason, reasons_of, request_lang
from api.graphql.selection_plan import LINK_FIELDS
from api.graphql.selection_plan import fields as selected
from api.graphql.types import Capability, Concept, GeoPoint, HazardType
from api.messages import Lang, render, render_all
from ontology import Ontology, OntologyError
from queries import models as m
from queries.catalog.nodes import check_ids
from queries.explain import gap_reasons, hazard_reasons
from queries.recommend import recommend_forces

PLAN_REASON_JOINER = {"zh": "；", "en": "; "}
LINK_READ_TURNS = 4  # loop turns for prime_team_links to send its read before the rendering


@strawberry.input(description="A WGS-84 point.")
class GeoPointInput:
    latitude: float
    longitude: float


@strawberry.input(
    description="A scenario to recommend forces for: hazards (codes or a report), a place, "
    "a level and limits."
)
class ScenarioInput:
    hazard_codes: list[str] | None = None
    description: str | None = None
    location: GeoPointInput
    response_level: ResponseLevel
    max_travel_minutes: int | None = None
    max_teams: int | None = None
    required_capabilities: list[str] | None = None
    exclude_teams: list[strawberry.ID] | None = None

    def to_scenario(self, hazard_codes: Sequence[str] | None = None) -> m.Scenario:
        """The decision layer's scenario; `hazard_codes` replaces the given ones (translated)."""
        codes = self.hazard_codes if hazard_codes is None else hazard_codes
        return m.Scenario(
            location=m.GeoPoint(self.location.latitude, self.location.longitude),
            response_level=m.ResponseLevel(self.response_level.value),
            hazard_codes=tuple(codes or ()),
            description=self.description,
            max_travel_minutes=self.max_travel_minutes,
            max_teams=self.max_teams,
            required_capabilities=tuple(self.required_capabilities or ()),
            exclude_teams=tuple(str(t) for t in self.exclude_teams or ()),
        )


async def _load(info: Info, kind: str, node_id: str) -> Any:
    """The catalog node `node_id` of `kind` as its GraphQL type (None if gone since)."""
    node = await info.context.nodes(kind).load(node_id)
    makers: dict[str, Any] = {
        "HazardType": HazardType.of,
        "Capability": Capability.of,
        "Plan": Plan.of,
        "Expert": Expert.of,
        "Team": Team.of,
    }
    return makers[kind](node) if node is not None else None


def _point(p: m.GeoPoint | None) -> GeoPoint | None:
    return GeoPoint(latitude=p.latitude, longitude=p.longitude) if p is not None else None


def _team(t: m.TeamSummary) -> Team:
    return Team.make(
        id=strawberry.ID(t.id),
        name=t.name_zh,
        name_zh=t.name_zh,
        name_en=t.name_en,
        status=t.status,
        location=_point(t.location),
        mobility=t.mobility,
        admin_level=t.admin_level,
        readiness_minutes=t.readiness_minutes,
        headcount=t.headcount,
    )


@strawberry.type(description="A piece of the scenario's description: text[start:end].")
class TextSpan:
    start: int
    end: int
    text: str


@strawberry.type(description="A hazard of the scenario, how it was found and why.")
class ResolvedHazard:
    hazard: Concept = strawberry.field(description="The hazard's id and names.")
    confidence: float = strawberry.field(
        description="0..1: 1 for a code; the match score for text; the likelihood for a cascade."
    )
    via: str = strawberry.field(
        description='As text: "code", "mention", "search" or "cascade from <code>"; '
        "`source` and `cascadeFrom` say the same typed."
    )
    source: HazardVia = strawberry.field(description="How the hazard was found.")
    trigger: Concept | None = strawberry.field(
        description="Cascades: the hazard that may trigger this one (由地震引发)."
    )
    evidence: list[TextSpan] = strawberry.field(
        description="Where the description names this hazard (empty for codes and cascades)."
    )
    reasons: list[str] = strawberry.field(description="How it was found, in the locale.")
    reason_details: list[Reason] = strawberry.field(
        description="The same reasons as codes and parameters."
    )

    @field(name="hazardType", description="The hazard type itself: select any of its fields.")
    async def hazard_type(self, info: Info) -> HazardType | None:
        return await _load(info, "HazardType", str(self.hazard.id))  # type: ignore[no-any-return]

    @field(description="Cascades: the hazard type that may trigger this one (null otherwise).")
    async def cascade_from(self, info: Info) -> HazardType | None:
        if self.trigger is None:
            return None
        return await _load(info, "HazardType", str(self.trigger.id))  # type: ignore[no-any-return]

    @classmethod
    def of(cls, h: m.ResolvedHazard, lang: Lang) -> ResolvedHazard:
        why = hazard_reasons(h)
        return cls(
            hazard=Concept.of(h.hazard),
            confidence=h.confidence,
            via=h.via,
            source=hazard_via(h.via),
            trigger=Concept.of(h.trigger) if h.trigger is not None else None,
            evidence=[TextSpan(start=e.start, end=e.end, text=e.text) for e in h.evidence],
            reasons=render_all(why, lang),
            reason_details=reasons_of(why, lang),
        )


@strawberry.type(description="The nearest team that could fill a gap, beyond the limits.")
class NearestTeam:
    team: Team = strawberry.field(description="The team.")
    distance_km: float = strawberry.field(description="Great-circle distance, km.")
    eta_minutes: float = strawberry.field(description="Estimated arrival, minutes.")


@strawberry.type(description="A capability the scenario needs, with weight, level and units.")
class CapabilityNeed:
    capability: Concept = strawberry.field(description="The capability's id and names.")
    weight: float = strawberry.field(description="Importance, 0..1.")
    sources: list[str] = strawberry.field(
        description="Why it is needed: hazard codes, plan ids, or 'requested'."
    )
    needed_level: int = strawberry.field(
        description="Capability level a team should hold (1 = most capable), by response level."
    )
    units: int = strawberry.field(description="How many teams should bring it.")
    nearest_team: NearestTeam | None = strawberry.field(
        description="Gaps only: the fastest team that could fill it, beyond the limits."
    )
    gap_reason: GapReason | None = strawberry.field(
        default=None, description="Gaps only: `limitedBy` as the GapReason enum."
    )
    limited_by: str | None = strawberry.field(
        description="Gaps only (see ForceRecommendation.capabilityGaps), why not (enough) "
        "units: noTeam (no team holds it), allBusy "
        "(every holder deployed or unavailable), excluded (the commander excluded the "
        "free ones), tooFar (beyond maxTravelMinutes; see nearestTeam), maxTeams (the "
        "package limit), lowPriority (a minor need no chosen team brings)."
    )
    units_provided: int = strawberry.field(
        default=0, description="Gaps only: units the package brings (fewer than `units`)."
    )
    busy_teams: int = strawberry.field(
        default=0, description="Gaps only: teams holding it that are deployed or unavailable."
    )
    excluded_teams: int = strawberry.field(
        default=0, description="Gaps only: teams holding it that the commander excluded."
    )
    reasons: list[str] = strawberry.field(
        default_factory=list,
        description="Gaps only: why, units asked and sent, who could fill it (in the locale).",
    )
    reason_details: list[Reason] = strawberry.field(
        default_factory=list, description="Gaps only: the reasons as codes and parameters."
    )

    @field(name="requiredCapability", description="The capability itself: any of its fields.")
    async def required_capability(self, info: Info) -> Capability | None:
        return await _load(info, "Capability", str(self.capability.id))  # type: ignore[no-any-return]

    @classmethod
    def of(cls, n: m.CapabilityNeed, lang: Lang, *, gap: bool = False) -> CapabilityNeed:
        near = n.nearest_team
        why = gap_reasons(n) if gap else ()
        return cls(
            reasons=render_all(why, lang),
            reason_details=reasons_of(why, lang),
            capability=Concept.of(n.capability),
            weight=n.weight,
            sources=list(n.sources),
            needed_level=n.needed_level,
            units=n.units,
            units_provided=n.units_provided,
            busy_teams=n.busy_teams,
            excluded_teams=n.excluded_teams,
            nearest_team=NearestTeam(
                team=_team(near.team), distance_km=near.distance_km, eta_minutes=near.eta_minutes
            )
            if near is not None
            else None,
            limited_by=n.limited_by,
            gap_reason=enum_of(GapReason, n.limited_by),
        )


@strawberry.type(
    description="A need the force package does not (fully) cover: why, how much is missing, "
    "and who could fill it."
)
class CapabilityGap:
    capability_id: strawberry.Private[str]
    weight: float = strawberry.field(description="Importance of the need, 0..1.")
    needed_level: int = strawberry.field(
        description="Capability level a team should hold (1 = most capable .. 4)."
    )
    units: int = strawberry.field(description="How many teams should bring it.")
    units_provided: int = strawberry.field(
        description="How many the package brings (fewer than `units`; 0 = none)."
    )
    units_missing: int = strawberry.field(
        description="How many more are needed: units - unitsProvided."
    )
    reason: GapReason | None = strawberry.field(description="Why it is not covered.")
    busy_teams: int = strawberry.field(
        description="Teams holding it that are deployed or unavailable."
    )
    excluded_teams: int = strawberry.field(
        description="Teams holding it that the commander excluded."
    )
    sources: list[strawberry.ID] = strawberry.field(
        description="Why it is needed: hazard codes, plan ids, or 'requested'."
    )
    nearest_team: NearestTeam | None = strawberry.field(
        description="The fastest team that could fill it, beyond the limits."
    )
    reasons: list[str] = strawberry.field(description="Why, in the request's locale.")
    reason_details: list[Reason] = strawberry.field(
        description="The same reasons as codes and parameters."
    )

    @field(description="The capability that is missing.")
    async def capability(self, info: Info) -> Capability | None:
        return await _load(info, "Capability", self.capability_id)  # type: ignore[no-any-return]

    @classmethod
    def of(cls, need: CapabilityNeed) -> CapabilityGap:
        """The gap a rendered gap need describes (ForceRecommendation.gaps)."""
        return cls(
            capability_id=str(need.capability.id),
            weight=need.weight,
            needed_level=need.needed_level,
            units=need.units,
            units_provided=need.units_provided,
            units_missing=max(0, need.units - need.units_provided),
            reason=need.gap_reason,
            busy_teams=need.busy_teams,
            excluded_teams=need.excluded_teams,
            sources=[strawberry.ID(x) for x in need.sources],
            nearest_team=need.nearest_team,
            reasons=need.reasons,
            reason_details=need.reason_details,
        )


@strawberry.type(description="Score parts, each 0..1 (weights in queries/README.md).")
class ScoreBreakdown:
    coverage: float
    eta: float
    readiness: float
    plan: float
    experience: float


@strawberry.type(description="A node of an explanation graph.")
class ExplanationNode:
    id: strawberry.ID
    kind: str = strawberry.field(
        description="As text: team, capability, hazard, plan or incident; see `nodeKind`."
    )
    node_kind: ConceptKind = strawberry.field(description="The node's kind.")
    label: str = strawberry.field(description="The name in the request's locale.")
    name_zh: str
    name_en: str


@strawberry.type(description="A relationship of an explanation graph.")
class ExplanationEdge:
    source: strawberry.ID
    target: strawberry.ID
    type: str = strawberry.field(description="The graph relationship type, e.g. HAS_CAPABILITY.")
    label: str = strawberry.field(description="What the edge says, in the request's locale.")
    why: strawberry.Private[m.Reason]
    lang: strawberry.Private[Lang]

    @field()
    def label_detail(self) -> Reason:
        return Reason.of(self.why, self.lang)


@strawberry.type(description="The graph paths that justify a recommendation.")
class Explanation:
    nodes: list[ExplanationNode]
    edges: list[ExplanationEdge]


@strawberry.type(description="A team to send (or an alternative), with score and why.")
class TeamRecommendation:
    """Reasons, breakdown and explanation are rendered only when the request selects them:
    a recommendation lists 50 candidates, and most selections ask little of each."""

    team: Team
    score: float
    distance_km: float
    eta_minutes: float
    source: strawberry.Private[m.TeamRecommendation]
    lang: strawberry.Private[Lang]
    # texts rendered for any team of the same answer: the teams share most of their reasons
    # (a capability at a level) and edge labels, and rendering was ~10 % of a request's CPU
    texts: strawberry.Private[dict[m.Reason, str]]

    def _text(self, reason: m.Reason) -> str:
        try:
            found = self.texts.get(reason)
        except TypeError:  # a parameter that cannot be hashed: rendered each time
            return render(reason, self.lang)
        if found is None:
            found = self.texts[reason] = render(reason, self.lang)
        return found

    @field(description="Needed capabilities the team brings.")
    def covers(self) -> list[Concept]:
        return [Concept.of(c) for c in self.source.covers]

    @field(description="Why, in the request's locale.")
    def reasons(self) -> list[str]:
        return [self._text(r) for r in self.source.reasons]

    @field(description="The reasons as codes.")
    def reason_details(self) -> list[Reason]:
        return reasons_of(self.source.reasons, self.lang)

    @field(description="The score's parts.")
    def score_breakdown(self) -> ScoreBreakdown | None:
        b = self.source.breakdown
        if b is None:
            return None
        return ScoreBreakdown(
            coverage=b.coverage,
            eta=b.eta,
            readiness=b.readiness,
            plan=b.plan,
            experience=b.experience,
        )

    @field(description="The graph paths that justify it.")
    def explanation(self) -> Explanation | None:
        x, lang = self.source.explanation, self.lang
        if x is None:
            return None
        return Explanation(
            nodes=[
                ExplanationNode(
                    id=strawberry.ID(n.id),
                    kind=n.kind,
                    node_kind=kind_of(n.kind),
                    label=(n.label_en or n.label) if lang == "en" else n.label,
                    name_zh=n.label,
                    name_en=n.label_en,
                )
                for n in x.nodes
            ],
            edges=[
                ExplanationEdge(
                    source=strawberry.ID(e.source),
                    target=strawberry.ID(e.target),
                    type=e.type,
                    label=self._text(e.label),
                    why=e.label,
                    lang=lang,
                )
                for e in x.edges
            ],
        )

    @field(
        name="coveredCapabilities",
        description="The capabilities of `covers` as Capability: select any of their fields.",
    )
    async def covered_capabilities(self, info: Info) -> list[Capability]:
        found = [await _load(info, "Capability", str(c.id)) for c in self.source.covers]
        return [c for c in found if c is not None]

    @classmethod
    def of(
        cls, r: m.TeamRecommendation, lang: Lang, texts: dict[m.Reason, str] | None = None
    ) -> TeamRecommendation:
        """`texts`: rendered reasons shared by the teams of one answer (in `lang`)."""
        return cls(
            team=_team(r.team),
            score=r.score,
            distance_km=r.distance_km,
            eta_minutes=r.eta_minutes,
            source=r,
            lang=lang,
            texts={} if texts is None else texts,
        )


@strawberry.type(description="An emergency plan (应急预案), as a recommendation cites it.")
class PlanRef:
    id: strawberry.ID
    name: str
    name_zh: str
    name_en: str
    level: str
    issuer: str | None


@strawberry.type(description="One thing a plan prescribes at this level, met or not.")
class PlanPrescription:
    kind: str = strawberry.field(description="As text: capability, teamType or team.")
    item_kind: ConceptKind = strawberry.field(description="What kind of thing is prescribed.")
    item: Concept
    met: bool = strawberry.field(description="A team in the force package provides it.")
    provided_by: list[Concept] = strawberry.field(description="The package's teams that do.")


@strawberry.type(description="A plan that applies to the scenario, and why.")
class PlanMatch:
    plan: PlanRef = strawberry.field(description="The plan's id, names, level and issuer.")
    reason: str = strawberry.field(description="All the reasons as one text, in the locale.")
    reasons: list[str] = strawberry.field(description="Why it applies, in the locale.")
    source: strawberry.Private[m.PlanMatch]
    lang: strawberry.Private[Lang]

    @field(description="The reasons as codes.")
    def reason_details(self) -> list[Reason]:
        return reasons_of(self.source.reasons, self.lang)

    @field(description="The scenario's hazards it covers.")
    def hazards(self) -> list[Concept]:
        return [Concept.of(h) for h in self.source.hazards]

    @field(description="What the plan prescribes at the scenario's level, against the package.")
    def prescriptions(self) -> list[PlanPrescription]:
        return [
            PlanPrescription(
                kind=x.kind,
                item_kind=kind_of(x.kind),
                item=Concept.of(x.item),
                met=x.met,
                provided_by=[Concept.of(t) for t in x.provided_by],
            )
            for x in self.source.prescriptions
        ]

    @field(name="appliedPlan", description="The plan itself: select any of its fields.")
    async def applied_plan(self, info: Info) -> Plan | None:
        return await _load(info, "Plan", str(self.plan.id))  # type: ignore[no-any-return]

    @classmethod
    def of(cls, p: m.PlanMatch, lang: Lang) -> PlanMatch:
        s = p.plan
        texts = render_all(p.reasons, lang)
        return cls(
            reasons=texts,
            source=p,
            lang=lang,
            plan=PlanRef(
                id=strawberry.ID(s.id),
                name=s.name_zh,
                name_zh=s.name_zh,
                name_en=s.name_en,
                level=s.level,
                issuer=s.issuer,
            ),
            reason=PLAN_REASON_JOINER[lang].join(texts),
        )


@strawberry.type(description="An expert, as a recommendation cites them.")
class ExpertRef:
    id: strawberry.ID
    name: str
    name_zh: str
    name_en: str
    affiliation: str | None
    location: GeoPoint | None


@strawberry.type(description="An expert to call for the scenario, and why.")
class ExpertRecommendation:
    expert: ExpertRef = strawberry.field(description="The expert's id, names, affiliation.")
    score: float = strawberry.field(description="0..1, higher = better fit.")
    reasons: list[str] = strawberry.field(description="Why, in the locale.")
    why: strawberry.Private[tuple[m.Reason, ...]]
    lang: strawberry.Private[Lang]

    km: strawberry.Private[float]

    @field(description="The reasons as codes.")
    def reason_details(self) -> list[Reason]:
        return reasons_of(self.why, self.lang)

    @field(description="Distance to the scenario, km.")
    def distance_km(self) -> float:  # a resolver: the SDL keeps its place after reasonDetails
        return self.km

    @field(name="recommendedExpert", description="The expert itself: any of their fields.")
    async def recommended_expert(self, info: Info) -> Expert | None:
        return await _load(info, "Expert", str(self.expert.id))  # type: ignore[no-any-return]

    @classmethod
    def of(cls, e: m.ExpertRecommendation, lang: Lang) -> ExpertRecommendation:
        x = e.expert
        return cls(
            expert=ExpertRef(
                id=strawberry.ID(x.id),
                name=x.name_zh,
                name_zh=x.name_zh,
                name_en=x.name_en,
                affiliation=x.affiliation,
                location=_point(x.location),
            ),
            score=e.score,
            reasons=render_all(e.reasons, lang),
            why=e.reasons,
            lang=lang,
            km=e.distance_km,
        )


@strawberry.type(description="An equipment item, as a recommendation cites it.")
class EquipmentRef:
    id: strawberry.ID
    name: str
    name_zh: str
    name_en: str
    location: GeoPoint | None


@strawberry.type(description="Who holds an equipment item: a team or a depot.")
class EquipmentSource:
    id: strawberry.ID
    name: str
    name_zh: str
    name_en: str
    kind: str = strawberry.field(description="As text: team or depot; see `holderKind`.")
    holder_kind: ConceptKind = strawberry.field(description="TEAM or DEPOT.")


@strawberry.type(description="Key equipment for a need, who holds it and how far it is.")
class EquipmentSuggestion:
    equipment: EquipmentRef
    equipment_type: Concept
    capability: Concept
    quantity: int
    holder: EquipmentSource
    distance_km: float
    reasons: list[str]
    why: strawberry.Private[tuple[m.Reason, ...]]
    lang: strawberry.Private[Lang]

    @field()
    def reason_details(self) -> list[Reason]:
        return reasons_of(self.why, self.lang)

    @classmethod
    def of(cls, e: m.EquipmentSuggestion, lang: Lang) -> EquipmentSuggestion:
        q, h = e.equipment, e.holder
        return cls(
            equipment=EquipmentRef(
                id=strawberry.ID(q.id),
                name=q.name_zh,
                name_zh=q.name_zh,
                name_en=q.name_en,
                location=_point(q.location),
            ),
            equipment_type=Concept.of(e.equipment_type),
            capability=Concept.of(e.capability),
            quantity=e.quantity,
            holder=EquipmentSource(
                id=strawberry.ID(h.id),
                name=h.name_zh,
                name_zh=h.name_zh,
                name_en=h.name_en,
                kind=e.holder_kind,
                holder_kind=kind_of(e.holder_kind),
            ),
            distance_km=e.distance_km,
            reasons=render_all(e.reasons, lang),
            why=e.reasons,
            lang=lang,
        )


@strawberry.type(description="Which forces to send for a scenario, why, and what is missing.")
class ForceRecommendation:
    hazards: list[ResolvedHazard] = strawberry.field(
        description="The scenario's hazards: given, read from the text, and cascades."
    )
    required_capabilities: list[CapabilityNeed] = strawberry.field(
        description="What the hazards and plans need, scaled by the response level."
    )
    plans: list[PlanMatch] = strawberry.field(description="Plans that apply.")
    force_package: list[TeamRecommendation] = strawberry.field(
        description="The teams to send: every need covered at the least total ETA."
    )
    candidates: list[TeamRecommendation] = strawberry.field(
        description="Ranked alternatives (best first)."
    )
    gaps: list[CapabilityNeed] = strawberry.field(
        description="Needs the package does not cover (the contract's shape); "
        "`capabilityGaps` gives the same as CapabilityGap."
    )
    experts: list[ExpertRecommendation] = strawberry.field(description="Experts to call.")
    equipment: list[EquipmentSuggestion] = strawberry.field(description="Key equipment.")
    warnings: list[str] = strawberry.field(
        description="What the caller should know about the input, e.g. an old EMKG hazard "
        "code that was read as its GB/T 35561 event code."
    )
    locale: Locale = strawberry.field(description="The language of every rendered text.")

    @classmethod
    def of(
        cls, rec: m.ForceRecommendation, lang: Lang, warnings: list[str] | None = None
    ) -> ForceRecommendation:
        """A recommendation rendered in `lang` (recommendForces, incidents, allocation)."""
        texts: dict[m.Reason, str] = {}
        return cls(
            warnings=warnings or [],
            locale=Locale(lang),
            hazards=[ResolvedHazard.of(h, lang) for h in rec.hazards],
            required_capabilities=[CapabilityNeed.of(n, lang) for n in rec.required_capabilities],
            plans=[PlanMatch.of(p, lang) for p in rec.plans],
            force_package=[TeamRecommendation.of(t, lang, texts) for t in rec.force_package],
            candidates=[TeamRecommendation.of(t, lang, texts) for t in rec.candidates],
            gaps=[CapabilityNeed.of(n, lang, gap=True) for n in rec.gaps],
            experts=[ExpertRecommendation.of(e, lang) for e in rec.experts],
            equipment=[EquipmentSuggestion.of(e, lang) for e in rec.equipment],
        )

    @field(
        description="Needs the package does not (fully) cover: reason, units missing, who "
        "could fill them; the capability as a Capability."
    )
    def capability_gaps(self) -> list[CapabilityGap]:
        return [CapabilityGap.of(n) for n in self.gaps]


def current_hazard_codes(
    codes: Sequence[str], onto: Ontology | None
) -> tuple[list[str], list[str]]:
    """Old EMKG hazard ids translated to GB/T 35561 codes, with a warning for each.

    Unknown codes pass through unchanged: the recommender rejects them with the closest code.
    """
    if onto is None:
        return list(codes), []
    out, warnings = [], []
    for code in codes:
        try:
            r = onto.resolve_hazard_code(code)
        except OntologyError:
            out.append(code)
            continue
        out.append(r.id)
        if r.warning:
            warnings.append(r.warning)
    return out, warnings


@strawberry.type
class RecommendQuery:
    @field(
        description="Which forces to send for a scenario, why, and what is missing. `locale` "
        "sets the language of reasons and labels (default: the request's Accept-Language, zh "
        "or en, else Chinese); reasonDetails carry the same reasons as codes and parameters."
    )
    async def recommend_forces(
        self, info: Info, scenario: ScenarioInput, locale: Locale | None = None
    ) -> ForceRecommendation:
        ctx = info.context
        lang = request_lang(locale, ctx.request)
        ctx.require(Permission.RECOMMEND)
        codes, warnings = current_hazard_codes(scenario.hazard_codes or (), ctx.state.ontology)
        excluded = [str(t) for t in scenario.exclude_teams or ()]
        asked = info.selected_fields[0].selections if info.selected_fields else ()
        # the excluded ids are checked while the recommendation is made (not one round trip
        # before it); an unknown id is still the error the caller gets, whatever else fails
        checked = asyncio.ensure_future(
            check_ids(ctx.runner, ("Team",), excluded, "Team (excludeTeams)")
        )
        try:
            rec = await recommend_forces(
                ctx.runner,
                scenario.to_scenario(codes),
                embedder=ctx.state.embedder,
                taxonomy=ctx.state.taxonomy,
                explain_candidates=_asks_explanations(asked, "candidates"),
                experts=_asks(asked, "experts"),
                equipment=_asks(asked, "equipment"),
            )
        finally:
            await checked
        # the neighbour lists are read while the answer is rendered: the read is sent first
        # (a few turns of the loop: the task, the loader's batch, its statement)
        links = asyncio.ensure_future(prime_team_links(info, rec, asked))
        for _ in range(LINK_READ_TURNS):
            await asyncio.sleep(0)
        try:
            return ForceRecommendation.of(rec, lang, warnings)
        finally:
            await links


EXPLAINING_FIELDS = frozenset({"reasons", "reasonDetails", "explanation"})


def _asks(selections: Iterable[Selection], part: str) -> bool:
    """Whether the recommendation's field `part` (experts, equipment) is asked at all: its
    statement (~6 ms of Neo4j each on the demo) runs only then."""
    return any(f.name == part for f in selected(selections, None))


def _asks_explanations(selections: Iterable[Selection], part: str) -> bool:
    """Whether the recommendation's field `part` (e.g. candidates) is asked for its teams'
    reasons or explanation (the others are not explained: ~12 % of a request's CPU)."""
    return any(
        f.name == part
        and not EXPLAINING_FIELDS.isdisjoint(g.name for g in selected(f.selections, None))
        for f in selected(selections, None)
    )


def _team_links(selections: Iterable[Selection], inside_team: bool = False) -> Iterator[str]:
    """The neighbour lists (LINK_FIELDS names) the selection asks of a `team` field's Team,
    at any depth (fragments included)."""
    for f in selected(selections, None):
        if inside_team:
            link = LINK_FIELDS.get(("Team", f.name))
            if link is not None:
                yield link[0]
        yield from _team_links(f.selections, f.name == "team")


def _links_by_field(selections: Iterable[Selection]) -> dict[str, set[str]]:
    """Per field of the recommendation (forcePackage, candidates, gaps ...), the neighbour
    lists its teams are asked for (fragments at the top level are looked through)."""
    out: dict[str, set[str]] = {}
    for f in selected(selections, None):
        links = set(_team_links(f.selections))
        if links:
            out.setdefault(f.name, set()).update(links)
    return out


async def prime_team_links(
    info: Info, rec: m.ForceRecommendation, selections: Iterable[Selection]
) -> None:
    """Read the neighbour lists the selection asks of the recommendation's teams (a team's
    teamType, capabilities ...) in one batch per list, before any field is completed: one
    round trip instead of a wave per nesting level, and the fast path (fast_lists.py), which
    answers only lists already read, answers the whole operation. Only the teams of the
    fields that ask a list are read for it (the screen asks teamType of the package's ~9
    teams, not of the 50 candidates too). `selections`: the recommendation's (the resolver has
    read them once already)."""
    asked = _links_by_field(selections)
    if not asked:
        return
    teams_of = {
        "forcePackage": [t.team.id for t in rec.force_package],
        "candidates": [t.team.id for t in rec.candidates],
        "gaps": [n.nearest_team.team.id for n in rec.gaps if n.nearest_team is not None],
    }
    every = [t for ids in teams_of.values() for t in ids]
    wanted: dict[str, list[str]] = {}
    for part, links in asked.items():
        for name in links:
            wanted.setdefault(name, []).extend(teams_of.get(part, every))
    await asyncio.gather(
        *(
            info.context.links(name).load_many(list(dict.fromkeys(ids)))
            for name, ids in sorted(wanted.items())
        )
    )


document(
    GeoPointInput,
    {"latitude": "Degrees north, -90..90.", "longitude": "Degrees east, -180..180."},
)
document(
    ScenarioInput,
    {
        "hazard_codes": "HazardType ids (GB/T 35561 codes, e.g. 11A01); old EMKG ids are read "
        "with a warning.",
        "description": "Free text in Chinese or English; hazards, facts and place are read "
        "from it (codes win).",
        "location": "Where it happens (WGS-84).",
        "response_level": "I (most severe) .. IV; scales needs, levels and units.",
        "max_travel_minutes": "Only teams that arrive within this many minutes (default: none).",
        "max_teams": "At most this many teams in the package (default: as many as needed).",
        "required_capabilities": "Capability ids needed besides what the hazards need.",
        "exclude_teams": "Team ids not to send (unknown ids are an error).",
    },
)
document(
    TextSpan,
    {
        "start": "First character (0-based).",
        "end": "One past the last.",
        "text": "The text itself.",
    },
)
document(ResolvedHazard)
document(NearestTeam)
document(CapabilityNeed)
document(CapabilityGap)
document(
    ScoreBreakdown,
    {
        "coverage": "Needed capabilities covered, weighted by need and level, 0..1.",
        "eta": "Arrival time (sooner = higher), 0..1.",
        "readiness": "Time to depart (sooner = higher), 0..1.",
        "plan": "Named by an applicable plan, 0..1.",
        "experience": "Deployed before to this hazard, 0..1.",
    },
)
document(
    ExplanationNode,
    {"name_zh": "Chinese name.", "name_en": "English name.", "id": "The node's id."},
)
document(
    ExplanationEdge,
    {
        "source": "Id of the node the edge starts at.",
        "target": "Id of the node it ends at.",
        "label_detail": "The label as a message-catalog code and parameters.",
    },
)
document(Explanation, {"nodes": "The nodes on the paths.", "edges": "The relationships."})
document(TeamRecommendation, {"team": "The team.", "score": "0..1, higher is better."})
document(
    PlanRef,
    {"level": "Administrative level as text (national .. county).", "issuer": "Who issued it."},
)
document(PlanPrescription, {"item": "The prescribed capability, team type or team."})
document(PlanMatch)
document(ExpertRef)
document(ExpertRecommendation)
document(EquipmentRef)
document(EquipmentSource)
document(
    EquipmentSuggestion,
    {
        "equipment": "The item or stock.",
        "equipment_type": "Its equipment type.",
        "capability": "The need it serves.",
        "quantity": "Units available.",
        "holder": "The team or depot holding it.",
    },
)
document(ForceRecommendation, {"warnings": "What to know about the input, in the locale."})
document(
    RecommendQuery,
    {"recommend_forces.scenario": "The scenario: hazards and/or text, place, level, limits."},
)
