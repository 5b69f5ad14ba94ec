"""Managing the keys in Neo4j: create, list, revoke, and the one-time move from a keys file.

Keys look like ``emkg_<role>_<43 random url-safe characters>`` (256 bits); the
graph keeps only their SHA-256 (the same digest the old keys file held, so a
migrated key keeps working unchanged).

Migration: `migrate_keys_file` copies the keys of a pre-Neo4j keys file
(``Settings.keys_file``) into the graph, idempotently (a key already there keeps
its node; a revocation is never undone; a key revoked in the file is revoked in
the graph), then renames the file to ``<name>.migrated`` so nothing reads it
again and it stays as a backup.

Example::

    with open_driver(settings) as driver:
        admin = KeyAdmin(driver, settings.neo4j_database)
        key, info = admin.create(Role.COMMANDER, name="duty-desk")   # the key: shown once
        admin.revoke("duty-desk")
        report = migrate_keys_file(admin, Path("var/api-keys.json"))
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from neo4j import Driver

from api.auth.keys import KeyStore, new_key_record
from api.auth.roles import Role
from queries.catalog.api_keys import (
    ImportCounts,
    StoredKey,
    create_key,
    import_keys,
    list_keys,
    revoke_key,
)

MIGRATED_SUFFIX = ".migrated"
log = logging.getLogger("emkg.auth")


class KeyAdmin:
    """The keys in the graph, for `emkg keys` and the tests (a synchronous driver)."""

    def __init__(self, driver: Driver, database: str) -> None:
        self.driver, self.database = driver, database

    def create(self, role: Role, name: str = "") -> tuple[str, StoredKey]:
        """A new key (returned once, never stored) and its stored node."""
        key, info = new_key_record(role, name)
        return key, create_key(self.driver, self.database, info)

    def list_keys(self) -> list[StoredKey]:
        return list_keys(self.driver, self.database)

    def revoke(self, ref: str) -> StoredKey:
        """By id or name; `KeyError` naming the active keys unless exactly one matches."""
        return revoke_key(self.driver, self.database, ref)


@dataclass(frozen=True)
class Migration:
    """What a migration did, as the lines `emkg keys` prints."""

    source: Path
    counts: ImportCounts
    moved_to: Path | None

    def lines(self) -> list[str]:
        c = self.counts
        total = c.created + c.revoked + c.unchanged
        out = [
            f"migrated {total} API key(s) from {self.source} into Neo4j: {c.created} new, "
            f"{c.revoked} revoked because the file says so, {c.unchanged} already there"
        ]
        if self.moved_to is not None:
            out.append(
                f"the file was renamed to {self.moved_to} and is no longer read; keep it as a "
                "backup or delete it (keys now live in Neo4j only)"
            )
        return out


def migrate_keys_file(admin: KeyAdmin, path: Path) -> Migration | None:
    """Move the keys of `path` into the graph and rename the file; None when there is no file.

    A file that cannot be parsed raises `KeyStoreError` and is left where it is.
    """
    if not path.exists():
        return None
    legacy = KeyStore(path).list_keys()
    counts = import_keys(admin.driver, admin.database, legacy, source=str(path))
    target = path.with_name(path.name + MIGRATED_SUFFIX)
    if target.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = path.with_name(f"{path.name}{MIGRATED_SUFFIX}-{stamp}")
    path.rename(target)
    return Migration(source=path, counts=counts, moved_to=target)


def warn_if_keys_file_left(path: Path) -> bool:
    """The API reads keys from Neo4j only: say so (once, at start) when an old file is left."""
    if not path.exists():
        return False
    log.warning(
        "the API keys file %s is no longer read (keys live in Neo4j); move its keys with "
        "`emkg keys migrate` (any `emkg keys` command does it once), then it is renamed "
        "%s%s",
        path,
        path.name,
        MIGRATED_SUFFIX,
    )
    return True
