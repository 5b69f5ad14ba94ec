"""A drill saved to a file (its script, seed, strategies, graph version and result) and
re-run: the same script and seed on the same graph give the same fingerprint.

The file is JSON (``format: emkg-drill/1``) holding the script's text itself, so a
drill re-runs even after the shipped script changed. A re-run says whether the result
repeated and whether the graph has changed since (then a different result is expected,
not a defect).

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
from queries.drills.drill import DrillResult, Progress, run_drill
from queries.drills.script import parse_script
from queries.drills.strategies import parse_strategies

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


@dataclass(frozen=True)
class RerunCheck:
    saved: SavedDrill
    result: DrillResult
    same: bool  # the fingerprints agree
    graph_changed: bool  # the graph version differs from the saved one


def saved_dict(script_text: str, source: str, result: DrillResult) -> dict[str, Any]:
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
    }


def save_drill(path: Path, script_text: str, source: str, result: DrillResult) -> None:
    data = saved_dict(script_text, source, result)
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
    script = parse_script(saved.script_text, saved.script_source)
    strategies = parse_strategies(",".join(saved.strategies))
    result = await run_drill(
        runner, script, strategies, seed=saved.seed, embedder=embedder, on_progress=on_progress
    )
    return RerunCheck(
        saved=saved,
        result=result,
        same=result.fingerprint == saved.fingerprint,
        graph_changed=result.graph_version != saved.graph_version,
    )
