"""recommend_forces: which teams to send for a scenario, why, and what is missing.

DESIGN.md steps 1-6 in two rounds of Cypher (three with a description), the queries of
a round run together:

0. a description only: hazard search                        (queries.search)
1. hazards and cascades, needs, applicable plans, requested
   capabilities                                              (hazards, needs, plans: 4;
   with a taxonomy cache (the API): the ontology version, the scene's regions and the
   plans in one statement, queries.first_round, the hazards and needs from memory)
2. candidate teams with the fastest holders of any need they
   lack, experts, key equipment                              (teams, experts, equipment: 3)

Scoring (scoring.py), selection (selection.py) and explanations (explain.py)
are pure Python. Same input and graph -> same output: every ordering ends in an id.

Example::

    rec = await recommend_forces(runner, Scenario(
        location=GeoPoint(30.66, 104.06), response_level=ResponseLevel.II,
        hazard_codes=("11A01",)))
    [t.team.id for t in rec.force_package]
"""

from __future__ import annotations

import asyncio
import math
from collections import Counter
from collections.abc import Awaitable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, LiteralString

from kg.cypher import CypherRunner
from kg.embedder import Embedder
from kg.errors import NoHazardRecognizedError, UserInputError
from queries.collected import collected_rows
from queries.equipment import EQUIPMENT_RETURNED, choose_equipment, equipment_rows
from queries.experts import recommend_experts
from queries.explain import TeamExplainer
from queries.first_round import version_and_plans
from queries.gathered import all_of
from queries.hazards import resolve_hazards
from queries.models import (
    CandidateTeam,
    CapabilityNeed,
    ExpertRecommendation,
    ForceRecommendation,
    NearestTeam,
    PlanMatch,
    ResolvedHazard,
    Scenario,
    ScoreBreakdown,
    TeamRecommendation,
)
from queries.needs import (
    capabilities_by_id,
    hazard_requirements,
    merge_needs,
)
from queries.plan_check import assess_plans
from queries.plans import applicable_plans
from queries.scoring import fits, score_candidate, score_of
from queries.selection import NeedSpec, Option, select_package
from queries.situation_needs import apply_facts, fact_capabilities
from queries.taxonomy_cache import TaxonomyCache
from queries.teams import candidate_teams
from queries.travel import mountain_area
from queries.understanding.parse import parse_report

DEFAULT_MAX_TRAVEL_MINUTES = 180
DEFAULT_MAX_TEAMS = 25
MAX_TRAVEL_MINUTES_LIMIT = 24 * 60
MAX_TEAMS_LIMIT = 100
MAX_HAZARD_CODES = 20
MAX_LIST = 200  # requiredCapabilities / excludeTeams entries
CANDIDATES_RETURNED = 50
# A team joins the package only for a need weighing at least this (below it: the generic
# command, warning and logistics needs every category carries): a hazard no team can
# handle gets an honest gap, not unrelated teams as filler. Lower needs are covered by
# teams chosen for higher ones, or reported as gaps limited by "lowPriority".
RELEVANT_NEED_FLOOR = 0.6
BUSY_STATUSES = ("deployed", "unavailable")

# Why a need has no (or too few) units where the candidates cannot say: per capability,
# how many teams hold it at all, how many are busy, how many the commander excluded.
HOLDERS: LiteralString = """
UNWIND $capabilities AS cid
OPTIONAL MATCH (t:Team)-[:HAS_CAPABILITY]->(:Capability {id: cid})
WHERE NOT coalesce(t.retired, false)
WITH cid, collect(t) AS ts
RETURN collect({id: cid, total: size(ts),
                busy: size([t IN ts WHERE t.status IN $busy]),
                excluded: size([t IN ts WHERE t.id IN $exclude])}) AS rows
"""


