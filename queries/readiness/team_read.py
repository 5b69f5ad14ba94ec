"""The readiness check's team read: teams and their capabilities as columns, joined here.

Two statements, sent together: TEAM_COLUMNS, one list per field of the teams in a box
(and the named teams wherever they are), and TEAM_CAPABILITIES, per wanted capability
the ids of those teams holding it and their levels. Both return one record of lists: the
driver decodes a list of 100,000 numbers or strings in a few milliseconds, but 100,000
maps of ten keys in seconds (README "Plan readiness", speed), and Neo4j builds no map
per team. The capabilities are walked from the teams of the box (a team's relationships
once, compared as nodes; the capability's id read once per group), so the read grows
with the box, not with the graph. The join is by team id, so the two statements need
not share a transaction. `team_units` keeps the teams the old single read returned:
those holding a wanted capability or of a wanted type, and the named teams.

Example::

    units = await read_teams(runner, capabilities=["cap.water-rescue"], team_types=[],
                             teams=[], box=Box(29.0, 102.0, 32.0, 105.0))
    [(u.id, u.capabilities) for u in units][:2]
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from itertools import pairwise
from typing import Any, LiteralString

import numpy as np

from kg.cypher import CypherRunner
from queries.models import ConceptRef, GeoPoint
from queries.readiness.model import Unit
from queries.readiness.standards import AVAILABLE_TEAM_STATUSES

# The teams read, bound as `t`: those in the box and the named ones, wherever they are.
# A team with no location has no row (it cannot be placed), so neither read takes it.
TEAMS_IN_READ: LiteralString = """
CALL () {
  MATCH (t:Team)
  WHERE point.withinBBox(t.location, point({longitude: $west, latitude: $south}),
                         point({longitude: $east, latitude: $north}))
  RETURN t
  UNION
  MATCH (t:Team) WHERE t.id IN $teams AND t.location IS NOT NULL
  RETURN t
}
"""

# `collect` drops nulls, so every column coalesces: the lists stay aligned row by row
# ('' for a missing text; the parser reads '' as missing).
TEAM_COLUMNS: LiteralString = (
    TEAMS_IN_READ
    + """WITH t WHERE NOT coalesce(t.retired, false)
RETURN collect(t.id) AS id, collect(coalesce(t.nameZh, '')) AS nameZh,
  collect(coalesce(t.nameEn, '')) AS nameEn, collect(coalesce(t.status, '')) AS status,
  collect(t.location.latitude) AS lat, collect(t.location.longitude) AS lon,
  collect(coalesce(t.mobility, '')) AS mobility,
  collect(coalesce(t.readinessMinutes, 0)) AS readiness,
  collect(CASE WHEN size($teamTypes) > 0
               THEN coalesce([(t)-[:OF_TYPE]->(tt:TeamType) | tt.id][0], '') ELSE '' END)
    AS teamType
"""
)

# Retired teams are not left out here: their rows are not in TEAM_COLUMNS, and
# held_capabilities drops the holders it has no row for.
TEAM_CAPABILITIES: LiteralString = (
    """
OPTIONAL MATCH (c:Capability) WHERE c.id IN $capabilities
WITH collect(c) AS wanted"""
    + TEAMS_IN_READ
    + """MATCH (t)-[hc:HAS_CAPABILITY]->(c) WHERE c IN wanted
