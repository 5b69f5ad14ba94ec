"""Authentication (API keys, stored hashed) and role-based permissions.

Example::

    store = KeyStore(Path("var/api-keys.json"))
    key, info = store.create(Role.COMMANDER, name="duty-desk")   # key shown once
    store.verify(key).role        # Role.COMMANDER
    principal_from_headers(request.headers, store)   # or UnauthenticatedError (401)
"""

from api.auth.headers import CHALLENGE, UnauthenticatedError, principal_from_headers
from api.auth.keys import ApiKeyInfo, KeyStore, Principal
from api.auth.roles import Permission, Role

__all__ = [
    "CHALLENGE",
    "ApiKeyInfo",
    "KeyStore",
    "Permission",
    "Principal",
    "Role",
    "UnauthenticatedError",
    "principal_from_headers",
]
