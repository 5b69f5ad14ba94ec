"""`emkg keys create|list|revoke`: API keys for the GraphQL API (stored hashed).

Example::

    emkg keys create --role commander --name duty-desk   # prints the key once
    emkg keys list
    emkg keys revoke duty-desk
"""

from __future__ import annotations

import click

from api.auth import KeyStore, Role
from kg.errors import UserInputError
from kg.settings import Settings


@click.group()
def keys() -> None:
    """Create, list and revoke API keys."""


@keys.command()
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--name", default="", help="who or what uses the key")
def create(role: str, name: str) -> int:
    """Issue a key (shown once)."""
    settings = Settings.from_env()
    key, info = KeyStore(settings.keys_file).create(Role(role), name=name)
    click.echo(f"created {info.role} key '{info.name}' (id {info.id}) in {settings.keys_file}")
    click.echo("the key is shown only now; send it as 'Authorization: Bearer <key>':")
    click.echo(key)
    return 0


@keys.command("list")
def list_keys() -> int:
    """List keys (never the keys themselves)."""
    settings = Settings.from_env()
    found = KeyStore(settings.keys_file).list_keys()
    if not found:
        click.echo(
            f"no keys in {settings.keys_file}; create one with `emkg keys create --role ...`"
        )
    for k in found:
        state = "revoked" if k.revoked else "active"
        click.echo(f"{k.id}  {k.role:<10}  {k.name:<24}  {k.created}  {state}")
    return 0


@keys.command()
@click.argument("key_id")
def revoke(key_id: str) -> int:
    """Revoke a key by id or name."""
    settings = Settings.from_env()
    try:
        info = KeyStore(settings.keys_file).revoke(key_id)
    except KeyError as e:
        raise UserInputError(str(e.args[0])) from e
    click.echo(f"revoked key '{info.name}' (id {info.id})")
    return 0


def dev_key(settings: Settings) -> str:
    """A fresh admin key for `emkg run` (local UI and GraphiQL); revoke with `emkg keys revoke`."""
    store = KeyStore(settings.keys_file)
    for old in store.list_keys():
        if old.name == "local-dev" and not old.revoked:
            store.revoke(old.id)
    key, _ = store.create(Role.ADMIN, name="local-dev")
    return key
