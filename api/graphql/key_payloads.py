"""API key mutations in the standard shape: one ``input``, a payload with ``userErrors``.

`issueApiKey` and `withdrawApiKey` replace the loose-argument `createApiKey` and
`revokeApiKey` (kept one release, deprecated, in admin.py). A name over the cap or an
unknown key is a userError in the caller's language; only a role without the manageKeys
permission is a top-level FORBIDDEN.

Example::

    mutation { issueApiKey(input: {role: INTEGRATOR, name: "gis-bridge"}) {
      key apiKey { id name apiRole } userErrors { field message code } } }
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.auth import Permission, Role
from api.graphql.admin import ApiKey, ApiRole
from api.graphql.context import Info
from api.graphql.curation_payloads import attempt
from api.graphql.fields import mutation
from api.graphql.reasons import request_lang
from api.graphql.user_errors import UserError
from kg.errors import NotFoundError


@strawberry.input(description="A key to issue.")
class IssueApiKeyInput:
    role: ApiRole = strawberry.field(description="What the key may do (see ApiRole).")
    name: str = strawberry.field(
        default="", description="Who or what uses the key (at most 100 characters)."
    )


@strawberry.input(description="A key to withdraw.")
class WithdrawApiKeyInput:
    id: strawberry.ID = strawberry.field(description="The key's id (or its name).")


@strawberry.type(description="The result of issueApiKey.")
class IssueApiKeyPayload:
    key: str | None = strawberry.field(
        description="The key itself, shown once (never stored): keep it now. Null on errors."
    )
    api_key: ApiKey | None = strawberry.field(description="The key's record; null on errors.")
    user_errors: list[UserError] = strawberry.field(
        description="What was wrong with the input; empty when the key was issued."
    )


@strawberry.type(description="The result of withdrawApiKey.")
class WithdrawApiKeyPayload:
    api_key: ApiKey | None = strawberry.field(
        description="The key's record, now revoked; null on errors."
    )
    user_errors: list[UserError] = strawberry.field(
        description="What was wrong with the input; empty when the key was revoked."
    )


@strawberry.type
class KeyPayloadMutation:
    @mutation(description="Admins: issue an API key for a role (shown once).")
    async def issue_api_key(
        self,
        info: Info,
        input: Annotated[IssueApiKeyInput, strawberry.argument(description="The role and name.")],
    ) -> IssueApiKeyPayload:
        info.context.require(Permission.MANAGE_KEYS)

        async def work() -> tuple[str, ApiKey]:
            key, record = await info.context.state.keys.create(
                Role(input.role.value), name=input.name
            )
            return key, ApiKey.of(record)

        lang = request_lang(None, info.context.request)
        done, errors = await attempt(work, {}, "name", lang=lang)
        if done is None:
            return IssueApiKeyPayload(key=None, api_key=None, user_errors=errors)
        return IssueApiKeyPayload(key=done[0], api_key=done[1], user_errors=[])

    @mutation(description="Admins: revoke an API key by id or name; it stops working at once.")
    async def withdraw_api_key(
        self,
        info: Info,
        input: Annotated[WithdrawApiKeyInput, strawberry.argument(description="Which key.")],
    ) -> WithdrawApiKeyPayload:
        info.context.require(Permission.MANAGE_KEYS)

        async def work() -> ApiKey:
            try:
                return ApiKey.of(await info.context.state.keys.revoke(str(input.id)))
            except KeyError as e:
                raise NotFoundError(str(e.args[0])) from None

        lang = request_lang(None, info.context.request)
        done, errors = await attempt(work, {}, "id", lang=lang)
        return WithdrawApiKeyPayload(api_key=done, user_errors=errors)