def validate_scenario(s: Scenario) -> None:
    """Raise UserInputError saying what is wrong with the scenario and how to fix it."""
    lat, lon = s.location.latitude, s.location.longitude
    if not (math.isfinite(lat) and math.isfinite(lon)) or not (
        -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0
    ):
        raise UserInputError(
            f"location ({lat}, {lon}) is out of range; "
            "latitude must be in -90..90 and longitude in -180..180 (WGS-84 degrees)"
        )
    if not s.hazard_codes and not (s.description and s.description.strip()):
        raise UserInputError(
            "give hazardCodes (e.g. ['11A01'] 洪水) or a description of the incident"
        )
    if len(s.hazard_codes) > MAX_HAZARD_CODES:
        raise UserInputError(f"at most {MAX_HAZARD_CODES} hazardCodes, got {len(s.hazard_codes)}")
    limits = (
        ("maxTravelMinutes", s.max_travel_minutes, MAX_TRAVEL_MINUTES_LIMIT),
        ("maxTeams", s.max_teams, MAX_TEAMS_LIMIT),
    )
    for name, value, hi in limits:
        if value is not None and not 0 < value <= hi:
            raise UserInputError(f"{name} must be between 1 and {hi}, got {value}")
    for name, items in (
        ("requiredCapabilities", s.required_capabilities),
        ("excludeTeams", s.exclude_teams),
    ):
        if len(items) > MAX_LIST:
            raise UserInputError(f"at most {MAX_LIST} {name}, got {len(items)}")


def _recommendation(
    cand: CandidateTeam,
    needs: Sequence[CapabilityNeed],
    why: TeamExplainer,
    breakdown: ScoreBreakdown,
    *,
    explain: bool = True,
) -> TeamRecommendation:
    reasons, explanation = why.explain(cand, breakdown) if explain else ((), None)
    held = dict(cand.capabilities)
    return TeamRecommendation(
        team=cand.team,
        score=score_of(breakdown),
        distance_km=cand.distance_km,
        eta_minutes=cand.eta_minutes,
        covers=tuple(n.capability for n in needs if n.capability.id in held),
        reasons=reasons,
        breakdown=breakdown,
        explanation=explanation,
    )


def selection_input(
    needs: Sequence[CapabilityNeed],
    pool: Mapping[str, CandidateTeam],
    scored: Mapping[str, float],
) -> tuple[list[NeedSpec], list[Option]]:
    """The set-cover input: one spec per need, one option per team that is useful here
    (holds a need above RELEVANT_NEED_FLOOR: no filler for what nobody can handle)."""
    specs = [NeedSpec(n.capability.id, n.weight, n.units) for n in needs]
    relevant = {n.capability.id for n in needs if n.weight >= RELEVANT_NEED_FLOOR}
    options = [
        Option(tid, c.eta_minutes, fits(c, needs), scored[tid]) for tid, c in sorted(pool.items())
    ]
    return specs, [o for o in options if relevant.intersection(o.fits)]


def _select(
    needs: Sequence[CapabilityNeed],
    pool: Mapping[str, CandidateTeam],
    scored: Mapping[str, float],
    max_teams: int,
) -> list[str]:
    specs, useful = selection_input(needs, pool, scored)
    return [o.id for o in select_package(specs, useful, max_teams)]


def _nearest(c: CandidateTeam) -> NearestTeam:
    return NearestTeam(c.team, c.distance_km, c.eta_minutes)


async def read_description(
    runner: CypherRunner, embedder: Embedder | None, s: Scenario
) -> tuple[list[ResolvedHazard], dict[str, float | bool]]:
    """The description's hazards and situation facts (queries.understanding).

    Codes win: with hazardCodes the description gives only its facts (the commander
    has checked the hazards, e.g. after parseScenario). Without codes, a description in
    which no hazard can be read is refused, listing the nearest hazard types.
    """
    if not (s.description and s.description.strip()):
        return [], {}
    draft = await parse_report(runner, embedder, s.description)
    facts = {f.kind: f.value for f in draft.facts}
    if s.hazard_codes:
        return [], facts
    if not draft.recognized:
        raise NoHazardRecognizedError(
            ((c.id, c.name_zh, c.name_en) for c in draft.suggestions), occasion=draft.occasion
        )
    return list(draft.hazards), facts


