"""Drills (情景构建与推演): run a disaster as a timeline in a sandbox and compare strategies.

Modules, one concept each:

- ``script``      the scenario script (YAML), checked with errors naming line and field;
- ``durations``   how long a team works on scene: a table of hazard x need;
- ``overlay``     the sandbox: the drill's own commitments over the live graph;
- ``reader``      the only way to the graph: the recommender's reads, never a write;
- ``strategies``  emkg (recommender / allocator), closest available unit, random-feasible;
- ``engine``      the discrete-event loop of one strategy;
- ``metrics``     coverage within 30/60/120 min, time to first unit, unmet needs, travel;
- ``drill``       run_drill: every strategy on one script and seed; the result as data;
- ``history``     historical dispatch records (CSV + mapping), checked by row and column;
- ``past``        the graph as it was: statuses from the audit trail, EMKG's past incidents;
- ``replay``      past incidents as a drill with the ``actual`` strategy; what EMKG changes;
- ``saved``       a drill saved (script, seed, graph version, result) and re-run;
  (the HTML report and the command line are in api/: drill_report.py, cli/cmd_drill.py)

Example::

    from queries.drills import CHOOSING, load_script, run_drill
    result = await run_drill(runner, load_script(path), list(CHOOSING), seed=7)
"""

from queries.drills.drill import DrillResult, run_drill
from queries.drills.script import DrillScript, ScriptError, load_script, parse_script
from queries.drills.strategies import CHOOSING, Strategy, parse_strategies

__all__ = [
    "CHOOSING",
    "DrillResult",
    "DrillScript",
    "ScriptError",
    "Strategy",
    "load_script",
    "parse_script",
    "parse_strategies",
    "run_drill",
]
