"""Independent reads run together, every failure retrieved.

`all_of` is `asyncio.gather` for reads that do not depend on each other: every one
finishes, then the first error (in the order given) is raised, so no failure is left
unretrieved in a background task.

Example::

    hazards, plans = await all_of(resolve_hazards(runner, codes, []), applicable_plans(...))
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any


async def all_of(*work: Awaitable[Any]) -> tuple[Any, ...]:
    """The results of `work` in order; the first error (in order) once all have finished."""
    results = await asyncio.gather(*work, return_exceptions=True)
    for r in results:
        if isinstance(r, BaseException):
            raise r
    return tuple(results)