@dataclass(frozen=True)
class PreparedScenario:
    """Everything the recommender knows about a scenario before it chooses teams: needs,
    the candidate pool with scores, the fill-ins beyond reach, experts and equipment stock.
    `recommend_forces` = `prepare_scenario` + `_select` + `complete_recommendation`; the
    multi-incident allocator (queries.allocation) chooses across several of these."""

    scenario: Scenario
    hazards: tuple[ResolvedHazard, ...]
    needs: tuple[CapabilityNeed, ...]
    plans: tuple[PlanMatch, ...]
    pool: Mapping[str, CandidateTeam]
    fill: Mapping[str, list[CandidateTeam]]
    breakdowns: Mapping[str, ScoreBreakdown]
    scored: Mapping[str, float]
    experts: tuple[ExpertRecommendation, ...]
    stock: tuple[dict[str, Any], ...]
    max_minutes: float
    max_teams: int
    exclude: tuple[str, ...]
    mountainous: bool


async def recommend_forces(
    runner: CypherRunner,
    s: Scenario,
    *,
    embedder: Embedder | None = None,
    taxonomy: TaxonomyCache | None = None,
    explain_candidates: bool = True,
    experts: bool = True,
    equipment: bool = True,
) -> ForceRecommendation:
    """The force package, ranked candidates, gaps, plans, experts and equipment for `s`.
    `explain_candidates=False`: the candidates outside the package come without reasons
    and explanation (a caller that shows none of them: the GraphQL resolver, when the
    selection asks neither of the candidates). `experts=False`, `equipment=False`: those
    lists come empty, their statements not run (the resolver, when they are not asked)."""
    p = await prepare_scenario(
        runner, s, embedder=embedder, taxonomy=taxonomy, experts=experts, equipment=equipment
    )
    # The holder counts a gap may need are read while the package is chosen (for every need
    # that could end up needing them: one round trip less after the selection).
    early = _early_holders(runner, p)
    if early is not None:
        await asyncio.sleep(0)  # the read starts (is sent) before the selection's CPU
    try:
        chosen = _select(p.needs, p.pool, p.scored, p.max_teams)
        return await complete_recommendation(
            runner, p, chosen, holders=early, explain_candidates=explain_candidates
        )
    finally:
        if early is not None:
            _settle(early)


def _settle(task: asyncio.Task[Any]) -> None:
    """A read started early that an error left unawaited: cancelled when still running,
    its own error (if any) retrieved, so that nothing runs on or is logged as lost."""
    if not task.done():
        task.cancel()
    elif not task.cancelled():
        task.exception()


def _early_holders(
    runner: CypherRunner, p: PreparedScenario
) -> asyncio.Task[dict[str, dict[str, int]]] | None:
    """HOLDERS for the needs `_holders` may ask whatever the package (fewer teams in the
    pool hold it than units are asked, and no holder waits beyond the limits), started now."""
    held = Counter(cid for c in p.pool.values() for cid in {cid for cid, _ in c.capabilities})
    maybe = [
        n.capability.id
        for n in p.needs
        if held[n.capability.id] < n.units
        and not _beyond_limits(p.fill, n.capability.id, p.max_minutes)
    ]
    if not maybe:
        return None
    return asyncio.ensure_future(_holder_counts(runner, maybe, list(p.exclude)))


@dataclass(frozen=True)
class ScenarioNeeds:
    """Steps 1-2 for a scenario, before any team is looked at: its hazards, needs (with
    units) and applicable plans, and its limits. `prepare_scenario` adds the candidates
    read for it; a drill (queries.drills.supply) reads a deeper candidate supply once per
    scene and derives from it the pool left when it has taken teams of its own."""

    scenario: Scenario
    hazards: tuple[ResolvedHazard, ...]
    needs: tuple[CapabilityNeed, ...]
    plans: tuple[PlanMatch, ...]
    max_minutes: float
    max_teams: int
    exclude: tuple[str, ...]
    mountainous: bool

    @property
    def capability_ids(self) -> list[str]:
        return [n.capability.id for n in self.needs]

    @property
    def hazard_ids(self) -> list[str]:
        return [h.hazard.id for h in self.hazards]


