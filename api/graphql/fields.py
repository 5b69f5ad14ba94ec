"""Typed wrappers of ``strawberry.field``/``strawberry.mutation`` with arguments.

strawberry's decorator factories are untyped for mypy --strict; these keep the
resolver's signature visible to the type checker and behave identically.

Example::

    @field(description="Narrower hazards")
    async def children(self, info: Info) -> list[HazardType]: ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import strawberry

F = TypeVar("F", bound=Callable[..., Any])


def field(**kwargs: Any) -> Callable[[F], F]:
    def wrap(resolver: F) -> F:
        return cast(F, strawberry.field(**kwargs)(resolver))

    return wrap


def mutation(**kwargs: Any) -> Callable[[F], F]:
    def wrap(resolver: F) -> F:
        return cast(F, strawberry.mutation(**kwargs)(resolver))

    return wrap


def optional(description: str) -> Any:
    """An input or output field that may be left out (null by default).

    Example::

        region: strawberry.ID | None = optional("In this region or its sub-regions.")
    """
    return strawberry.field(default=None, description=description)


LEGACY_DESCRIPTION = "The older, untyped form; see the deprecation note."


def replaced_by(use: str) -> str:
    """The deprecation reason of what is kept one release for older clients: `use` says
    what replaces it.

    Example::

        replaced_by("`createdAt` (a DateTime)")
        # 'Use `createdAt` (a DateTime); removed in the next release.'
    """
    return f"Use {use}; removed in the next release."


def replaced_by_mutation(name: str) -> str:
    """The deprecation reason of a mutation replaced by `name`, which takes one input and
    answers validation failures as userErrors.

    Example::

        @mutation(description="...", deprecation_reason=replaced_by_mutation("issueApiKey"))
    """
    return replaced_by(f"`{name}(input:)` (userErrors, not top-level errors)")


def deprecated(use: str, *, nullable: bool = True) -> Any:
    """A field kept one release for older clients; `use` says what replaces it.
    Nullable ones default to null (inputs may leave them out).

    Example::

        status: str | None = deprecated("`condition` (the EquipmentStatus enum)")
        # @deprecated(reason: "Use `condition` (the EquipmentStatus enum); removed in the
        # next release.")
    """
    reason = replaced_by(use)
    if nullable:
        return strawberry.field(
            description=LEGACY_DESCRIPTION, default=None, deprecation_reason=reason
        )
    return strawberry.field(description=LEGACY_DESCRIPTION, deprecation_reason=reason)


# Descriptions of fields and arguments that mean the same wherever they appear.
COMMON_FIELDS: dict[str, str] = {
    "id": "Stable id.",
    "name": "The Chinese name (same as nameZh).",
    "name_zh": "Chinese name.",
    "name_en": "English name.",
    "location": "WGS-84 point (null when unknown).",
    "reasons": "Why, in the request's locale.",
    "reason_details": "The same reasons as message-catalog codes and parameters.",
    "distance_km": "Great-circle distance, km.",
    "eta_minutes": "Estimated time of arrival, minutes (readiness + travel).",
    "locale": "The language of every rendered text in this result.",
    "span": "Where in the text (start/end are character offsets).",
    "user_errors": "What to fix; empty when the mutation succeeded.",
    "audit": "The change as recorded in the audit trail.",
    "affiliation": "Where the expert works.",
}
COMMON_ARGS: dict[str, str] = {
    "id": "The id to look up.",
    "first": "Page size forwards (default 20, at most 100).",
    "after": "Items after this cursor (pageInfo.endCursor).",
    "last": "Page size backwards (at most 100).",
    "before": "Items before this cursor (pageInfo.startCursor).",
    "filter": "Which items (every field optional, combined with AND).",
    "locale": "Language of the rendered texts: ZH or EN (default: the request's "
    "Accept-Language, else Chinese).",
    "input": "The mutation's input (see the input type).",
    "actions": "Only these actions (default: all).",
}


def document(cls: type, fields: dict[str, str] | None = None) -> None:
    """Describe `cls`'s undescribed fields and arguments: from `fields` (by Python name),
    else the common meanings above. The schema linter checks nothing is left.

    Example::

        document(ExpertRef, {"affiliation": "Where the expert works."})
    """
    definition = cls.__strawberry_definition__  # type: ignore[attr-defined]
    extra = fields or {}
    for f in definition.fields:
        name = f.python_name
        if not f.description:
            f.description = extra.get(name) or COMMON_FIELDS.get(name)
        for arg in getattr(f, "arguments", []) or []:
            if not arg.description:
                arg.description = extra.get(f"{name}.{arg.python_name}") or COMMON_ARGS.get(
                    arg.python_name
                )
