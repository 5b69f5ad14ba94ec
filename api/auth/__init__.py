"""Authentication (API keys, stored hashed) and role-based permissions.

Example::

    store = KeyStore(Path("var/api-keys.json"))
    key, info = store.create(Role.COMMANDER, name="duty-desk")   # key shown once
    store.verify(key).role        # Role.COMMANDER
"""

from api.auth.keys import ApiKeyInfo, KeyStore, Principal
from api.auth.roles import Permission, Role

__all__ = ["ApiKeyInfo", "KeyStore", "Permission", "Principal", "Role"]
