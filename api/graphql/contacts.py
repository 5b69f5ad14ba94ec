"""Duty contacts (duty phone, leader, radio channel) of teams and experts, for the
roles that may dispatch (commander, admin); null for every other role, with the reason
in `contactMasked` (api/auth/roles.py: the `dispatch` permission).

Example::

    contact = await node_contact(info, "Team", "T-SC-0001")   # None for an integrator
    masked = contact_mask(info)                               # Reason CONTACT_MASKED, or None
"""

from __future__ import annotations

from typing import Any

import strawberry

from api.auth import Permission
from api.graphql.context import Info
from api.graphql.reasons import Reason, request_lang
from queries import models as m
from queries.incidents.models import Contact as ContactRecord
from queries.incidents.models import parse_contact

CONTACT_MASKED = m.Reason.of("CONTACT_MASKED")


@strawberry.type(description="Duty contact (demo data is fictional).")
class Contact:
    duty_phone: str | None = strawberry.field(description="Duty phone (值班电话).")
    leader: str | None = strawberry.field(description="Who leads the team when sent (带队人).")
    radio_channel: str | None = strawberry.field(description="Radio channel (电台频道).")


def may_see_contacts(info: Info) -> bool:
    return info.context.principal.can(Permission.DISPATCH)


def contact_mask(info: Info) -> Reason | None:
    """The reason a caller sees no contacts, or None when they may see them."""
    if may_see_contacts(info):
        return None
    return Reason.of(CONTACT_MASKED, request_lang(None, info.context.request))


def contact_of(c: ContactRecord, info: Info) -> Contact | None:
    if not may_see_contacts(info) or c.empty:
        return None
    return Contact(duty_phone=c.duty_phone, leader=c.leader, radio_channel=c.radio_channel)


async def node_contact(info: Info, kind: str, node_id: str) -> Contact | None:
    """A team's or expert's contact, read through the request's node loader (batched)."""
    if not may_see_contacts(info):
        return None
    node = await info.context.nodes(kind).load(node_id)
    return contact_of(parse_contact(dict(node.props)), info) if node is not None else None


def contact_field(kind: str) -> Any:
    """The `contact` field of `kind` (Team or Expert): null for a role that may not
    dispatch.

    Example::

        contact: Contact | None = contact_field("Team")
    """

    async def contact(root: Any, info: Info) -> Contact | None:
        return await node_contact(info, kind, str(root.id))

    return strawberry.field(
        resolver=contact,
        description="Duty phone, leader, radio channel: only for roles that may dispatch "
        "(commander, admin); null otherwise (see contactMasked).",
    )


def contact_masked_field() -> Any:
    """The `contactMasked` field beside `contact_field`: why contact is null."""
    return strawberry.field(
        resolver=contact_mask,
        description="Why contact is null for this caller (a role that may not dispatch).",
    )
