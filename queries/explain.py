"""Step 6 (pure): why, as structured reasons (a catalog code and its parameters) and as a
small graph the UI draws.

A team's reasons: each need covered with the team's level against the needed level
(COVERS), the ETA derivation (ETA, or ETA_MOUNTAIN), plan designation (PLAN_TEAM,
PLAN_TEAM_TYPE), past deployments on these hazards (EXPERIENCE), and the score's parts
(SCORE). The explanation subgraph holds the graph paths behind them: team
-HAS_CAPABILITY-> capability <-REQUIRES- hazard, plan -PRESCRIBES-> team (or its type),
plan -COVERS-> hazard, team -DEPLOYED_TO-> incident -OF_HAZARD-> hazard; each edge's
label is a reason too (EDGE_<type>). Hazards (HAZARD_*) and gaps (GAP_*) get theirs
here as well. Nothing here is text: api/messages.py and the UI render the codes in the
reader's language from api/static/i18n/reasons.json.

Example::

    reasons, graph = explain_team(cand, needs, hazards, plans, breakdown, mountainous=False)
    # many teams of one scenario: TeamExplainer(needs, hazards, plans, mountainous=False)
    reasons[0]   # Reason("COVERS", (("capability", ConceptRef(...)), ("level", 1), ...))
"""

from __future__ import annotations

from collections.abc import Sequence

from queries.models import (
    CandidateTeam,
    CapabilityNeed,
    ConceptRef,
    Explanation,
    ExplanationEdge,
    ExplanationNode,
    PlanMatch,
    Reason,
    ResolvedHazard,
    ScoreBreakdown,
    Term,
)
from queries.scoring import WEIGHTS, level_fit, score_of
from queries.travel import DEFAULT_MOBILITY, MOBILITY, MOUNTAIN_FACTOR, eta_minutes, mobility_of

HAZARDS_PER_NEED = 2  # REQUIRES paths drawn per capability (keeps the picture readable)

# limitedBy (queries/README.md, gaps) -> the catalog code that says why
GAP_CODES = {
    "noTeam": "GAP_NO_TEAM",
    "allBusy": "GAP_ALL_BUSY",
    "excluded": "GAP_EXCLUDED",
    "tooFar": "GAP_TOO_FAR",
    "maxTeams": "GAP_MAX_TEAMS",
    "lowPriority": "GAP_LOW_PRIORITY",
    "otherIncident": "GAP_OTHER_INCIDENT",  # queries.allocation
}


_EDGE_LABELS: dict[str, Reason] = {}


def _edge_label(type_: str) -> Reason:
    """EDGE_<type> without parameters (one shared value per type: Reason is immutable)."""
    label = _EDGE_LABELS.get(type_)
    if label is None:
        label = _EDGE_LABELS[type_] = Reason.of(f"EDGE_{type_}")
    return label


def designations(
    cand: CandidateTeam, plans: Sequence[PlanMatch]
) -> list[tuple[PlanMatch, ConceptRef | None]]:
    """(plan, None) for each plan naming this team; (plan, team type) for each prescribing
    its type."""
    out: list[tuple[PlanMatch, ConceptRef | None]] = []
    for p in plans:
        if cand.team.id in p.prescribed_teams:
            out.append((p, None))
        elif cand.team.team_type and cand.team.team_type in p.prescribed_team_types:
            named = {x.item.id: x.item for x in p.prescriptions if x.kind == "teamType"}
            tt = cand.team.team_type
            out.append((p, named.get(tt, ConceptRef(tt, tt, tt))))
    return out


def plan_ref(p: PlanMatch) -> ConceptRef:
    return ConceptRef(p.plan.id, p.plan.name_zh, p.plan.name_en)


def eta_reason(
    distance_km: float, mobility: str | None, readiness_minutes: float, *, mountainous: bool
) -> Reason:
    """The ETA derivation a commander can check by hand (queries/travel.py's formula)."""
    m = mobility_of(mobility)
    terrain = mountainous and m.terrain_sensitive
    parts: dict[str, int | float | str | Term] = {
        "minutes": round(
            eta_minutes(distance_km, mobility, readiness_minutes, mountainous=mountainous)
        ),
        "readiness": round(readiness_minutes),
        "spinUp": round(m.extra_minutes),
        "distanceKm": round(distance_km, 1),
        "factor": m.route_factor,
        "speed": round(m.speed_kmh),
        "mobility": Term(f"mobility.{mobility if mobility in MOBILITY else DEFAULT_MOBILITY}"),
    }
    if terrain:
        return Reason.of("ETA_MOUNTAIN", **parts, terrain=MOUNTAIN_FACTOR)
    return Reason.of("ETA", **parts)


