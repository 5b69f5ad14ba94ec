"""`userErrors`: what was wrong with a mutation's input, as data, in the caller's locale.

Mutations answer validation failures in their payload (``userErrors { field message
code detail }``), not as top-level GraphQL errors (those are for auth and system
failures). `message` is rendered in the request's locale (Accept-Language; Chinese by
default) from the message catalog; `detail` carries the catalog code and parameters so
a client can render it in the other language itself.

Example::

    try:
        ...
    except IncidentProblem as e:
        return Payload(incident=None, user_errors=user_errors(e, lang))
"""

from __future__ import annotations

from enum import Enum

import strawberry

from api.graphql.enums import describe_values
from api.graphql.reasons import Reason
from api.messages import Lang, render
from queries.incidents.dispatch import UNDO_GRACE_MINUTES
from queries.incidents.problems import IncidentProblem, Problem


@strawberry.enum(description="What kind of problem a userError is.")
class UserErrorCode(Enum):
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    ILLEGAL_TRANSITION = "ILLEGAL_TRANSITION"
    GRACE_PERIOD_OVER = "GRACE_PERIOD_OVER"


describe_values(
    UserErrorCode,
    {
        "INVALID": "The input itself is wrong (e.g. an empty task, unreadable XML).",
        "NOT_FOUND": "No such incident, team, recommendation or dispatch order.",
        "CONFLICT": "The graph has changed: e.g. the team is busy or already released.",
        "ILLEGAL_TRANSITION": "The incident's lifecycle does not allow it (e.g. it is closed).",
        "GRACE_PERIOD_OVER": f"Undo asked too late (more than {UNDO_GRACE_MINUTES} minutes "
        "after the order).",
    },
)


@strawberry.type(description="A problem with the mutation's input; nothing was changed.")
class UserError:
    field: str | None = strawberry.field(
        description="The input field at fault, e.g. `teams[1].task` (null: the whole input)."
    )
    message: str = strawberry.field(description="What is wrong and how to fix it (locale).")
    code: UserErrorCode = strawberry.field(description="What kind of problem it is.")
    detail: Reason = strawberry.field(description="The same as a catalog code and parameters.")

    @classmethod
    def of(cls, p: Problem, lang: Lang) -> UserError:
        return cls(
            field=p.field,
            message=render(p.reason, lang),
            code=UserErrorCode(p.kind.value),
            detail=Reason.of(p.reason, lang),
        )


def user_errors(e: IncidentProblem, lang: Lang) -> list[UserError]:
    return [UserError.of(p, lang) for p in e.problems]
