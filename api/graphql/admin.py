"""`me` (who am I, what may I do) and admin key management."""

from __future__ import annotations

import datetime
from enum import Enum

import strawberry

from api.auth import Permission, Role
from api.graphql.context import Info
from api.graphql.enums import describe_values, enum_of
from api.graphql.fields import document, field, mutation, replaced_by, replaced_by_mutation
from api.graphql.scalars import to_datetime
from queries.catalog.api_keys import StoredKey


@strawberry.enum(description="What a key's holder may do (README: Authentication).")
class ApiRole(Enum):
    INTEGRATOR = "integrator"
    COMMANDER = "commander"
    PLANNER = "planner"
    ADMIN = "admin"


@strawberry.type(description="The caller: key name, role and the permissions it grants.")
class Me:
    name: str
    role: str = strawberry.field(
        description="The role as text.",
        deprecation_reason=replaced_by("`apiRole` (the ApiRole enum)"),
    )
    api_role: ApiRole = strawberry.field(description="The key's role.")
    permissions: list[str]


@strawberry.type(description="An API key's record (the key itself is never stored).")
class ApiKey:
    id: strawberry.ID
    name: str
    role: str = strawberry.field(
        description="The role as text.",
        deprecation_reason=replaced_by("`apiRole` (the ApiRole enum)"),
    )
    api_role: ApiRole | None = strawberry.field(description="The role the key grants.")
    created: str = strawberry.field(
        description="When it was issued, as text.",
        deprecation_reason=replaced_by("`createdAt` (a DateTime)"),
    )
    created_at: datetime.datetime | None = strawberry.field(description="When it was issued.")
    revoked: bool

    @classmethod
    def of(cls, k: StoredKey) -> ApiKey:
        return cls(
            id=strawberry.ID(k.id),
            name=k.name,
            role=k.role,
            api_role=enum_of(ApiRole, k.role),
            created=k.created,
            created_at=to_datetime(k.created),
            revoked=k.revoked,
        )


@strawberry.type(description="A key just issued: shown once, never stored.")
class NewApiKey:
    key: str = strawberry.field(description="Shown once: store it now.")
    info: ApiKey


@strawberry.type
class AdminQuery:
    @field()
    def me(self, info: Info) -> Me:
        p = info.context.require(Permission.READ)
        return Me(
            name=p.name,
            role=p.role.value,
            api_role=ApiRole(p.role.value),
            permissions=sorted(x.value for x in p.role.permissions),
        )

    @field(description="Admins: every API key (hashes are never shown).")
    async def api_keys(self, info: Info) -> list[ApiKey]:
        info.context.require(Permission.MANAGE_KEYS)
        return [ApiKey.of(k) for k in await info.context.state.keys.list_keys()]


@strawberry.type
class AdminMutation:
    @mutation(
        description="Admins: issue a key for a role.",
        deprecation_reason=replaced_by_mutation("issueApiKey"),
    )
    async def create_api_key(self, info: Info, role: ApiRole, name: str) -> NewApiKey:
        info.context.require(Permission.MANAGE_KEYS)
        key, record = await info.context.state.keys.create(Role(role.value), name=name)
        return NewApiKey(key=key, info=ApiKey.of(record))

    @mutation(
        description="Admins: revoke a key by id or name.",
        deprecation_reason=replaced_by_mutation("withdrawApiKey"),
    )
    async def revoke_api_key(self, info: Info, id: strawberry.ID) -> ApiKey:
        from kg.errors import NotFoundError

        info.context.require(Permission.MANAGE_KEYS)
        try:
            return ApiKey.of(await info.context.state.keys.revoke(str(id)))
        except KeyError as e:
            raise NotFoundError(str(e.args[0])) from None


describe_values(
    ApiRole,
    {
        "INTEGRATOR": "Read the catalog only.",
        "COMMANDER": "Read, recommend, parse reports, set team status, dispatch.",
        "PLANNER": "Commander rights plus curating the ontology and loading data.",
        "ADMIN": "Everything, including API keys.",
    },
)
document(
    Me,
    {
        "name": "The key's name.",
        "role": "The key's role (as text).",
        "permissions": "What the role may do (permission names).",
    },
)
document(
    ApiKey,
    {
        "id": "The key's id (not the key).",
        "name": "Who it was issued to.",
        "role": "Its role (as text).",
        "created": "When it was issued (ISO 8601).",
        "revoked": "Revoked keys are refused.",
    },
)
document(NewApiKey, {"info": "The key's record."})
document(AdminQuery, {"me": "The caller: key name, role and permissions."})
document(
    AdminMutation,
    {
        "create_api_key.role": "The role the key grants.",
        "create_api_key.name": "Who the key is for (at most 100 characters).",
        "revoke_api_key.id": "The key's id or name.",
    },
)
