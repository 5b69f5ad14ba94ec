"""A drill saved to a file (its script, seed, strategies, graph version and result) and
re-run: the same script and seed on the same graph give the same fingerprint.

The file is JSON (``format: emkg-drill/1``) holding the script's text itself, so a
drill re-runs even after the shipped script changed. A replay keeps what it replayed
instead (``replay``: the records' text and mapping, or the EMKG incident ids;
queries.drills.sources) and is rebuilt from it the way it was first built. A re-run says
whether the result repeated and whether the graph has changed since (then a different
result is expected, not a defect).

Example::

    save_drill(Path("drill.json"), script_text, result)
    check = await rerun_drill(runner, load_saved(Path("drill.json")))
    check.same, check.graph_changed
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.cypher import CypherRunner
from kg.embedder import Embedder
from kg.errors import UserInputError
from queries.drills.drill import DrillResult, Progress, fingerprint, run_drill
from queries.drills.replay import Replay
from queries.drills.script import parse_script
from queries.drills.sources import ReplaySource, replay_from
from queries.drills.strategies import Strategy, parse_strategies

FORMAT = "emkg-drill/1"


@dataclass(frozen=True)
class SavedDrill:
    script_text: str
    script_source: str
    seed: int
    strategies: list[str]
    graph_version: str
    fingerprint: str
    result: dict[str, Any]
    replay: ReplaySource | None = None  # what a saved replay replayed


@dataclass(frozen=True)
class RerunCheck:
    saved: SavedDrill
    result: DrillResult
    same: bool  # the fingerprints agree
    graph_changed: bool  # the graph version differs from the saved one


def saved_dict(
    script_text: str, source: str, result: DrillResult, replay: ReplaySource | None = None
) -> dict[str, Any]:
    d = result.as_dict()
    return {
        "format": FORMAT,
        "scriptSource": source,
        "scriptText": script_text,
        "seed": result.seed,
        "strategies": [r.run.strategy.value for r in result.runs],
        "graphVersion": result.graph_version,
        "fingerprint": result.fingerprint,
        "result": d,
        "replay": None if replay is None else replay.as_dict(),
    }


def save_drill(
    path: Path,
    script_text: str,
    source: str,
    result: DrillResult,
    replay: ReplaySource | None = None,
) -> None:
    """Write the drill (a replay: with what it replayed) to `path` as JSON."""
    data = saved_dict(script_text, source, result, replay)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def load_saved(path: Path) -> SavedDrill:
    """A saved drill; UserInputError saying what is wrong with the file otherwise."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise UserInputError(f"cannot read saved drill {path}: {e}") from e
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UserInputError(
            f'{path} is not a saved drill (expected "format": "{FORMAT}"); '
            "save one with `emkg drill run SCRIPT --save FILE`"
        )
    try:
        return SavedDrill(
            script_text=str(data["scriptText"]),
            script_source=str(data["scriptSource"]),
            seed=int(data["seed"]),
            strategies=[str(s) for s in data["strategies"]],
            graph_version=str(data["graphVersion"]),
            fingerprint=str(data["fingerprint"]),
            result=dict(data["result"]),
            replay=ReplaySource.of_dict(data["replay"]) if data.get("replay") else None,
        )
    except (KeyError, TypeError, ValueError) as e:
        raise UserInputError(f"saved drill {path} lacks or has a bad field: {e}") from e


async def rerun_drill(
    runner: CypherRunner,
    saved: SavedDrill,
    *,
    embedder: Embedder | None = None,
    on_progress: Progress | None = None,
) -> RerunCheck:
    replay: Replay | None = None
    if saved.replay is not None:
        replay = await replay_from(runner, saved.replay)
        script = replay.script
        chosen = [s for s in saved.strategies if s != Strategy.ACTUAL.value]
        strategies = [Strategy.ACTUAL, *(parse_strategies(",".join(chosen)) if chosen else [])]
    else:
        script = parse_script(saved.script_text, saved.script_source)
        strategies = parse_strategies(",".join(saved.strategies))
    result = await run_drill(
        runner,
        script,
        strategies,
        seed=saved.seed,
        embedder=embedder,
        on_progress=on_progress,
        replay=replay,
    )
    return RerunCheck(
        saved=saved,
        result=result,
        # the saved result fingerprinted by today's rule (what it leaves out may have grown)
        same=result.fingerprint == fingerprint(saved.result),
        graph_changed=result.graph_version != saved.graph_version,
    )
