"""What is wrong with an incident operation, as data: a catalog reason, the input field
and a kind, rendered per locale by the API as a userError (never a top-level error).

Example::

    raise IncidentProblem.one("status", "INCIDENT_TRANSITION_ILLEGAL",
                              kind=ProblemKind.ILLEGAL_TRANSITION,
                              current="open", target="on_scene", allowed="forces_requested, closed")
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kg.errors import UserInputError
from queries.models import ParamValue, Reason


class ProblemKind(StrEnum):
    INVALID = "INVALID"  # the input itself is wrong (empty task, unknown hazard)
    NOT_FOUND = "NOT_FOUND"  # no such incident, team or recommendation
    CONFLICT = "CONFLICT"  # the graph changed: the team is busy, already released
    ILLEGAL_TRANSITION = "ILLEGAL_TRANSITION"  # the lifecycle does not allow it
    GRACE_PERIOD_OVER = "GRACE_PERIOD_OVER"  # undo asked too late


@dataclass(frozen=True)
class Problem:
    field: str | None
    kind: ProblemKind
    reason: Reason


class IncidentProblem(UserInputError):
    """One or more problems; nothing was written (the transaction rolled back)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        first = problems[0]
        super().__init__(f"{first.reason.code} ({first.field}): {dict(first.reason.params)}")

    @classmethod
    def one(
        cls, field: str | None, code: str, *, kind: ProblemKind, **params: ParamValue
    ) -> IncidentProblem:
        return cls([Problem(field, kind, Reason.of(code, **params))])


# The refusals raised inside transactions, one constructor each (the unit tests render
# every one of them in both languages).
def incident_not_found(incident: str) -> IncidentProblem:
    return IncidentProblem.one(
        "incidentId", "INCIDENT_NOT_FOUND", kind=ProblemKind.NOT_FOUND, id=incident
    )


def incident_closed(incident: str) -> IncidentProblem:
    return IncidentProblem.one(
        "incidentId", "INCIDENT_CLOSED", kind=ProblemKind.ILLEGAL_TRANSITION, id=incident
    )


def teams_still_assigned(teams: list[str]) -> IncidentProblem:
    return IncidentProblem.one(
        "to", "INCIDENT_CLOSE_TEAMS_ASSIGNED", kind=ProblemKind.CONFLICT, teams=", ".join(teams)
    )


def unknown_hazards(codes: list[str]) -> IncidentProblem:
    return IncidentProblem.one(
        "hazardCodes", "INCIDENT_UNKNOWN_HAZARD", kind=ProblemKind.INVALID, codes=", ".join(codes)
    )


def recommendation_not_for(recommendation: str, incident: str) -> IncidentProblem:
    return IncidentProblem.one(
        "recommendationId", "DISPATCH_RECOMMENDATION_UNKNOWN", kind=ProblemKind.NOT_FOUND,
        id=recommendation, incident=incident,
    )  # fmt: skip


def no_order(incident: str, order_no: int) -> IncidentProblem:
    return IncidentProblem.one(
        "orderNo", "UNDO_NO_ORDER", kind=ProblemKind.NOT_FOUND, incident=incident, orderNo=order_no
    )


def undo_too_late(order_no: int, minutes: float, grace: int) -> IncidentProblem:
    return IncidentProblem.one(
        "orderNo", "UNDO_TOO_LATE", kind=ProblemKind.GRACE_PERIOD_OVER,
        orderNo=order_no, minutes=round(minutes), grace=grace,
    )  # fmt: skip


def order_all_released(order_no: int) -> IncidentProblem:
    return IncidentProblem.one(
        "orderNo", "UNDO_ALL_RELEASED", kind=ProblemKind.CONFLICT, orderNo=order_no
    )


def not_assigned(team: str, incident: str) -> IncidentProblem:
    return IncidentProblem.one(
        "teamId", "RELEASE_NOT_ASSIGNED", kind=ProblemKind.NOT_FOUND, team=team, incident=incident
    )


def already_released(team: str, incident: str) -> IncidentProblem:
    return IncidentProblem.one(
        "teamId", "RELEASE_ALREADY", kind=ProblemKind.CONFLICT, team=team, incident=incident
    )
