"""The graphql-http audit (npm `graphql-http`, pinned in package.json) against the live server.

Every MUST item has to pass; SHOULD and MAY results are printed (run with -s).
Needs Node 18+ and `npm ci` (the Makefile's node_modules target).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.api.conftest import LiveServer

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("graphql_http_audit.mjs")


def run_audit(live: LiveServer) -> list[dict[str, str]]:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "graphql-http").is_dir():
        pytest.fail("the audit needs Node and `npm ci` at the repo root (make node_modules)")
    proc = subprocess.run(
        [node, str(SCRIPT), f"{live.url}/graphql"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"EMKG_API_KEY": live.keys["integrator"], "PATH": str(Path(node).parent)},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    results: list[dict[str, str]] = json.loads(proc.stdout)
    return results


def test_graphql_over_http_audit_passes_every_must(live_api: LiveServer) -> None:
    results = run_audit(live_api)
    assert len(results) > 50
    must = [r for r in results if r["name"].startswith("MUST")]
    failed = [r for r in must if r["status"] != "ok"]
    for level in ("MUST", "SHOULD", "MAY"):
        mine = [r for r in results if r["name"].startswith(level)]
        ok = sum(r["status"] == "ok" for r in mine)
        print(f"graphql-http audit {level}: {ok}/{len(mine)} ok")
    for r in results:
        if r["status"] != "ok":
            print(f"  {r['status']}: {r['id']} {r['name']}: {r.get('reason', '')}")
    assert must and not failed, failed
