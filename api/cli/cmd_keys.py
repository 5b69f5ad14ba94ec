"""`emkg keys create|list|revoke|migrate`: API keys in Neo4j (stored hashed).

Keys live in the graph (``ApiKey`` nodes holding a SHA-256 of the key), so every
API process and replica honours the same keys. A keys file left from before
(``EMKG_KEYS_FILE``, default var/api-keys.json) is moved into the graph the first
time any `emkg keys` command runs (or by `emkg keys migrate`), and renamed to
``<file>.migrated``; the command says what it moved.

Example::

    emkg keys create --role commander --name duty-desk   # prints the key once
    emkg keys list
    emkg keys revoke duty-desk
    emkg keys migrate --file old/api-keys.json
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from api.auth import Role
from api.auth.key_admin import KeyAdmin, migrate_keys_file
from kg.driver import open_driver
from kg.errors import UserInputError
from kg.settings import Settings


@contextmanager
def _admin(settings: Settings, *, migrate: bool = True) -> Iterator[KeyAdmin]:
    with open_driver(settings) as driver:
        admin = KeyAdmin(driver, settings.neo4j_database)
        if migrate:
            _migrate(admin, settings.keys_file)
        yield admin


def _migrate(admin: KeyAdmin, path: Path) -> bool:
    done = migrate_keys_file(admin, path)
    for line in done.lines() if done else []:
        click.echo(f"emkg: {line}", err=True)
    return done is not None


@click.group()
def keys() -> None:
    """Create, list and revoke API keys (kept hashed in Neo4j)."""


@keys.command()
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--name", default="", help="who or what uses the key")
def create(role: str, name: str) -> int:
    """Issue a key (shown once)."""
    settings = Settings.from_env()
    with _admin(settings) as admin:
        key, info = admin.create(Role(role), name=name)
    click.echo(f"created {info.role} key '{info.name}' (id {info.id}) in Neo4j")
    click.echo("the key is shown only now; send it as 'Authorization: Bearer <key>':")
    click.echo(key)
    return 0


@keys.command("list")
def list_keys() -> int:
    """List keys (never the keys themselves)."""
    settings = Settings.from_env()
    with _admin(settings) as admin:
        found = admin.list_keys()
    if not found:
        click.echo("no API keys in Neo4j; create one with `emkg keys create --role ...`")
    for k in found:
        state = "revoked" if k.revoked else "active"
        click.echo(f"{k.id}  {k.role:<10}  {k.name:<24}  {k.created}  {state}")
    return 0


@keys.command()
@click.argument("key_id")
def revoke(key_id: str) -> int:
    """Revoke a key by id or name (refused by every API process within a few seconds)."""
    settings = Settings.from_env()
    with _admin(settings) as admin:
        try:
            info = admin.revoke(key_id)
        except KeyError as e:
            raise UserInputError(str(e.args[0])) from e
    click.echo(f"revoked key '{info.name}' (id {info.id})")
    return 0


@keys.command()
@click.option(
    "--file",
    "path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="the keys file to move (default: EMKG_KEYS_FILE, var/api-keys.json)",
)
def migrate(path: Path | None) -> int:
    """Move the keys of a keys file into Neo4j (once; the file is renamed *.migrated)."""
    settings = Settings.from_env()
    source = path or settings.keys_file
    with _admin(settings, migrate=False) as admin:
        if not _migrate(admin, source):
            click.echo(f"no keys file at {source}: nothing to migrate (keys live in Neo4j)")
    return 0


def dev_key(settings: Settings) -> str:
    """A fresh admin key for `emkg run` (local UI and GraphiQL); revoke with `emkg keys revoke`."""
    with _admin(settings) as admin:
        for old in admin.list_keys():
            if old.name == "local-dev" and not old.revoked:
                admin.revoke(old.id)
        key, _ = admin.create(Role.ADMIN, name="local-dev")
    return key
