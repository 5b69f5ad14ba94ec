"""The sandbox's overlay (pure): the drill's own commitments on top of the live graph.

The live graph is only read. What the drill changes lives here, one overlay per
strategy run: teams it dispatched (until they are home), teams it rested after a full
shift, teams its script took out or holds back until reinforcements arrive, and road
cuts. The recommender's candidate pool, read once from the live graph, is filtered
through the overlay before a strategy chooses from it; so any number of drills run
side by side and none of them writes.

Road cuts: an incident inside a cut circle is reached only by the allowed mobilities
(default air); a ground or water team based inside a cut circle cannot leave it for an
incident outside.

Example::

    o = Overlay(held_until={"T-9": 480.0})
    o.commit("T-1", "EQ-1")
    sorted(o.filter_pool(pool, GeoPoint(29.6, 102.1), now=60.0))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from queries.models import CandidateTeam, GeoPoint
from queries.travel import great_circle_km


@dataclass(frozen=True)
class RoadCut:
    center: GeoPoint
    radius_km: float
    allowed: frozenset[str]
    start: float
    until: float | None

    def active(self, now: float) -> bool:
        return self.start <= now and (self.until is None or now < self.until)

    def contains(self, p: GeoPoint) -> bool:
        return great_circle_km(self.center, p) <= self.radius_km


@dataclass
class Overlay:
    committed: dict[str, str] = field(default_factory=dict)  # team -> incident
    resting_until: dict[str, float] = field(default_factory=dict)
    unavailable: set[str] = field(default_factory=set)
    held_until: dict[str, float] = field(default_factory=dict)  # reinforcements
    cuts: list[RoadCut] = field(default_factory=list)

    def commit(self, team: str, incident: str) -> None:
        self.committed[team] = incident

    def release(self, team: str) -> None:
        self.committed.pop(team, None)

    def blocked(self, c: CandidateTeam, scene: GeoPoint, now: float) -> str | None:
        """Why the drill may not send this team now (None: it may)."""
        tid = c.team.id
        if tid in self.committed:
            return "committed"
        if tid in self.unavailable:
            return "unavailable"
        if self.held_until.get(tid, -1.0) > now:
            return "notArrived"
        if self.resting_until.get(tid, -1.0) > now:
            return "resting"
        for cut in self.cuts:
            if not cut.active(now):
                continue
            inside_scene = cut.contains(scene)
            if inside_scene and c.team.mobility not in cut.allowed:
                return "roadsCut"
            if not inside_scene and c.team.mobility != "air" and cut.contains(c.team.location):
                return "roadsCut"
        return None

    def filter_pool(
        self, pool: Mapping[str, CandidateTeam], scene: GeoPoint, now: float
    ) -> dict[str, CandidateTeam]:
        """The candidates the drill may send now, in id order."""
        return {t: c for t, c in sorted(pool.items()) if self.blocked(c, scene, now) is None}
