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