async def scenario_needs(
    runner: CypherRunner,
    s: Scenario,
    *,
    embedder: Embedder | None = None,
    taxonomy: TaxonomyCache | None = None,
) -> ScenarioNeeds:
    """Steps 1-2 for `s`: hazards (with cascades), needs, applicable plans, limits.
    `taxonomy`: the process's cache of what hazard codes mean (the API passes its own)."""
    validate_scenario(s)
    level = s.response_level
    described, facts = await read_description(runner, embedder, s)
    primary = list(dict.fromkeys([*s.hazard_codes, *(h.hazard.id for h in described)]))
    fact_caps = [c for c in fact_capabilities(facts) if c not in s.required_capabilities]
    asked = capabilities_by_id(runner, list(s.required_capabilities), fact_caps)
    if taxonomy is not None and not described:
        # one round trip for the version, the regions and the plans; then the taxonomy's
        # meaning of the codes from memory (a read only when the version is new to it)
        ((hazards, requirements), plans), (requested, fact_refs) = await all_of(
            _meaning_and_plans(runner, taxonomy, s, primary), asked
        )
    else:
        (hazards, requirements), plans, (requested, fact_refs) = await all_of(
            all_of(
                resolve_hazards(runner, list(s.hazard_codes), described),
                hazard_requirements(runner, primary, level),
            ),
            applicable_plans(runner, primary, s.location, level),
            asked,
        )
    needs = merge_needs(hazards, requirements, plans, requested, level)
    needs = apply_facts(needs, facts, {c.id: c for c in fact_refs}, level)
    return ScenarioNeeds(
        scenario=s,
        hazards=tuple(hazards),
        needs=tuple(needs),
        plans=tuple(plans),
        max_minutes=float(s.max_travel_minutes or DEFAULT_MAX_TRAVEL_MINUTES),
        max_teams=s.max_teams or DEFAULT_MAX_TEAMS,
        exclude=tuple(sorted(set(s.exclude_teams))),
        mountainous=mountain_area(s.location) is not None,
    )


async def _meaning_and_plans(
    runner: CypherRunner, taxonomy: TaxonomyCache, s: Scenario, primary: list[str]
) -> tuple[tuple[list[ResolvedHazard], list[Any]], list[PlanMatch]]:
    """The codes' hazards and needs (from the taxonomy cache, under the version read with the
    plans) and the applicable plans: one round trip when the cache knows the codes."""
    version, plans = await version_and_plans(runner, primary, s.location, s.response_level)
    meaning = await taxonomy.hazards_and_needs(
        runner, list(s.hazard_codes), s.response_level, version=version
    )
    return meaning, plans


def prepared_scenario(
    n: ScenarioNeeds,
    found: Sequence[CandidateTeam],
    fill: Mapping[str, list[CandidateTeam]],
    *,
    experts: tuple[ExpertRecommendation, ...] = (),
    stock: tuple[dict[str, Any], ...] = (),
) -> PreparedScenario:
    """Step 4a: the candidates `found` (fastest first) and the fill-ins within the limits
    as the pool, each scored."""
    pool = {c.team.id: c for c in found}
    # needs no candidate holds came with their fastest holders at any distance: those
    # within the limits join the candidates, the others fill the gaps' nearestTeam
    for teams in fill.values():
        for c in teams:
            if c.eta_minutes <= n.max_minutes:
                pool.setdefault(c.team.id, c)

    needs = list(n.needs)
    plan_teams = {t for p in n.plans for t in p.prescribed_teams}
    plan_types = {t for p in n.plans for t in p.prescribed_team_types}
    breakdowns = {
        tid: score_candidate(
            c, needs, max_minutes=n.max_minutes, plan_teams=plan_teams, plan_types=plan_types
        )
        for tid, c in pool.items()
    }
    return PreparedScenario(
        scenario=n.scenario,
        hazards=n.hazards,
        needs=n.needs,
        plans=n.plans,
        pool=pool,
        fill=fill,
        breakdowns=breakdowns,
        scored={tid: score_of(b) for tid, b in breakdowns.items()},
        experts=experts,
        stock=stock,
        max_minutes=n.max_minutes,
        max_teams=n.max_teams,
        exclude=n.exclude,
        mountainous=n.mountainous,
    )


