"""Several incidents at once: allocate the available teams across all of them together.

Modules, one concept each:

- ``problem``  the plan's value (covered need x level fit, minus a small ETA cost) and
               the greedy baseline (incidents served in order by the single selection);
- ``exact``    the integer program, solved by HiGHS (scipy.optimize.milp) within a time limit;
- ``solve``    which plan to return: exact, best found, or greedy as fallback;
- ``allocate`` the entry point over the graph: scenarios in, per-incident packages out.

Example::

    from queries.allocation import allocate
    a = await allocate(runner, [scenario_a, scenario_b])
"""

from queries.allocation.allocate import Allocation, IncidentForces, allocate
from queries.allocation.solve import AllocationMethod

__all__ = ["Allocation", "AllocationMethod", "IncidentForces", "allocate"]