def score_reason(b: ScoreBreakdown) -> Reason:
    w = WEIGHTS
    return Reason.of(
        "SCORE",
        score=round(score_of(b), 2),
        coverage=round(b.coverage, 2),
        eta=round(b.eta, 2),
        readiness=round(b.readiness, 2),
        plan=round(b.plan, 2),
        experience=round(b.experience, 2),
        wCoverage=w.coverage,
        wEta=w.eta,
        wReadiness=w.readiness,
        wPlan=w.plan,
        wExperience=w.experience,
    )


class TeamExplainer:
    """`explain_team` for many teams of one scenario: what depends only on the needs, hazards
    and plans (a need's COVERS reason at a level, its capability node, the REQUIRES edges
    behind it) is built once and shared (the values are immutable), not once per shown
    candidate (~55 a scenario).

    Example::

        why = TeamExplainer(needs, hazards, plans, mountainous=False)
        reasons, graph = why.explain(cand, breakdown)
    """

    def __init__(
        self,
        needs: Sequence[CapabilityNeed],
        hazards: Sequence[ResolvedHazard],
        plans: Sequence[PlanMatch],
        *,
        mountainous: bool,
    ) -> None:
        self.plans = plans
        self.mountainous = mountainous
        self.hazard_by_id = {h.hazard.id: h for h in hazards}
        # per need: its capability node and the most important hazards behind it (sources
        # are ordered by importance) with their nodes and REQUIRES edges
        self.needs = [
            (
                n,
                ExplanationNode(n.capability.id, "capability", n.capability.name_zh,
                                n.capability.name_en),
                [
                    (
                        self._node(self.hazard_by_id[src].hazard, "hazard"),
                        ExplanationEdge(src, n.capability.id, "REQUIRES",
                                        _edge_label("REQUIRES")),
                    )
                    for src in [x for x in n.sources if x in self.hazard_by_id][:HAZARDS_PER_NEED]
                ],
            )
            for n in needs
        ]  # fmt: skip
        self._covers: dict[tuple[str, int], Reason] = {}
        self._levels: dict[int, Reason] = {}

    @staticmethod
    def _node(ref: ConceptRef, kind: str) -> ExplanationNode:
        return ExplanationNode(ref.id, kind, ref.name_zh, ref.name_en)

    def _covers_reason(self, n: CapabilityNeed, lvl: int) -> Reason:
        key = (n.capability.id, lvl)
        r = self._covers.get(key)
        if r is None:
            r = self._covers[key] = Reason.of(
                "COVERS",
                capability=n.capability,
                level=lvl,
                needed=n.needed_level,
                credit=round(level_fit(lvl, n.needed_level) * 100),
                weight=round(n.weight, 2),
            )
        return r

    def _level_label(self, lvl: int) -> Reason:
        r = self._levels.get(lvl)
        if r is None:
            r = self._levels[lvl] = Reason.of("EDGE_HAS_CAPABILITY", level=lvl)
        return r

    def explain(
        self, cand: CandidateTeam, breakdown: ScoreBreakdown
    ) -> tuple[tuple[Reason, ...], Explanation]:
        """The team's reasons and explanation graph (module docstring)."""
        team = cand.team
        held = dict(cand.capabilities)
        hazard_by_id = self.hazard_by_id
        nodes: dict[str, ExplanationNode] = {}
        edges: dict[tuple[str, str, str], ExplanationEdge] = {}

        def node(ref: ConceptRef, kind: str) -> None:
            if ref.id not in nodes:
                nodes[ref.id] = self._node(ref, kind)

        def edge(source: str, target: str, type_: str, label: Reason | None = None) -> None:
            key = (source, target, type_)
            if key not in edges:
                edges[key] = ExplanationEdge(source, target, type_, label or _edge_label(type_))

        node(ConceptRef(team.id, team.name_zh, team.name_en), "team")
        reasons: list[Reason] = []
        for n, cap_node, behind in self.needs:
            cid = n.capability.id
            lvl = held.get(cid)
            if lvl is None:
                continue
            reasons.append(self._covers_reason(n, lvl))
            nodes.setdefault(cid, cap_node)
            edge(team.id, cid, "HAS_CAPABILITY", self._level_label(lvl))
            for hazard_node, requires in behind:
                nodes.setdefault(hazard_node.id, hazard_node)
                edges.setdefault((requires.source, cid, "REQUIRES"), requires)
        reasons.append(
            eta_reason(
                cand.distance_km, team.mobility, team.readiness_minutes,
                mountainous=self.mountainous,
            )
        )  # fmt: skip
        for p, team_type in designations(cand, self.plans):
            if team_type is None:
                reasons.append(Reason.of("PLAN_TEAM", plan=plan_ref(p)))
            else:
                reasons.append(Reason.of("PLAN_TEAM_TYPE", plan=plan_ref(p), teamType=team_type))
            node(plan_ref(p), "plan")
            typed = None if team_type is None else _edge_label("PRESCRIBES_TYPE")
            edge(p.plan.id, team.id, "PRESCRIBES", typed)
            for ph in p.hazards:
                if ph.id in hazard_by_id:
                    node(ph, "hazard")
                    edge(p.plan.id, ph.id, "COVERS")
        for d in cand.deployments:
            hz = hazard_by_id[d.hazard].hazard if d.hazard in hazard_by_id else None
            reasons.append(
                Reason.of(
                    "EXPERIENCE", incident=d.incident, hazard=hz or ConceptRef(d.hazard, "", "")
                )
            )
            node(d.incident, "incident")
            edge(team.id, d.incident.id, "DEPLOYED_TO")
            if hz is not None:
                node(hz, "hazard")
                edge(d.incident.id, d.hazard, "OF_HAZARD")
        reasons.append(score_reason(breakdown))
        return tuple(reasons), Explanation(tuple(nodes.values()), tuple(edges.values()))


