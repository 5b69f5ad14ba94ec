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
