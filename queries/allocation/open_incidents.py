"""The live incidents still waiting for forces, as scenarios for `allocate`.

An incident opened in EMKG (queries.incidents) keeps its scenario: hazards, place, level,
description and limits. Those whose status is open or forces_requested are the ones a
commander shares the available teams between; the oldest MAX_OPEN_INCIDENTS of them,
oldest first (greedy serves them in that order), each named by its id.

Example::

    scenarios, ids = await open_incident_scenarios(runner)
    a = await allocate(runner, scenarios, keys=ids)
"""

from __future__ import annotations

from kg.cypher import CypherRunner
from kg.errors import UserInputError
from queries.incidents.lifecycle import list_incidents
from queries.incidents.recommendations import incident_scenario
from queries.models import Scenario

WAITING_FOR_FORCES = ("open", "forces_requested")
MAX_OPEN_INCIDENTS = 10  # the allocation's own limit on incidents per call
_SCAN = 500  # live incidents read to find the oldest waiting ones


async def open_incident_scenarios(runner: CypherRunner) -> tuple[list[Scenario], list[str]]:
    """(scenarios, incident ids) of the oldest incidents waiting for forces; a
    UserInputError when none waits."""
    newest_first, _ = await list_incidents(
        runner, statuses=list(WAITING_FOR_FORCES), first=_SCAN, after=None
    )
    # Ids carry the minute only (then a random suffix): order by the time each was opened.
    oldest_first = sorted(newest_first, key=lambda i: (i.opened_at is None, i.opened_at, i.id))
    waiting = oldest_first[:MAX_OPEN_INCIDENTS]
    if not waiting:
        raise UserInputError(
            "no live incident waits for forces (status open or forces_requested); open one "
            "with openIncident, or give the scenarios"
        )
    scenarios = [
        incident_scenario(
            location=i.location,
            response_level=i.response_level,
            hazard_codes=i.hazard_codes,
            description=i.description,
            max_travel_minutes=i.max_travel_minutes,
            max_teams=i.max_teams,
        )
        for i in waiting
    ]
    return scenarios, [i.id for i in waiting]
