"""Step 6 (pure): why a team is recommended, in words and as a small graph the UI draws.

Reasons: each need covered with the team's level against the needed level,
the ETA derivation, plan designation, past deployments on these hazards, and
the score's parts. The explanation subgraph holds the graph paths behind
them: team -HAS_CAPABILITY-> capability <-REQUIRES- hazard, plan -PRESCRIBES->
team (or its type), plan -COVERS-> hazard, team -DEPLOYED_TO-> incident
-OF_HAZARD-> hazard.

Example::

    reasons, graph = explain_team(cand, needs, hazards, plans, breakdown, mountainous=False)
"""

from __future__ import annotations

from collections.abc import Sequence

from queries.models import (
    CandidateTeam,
    CapabilityNeed,
    Explanation,
    ExplanationEdge,
    ExplanationNode,
    PlanMatch,
    ResolvedHazard,
    ScoreBreakdown,
)
from queries.scoring import WEIGHTS, level_fit
from queries.travel import eta_derivation

HAZARDS_PER_NEED = 2  # REQUIRES paths drawn per capability (keeps the picture readable)


def designations(cand: CandidateTeam, plans: Sequence[PlanMatch]) -> list[tuple[PlanMatch, str]]:
    """(plan, "team" | "team type") for each plan that prescribes this team or its type."""
    out: list[tuple[PlanMatch, str]] = []
    for p in plans:
        if cand.team.id in p.prescribed_teams:
            out.append((p, "team"))
        elif cand.team.team_type and cand.team.team_type in p.prescribed_team_types:
            out.append((p, "team type"))
    return out


def explain_team(
    cand: CandidateTeam,
    needs: Sequence[CapabilityNeed],
    hazards: Sequence[ResolvedHazard],
    plans: Sequence[PlanMatch],
    breakdown: ScoreBreakdown,
    *,
    mountainous: bool,
) -> tuple[tuple[str, ...], Explanation]:
    team = cand.team
    held = dict(cand.capabilities)
    hazard_by_id = {h.hazard.id: h for h in hazards}
    nodes: dict[str, ExplanationNode] = {}
    edges: dict[tuple[str, str, str], ExplanationEdge] = {}

    def node(id_: str, kind: str, label: str) -> None:
        nodes.setdefault(id_, ExplanationNode(id_, kind, label))

    def edge(source: str, target: str, type_: str, label: str = "") -> None:
        edges.setdefault(
            (source, target, type_), ExplanationEdge(source, target, type_, label or type_)
        )

    node(team.id, "team", team.name_zh)
    reasons: list[str] = []
    for n in needs:
        cid = n.capability.id
        if cid not in held:
            continue
        lvl = held[cid]
        fit = level_fit(lvl, n.needed_level)
        credit = "full credit" if fit == 1.0 else f"{fit:.0%} credit"
        reasons.append(
            f"covers {n.capability.name_zh} {n.capability.name_en} at level {lvl} "
            f"(needed {n.needed_level} or better; {credit}; need weight {n.weight:.2f})"
        )
        node(cid, "capability", n.capability.name_zh)
        edge(team.id, cid, "HAS_CAPABILITY", f"HAS_CAPABILITY level {lvl}")
        # the most important hazards behind the need (sources are ordered by importance)
        for src in [x for x in n.sources if x in hazard_by_id][:HAZARDS_PER_NEED]:
            node(src, "hazard", hazard_by_id[src].hazard.name_zh)
            edge(src, cid, "REQUIRES")
    reasons.append(
        eta_derivation(
            cand.distance_km, team.mobility, team.readiness_minutes, mountainous=mountainous
        )
    )
    for p, how in designations(cand, plans):
        what = "names this team" if how == "team" else f"prescribes its team type {team.team_type}"
        reasons.append(f"plan {p.plan.name_zh} ({p.plan.id}) {what}")
        node(p.plan.id, "plan", p.plan.name_zh)
        edge(p.plan.id, team.id, "PRESCRIBES", "PRESCRIBES" if how == "team" else "PRESCRIBES type")
        for ph in p.hazards:
            if ph.id in hazard_by_id:
                node(ph.id, "hazard", ph.name_zh)
                edge(p.plan.id, ph.id, "COVERS")
    for d in cand.deployments:
        reasons.append(
            f"experience: deployed to {d.incident.name_zh} ({d.incident.id}, hazard {d.hazard})"
        )
        node(d.incident.id, "incident", d.incident.name_zh)
        edge(team.id, d.incident.id, "DEPLOYED_TO")
        if d.hazard in hazard_by_id:
            node(d.hazard, "hazard", hazard_by_id[d.hazard].hazard.name_zh)
            edge(d.incident.id, d.hazard, "OF_HAZARD")
    b, w = breakdown, WEIGHTS
    reasons.append(
        f"score = {w.coverage} x coverage {b.coverage:.2f} + {w.eta} x ETA {b.eta:.2f} + "
        f"{w.readiness} x readiness {b.readiness:.2f} + {w.plan} x plan {b.plan:.2f} + "
        f"{w.experience} x experience {b.experience:.2f}"
    )
    return tuple(reasons), Explanation(tuple(nodes.values()), tuple(edges.values()))
