"""The recommender's first round trip: ontology version, the scene's regions and the plans.

The plans that apply depend on the scene's regions (queries.plans), which come from the
county index kept in process once the region count confirms it (queries.geography); the
taxonomy cache needs the ontology version (queries.taxonomy_cache). Read one after the
other these were two round trips before the candidates (version, region count and the
regions around the scene; then the plans). Here one statement reads them all: the plans
for the regions the kept index gives (`kept_chain`, a guess), with the version, the region
count and, when the kept index locates nothing, the regions around the scene. Python then
settles the regions as `regions_at` would from those reads (`chain_from`); in the rare case
they differ from the guess (the region count changed, a county's boundary gap) the plans
are read again for the settled regions. The plans are the same as `applicable_plans`'.

Example::

    version, plans = await version_and_plans(runner, ["11C02"], GeoPoint(31.0, 103.6),
                                             ResponseLevel.I)
    hazards, needs = await taxonomy.hazards_and_needs(runner, ["11C02"], ResponseLevel.I,
                                                      version=version)
"""

from __future__ import annotations

from typing import LiteralString

from kg.cypher import CypherRunner
from kg.ontology_version import READ_VERSION, ontology_version
from queries.collected import collected_rows
from queries.geography import REGION_COUNT, REGIONS_AROUND, chain_from, kept_chain
from queries.models import GeoPoint, PlanMatch, ResponseLevel
from queries.plans import APPLICABLE_PLANS, plan_params, plans_of

# READ_VERSION gives `version`, REGION_COUNT `n` (from the count store).
_HEAD: LiteralString = "CALL () { " + READ_VERSION + " } CALL () { " + REGION_COUNT + " } "
_PLANS: LiteralString = "CALL () { " + APPLICABLE_PLANS + " } "

# The kept index located the scene: the regions around it are not needed.
VERSION_AND_PLANS: LiteralString = _HEAD + _PLANS + "RETURN version, n, null AS around, rows"
# It located nothing: the regions around the scene are read too (as `regions_at` would).
VERSION_AROUND_AND_PLANS: LiteralString = (
    _HEAD
    + "CALL () { "
    + REGIONS_AROUND
    + " } WITH version, n, rows AS around "
    + _PLANS
    + "RETURN version, n, around, rows"
)


async def version_and_plans(
    runner: CypherRunner, hazard_ids: list[str], at: GeoPoint, level: ResponseLevel
) -> tuple[int, list[PlanMatch]]:
    """The graph's ontology version (0 without one) and `applicable_plans(hazard_ids, at,
    level)`, in one round trip unless the scene's regions are not the kept index's."""
    if not hazard_ids:
        return await ontology_version(runner), []
    guess = [r.id for r in kept_chain(runner.database, at)]
    params = plan_params(hazard_ids, at, level, guess)  # REGIONS_AROUND's $lat, $lon too
    record = await runner.read_single(
        VERSION_AND_PLANS if guess else VERSION_AROUND_AND_PLANS, params
    )
    if record is None:  # the statement returns one row; kept for the type checker
        raise RuntimeError("the first round returned no row")
    chain = [r.id for r in await chain_from(runner, at, record["n"], record["around"])]
    rows = record["rows"]
    if chain != guess:
        rows = await collected_rows(
            runner, APPLICABLE_PLANS, plan_params(hazard_ids, at, level, chain)
        )
    return int(record["version"]), plans_of(rows, level)
