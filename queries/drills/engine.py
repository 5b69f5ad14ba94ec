"""The drill's discrete-event loop: one strategy, one script, one seed.

A heap of timed events (minutes from the start) drives the run. At equal times a team
coming home is handled before an arrival, an arrival before a departure, those before
the script's own events, and decisions last, so a decision sees every team freed at
that minute. Events:

- the script's: an incident opens, escalates or closes; teams drop out; reinforcements
  arrive; roads are cut or reopen;
- the teams': arrive on scene after their ETA, leave after the work duration
  (queries.drills.durations), are home after the drive back (ETA less readiness), rest
  after a full shift (policy ``shiftHours`` of work -> ``restHours`` off);
- decisions: at once when an incident opens or escalates, when reinforcements arrive or
  roads change; when teams come home while needs wait, at the next re-planning tick
  (policy ``replanMinutes``), as a duty officer re-plans on the hour.

At a decision every open incident with needs still short asks the strategy
(queries.drills.strategies) over the recommender's candidates as the sandbox's overlay
lets them through. Needs are the recommender's needs of weight at least
RELEVANT_NEED_FLOOR (the ones it sends teams for), each with its units.

Example::

    sim = DrillSimulation(script, Strategy.EMKG, seed=7, reader=reader)
    run = await sim.run()
    run.needs[0].first_arrival
"""

from __future__ import annotations

import heapq
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from queries.drills.durations import work_minutes
from queries.drills.overlay import Overlay, RoadCut
from queries.drills.reader import GraphReader
from queries.drills.records import IncidentRecord, NeedRecord, Sortie
from queries.drills.replay import ActualSortie, Replay
from queries.drills.script import (
    Close,
    DrillIncident,
    DrillScript,
    Escalate,
    Reinforcements,
    RoadsCut,
    TeamsUnavailable,
)
from queries.drills.strategies import Strategy, Waiting, choose
from queries.models import CandidateTeam, GeoPoint, ResponseLevel, Scenario
from queries.recommend import RELEVANT_NEED_FLOOR

HOME, RESTED, ARRIVE, LEAVE, SCRIPT, ACTUAL, DECIDE = range(7)
Progress = Callable[[float], None]


@dataclass
class _Incident:
    spec: DrillIncident
    level: str
    hazards: tuple[str, ...]
    record: IncidentRecord
    needs: dict[str, NeedRecord] = field(default_factory=dict)
    sorties: list[Sortie] = field(default_factory=list)
    closed: bool = False


@dataclass
class StrategyRun:
    """What one strategy did in the drill."""

    strategy: Strategy
    incidents: list[IncidentRecord]
    needs: list[NeedRecord]
    sorties: list[Sortie]
    exhausted: list[str]  # teams that worked a full shift and had to rest
    decisions: int
    step_seconds: list[float]  # wall time of each decision (graph reads + choice)
    wall_seconds: float
    notes: list[dict[str, Any]]  # the script's events as they happened, for the timeline


def _holds(pool: dict[str, CandidateTeam] | Any, capability: str) -> bool:
    return any(capability in dict(c.capabilities) for c in pool.values())


