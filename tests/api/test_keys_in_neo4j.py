"""API keys in Neo4j (issue 15 item 7): hashed nodes, `emkg keys`, the one-time file
migration, and two API processes that honour and refuse the same keys."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from neo4j import Driver

from api.auth import GraphKeyStore, KeyAdmin, KeyStore, Role
from api.auth.graph_keys import CACHE_TTL_S
from api.auth.key_admin import migrate_keys_file
from api.auth.keys import hash_key
from kg.driver import open_async_driver
from kg.settings import Settings
from tests.api.conftest import free_port
from tests.integration.emkg_cli import ROOT, cli_env, run_cli

ME = "{ me { name role } }"


def _nodes(driver: Driver, db: str) -> list[dict[str, object]]:
    records, _, _ = driver.execute_query("MATCH (k:ApiKey) RETURN k {.*} AS k", database_=db)
    return [dict(r["k"]) for r in records]


def _verify(settings: Settings, key: str) -> Role | None:
    async def go() -> Role | None:
        async with open_async_driver(settings) as d:
            p = await GraphKeyStore(d, settings.neo4j_database).verify(key)
            return p.role if p else None

    return asyncio.run(go())


def test_a_key_node_holds_its_hash_never_the_key(driver: Driver, neo4j_settings: Settings) -> None:
    db = neo4j_settings.neo4j_database
    key, info = KeyAdmin(driver, db).create(Role.PLANNER, name="least-privilege")
    node = next(n for n in _nodes(driver, db) if n["id"] == info.id)
    assert node["hash"] == hash_key(key) and node["role"] == "planner"
    assert all(key not in str(v) for v in node.values())
    assert _verify(neo4j_settings, key) is Role.PLANNER
    KeyAdmin(driver, db).revoke(info.id)
    assert _verify(neo4j_settings, key) is None
    with pytest.raises(KeyError, match="no key has the id or name 'nobody'; active keys"):
        KeyAdmin(driver, db).revoke("nobody")


def test_migrating_a_keys_file_is_idempotent_and_never_undoes_a_revocation(
    driver: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    db = neo4j_settings.neo4j_database
    path = tmp_path / "api-keys.json"
    old = KeyStore(path)
    kept, kept_info = old.create(Role.COMMANDER, name="file-desk")
    gone, _ = old.create(Role.INTEGRATOR, name="file-gone")
    old.revoke("file-gone")
    backup = path.read_text()

    done = migrate_keys_file(KeyAdmin(driver, db), path)
    assert done is not None and (done.counts.created, done.counts.unchanged) == (2, 0)
    assert not path.exists() and done.moved_to == tmp_path / "api-keys.json.migrated"
    assert _verify(neo4j_settings, kept) is Role.COMMANDER  # the same key works unchanged
    assert _verify(neo4j_settings, gone) is None
    assert migrate_keys_file(KeyAdmin(driver, db), path) is None  # once: the file is gone

    KeyAdmin(driver, db).revoke(kept_info.id)  # revoked in the graph ...
    path.write_text(backup)  # ... and the old file comes back from a backup
    again = migrate_keys_file(KeyAdmin(driver, db), path)
    assert again is not None and again.counts.created == 0 and again.counts.unchanged == 2
    assert _verify(neo4j_settings, kept) is None  # still revoked
    assert again.moved_to is not None and again.moved_to.name.startswith("api-keys.json.migrated-")
    assert sum(1 for n in _nodes(driver, db) if n["name"] == "file-desk") == 1


def test_emkg_keys_migrates_once_then_creates_lists_and_revokes_in_neo4j(
    neo4j_settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "api-keys.json"
    legacy, _ = KeyStore(path).create(Role.PLANNER, name="cli-legacy")
    env = {"EMKG_KEYS_FILE": str(path)}
    settings = neo4j_settings.with_overrides(keys_file=path)

    listed = _cli(settings, ["keys", "list"], env)
    assert "migrated 1 API key(s)" in listed.stderr and "1 new" in listed.stderr
    assert "cli-legacy" in listed.stdout and not path.exists()
    again = _cli(settings, ["keys", "list"], env)
    assert "migrated" not in again.stderr  # once
    assert _verify(neo4j_settings, legacy) is Role.PLANNER

    made = _cli(settings, ["keys", "create", "--role", "integrator", "--name", "cli-made"], env)
    key = made.stdout.strip().splitlines()[-1]
    assert key.startswith("emkg_integrator_") and "in Neo4j" in made.stdout
    assert _verify(neo4j_settings, key) is Role.INTEGRATOR
    assert "revoked key 'cli-made'" in _cli(settings, ["keys", "revoke", "cli-made"], env).stdout
    assert _verify(neo4j_settings, key) is None
    missing = _cli(settings, ["keys", "migrate"], env)
    assert "nothing to migrate" in missing.stdout
    unknown = run_cli(settings, ["keys", "revoke", "no-such-key"])
    assert unknown.returncode == 1 and "active keys" in unknown.stderr


def _cli(
    settings: Settings, args: list[str], env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [".venv/bin/python", "-m", "api.cli", *args],
        env=dict(os.environ, **cli_env(settings), **env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return proc


@contextmanager
def api_processes(settings: Settings, log_dir: Path, n: int = 2) -> Iterator[list[str]]:
    """`n` `emkg serve` processes (as replicas) on ports of their own, sharing one Neo4j."""
    procs: list[tuple[subprocess.Popen[bytes], Path]] = []
    urls = []
    try:
        for i in range(n):
            port = free_port()
            log = log_dir / f"serve-{i}.log"
            with log.open("wb") as out:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "api.cli", "serve"],
                    cwd=ROOT,
                    env=dict(os.environ, **cli_env(settings), EMKG_PORT=str(port)),
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            procs.append((proc, log))
            urls.append(f"http://127.0.0.1:{port}")
        for url, (proc, log) in zip(urls, procs, strict=True):
            _wait_up(url, proc, log)
        yield urls
    finally:
        for proc, _ in procs:
            proc.terminate()
        for proc, _ in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="module")
def two_processes(
    neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[str]]:
    with api_processes(neo4j_settings, tmp_path_factory.mktemp("replicas")) as urls:
        yield urls


def _wait_up(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"`emkg serve` ended: {log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"`emkg serve` at {url} did not start within 180 s")


def _me(url: str, key: str) -> httpx.Response:
    return httpx.post(
        f"{url}/graphql",
        json={"query": ME},
        headers={"Authorization": f"Bearer {key}"},
        timeout=30,
    )


def test_two_api_processes_accept_a_cli_key_and_both_refuse_it_after_revocation(
    two_processes: list[str], neo4j_settings: Settings
) -> None:
    made = run_cli(neo4j_settings, ["keys", "create", "--role", "commander", "--name", "replicas"])
    assert made.returncode == 0, made.stderr
    key = made.stdout.strip().splitlines()[-1]
    for url in two_processes:
        r = _me(url, key)
        assert r.status_code == 200, r.text
        assert r.json()["data"]["me"] == {"name": "replicas", "role": "commander"}
    revoked = run_cli(neo4j_settings, ["keys", "revoke", "replicas"])
    assert revoked.returncode == 0, revoked.stderr
    t0 = time.monotonic()
    refused: dict[str, float] = {}
    while len(refused) < 2 and time.monotonic() - t0 < CACHE_TTL_S + 5:
        for url in two_processes:
            if url not in refused and _me(url, key).status_code == 401:
                refused[url] = time.monotonic() - t0
        time.sleep(0.2)
    assert set(refused) == set(two_processes), f"still accepted after revocation: {refused}"
    assert max(refused.values()) <= CACHE_TTL_S + 2
    print("refused after revocation within", json.dumps(refused))
