"""The faster readiness matrix gives the same results as before, on a generated graph of
every province (real Neo4j):

- the national matrix with one supply read (`readiness_everywhere`) equals the matrix of
  each province read on its own (`readiness_matrix`);
- the check on the units read from the graph equals the check before the speed work
  (tests/unit/readiness/reference_assess.py);
- the column team read (queries/readiness/team_read.py) returns the same units as the
  map-per-team read before the speed work (kept here with its parser).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import LiteralString

import pytest
from neo4j import Driver

from kg.cypher import CypherRunner
from kg.settings import Settings
from loaders.generator import SCALES, Scale, generate
from loaders.pipeline import LoadOptions, load_file
from queries.models import ResponseLevel
from queries.readiness.assess import Supply
from queries.readiness.graph import Box, collected, plans_at, regions_of, supply_for
from queries.readiness.matrix import check_regions, readiness_matrix, supply_reach_km
from queries.readiness.national import readiness_everywhere
from queries.readiness.team_read import read_teams
from tests.integration.runner import run_with_runner
from tests.unit.readiness import reference_assess as ref
from tests.unit.readiness.test_team_read import old_unit  # the old map parser, kept once

pytestmark = pytest.mark.integration
# Every province, two counties each, a few hundred teams: the supply boxes overlap.
EVERY_PROVINCE = Scale(31, 1, 2, 600, 2_000, 60, 120, 31, 0)
CASES = [("11C02", ResponseLevel.I), ("11A01", ResponseLevel.II), ("12A00", ResponseLevel.IV)]

# The team read before the speed work (capabilities walked twice per team).
OLD_SUPPLY_TEAMS: LiteralString = """
CALL () {
  MATCH (t:Team)
  WHERE point.withinBBox(t.location, point({longitude: $west, latitude: $south}),
                         point({longitude: $east, latitude: $north}))
    AND NOT coalesce(t.retired, false)
    AND (EXISTS { MATCH (t)-[:HAS_CAPABILITY]->(c:Capability) WHERE c.id IN $capabilities }
         OR EXISTS { MATCH (t)-[:OF_TYPE]->(tt:TeamType) WHERE tt.id IN $teamTypes })
  RETURN t
  UNION
  MATCH (t:Team) WHERE t.id IN $teams AND NOT coalesce(t.retired, false)
    AND t.location IS NOT NULL
  RETURN t
}
RETURN collect({id: t.id, nameZh: t.nameZh, nameEn: t.nameEn, status: t.status,
 lat: t.location.latitude, lon: t.location.longitude, mobility: t.mobility,
 readiness: coalesce(t.readinessMinutes, 0),
 teamType: [(t)-[:OF_TYPE]->(tt:TeamType) | tt.id][0],
 caps: [(t)-[hc:HAS_CAPABILITY]->(c:Capability) WHERE c.id IN $capabilities
        | [c.id, coalesce(hc.level, 4)]]}) AS rows
"""


@pytest.fixture
def every_province(
    ontology_graph: Driver,
    neo4j_settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Settings:
    monkeypatch.setitem(SCALES, "every-province", EVERY_PROVINCE)
    generate("every-province", 5, tmp_path)
    for kind in ("regions", "teams", "depots", "equipment", "experts", "plans"):
        load_file(
            ontology_graph,
            neo4j_settings.neo4j_database,
            tmp_path / f"{kind}.jsonl",
            LoadOptions(kind=kind, source=f"gen/{kind}"),
        )
    return neo4j_settings


def test_the_faster_matrix_gives_the_same_results(every_province: Settings) -> None:
    """One test (the generated graph is loaded once): for each case, both comparisons."""
    compared = [
        run_with_runner(every_province, lambda r, h=h, lv=lv: same_results(r, h, lv), timeout_s=120)
        for h, lv in CASES
    ]
    assert sum(teams for teams, _ in compared) > 0  # not an empty comparison
    assert sum(used for _, used in compared) > 0


async def same_results(runner: CypherRunner, hazard: str, level: ResponseLevel) -> tuple[int, int]:
    """(teams read for Sichuan, prescriptions met or partly met across the country)."""
    everywhere = await readiness_everywhere(runner, level, hazard=hazard)
    assert len(everywhere) == 31
    for m in everywhere:
        alone = await readiness_matrix(runner, level, m.province.id, hazard=hazard)
        assert m == alone, m.province.id
    used = sum(1 for m in everywhere for r in m.regions for pl in r.plans
               for p in pl.prescriptions if p.used)  # fmt: skip
    return await same_as_before(runner, hazard, level), used


async def same_as_before(runner: CypherRunner, hazard: str, level: ResponseLevel) -> int:
    """The new team read and check against the old ones, for Sichuan; how many teams."""
    regions, _ = await regions_of(runner, "510000")
    plans = [
        p
        for p in await plans_at(runner, level, hazard=hazard)
        if any(p.applies_in(r.chain) for r in regions)
    ]
    reach = supply_reach_km(plans)
    box = Box.around([r.point for r in regions], reach)
    units = await supply_for(runner, plans, box)
    ids = {k: sorted({x.target.id for p in plans for x in p.items if x.kind == k})
           for k in ("capability", "teamType", "team")}  # fmt: skip
    params = dict(capabilities=ids["capability"], teamTypes=ids["teamType"],
                  teams=ids["team"], **box.params())  # fmt: skip
    old = [old_unit(r) for r in await collected(runner, OLD_SUPPLY_TEAMS, **params)]
    if not ids["teamType"]:  # the type is read only when a team type is prescribed
        old = [replace(u, team_type=None) for u in old]
    new = await read_teams(runner, capabilities=ids["capability"], team_types=ids["teamType"],
                           teams=ids["team"], box_params=box.params())  # fmt: skip
    assert sorted(new, key=lambda u: u.id) == sorted(old, key=lambda u: u.id)
    checked, _ = check_regions(regions, plans, level, Supply.of(units), reach)
    before = ref.Supply.of(units)
    for r in checked:
        for p in r.plans:
            assert p == ref.assess_plan(p.plan, r.region, level, before, reach_km=reach)
    return len(old)