class DrillSimulation:
    def __init__(
        self,
        script: DrillScript,
        strategy: Strategy,
        *,
        seed: int,
        reader: GraphReader,
        on_progress: Progress | None = None,
        replay: Replay | None = None,
    ) -> None:
        self.script = script
        self.replay = replay
        self.strategy = strategy
        self.reader = reader
        self.rng = random.Random(f"{seed}:{strategy.value}")
        self.on_progress = on_progress
        self.overlay = Overlay()
        self.incidents: dict[str, _Incident] = {}
        self.worked: dict[str, float] = {}
        self.exhausted: list[str] = []
        self.notes: list[dict[str, Any]] = []
        self.heap: list[tuple[float, int, int, Any]] = []
        self.seq = 0
        self.ticks: set[float] = set()
        self.decisions = 0
        self.step_seconds: list[float] = []

    def push(self, at: float, kind: int, payload: Any) -> None:
        self.seq += 1
        heapq.heappush(self.heap, (at, kind, self.seq, payload))

    async def run(self) -> StrategyRun:
        t0 = time.perf_counter()
        end = self.script.duration_minutes
        for inc in self.script.incidents:
            self.push(inc.at, SCRIPT, inc)
        for ev in self.script.events:
            self.push(ev.at, SCRIPT, ev)
            if isinstance(ev, Reinforcements):
                for t in ev.teams:
                    self.overlay.held_until[t] = ev.at
        if self.replay is not None:
            # the graph as it was: teams busy at the first incident's time stay out
            self.overlay.unavailable.update(self.replay.busy_then)
            if self.strategy is Strategy.ACTUAL:
                for a in self.replay.actual:
                    self.push(a.dispatched, ACTUAL, a)
        while self.heap and self.heap[0][0] <= end:
            now, kind, _, payload = heapq.heappop(self.heap)
            if kind == DECIDE:
                self.ticks.discard(now)
                await self.decide(now)
            else:
                await self.handle(now, kind, payload)
            if self.on_progress is not None:
                self.on_progress(min(1.0, now / end))
        return StrategyRun(
            strategy=self.strategy,
            incidents=[i.record for i in self.incidents.values()],
            needs=[n for i in self.incidents.values() for n in i.needs.values()],
            sorties=[s for i in self.incidents.values() for s in i.sorties],
            exhausted=self.exhausted,
            decisions=self.decisions,
            step_seconds=self.step_seconds,
            wall_seconds=time.perf_counter() - t0,
            notes=self.notes,
        )

    # -- events -------------------------------------------------------------------------

    async def handle(self, now: float, kind: int, payload: Any) -> None:
        if kind == ARRIVE:
            self.arrive(now, payload)
        elif kind == LEAVE:
            self.leave(now, payload)
        elif kind in (HOME, RESTED):
            if kind == HOME:
                self.home(now, payload)
            self.tick(now)
        elif kind == ACTUAL:
            await self.send_actual(now, payload)
        elif isinstance(payload, DrillIncident):
            await self.open_incident(now, payload)
        else:
            await self.script_event(now, payload)

    def decide_at(self, at: float) -> None:
        if at not in self.ticks:
            self.ticks.add(at)
            self.push(at, DECIDE, None)

    def tick(self, now: float) -> None:
        """Teams are free again: re-plan at the next tick if any need waits."""
        if any(self.short(i) for i in self.incidents.values() if not i.closed):
            step = float(self.script.policy.replan_minutes)
            self.decide_at(-(-now // step) * step)

    def arrive(self, now: float, s: Sortie) -> None:
        inc = self.incidents[s.incident]
        if inc.closed:
            self.push(now, LEAVE, s)
            return
        for cid in s.covers:
            need = inc.needs.get(cid)
            if need is not None and need.first_arrival is None:
                need.first_arrival = now
        self.push(now + s.work_minutes, LEAVE, s)

    def leave(self, now: float, s: Sortie) -> None:
        if s.leaves is not None:
            return
        s.leaves = now
        on_scene = max(0.0, now - s.arrives)
        self.worked[s.team] = self.worked.get(s.team, 0.0) + on_scene
        back = s.arrives - s.dispatched - s.readiness if now >= s.arrives else now - s.dispatched
        self.push(now + max(0.0, back), HOME, s)

    def home(self, now: float, s: Sortie) -> None:
        s.home = now
        self.overlay.release(s.team)
        policy = self.script.policy
        if self.worked.get(s.team, 0.0) >= policy.shift_hours * 60.0:
            self.worked[s.team] = 0.0
            self.exhausted.append(s.team)
            self.overlay.resting_until[s.team] = now + policy.rest_hours * 60.0
            self.push(now + policy.rest_hours * 60.0, RESTED, s.team)

    async def open_incident(self, now: float, spec: DrillIncident) -> None:
        record = IncidentRecord(
            id=spec.id,
            name_zh=spec.name.zh,
            name_en=spec.name.en,
            hazards=list(spec.hazards),
            level=spec.level,
            latitude=spec.location.latitude,
            longitude=spec.location.longitude,
            opened=now,
            cascade_of=spec.cascade_of,
            levels=[(now, spec.level)],
        )
        inc = _Incident(spec, spec.level, tuple(spec.hazards), record)
        self.incidents[spec.id] = inc
        await self.refresh_needs(now, inc)
        self.decide_at(now)

    async def script_event(self, now: float, ev: Any) -> None:
        note = {"at": now, "kind": ev.kind}
        if getattr(ev, "note", None) is not None:
            note["zh"], note["en"] = ev.note.zh, ev.note.en
        self.notes.append(note)
        if isinstance(ev, Escalate):
            inc = self.incidents[ev.incident]
            note["incident"] = inc.spec.id
            if inc.closed:
                return
            if ev.level is not None:
                inc.level = ev.level
                inc.record.level = ev.level
                inc.record.levels.append((now, ev.level))
            inc.hazards = tuple(dict.fromkeys([*inc.hazards, *ev.add_hazards]))
            inc.record.hazards = list(inc.hazards)
            await self.refresh_needs(now, inc)
            self.decide_at(now)
        elif isinstance(ev, Close):
            self.close(now, self.incidents[ev.incident])
            note["incident"] = ev.incident
        elif isinstance(ev, TeamsUnavailable):
            self.overlay.unavailable.update(ev.teams)
            note["teams"] = list(ev.teams)
        elif isinstance(ev, Reinforcements):
            note["teams"] = list(ev.teams)
            self.decide_at(now)
        elif isinstance(ev, RoadsCut):
            a = ev.area
            cut = RoadCut(
                GeoPoint(a.latitude, a.longitude),
                a.radius_km,
                frozenset(ev.allowed_mobility),
                ev.at,
                ev.until,
            )
            self.overlay.cuts.append(cut)
            note.update(latitude=a.latitude, longitude=a.longitude, radiusKm=a.radius_km)
            note["until"] = ev.until
            if ev.until is not None:
                self.decide_at(ev.until)

    def close(self, now: float, inc: _Incident) -> None:
        inc.closed = True
        inc.record.closed = now
        for s in inc.sorties:
            if s.leaves is None and s.arrives <= now:
                self.push(now, LEAVE, s)

    # -- needs and decisions ------------------------------------------------------------

    def scenario(self, inc: _Incident) -> Scenario:
        spec, policy = inc.spec, self.script.policy
        return Scenario(
            location=GeoPoint(spec.location.latitude, spec.location.longitude),
            response_level=ResponseLevel(inc.level),
            hazard_codes=inc.hazards,
            description=spec.description,
            max_travel_minutes=spec.max_travel_minutes or policy.max_travel_minutes,
            max_teams=spec.max_teams or policy.max_teams_per_incident,
            required_capabilities=tuple(spec.required_capabilities),
        )

    async def refresh_needs(self, now: float, inc: _Incident) -> None:
        """The incident's needs at its current level and hazards (new ones arise now)."""
        p = await self.reader.prepared(self.scenario(inc))
        for n in p.needs:
            if n.weight < RELEVANT_NEED_FLOOR:
                continue
            cid = n.capability.id
            old = inc.needs.get(cid)
            if old is not None:
                old.weight, old.units = max(old.weight, n.weight), max(old.units, n.units)
                continue
            need = NeedRecord(
                inc.spec.id, cid, n.capability.name_zh, n.capability.name_en, n.weight, n.units, now
            )
            inc.needs[cid] = need
            for s in inc.sorties:  # teams already there that hold the new need
                c = p.pool.get(s.team)
                if s.leaves is None and c is not None and cid in dict(c.capabilities):
                    need.teams.append(s.team)
                    s.covers.append(cid)
                    if s.arrives <= now:
                        need.first_arrival = now

    def short(self, inc: _Incident) -> list[NeedRecord]:
        return [n for n in inc.needs.values() if len(n.teams) < n.units]

    async def waiting(self, now: float, inc: _Incident) -> Waiting | None:
        short = self.short(inc)
        if inc.closed or not short:
            return None
        scenario = self.scenario(inc)
        p = await self.reader.prepared(scenario)
        scene = scenario.location
        full, scored = p.pool, p.scored
        if self.replay is not None and self.replay.free_then:
            full, scored = await self.reader.with_teams(p, self.replay.free_then)
        pool = self.overlay.filter_pool(full, scene, now)
        if self.reader.truncated(p) and any(
            not _holds(pool, n.capability) and _holds(full, n.capability) for n in short
        ):
            # the pool was cut at the recommender's limit and the drill's own teams hold all
            # of its holders of a need: read past them (a need the pool never held has no
            # holder in reach at all: the recommender's fill-in read already looked)
            p = await self.reader.prepared(replace(scenario, exclude_teams=self.excluded(now)))
            full, scored = p.pool, p.scored
            if self.replay is not None and self.replay.free_then:
                full, scored = await self.reader.with_teams(p, self.replay.free_then)
            pool = self.overlay.filter_pool(full, scene, now)
        by_id = {n.capability.id: n for n in p.needs}
        needs = tuple(
            replace(by_id[n.capability], units=n.units - len(n.teams))
            for n in short
            if n.capability in by_id
        )
        teams_left = (scenario.max_teams or 0) - len(
            {s.team for s in inc.sorties if s.leaves is None}
        )
        return Waiting(inc.spec.id, needs, pool, scored, teams_left, p.max_minutes)

    def excluded(self, now: float) -> tuple[str, ...]:
        o = self.overlay
        ids = set(o.committed) | o.unavailable
        ids |= {t for t, at in o.held_until.items() if at > now}
        ids |= {t for t, at in o.resting_until.items() if at > now}
        return tuple(sorted(ids))[:200]

    async def decide(self, now: float) -> None:
        if self.strategy is Strategy.ACTUAL:
            return  # the record decides (send_actual)
        t0 = time.perf_counter()
        open_ = sorted(
            (i for i in self.incidents.values() if not i.closed),
            key=lambda i: (i.record.opened, i.spec.id),
        )
        waiting = [w for i in open_ if (w := await self.waiting(now, i)) is not None]
        if not waiting:
            return
        self.decisions += 1
        plan = choose(
            self.strategy,
            waiting,
            rng=self.rng,
            time_limit=self.script.policy.allocator_seconds,
        )
        by_incident = {w.incident: w for w in waiting}
        for inc_id in sorted(plan, key=lambda k: [w.incident for w in waiting].index(k)):
            for team in plan[inc_id]:
                self.dispatch(now, self.incidents[inc_id], by_incident[inc_id].pool[team])
        self.step_seconds.append(time.perf_counter() - t0)

    async def send_actual(self, now: float, a: ActualSortie) -> None:
        """A team really sent (replays): at the recorded minute, whatever the overlay says;
        on scene at the recorded arrival (else after its ETA), leaving at the recorded
        release (else after the work-duration table)."""
        inc = self.incidents.get(a.incident)
        if inc is None or inc.closed:
            return
        p = await self.reader.prepared(self.scenario(inc))
        c = (await self.reader.teams(p, (a.team,))).get(a.team)
        if c is None:
            self.notes.append({"at": now, "kind": "teamMissing", "teams": [a.team]})
            return
        self.step_seconds.append(0.0)
        self.decisions += 1
        s = self.dispatch(now, inc, c, arrives=a.arrives)
        if a.leaves is not None:
            s.work_minutes = max(0.0, round(a.leaves - s.arrives, 1))

    def dispatch(
        self, now: float, inc: _Incident, c: CandidateTeam, *, arrives: float | None = None
    ) -> Sortie:
        team = c.team.id
        held = dict(c.capabilities)
        covers = [cid for cid in inc.needs if cid in held]
        s = Sortie(
            team=team,
            name_zh=c.team.name_zh,
            name_en=c.team.name_en,
            mobility=c.team.mobility,
            incident=inc.spec.id,
            covers=covers,
            base_lat=c.team.location.latitude,
            base_lon=c.team.location.longitude,
            scene_lat=inc.spec.location.latitude,
            scene_lon=inc.spec.location.longitude,
            distance_km=c.distance_km,
            dispatched=now,
            arrives=round(now + c.eta_minutes, 1) if arrives is None else arrives,
            work_minutes=work_minutes(inc.hazards[0], covers),
            readiness=float(c.team.readiness_minutes),
        )
        inc.sorties.append(s)
        for cid in covers:
            inc.needs[cid].teams.append(team)
        self.overlay.commit(team, inc.spec.id)
        self.push(s.arrives, ARRIVE, s)
        return s
