"""`emkg keys create|list|revoke`: API keys for the GraphQL API (stored hashed).

Example::

    emkg keys create --role commander --name duty-desk   # prints the key once
    emkg keys list
    emkg keys revoke duty-desk
"""

from __future__ import annotations

import argparse

from kg.settings import Settings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from api.auth import Role

    p = sub.add_parser("keys", help="create, list and revoke API keys")
    keys = p.add_subparsers(dest="keys_command", required=True, metavar="ACTION")
    c = keys.add_parser("create", help="issue a key (shown once)")
    c.add_argument("--role", required=True, choices=[r.value for r in Role])
    c.add_argument("--name", default="", help="who or what uses the key")
    c.set_defaults(handler=create)
    ls = keys.add_parser("list", help="list keys (never the keys themselves)")
    ls.set_defaults(handler=list_keys)
    r = keys.add_parser("revoke", help="revoke a key by id or name")
    r.add_argument("key_id")
    r.set_defaults(handler=revoke)


def create(args: argparse.Namespace) -> int:
    from api.auth import KeyStore, Role

    settings = Settings.from_env()
    key, info = KeyStore(settings.keys_file).create(Role(args.role), name=args.name)
    print(f"created {info.role} key '{info.name}' (id {info.id}) in {settings.keys_file}")
    print("the key is shown only now; send it as 'Authorization: Bearer <key>':")
    print(key)
    return 0


def list_keys(args: argparse.Namespace) -> int:
    from api.auth import KeyStore

    settings = Settings.from_env()
    keys = KeyStore(settings.keys_file).list_keys()
    if not keys:
        print(f"no keys in {settings.keys_file}; create one with `emkg keys create --role ...`")
    for k in keys:
        state = "revoked" if k.revoked else "active"
        print(f"{k.id}  {k.role:<10}  {k.name:<24}  {k.created}  {state}")
    return 0


def revoke(args: argparse.Namespace) -> int:
    from api.auth import KeyStore

    settings = Settings.from_env()
    try:
        info = KeyStore(settings.keys_file).revoke(args.key_id)
    except KeyError as e:
        print(f"emkg: error: {e.args[0]}")
        return 1
    print(f"revoked key '{info.name}' (id {info.id})")
    return 0


def dev_key(settings: Settings) -> str:
    """A fresh admin key for `emkg run` (local UI and GraphiQL); revoke with `emkg keys revoke`."""
    from api.auth import KeyStore, Role

    store = KeyStore(settings.keys_file)
    for old in store.list_keys():
        if old.name == "local-dev" and not old.revoked:
            store.revoke(old.id)
    key, _ = store.create(Role.ADMIN, name="local-dev")
    return key
