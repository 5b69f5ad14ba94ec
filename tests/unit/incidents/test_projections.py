"""Each RETURN projection of queries.incidents and its parser read the same keys."""

from __future__ import annotations

from queries.incidents import dispatch, lifecycle, recommendations
from queries.incidents.models import ASSIGNMENT_RETURN, INCIDENT_RETURN, RECOMMENDATION_RETURN


def _keys(projection: str) -> set[str]:
    body = projection[projection.index("{") + 1 : projection.rindex("}")]
    items = [x.strip() for x in body.split(",")]  # no nested commas in these maps
    return {x[1:] if x.startswith(".") else x.split(":")[0].strip() for x in items}


def test_incident_projection_matches_its_parser() -> None:
    assert _keys(lifecycle.INCIDENT_MAP) == set(INCIDENT_RETURN)


def test_assignment_projection_matches_its_parser() -> None:
    assert _keys(dispatch.ASSIGNMENT_MAP) == set(ASSIGNMENT_RETURN)


def test_recommendation_projection_matches_its_parser() -> None:
    assert _keys(recommendations.RECOMMENDATION_MAP) == set(RECOMMENDATION_RETURN)
