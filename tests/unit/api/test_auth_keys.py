"""API keys: format, hashing at rest, file mode, verify/revoke; the role matrix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from api.auth import KeyStore, Permission, Role
from api.auth.keys import hash_key, key_from_headers


def test_keys_are_shown_once_and_stored_hashed(tmp_path: Path) -> None:
    store = KeyStore(tmp_path / "keys.json")
    key, info = store.create(Role.COMMANDER, name="desk")
    assert key.startswith("emkg_commander_") and len(key) > 50
    doc = json.loads((tmp_path / "keys.json").read_text())
    assert key not in json.dumps(doc)
    assert doc["keys"][0]["hash"] == hash_key(key) == info.hash
    assert (tmp_path / "keys.json").stat().st_mode & 0o777 == 0o600
    p = store.verify(key)
    assert p is not None and p.role is Role.COMMANDER and p.name == "desk"
    assert store.verify(key + "x") is None
    assert store.verify("not-a-key") is None


def test_revoked_keys_stop_working_and_other_processes_see_changes(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    server_view = KeyStore(path)
    key, _ = KeyStore(path).create(Role.PLANNER, name="alice")
    assert server_view.verify(key) is not None
    KeyStore(path).revoke("alice")
    assert server_view.verify(key) is None
    with pytest.raises(KeyError, match="no single key"):
        server_view.revoke("bob")


def test_headers_bearer_and_x_api_key() -> None:
    assert key_from_headers({"authorization": "Bearer emkg_a_b"}) == "emkg_a_b"
    assert key_from_headers({"x-api-key": " emkg_a_b "}) == "emkg_a_b"
    assert key_from_headers({"authorization": "Basic xyz"}) is None
    assert key_from_headers({}) is None


def test_role_matrix() -> None:
    assert Role.INTEGRATOR.permissions == {Permission.READ}
    assert Permission.SET_TEAM_STATUS in Role.COMMANDER.permissions
    assert Permission.CURATE not in Role.COMMANDER.permissions
    assert {Permission.CURATE, Permission.LOAD} <= Role.PLANNER.permissions
    assert Permission.SET_TEAM_STATUS not in Role.PLANNER.permissions
    assert Role.ADMIN.permissions == frozenset(Permission)
    with pytest.raises(ValueError, match="use one of"):
        Role.parse("boss")


def _create_many(path: str, role: str, n: int) -> list[str]:
    from api.auth import KeyStore, Role

    store = KeyStore(Path(path))
    return [store.create(Role(role), name=f"{role}-{i}")[1].id for i in range(n)]


def test_concurrent_writers_lose_no_key_and_leave_a_valid_file(tmp_path: Path) -> None:
    """Four processes create keys while this one revokes: every key is there (issue 14)."""
    import json
    from concurrent.futures import ProcessPoolExecutor

    from api.auth import KeyStore, Role

    path = tmp_path / "api-keys.json"
    store = KeyStore(path)
    doomed = [store.create(Role.INTEGRATOR, name=f"old-{i}")[1].id for i in range(10)]
    with ProcessPoolExecutor(4) as pool:
        futures = [
            pool.submit(_create_many, str(path), role, 15)
            for role in ("planner", "commander", "integrator", "admin")
        ]
        for key_id in doomed:
            store.revoke(key_id)
        created = [i for f in futures for i in f.result()]
    keys = {k["id"]: k for k in json.loads(path.read_text(encoding="utf-8"))["keys"]}
    assert set(created) <= set(keys) and len(created) == 60
    assert all(keys[i]["revoked"] for i in doomed)
    assert not any(keys[i]["revoked"] for i in created)
    assert not [
        p for p in tmp_path.iterdir() if p.name not in ("api-keys.json", "api-keys.json.lock")
    ]


def test_a_corrupt_keys_file_fails_closed_with_a_clear_error(tmp_path: Path) -> None:
    from api.auth import KeyStore, Role
    from api.auth.keys import KeyStoreError

    path = tmp_path / "api-keys.json"
    store = KeyStore(path)
    key, _ = store.create(Role.ADMIN, name="a")
    path.write_text('{"keys": [{"id": ', encoding="utf-8")
    with pytest.raises(KeyStoreError, match=r"not valid.*refused"):
        store.verify(key)
    with pytest.raises(KeyStoreError):
        store.create(Role.ADMIN, name="b")  # nothing written over a file we cannot read
    assert path.read_text(encoding="utf-8") == '{"keys": [{"id": '
