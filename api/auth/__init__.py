"""Authentication (API keys, stored hashed) and role-based permissions.

Keys live in Neo4j as SHA-256 hashes (`KeyAdmin` manages them, `GraphKeyStore`
checks them with a short per-process cache); `KeyStore` reads the keys file of
before, which `emkg keys migrate` moves into the graph.

Example::

    key, info = KeyAdmin(driver, "neo4j").create(Role.COMMANDER, name="duty-desk")  # shown once
    (await GraphKeyStore(async_driver, "neo4j").verify(key)).role        # Role.COMMANDER
    await principal_from_headers(request.headers, keys)   # or UnauthenticatedError (401)
"""

from api.auth.graph_keys import GraphKeyStore, KeyStoreUnavailableError
from api.auth.headers import CHALLENGE, UnauthenticatedError, principal_from_headers
from api.auth.key_admin import KeyAdmin
from api.auth.keys import ApiKeyInfo, KeyStore, Principal
from api.auth.roles import Permission, Role

__all__ = [
    "CHALLENGE",
    "ApiKeyInfo",
    "GraphKeyStore",
    "KeyAdmin",
    "KeyStore",
    "KeyStoreUnavailableError",
    "Permission",
    "Principal",
    "Role",
    "UnauthenticatedError",
    "principal_from_headers",
]