async def prepare_scenario(
    runner: CypherRunner,
    s: Scenario,
    *,
    embedder: Embedder | None = None,
    taxonomy: TaxonomyCache | None = None,
    experts: bool = True,
    equipment: bool = True,
) -> PreparedScenario:
    """Steps 1-4a for `s`: hazards, needs, plans, scored candidates, experts, stock.
    `experts`, `equipment`: whether to read them (a caller that shows neither leaves them
    empty and saves their statements; nothing else depends on them)."""
    n = await scenario_needs(runner, s, embedder=embedder, taxonomy=taxonomy)
    topics = {h.hazard.id: h.confidence for h in n.hazards}
    names = {h.hazard.id: h.hazard for h in n.hazards} | {
        x.capability.id: x.capability for x in n.needs
    }
    for x in n.needs:
        topics[x.capability.id] = max(topics.get(x.capability.id, 0.0), x.weight)

    cap_ids = n.capability_ids
    exclude = list(n.exclude)
    (found, fill), advisers, stock = await all_of(
        candidate_teams(
            runner,
            s.location,
            cap_ids,
            n.hazard_ids,
            max_minutes=n.max_minutes,
            exclude=exclude,
        ),
        recommend_experts(runner, s.location, topics, names) if experts else _none(),
        equipment_rows(runner, s.location, cap_ids, exclude=exclude) if equipment else _none(),
    )
    return prepared_scenario(n, found, fill, experts=tuple(advisers), stock=tuple(stock))


async def _none() -> list[Any]:
    return []


async def complete_recommendation(
    runner: CypherRunner,
    p: PreparedScenario,
    chosen: Sequence[str],
    *,
    elsewhere: Collection[str] = (),
    holders: Awaitable[dict[str, dict[str, int]]] | None = None,
    explain_candidates: bool = True,
) -> ForceRecommendation:
    """Steps 4b-6 for the teams `chosen` (ids in choice order): gaps, equipment, package,
    ranked candidates, plans assessed. `elsewhere`: teams of the pool allocated to another
    incident (queries.allocation); a need only they could fill is limited by otherIncident.
    `holders`: HOLDERS counts already asked (`_early_holders`) for at least every need
    `_holders` would ask them of. `explain_candidates`: see `recommend_forces`."""
    needs, pool, scored = list(p.needs), p.pool, p.scored
    hazards, plans = list(p.hazards), list(p.plans)
    covered = {cid for tid in chosen for cid, _ in pool[tid].capabilities}
    priority = sorted(needs, key=lambda n: (n.capability.id in covered, -n.weight, n.capability.id))
    hazard_ids = [h.hazard.id for h in hazards]
    equipment = choose_equipment(list(p.stock), priority, EQUIPMENT_RETURNED, hazards=hazard_ids)

    provided = {
        n.capability.id: sum(1 for t in chosen if n.capability.id in dict(pool[t].capabilities))
        for n in needs
    }
    short = [n for n in needs if provided[n.capability.id] < n.units]
    counts = await _holders(
        runner, short, chosen, pool, p.fill, p.max_minutes, list(p.exclude), holders
    )
    gaps = [
        _gap(
            n,
            provided[n.capability.id],
            pool,
            chosen,
            p.fill,
            p.max_minutes,
            counts,
            elsewhere=elsewhere,
        )
        for n in short
    ]

    order = sorted(pool, key=lambda t: (-scored[t], pool[t].eta_minutes, t))
    shown = dict.fromkeys([*order[:CANDIDATES_RETURNED], *chosen])
    why = TeamExplainer(needs, hazards, plans, mountainous=p.mountainous)
    explained = set(shown) if explain_candidates else set(chosen)
    recs = {
        t: _recommendation(pool[t], needs, why, p.breakdowns[t], explain=t in explained)
        for t in shown
    }
    ranked = [recs[t] for t in order[:CANDIDATES_RETURNED]]
    package = sorted((recs[t] for t in chosen), key=lambda r: (-r.score, r.eta_minutes, r.team.id))
    return ForceRecommendation(
        hazards=tuple(hazards),
        required_capabilities=tuple(needs),
        force_package=tuple(package),
        candidates=tuple(ranked),
        gaps=tuple(gaps),
        plans=assess_plans(plans, package),
        experts=p.experts,
        equipment=tuple(equipment),
    )