def explain_team(
    cand: CandidateTeam,
    needs: Sequence[CapabilityNeed],
    hazards: Sequence[ResolvedHazard],
    plans: Sequence[PlanMatch],
    breakdown: ScoreBreakdown,
    *,
    mountainous: bool,
) -> tuple[tuple[Reason, ...], Explanation]:
    """One team's reasons and explanation graph (for many teams: `TeamExplainer`)."""
    return TeamExplainer(needs, hazards, plans, mountainous=mountainous).explain(cand, breakdown)


def hazard_reasons(h: ResolvedHazard) -> tuple[Reason, ...]:
    """How the hazard was found: by code, named in the text (the words), near the text's
    meaning (paraphrase), judged from the whole report, from people trapped, or as a
    cascade."""
    if h.trigger is not None:
        return (Reason.of("HAZARD_CASCADE", trigger=h.trigger, confidence=round(h.confidence, 2)),)
    words = "、".join(dict.fromkeys(e.text for e in h.evidence))
    if h.via == "paraphrase":
        return (Reason.of("HAZARD_PARAPHRASE", score=round(h.confidence, 2)),)
    if h.via == "judge":
        return (Reason.of("HAZARD_JUDGED", confidence=round(h.confidence, 2)),)
    if h.via == "mention":
        return (Reason.of("HAZARD_MENTION", words=words),)
    if h.via == "fact":
        return (Reason.of("HAZARD_TRAPPED", words=words),)
    return (Reason.of("HAZARD_CODE"),)


def gap_reasons(g: CapabilityNeed) -> tuple[Reason, ...]:
    """Why a need is short (its limitedBy), how many units were asked and sent, and who
    could fill it."""
    out: list[Reason] = []
    code = GAP_CODES.get(g.limited_by or "")
    if code == "GAP_ALL_BUSY":
        out.append(Reason.of(code, busy=g.busy_teams))
    elif code == "GAP_EXCLUDED":
        out.append(Reason.of(code, excluded=g.excluded_teams))
    elif code is not None:
        out.append(Reason.of(code))
    if g.units > 1 or g.units_provided:
        out.append(Reason.of("GAP_UNITS", needed=g.units, provided=g.units_provided))
    near = g.nearest_team
    if near is not None:
        t = near.team
        out.append(
            Reason.of(
                "GAP_NEAREST",
                team=ConceptRef(t.id, t.name_zh, t.name_en),
                distanceKm=round(near.distance_km, 1),
                etaMinutes=round(near.eta_minutes),
            )
        )
    return tuple(out)
