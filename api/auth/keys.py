"""API keys: ``emkg_<role>_<random>``, shown once, stored only as a SHA-256 hash.

Keys live in Neo4j now (api/auth/graph_keys.py, api/auth/key_admin.py); this module
keeps what both stores share (`Principal`, `hash_key`, the key format, the header
reader) and `KeyStore`, the keys file of before, which `emkg keys migrate` reads
once to move its keys into the graph.

The keys file (``Settings.keys_file``, mode 0600) is JSON:
``{"keys": [{"id", "name", "role", "hash", "created", "revoked"}]}``. Keys
carry 256 bits of randomness, so a plain (unsalted) SHA-256 is enough to make
a leaked file useless; lookups compare hashes in constant time. The file is
re-read when it changes, so `emkg keys create/revoke` apply to a running server.

Example::

    store = KeyStore(Path("var/api-keys.json"))
    key, info = store.create(Role.PLANNER, name="alice")
    store.verify(key)              # Principal(key_id=..., name='alice', role=Role.PLANNER)
    store.verify("emkg_x_wrong")   # None
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from api.auth.roles import Permission, Role
from kg.errors import EmkgError, UserInputError
from queries.catalog.api_keys import StoredKey

KEY_PREFIX = "emkg_"
MAX_NAME_CHARS = 100  # a key name is shown in every audit entry the key writes


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key's id and name, and its role."""

    key_id: str
    name: str
    role: Role
    anonymous: bool = False

    def can(self, permission: Permission) -> bool:
        return not self.anonymous and permission in self.role.permissions

    @property
    def actor(self) -> str:
        return f"{self.name} ({self.role.value}, key {self.key_id})"


# The keys file's record is the graph's (one shape for a stored key, wherever it is kept).
ApiKeyInfo = StoredKey


def new_key(role: Role) -> str:
    """A fresh key for `role`: ``emkg_<role>_<43 url-safe characters>`` (256 bits)."""
    return f"{KEY_PREFIX}{role.value}_{secrets.token_urlsafe(32)}"


def new_key_record(role: Role, name: str = "") -> tuple[str, StoredKey]:
    """A new key (to show once, never to store) and the record to store for it.

    Example::

        key, info = new_key_record(Role.PLANNER, "alice")  # info.hash == hash_key(key)
    """
    if len(name) > MAX_NAME_CHARS:
        raise UserInputError(
            f"a key name is at most {MAX_NAME_CHARS} characters (this one has {len(name)}); "
            "use a short name for who or what uses the key"
        ).on("name")
    key = new_key(role)
    digest = hash_key(key)
    return key, StoredKey(
        id=digest[:12],
        name=name or f"{role.value}-key",
        role=role.value,
        hash=digest,
        created=datetime.now(UTC).isoformat(timespec="seconds"),
    )


# Only for the GraphiQL page in development (which runs no operation): may do nothing.
ANONYMOUS = Principal(key_id="-", name="anonymous", role=Role.INTEGRATOR, anonymous=True)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class KeyStoreError(EmkgError):
    """The keys file cannot be read: every request is refused until an admin fixes it."""

    code = "KEY_STORE"


class KeyStore:
    """Hashed keys in a JSON file shared by the API's workers and the CLI.

    Every change is read-modify-write under an exclusive lock (``<file>.lock``,
    `fcntl.flock`) and lands by atomic rename of a temp file of its own, so concurrent
    `emkg keys` commands and API processes never lose a key or leave a torn file. A file
    that cannot be parsed fails closed: `KeyStoreError`, never a key accepted.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: tuple[int, int, int] | None = None
        self._keys: list[ApiKeyInfo] = []

    def _read(self) -> list[ApiKeyInfo]:
        try:
            doc: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
            return [ApiKeyInfo(**k) for k in doc.get("keys", [])]
        except (ValueError, TypeError, AttributeError) as e:
            raise KeyStoreError(
                f"the API keys file {self.path} is not valid ({e}); every request is refused "
                "until an admin restores it (from a backup, or delete it and create keys "
                "again with `emkg keys create`)"
            ) from e

    def _load(self) -> list[ApiKeyInfo]:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            self._stamp, self._keys = None, []
            return self._keys
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
        if stamp != self._stamp:
            self._keys = self._read()
            self._stamp = stamp
        return self._keys

    @contextmanager
    def _locked(self) -> Iterator[list[ApiKeyInfo]]:
        """The current keys, read under the exclusive lock held until the block ends."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path.with_name(self.path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield self._read() if self.path.exists() else []
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _write(self, keys: list[ApiKeyInfo]) -> None:
        """Atomically replace the file (call with the lock held)."""
        fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"keys": [asdict(k) for k in keys]}, f, indent=2)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            with suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        self._stamp = None

    def list_keys(self) -> list[ApiKeyInfo]:
        return list(self._load())

    def create(self, role: Role, name: str = "") -> tuple[str, ApiKeyInfo]:
        """A new key (returned once, never stored) and its stored record."""
        key, info = new_key_record(role, name)
        with self._locked() as keys:
            self._write([*keys, info])
        return key, info

    def revoke(self, key_id: str) -> ApiKeyInfo:
        with self._locked() as keys:
            match = [k for k in keys if k.id == key_id or k.name == key_id]
            if len(match) != 1:
                known = ", ".join(f"{k.id} ({k.name})" for k in keys if not k.revoked) or "none"
                raise KeyError(f"no single key with id or name '{key_id}'; active keys: {known}")
            gone = ApiKeyInfo(**{**asdict(match[0]), "revoked": True})
            self._write([gone if k is match[0] else k for k in keys])
        return gone

    def verify(self, key: str) -> Principal | None:
        if not key.startswith(KEY_PREFIX):
            return None
        digest = hash_key(key)
        for k in self._load():
            if hmac.compare_digest(k.hash, digest) and not k.revoked:
                return Principal(key_id=k.id, name=k.name, role=Role(k.role))
        return None


def key_from_headers(headers: Any) -> str | None:
    """`Authorization: Bearer <key>` or `X-API-Key: <key>`."""
    auth = headers.get("authorization")
    if auth:
        scheme, _, value = auth.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return str(value.strip())
    api_key = headers.get("x-api-key")
    return str(api_key).strip() if api_key else None
