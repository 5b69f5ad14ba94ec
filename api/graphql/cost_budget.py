"""A per-request cost budget for catalog reads, so one client cannot starve the others.

Each listing and lookup is charged before it runs: the items it may return times
the nodes its selection reads per item (`Pick.cost`, counting ``FANOUT``
neighbours for every nested list). A request whose charges pass ``BUDGET`` gets a
QUERY_TOO_COMPLEX error entry on the field that passed it (the fields charged
before it keep their data). The depth, size, alias and token limits
(``limits.py``) bound the document; this bounds the work it asks the store for.

Example::

    charge(info, size=100, pick=pick)   # 100 teams x (1 + 10 capabilities) = 1,100
"""

from __future__ import annotations

from typing import Any

from api.graphql.context import Info
from api.graphql.limits import QueryTooComplexError
from queries.catalog.projection import Pick

FANOUT = 10  # neighbours counted per nested list (the demo's teams hold ~9 capabilities)
BUDGET = 50_000  # nodes per request: 100 teams x 10 capabilities x 10 providers x ... is past it
_STATE_KEY = "emkg_catalog_cost"  # on the request's state: the request's running total


def cost_of(size: int, pick: Pick) -> int:
    return max(size, 1) * pick.cost(FANOUT)


def charge(info: Info, *, size: int, pick: Pick) -> int:
    """Add this read's cost to the request's total; QueryTooComplexError past BUDGET."""
    cost = cost_of(size, pick)
    state = info.context.request.state
    spent = int(getattr(state, _STATE_KEY, 0)) + cost
    if spent > BUDGET:
        raise QueryTooComplexError(
            f"this request asks for about {spent:,} catalog nodes, more than the "
            f"{BUDGET:,} one request may read; ask for smaller pages (first: ...) or fewer "
            "nested lists, and follow pageInfo.endCursor for the rest"
        )
    setattr(state, _STATE_KEY, spent)
    return spent


def spent(request: Any) -> int:
    """What the request has been charged so far."""
    return int(getattr(request.state, _STATE_KEY, 0))


def take_back(request: Any, total: int) -> None:
    """Set the request's total back to `total` (what it was before an attempt that is
    discarded and run again, e.g. the fast path handing an operation to the executor)."""
    setattr(request.state, _STATE_KEY, total)
