"""Run the `emkg` command line against the test Neo4j, as a user would (a separate process).

Example::

    proc = run_cli(neo4j_settings, ["load", "teams.csv", "--kind", "teams"])
    assert proc.returncode == 0, proc.stderr
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kg.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def cli_env(settings: Settings) -> dict[str, str]:
    """The environment variables that point `emkg` at the test Neo4j."""
    env = {
        "EMKG_NEO4J_PORT": str(settings.neo4j_port),
        "EMKG_NEO4J_DATA_DIR": str(settings.neo4j_data_dir),
    }
    if settings.neo4j_uri:
        env.update(NEO4J_URI=settings.neo4j_uri, NEO4J_PASSWORD=settings.password())
    return env


def start_cli(settings: Settings, args: list[str]) -> subprocess.Popen[str]:
    """`emkg ARGS` started in the background (stdout and stderr piped)."""
    return subprocess.Popen(
        [sys.executable, "-m", "api.cli", *args],
        cwd=ROOT,
        env=dict(os.environ, **cli_env(settings)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_cli(
    settings: Settings, args: list[str], timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """`emkg ARGS` run to its end."""
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        cwd=ROOT,
        env=dict(os.environ, **cli_env(settings)),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
