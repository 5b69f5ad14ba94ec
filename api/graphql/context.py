"""The typed per-request GraphQL context built in ``get_context``.

It carries the caller (`principal`), a `CypherRunner` with the request's
transaction timeout and query counter, and DataLoaders created per request,
so nested fields (a team's capabilities, equipment, ...) cost one query per
batch, not one per parent.

Example::

    async def resolve(info: Info) -> ...:
        info.context.require(Permission.CURATE)        # FORBIDDEN unless allowed
        links = await info.context.links("team.capabilities").load("T-SC-0001")
"""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request
from strawberry.dataloader import DataLoader
from strawberry.types import Info as _Info

from api.auth import Permission, Principal
from api.state import AppState
from kg.cypher import CypherRunner
from kg.errors import PermissionDeniedError
from queries.catalog.models import Link, Node
from queries.catalog.nodes import get_nodes, neighbours


@dataclass
class Context:
    request: Request
    state: AppState
    principal: Principal
    runner: CypherRunner
    # A subscription's connection_init payload (graphql-transport-ws), set before any operation.
    connection_params: dict[str, object] | None = None
    _links: dict[str, DataLoader[str, list[Link]]] = field(default_factory=dict)
    _nodes: dict[str, DataLoader[str, Node | None]] = field(default_factory=dict)

    @property
    def database(self) -> str:
        return self.state.database

    def require(self, permission: Permission) -> Principal:
        if not self.principal.can(permission):
            raise PermissionDeniedError(
                f"the {self.principal.role.value} role may not {permission.value}; "
                "ask an admin for a key with a role that may (see README: Authentication)"
            )
        return self.principal

    def links(self, name: str) -> DataLoader[str, list[Link]]:
        """Neighbours along `name` (see queries.catalog.nodes.LINKS), batched per request."""
        if name not in self._links:

            async def load(ids: list[str]) -> list[list[Link]]:
                found = await neighbours(self.runner, name, ids)
                return [found.get(i, []) for i in ids]

            self._links[name] = DataLoader(load_fn=load)
        return self._links[name]

    def nodes(self, kind: str) -> DataLoader[str, Node | None]:
        """Nodes of `kind` by id, batched per request."""
        if kind not in self._nodes:

            async def load(ids: list[str]) -> list[Node | None]:
                found = await get_nodes(self.runner, kind, ids)
                return [found.get(i) for i in ids]

            self._nodes[kind] = DataLoader(load_fn=load)
        return self._nodes[kind]


Info = _Info[Context, None]