async def _holders(
    runner: CypherRunner,
    short: Sequence[CapabilityNeed],
    chosen: Sequence[str],
    pool: Mapping[str, CandidateTeam],
    fill: Mapping[str, list[CandidateTeam]],
    max_minutes: float,
    exclude: list[str],
    early: Awaitable[dict[str, dict[str, int]]] | None = None,
) -> dict[str, dict[str, int]]:
    """Holder counts for the short needs nothing in reach or beyond it explains (rare);
    from `early` when given (it is awaited in any case, so no read is left behind)."""
    taken = set(chosen)
    spare = {cid for c in pool.values() if c.team.id not in taken for cid, _ in c.capabilities}
    unexplained = [
        n.capability.id
        for n in short
        if n.capability.id not in spare and not _beyond_limits(fill, n.capability.id, max_minutes)
    ]
    if early is not None:
        counts = await early
        return {cid: counts[cid] for cid in unexplained}
    if not unexplained:
        return {}
    return await _holder_counts(runner, unexplained, exclude)


def _beyond_limits(
    fill: Mapping[str, list[CandidateTeam]], capability: str, max_minutes: float
) -> bool:
    """Whether a holder of `capability` is known to wait beyond the travel limit (the gap is
    then explained without holder counts); `_early_holders` and `_holders` must agree."""
    return any(c.eta_minutes > max_minutes for c in fill.get(capability, []))


async def _holder_counts(
    runner: CypherRunner, capabilities: list[str], exclude: list[str]
) -> dict[str, dict[str, int]]:
    """HOLDERS: per capability, how many teams hold it, are busy, were excluded."""
    rows = await collected_rows(
        runner,
        HOLDERS,
        {"capabilities": capabilities, "busy": list(BUSY_STATUSES), "exclude": exclude},
    )
    return {r["id"]: r for r in rows}


def _gap(
    n: CapabilityNeed,
    provided: int,
    pool: Mapping[str, CandidateTeam],
    chosen: Sequence[str],
    fill: Mapping[str, list[CandidateTeam]],
    max_minutes: float,
    holders: dict[str, dict[str, int]],
    *,
    elsewhere: Collection[str] = (),
) -> CapabilityNeed:
    """A need with fewer units than asked, and why (DESIGN: honest gaps)."""
    cid = n.capability.id
    busy = excluded = 0
    nearest: NearestTeam | None = None
    holding = sorted(
        (c for t, c in pool.items() if t not in chosen and cid in dict(c.capabilities)),
        key=lambda c: (c.eta_minutes, c.team.id),
    )
    spare = [c for c in holding if c.team.id not in elsewhere]
    beyond = [c for c in fill.get(cid, []) if c.eta_minutes > max_minutes]
    if not spare and holding:
        # every holder in reach was allocated to another incident (queries.allocation)
        reason, nearest = "otherIncident", _nearest(holding[0])
    elif spare:
        # teams in reach hold it but were not taken: the package limit, or too low a need
        reason = "maxTeams" if n.weight >= RELEVANT_NEED_FLOOR else "lowPriority"
        nearest = _nearest(spare[0])
    elif beyond:
        reason, nearest = "tooFar", _nearest(beyond[0])
    elif cid in holders:
        h = holders[cid]
        busy, excluded = int(h["busy"]), int(h["excluded"])
        free_elsewhere = int(h["total"]) - busy - excluded - provided
        if free_elsewhere > 0:
            reason = "tooFar"  # free holders exist, none within reach
        elif busy or excluded:
            reason = "allBusy" if busy >= excluded else "excluded"
        else:
            reason = "noTeam"  # no (further) team in the graph holds it
    else:
        reason = "tooFar"
    return CapabilityNeed(
        capability=n.capability,
        weight=n.weight,
        sources=n.sources,
        needed_level=n.needed_level,
        units=n.units,
        nearest_team=nearest,
        limited_by=reason,
        units_provided=provided,
        busy_teams=busy,
        excluded_teams=excluded,
    )