WITH c, collect(t.id) AS holders, collect(coalesce(hc.level, 4)) AS levels
RETURN collect(c.id) AS capability, collect(holders) AS holders, collect(levels) AS levels
"""
)

TEAM_FIELDS = ("id", "nameZh", "nameEn", "status", "lat", "lon", "mobility", "readiness",
               "teamType")  # fmt: skip
CAPABILITY_FIELDS = ("capability", "holders", "levels")


def held_capabilities(
    ids: Sequence[str], caps: dict[str, list[Any]]
) -> list[tuple[tuple[str, int], ...]]:
    """Per team of `ids` (by row) its (capability, level) pairs from TEAM_CAPABILITIES'
    columns, sorted; holders not among `ids` (retired teams) are left out.

    The 880,000 links of the national graph are joined and sorted as arrays (row,
    capability, level); only the lookup of each holder's row is a Python step.

    Example::

        held_capabilities(["T1", "T2"], {"capability": ["cap.a"], "holders": [["T2"]],
                                         "levels": [[3]]})  # [(), (("cap.a", 3),)]
    """
    row = {tid: i for i, tid in enumerate(ids)}
    names = [str(c) for c in caps["capability"]]
    by_id = sorted(range(len(names)), key=names.__getitem__)
    rank = np.empty(len(names), dtype=np.int64)
    rank[by_id] = np.arange(len(names), dtype=np.int64)
    none = np.zeros(0, dtype=np.int64)  # concatenate needs one array when nothing is held
    rows, cap_ranks, levels = [none], [none], [none]
    for k, (holders, held) in enumerate(zip(caps["holders"], caps["levels"], strict=True)):
        rows.append(np.fromiter((row.get(t, -1) for t in holders), np.int64, len(holders)))
        cap_ranks.append(np.full(len(holders), rank[k], dtype=np.int64))
        levels.append(np.array([int(x) for x in held], dtype=np.int64))
    r, c, lv = np.concatenate(rows), np.concatenate(cap_ranks), np.concatenate(levels)
    known = r >= 0
    r, c, lv = r[known], c[known], lv[known]
    order = np.lexsort((lv, c, r))  # by team, then capability id, then level
    r, c, lv = r[order], c[order], lv[order]
    low = int(lv.min()) if len(lv) else 0
    span = int(lv.max()) - low + 1 if len(lv) else 1
    pairs, code = np.unique(c * span + (lv - low), return_inverse=True)
    table = [(names[by_id[k // span]], k % span + low) for k in pairs.tolist()]
    flat = [table[k] for k in code.ravel().tolist()]
    bounds = np.searchsorted(r, np.arange(len(ids) + 1)).tolist()
    return [tuple(flat[a:b]) for a, b in pairwise(bounds)]


def team_units(
    teams: dict[str, list[Any]],
    caps: dict[str, list[Any]],
    *,
    team_types: Sequence[str],
    named: Sequence[str],
) -> list[Unit]:
    """The units of TEAM_COLUMNS' rows joined with their capabilities: the teams holding a
    wanted capability or of a wanted type, and the named teams (pure).

    Example::

        team_units(columns, capabilities, team_types=[], named=["T-SC-0001"])
    """
    held = held_capabilities(teams["id"], caps)
    wanted_types, wanted_teams = set(team_types), set(named)
    units = []
    rows = zip(*(teams[f] for f in TEAM_FIELDS), held, strict=True)
    for tid, zh, en, status, lat, lon, mobility, ready, of_type, mine in rows:
        team_type = of_type or None
        if not (mine or team_type in wanted_types or tid in wanted_teams):
            continue
        units.append(
            Unit(
                id=tid,
                name=ConceptRef(tid, zh, en),
                kind="team",
                location=GeoPoint(float(lat), float(lon)),
                status=status,
                usable=status in AVAILABLE_TEAM_STATUSES,
                mobility=mobility or "ground",
                ready_minutes=float(ready or 0),
                team_type=team_type,
                capabilities=mine,
            )
        )
    return units


async def read_teams(
    runner: CypherRunner,
    *,
    capabilities: Sequence[str],
    team_types: Sequence[str],
    teams: Sequence[str],
    box_params: dict[str, float],
) -> list[Unit]:
    """The teams that could answer a prescription for `capabilities`, `team_types` or the
    named `teams`: those in the box (`Box.params()`) and the named ones anywhere."""
    where = {"teams": list(teams), **box_params}
    columns, held = await asyncio.gather(
        runner.read_single(TEAM_COLUMNS, teamTypes=list(team_types), **where),
        runner.read_single(TEAM_CAPABILITIES, capabilities=list(capabilities), **where),
    )
    if columns is None or held is None:  # an aggregation always returns one record
        return []
    return team_units(columns, held, team_types=team_types, named=teams)
