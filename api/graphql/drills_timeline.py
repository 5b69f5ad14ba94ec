"""A drill's timeline as GraphQL types: per strategy the incidents, needs, sorties and the
script's events, every time in minutes from the drill's start (what the drill view
replays on its map and charts). Built from the drill's result (queries.drills.drill).

Example::

    query { drill(id: "DRILL-...") { results { strategy timeline {
        sorties { team nameZh incident dispatchedMinute arrivesMinute base { latitude } }
        needs { incident capability { id nameZh } weight arisenMinute firstArrivalMinute }
    } } } }
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

from api.graphql.enums import Mobility, ResponseLevel, describe_values
from api.graphql.types import Concept, GeoPoint
from queries.drills.engine import StrategyRun
from queries.drills.records import IncidentRecord, NeedRecord, Sortie


@strawberry.enum(name="DrillEventKind", description="What happened at a point of a drill.")
class DrillEventKind(Enum):
    ESCALATE = "escalate"
    CLOSE = "close"
    TEAMS_UNAVAILABLE = "teamsUnavailable"
    REINFORCEMENTS = "reinforcements"
    ROADS_CUT = "roadsCut"
    TEAM_MISSING = "teamMissing"


describe_values(
    DrillEventKind,
    {
        "ESCALATE": "An incident's level rose or hazards joined it (new needs arose).",
        "CLOSE": "An incident was closed; its teams went home.",
        "TEAMS_UNAVAILABLE": "Teams dropped out (see teams).",
        "REINFORCEMENTS": "Teams held back arrived and could be sent (see teams).",
        "ROADS_CUT": "Roads in an area were cut until untilMinute (see area).",
        "TEAM_MISSING": "Replay: a recorded team is not in the graph and was not sent.",
    },
)


@strawberry.type(description="A level an incident took at a minute of the drill.")
class DrillLevelChange:
    minute: float = strawberry.field(description="Minutes from the drill's start.")
    level: ResponseLevel = strawberry.field(description="The level from then on.")


@strawberry.type(description="An incident of a drill as it went.")
class DrillIncident:
    id: strawberry.ID = strawberry.field(description="The incident's id in the script.")
    name_zh: str = strawberry.field(description="Chinese name.")
    name_en: str = strawberry.field(description="English name.")
    hazard_codes: list[str] = strawberry.field(description="Its hazards (GB/T 35561 codes).")
    level: ResponseLevel = strawberry.field(description="Its level at the end.")
    location: GeoPoint = strawberry.field(description="Where it is.")
    opened_minute: float = strawberry.field(description="When it opened.")
    closed_minute: float | None = strawberry.field(description="When it closed (null: open).")
    cascade_of: strawberry.ID | None = strawberry.field(description="The incident that set it off.")
    levels: list[DrillLevelChange] = strawberry.field(description="Its levels over time.")


@strawberry.type(description="A capability an incident needed in a drill, and when it was met.")
class DrillNeed:
    incident: strawberry.ID = strawberry.field(description="The incident's id.")
    capability: Concept = strawberry.field(description="The capability needed.")
    weight: float = strawberry.field(description="Its weight (relevance floor and above).")
    units: int = strawberry.field(description="Units of it the incident needs.")
    arisen_minute: float = strawberry.field(description="When the need arose.")
    teams: list[strawberry.ID] = strawberry.field(description="Teams sent that hold it.")
    first_arrival_minute: float | None = strawberry.field(
        description="When the first of them was on scene (null: never met)."
    )
    minutes_to_first_unit: float | None = strawberry.field(
        description="First arrival less arising (null: never met)."
    )


@strawberry.type(description="A team sent to an incident in a drill: out, on scene, back.")
class DrillSortie:
    team: strawberry.ID = strawberry.field(description="The team's id.")
    name_zh: str = strawberry.field(description="The team's Chinese name.")
    name_en: str = strawberry.field(description="The team's English name.")
    mobility: Mobility = strawberry.field(description="How it travels.")
    incident: strawberry.ID = strawberry.field(description="The incident it was sent to.")
    covers: list[strawberry.ID] = strawberry.field(
        description="The incident's needs (capability ids) it brings."
    )
    base: GeoPoint = strawberry.field(description="Where it set out from.")
    scene: GeoPoint = strawberry.field(description="The incident's place.")
    distance_km: float = strawberry.field(description="Great-circle kilometres to the scene.")
    dispatched_minute: float = strawberry.field(description="When it was sent.")
    arrives_minute: float = strawberry.field(description="When it was on scene.")
    work_minutes: float = strawberry.field(description="How long it worked on scene.")
    readiness_minutes: float = strawberry.field(description="Minutes before it moved.")
    leaves_minute: float | None = strawberry.field(description="When it left (null: still there).")
    home_minute: float | None = strawberry.field(description="When it was home (null: not yet).")


@strawberry.type(description="A circle on the map (kilometres around a point).")
class DrillArea:
    latitude: float = strawberry.field(description="Centre, degrees north.")
    longitude: float = strawberry.field(description="Centre, degrees east.")
    radius_km: float = strawberry.field(description="Radius in kilometres.")


@strawberry.type(description="One of the script's events as it happened in a drill.")
class DrillEventNote:
    minute: float = strawberry.field(description="Minutes from the drill's start.")
    kind: DrillEventKind = strawberry.field(description="What happened.")
    incident: strawberry.ID | None = strawberry.field(description="The incident it concerns.")
    teams: list[strawberry.ID] = strawberry.field(description="The teams it concerns.")
    note_zh: str | None = strawberry.field(description="The script's note, Chinese.")
    note_en: str | None = strawberry.field(description="The script's note, English.")
    area: DrillArea | None = strawberry.field(description="ROADS_CUT: the area cut off.")
    until_minute: float | None = strawberry.field(description="ROADS_CUT: when roads reopen.")


@strawberry.type(description="What one strategy did in a drill, minute by minute.")
class DrillTimeline:
    incidents: list[DrillIncident] = strawberry.field(description="The incidents, as opened.")
    needs: list[DrillNeed] = strawberry.field(description="The needs, as they arose.")
    sorties: list[DrillSortie] = strawberry.field(description="The teams sent, in order.")
    events: list[DrillEventNote] = strawberry.field(description="The script's events.")
    exhausted_teams: list[strawberry.ID] = strawberry.field(
        description="Teams that worked a full shift and had to rest."
    )


def _incident(i: IncidentRecord) -> DrillIncident:
    return DrillIncident(
        id=strawberry.ID(i.id),
        name_zh=i.name_zh,
        name_en=i.name_en,
        hazard_codes=list(i.hazards),
        level=ResponseLevel(i.level),
        location=GeoPoint(latitude=i.latitude, longitude=i.longitude),
        opened_minute=i.opened,
        closed_minute=i.closed,
        cascade_of=strawberry.ID(i.cascade_of) if i.cascade_of else None,
        levels=[DrillLevelChange(minute=m, level=ResponseLevel(lv)) for m, lv in i.levels],
    )


def _need(n: NeedRecord) -> DrillNeed:
    return DrillNeed(
        incident=strawberry.ID(n.incident),
        capability=Concept(
            id=strawberry.ID(n.capability), name=n.name_zh, name_zh=n.name_zh, name_en=n.name_en
        ),
        weight=n.weight,
        units=n.units,
        arisen_minute=n.arisen,
        teams=[strawberry.ID(t) for t in n.teams],
        first_arrival_minute=n.first_arrival,
        minutes_to_first_unit=n.minutes_to_first_unit,
    )


def _sortie(s: Sortie) -> DrillSortie:
    return DrillSortie(
        team=strawberry.ID(s.team),
        name_zh=s.name_zh,
        name_en=s.name_en,
        mobility=Mobility(s.mobility),
        incident=strawberry.ID(s.incident),
        covers=[strawberry.ID(c) for c in s.covers],
        base=GeoPoint(latitude=s.base_lat, longitude=s.base_lon),
        scene=GeoPoint(latitude=s.scene_lat, longitude=s.scene_lon),
        distance_km=s.distance_km,
        dispatched_minute=s.dispatched,
        arrives_minute=s.arrives,
        work_minutes=s.work_minutes,
        readiness_minutes=s.readiness,
        leaves_minute=s.leaves,
        home_minute=s.home,
    )


def _event(n: dict[str, Any]) -> DrillEventNote:
    area = None
    if "radiusKm" in n:
        area = DrillArea(latitude=n["latitude"], longitude=n["longitude"], radius_km=n["radiusKm"])
    return DrillEventNote(
        minute=float(n["at"]),
        kind=DrillEventKind(n["kind"]),
        incident=strawberry.ID(n["incident"]) if n.get("incident") else None,
        teams=[strawberry.ID(t) for t in n.get("teams", [])],
        note_zh=n.get("zh"),
        note_en=n.get("en"),
        area=area,
        until_minute=n.get("until"),
    )


def timeline_of(run: StrategyRun) -> DrillTimeline:
    return DrillTimeline(
        incidents=[_incident(i) for i in run.incidents],
        needs=[_need(n) for n in run.needs],
        sorties=[_sortie(s) for s in run.sorties],
        events=[_event(n) for n in run.notes],
        exhausted_teams=[strawberry.ID(t) for t in dict.fromkeys(run.exhausted)],
    )
