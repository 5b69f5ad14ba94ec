"""Standard messages over GraphQL: `importCapAlert` (CAP 1.2/1.1 alerts and feeds in),
`edxlResourceMessages` (an incident's dispatch as EDXL-RM RequestResource and
CommitResource) and `receiveResourceResponse` (another agency's ResponseToRequestResource,
recorded on the incident: its request is answered).

The mutation takes the XML text of an alert, an Atom feed of alerts or an EDXL-DE
envelope and answers one entry per alert: its incident draft (hazards with evidence,
location, regions, a suggested level with reasons, the parser's scenario to fill the
commander's form), "already imported" for a feed's entries seen before, or what is
wrong with it. What is wrong is also listed in `userErrors` (field `xml` for the
document, `entries[N]` for an entry), rendered in the request's locale.

Example::

    mutation { importCapAlert(input: {xml: "<alert xmlns=...>...</alert>"}) {
        entries { status draft { name hazards { hazard { id name } } suggestedLevel
                  location { latitude longitude } regions { id name } notes } }
        userErrors { field message code } } }
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from enum import Enum

import strawberry
from strawberry.types import Info

from api.auth import Permission
from api.cap_import import AlertDraft as Draft
from api.cap_import import CapImport, EntryResult, import_cap, reason_of
from api.edxl_export import commit_id, incident_dispatch, messages_of, request_id
from api.graphql.context import Context
from api.graphql.enums import ResponseLevel, describe_values
from api.graphql.fields import document, field, mutation
from api.graphql.parse import DraftScenario
from api.graphql.reasons import Locale, Reason, request_lang
from api.graphql.recommend import ResolvedHazard
from api.graphql.types import Concept, GeoPoint
from api.graphql.user_errors import UserError, UserErrorCode
from api.messages import Lang, render
from kg.errors import NotFoundError
from loaders.messages.edxl_rm_reader import read_response
from loaders.messages.problems import MessageError
from queries import models as m
from queries.resource_messages import StoredResponse, record_response, responses_for

MAX_XML_CHARS = 2_000_000  # the GraphQL body limit lets bigger feeds in through files only


@strawberry.enum(description="What became of one alert of an import.")
class CapEntryStatus(Enum):
    DRAFTED = "DRAFTED"
    ALREADY_IMPORTED = "ALREADY_IMPORTED"
    INVALID = "INVALID"


@strawberry.type(description="A region the draft's location lies in, or the alert codes.")
class DraftRegion:
    id: strawberry.ID = strawberry.field(description="GB/T 2260 code.")
    name: str
    name_zh: str
    name_en: str
    rank: str = strawberry.field(description="Its rank: province, city or county.")


@strawberry.type(description="An incident draft read from one CAP alert: check, correct, use.")
class AlertDraft:
    identifier: str = strawberry.field(description="The CAP identifier.")
    sender: str
    sent: datetime.datetime | None = strawberry.field(description="CAP <sent>.")
    status: str = strawberry.field(description="CAP status: Actual, Exercise, Test ...")
    msg_type: str = strawberry.field(description="CAP msgType: Alert, Update, Cancel ...")
    cap_version: str
    name: str = strawberry.field(description="The headline, else the event.")
    description: str = strawberry.field(description="The text read (spans index into it).")
    hazards: list[ResolvedHazard]
    hazard_choices: list[Concept] = strawberry.field(
        description="When no hazard could be read: the CAP categories' hazard classes."
    )
    location: GeoPoint | None = strawberry.field(
        description="The areas' weighted centroid, else the place the text names."
    )
    regions: list[DraftRegion] = strawberry.field(description="Innermost first.")
    area_description: str
    suggested_level: ResponseLevel | None
    level_reasons: list[Reason]
    notes: list[Reason] = strawberry.field(description="Exercise, cancel, no area, ... (locale).")
    scenario: DraftScenario = strawberry.field(
        description="What the report parser read: facts, place, unread clauses."
    )
    first_imported_at: datetime.datetime | None

    @classmethod
    def of(cls, d: Draft, lang: Lang) -> AlertDraft:
        return cls(
            identifier=d.identifier,
            sender=d.sender,
            sent=_when(d.sent),
            status=d.status,
            msg_type=d.msg_type,
            cap_version=d.cap_version,
            name=d.name,
            description=d.description,
            hazards=[ResolvedHazard.of(h, lang) for h in d.hazards],
            hazard_choices=[Concept.of(c) for c in d.hazard_choices],
            location=GeoPoint.of(d.location),
            regions=[
                DraftRegion(
                    id=strawberry.ID(r.id),
                    name=r.name_zh,
                    name_zh=r.name_zh,
                    name_en=r.name_en,
                    rank=r.rank,
                )
                for r in d.regions
            ],
            area_description=d.area_description,
            suggested_level=ResponseLevel(d.level) if d.level else None,
            level_reasons=[Reason.of(r, lang) for r in d.level_reasons],
            notes=[Reason.of(r, lang) for r in d.notes],
            scenario=DraftScenario.of(d.scenario, lang),
            first_imported_at=_when(d.first_imported_at),
        )


def _when(text: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


@strawberry.type(description="One alert of the imported message.")
class CapEntry:
    position: int = strawberry.field(description="1-based, in the document's order.")
    label: str = strawberry.field(description="The Atom entry id, else the CAP identifier.")
    status: CapEntryStatus
    draft: AlertDraft | None
    problems: list[Reason]
    imported_at: datetime.datetime | None = strawberry.field(
        description="ALREADY_IMPORTED: when it was first imported."
    )

    @classmethod
    def of(cls, e: EntryResult, lang: Lang) -> CapEntry:
        return cls(
            position=e.position,
            label=e.label,
            status=CapEntryStatus(e.status),
            draft=AlertDraft.of(e.draft, lang) if e.draft else None,
            problems=[Reason.of(p, lang) for p in e.problems],
            imported_at=_when(e.imported_at),
        )


@strawberry.input(description="A CAP alert, an Atom feed of alerts or an EDXL-DE envelope.")
class ImportCapAlertInput:
    xml: str = strawberry.field(description="The XML text (UTF-8; no DTD).")
    locale: Locale | None = None


@strawberry.type(description="The answer of importCapAlert: one entry per alert.")
class ImportCapAlertPayload:
    kind: str | None = strawberry.field(
        description="What the XML was: alert, atom or edxl-de; null if unread."
    )
    entries: list[CapEntry]
    user_errors: list[UserError]


def _user_error(field: str, r: m.Reason, lang: Lang) -> UserError:
    """Every problem of a message is invalid input (the shared UserError type)."""
    return UserError(
        field=field, message=render(r, lang), code=UserErrorCode.INVALID, detail=Reason.of(r, lang)
    )


def payload_of(result: CapImport, lang: Lang) -> ImportCapAlertPayload:
    errors = [
        _user_error(f"entries[{e.position}]", p, lang) for e in result.entries for p in e.problems
    ]
    return ImportCapAlertPayload(
        kind=result.kind, entries=[CapEntry.of(e, lang) for e in result.entries], user_errors=errors
    )


@strawberry.type
class MessagesMutation:
    @mutation(
        description="Read a CAP 1.2 (or 1.1) alert, an Atom feed of alerts or an EDXL-DE "
        "envelope into incident drafts. XML with a DTD is refused unread; nothing is fetched. "
        "A feed's alerts imported before (same sender and identifier) are skipped."
    )
    async def import_cap_alert(
        self, info: Info[Context, None], input: ImportCapAlertInput
    ) -> ImportCapAlertPayload:
        ctx = info.context
        ctx.require(Permission.RECOMMEND)
        lang = request_lang(input.locale, ctx.request)
        if len(input.xml) > MAX_XML_CHARS:
            too_big = m.Reason.of("XML_TOO_LARGE", size=len(input.xml), limit=MAX_XML_CHARS)
            err = _user_error("xml", too_big, lang)
            return ImportCapAlertPayload(kind=None, entries=[], user_errors=[err])
        try:
            result = await import_cap(ctx.runner, ctx.state.embedder, input.xml)
        except MessageError as e:
            errors = [_user_error("xml", reason_of(p), lang) for p in e.problems]
            return ImportCapAlertPayload(kind=None, entries=[], user_errors=errors)
        return payload_of(result, lang)

    @mutation(
        description="Record another agency's EDXL-RM ResponseToRequestResource on the incident "
        "it names: which requested resources it accepts, declines or offers provisionally."
    )
    async def receive_resource_response(
        self, info: Info[Context, None], input: ReceiveResourceResponseInput
    ) -> ReceiveResourceResponsePayload:
        ctx = info.context
        ctx.require(Permission.DISPATCH)
        return await receive_response(ctx, input.xml, request_lang(input.locale, ctx.request))


@strawberry.type(description="An incident's dispatch as OASIS EDXL-RM 1.0 messages.")
class EdxlResourceMessages:
    incident_id: strawberry.ID
    request_message_id: str
    commit_message_id: str
    request_resource: str = strawberry.field(description="RequestResource XML: forces requested.")
    commit_resource: str = strawberry.field(description="CommitResource XML: forces committed.")
    responses: list[ResourceResponse] = strawberry.field(
        description="Other agencies' answers to the request, newest first."
    )


@strawberry.type(description="One requested resource as another agency answered it.")
class ResourceAnswer:
    element_id: str = strawberry.field(description="The request's ResourceInfoElementID.")
    response: str = strawberry.field(description="Accept, Decline or Provisional.")
    reason: str
    resource_id: str


@strawberry.type(description="A ResponseToRequestResource recorded on its incident.")
class ResourceResponse:
    message_id: str
    preceding_message_id: str = strawberry.field(description="The request it answers.")
    incident_id: strawberry.ID
    responder: str
    sent: datetime.datetime | None
    received_at: datetime.datetime | None
    answers: list[ResourceAnswer]

    @classmethod
    def of(cls, r: StoredResponse) -> ResourceResponse:
        return cls(
            message_id=r.message_id,
            preceding_message_id=r.preceding_message_id,
            incident_id=strawberry.ID(r.incident_id),
            responder=r.responder,
            sent=_when(r.sent),
            received_at=_when(r.received_at),
            answers=[
                ResourceAnswer(element_id=e, response=a, reason=why, resource_id=rid)
                for e, a, why, rid in zip(
                    r.element_ids, r.responses, r.reasons, r.resource_ids, strict=False
                )
            ],
        )


@strawberry.input(description="A ResponseToRequestResource from another agency.")
class ReceiveResourceResponseInput:
    xml: str
    locale: Locale | None = None


@strawberry.type(description="The answer of receiveResourceResponse.")
class ReceiveResourceResponsePayload:
    response: ResourceResponse | None = strawberry.field(
        description="The answer as recorded; null when it could not be (see userErrors)."
    )
    user_errors: list[UserError]


@strawberry.type
class MessagesQuery:
    @field(
        description="An incident's current dispatch as OASIS EDXL-RM 1.0 RequestResource and "
        "CommitResource (also downloadable: /edxl/{incidentId}/request.xml, commit.xml); null "
        "when no team is dispatched. Contacts only for roles that may dispatch."
    )
    async def edxl_resource_messages(
        self, info: Info[Context, None], incident_id: strawberry.ID
    ) -> EdxlResourceMessages | None:
        ctx = info.context
        principal = ctx.require(Permission.READ)
        found = await incident_dispatch(
            ctx.runner, str(incident_id), contacts=principal.can(Permission.DISPATCH)
        )
        if found is None:
            raise NotFoundError(f"there is no live incident '{incident_id}'")
        dispatch, orders = found
        if not dispatch.teams:
            return None
        request_xml, commit_xml = messages_of(dispatch, orders)
        answers = await responses_for(ctx.runner, str(incident_id))
        return EdxlResourceMessages(
            incident_id=incident_id,
            request_message_id=request_id(str(incident_id), orders),
            commit_message_id=commit_id(str(incident_id), orders),
            request_resource=request_xml,
            commit_resource=commit_xml,
            responses=[ResourceResponse.of(r) for r in answers],
        )


async def receive_response(ctx: Context, xml: str, lang: Lang) -> ReceiveResourceResponsePayload:
    try:
        r = read_response(xml)
    except MessageError as e:
        errors = [_user_error("xml", reason_of(p), lang) for p in e.problems]
        return ReceiveResourceResponsePayload(response=None, user_errors=errors)
    stored = StoredResponse(
        message_id=r.message_id,
        preceding_message_id=r.preceding_message_id,
        incident_id=r.incident_id,
        responder=r.responder,
        sent=r.sent.isoformat(),
        element_ids=tuple(x.element_id for x in r.lines),
        responses=tuple(x.response for x in r.lines),
        reasons=tuple(x.reason for x in r.lines),
        resource_ids=tuple(x.resource_id for x in r.lines),
    )
    received = await record_response(ctx.runner, stored) if r.incident_id else None
    if received is None:
        unknown = m.Reason.of("EDXL_UNKNOWN_INCIDENT", incident=r.incident_id or "-")
        return ReceiveResourceResponsePayload(
            response=None, user_errors=[_user_error("xml", unknown, lang)]
        )
    return ReceiveResourceResponsePayload(
        response=ResourceResponse.of(replace(stored, received_at=received)), user_errors=[]
    )


describe_values(
    CapEntryStatus,
    {
        "DRAFTED": "Read into an incident draft (see `draft`).",
        "ALREADY_IMPORTED": "A feed's alert imported before (same sender and identifier); "
        "skipped, see `importedAt`.",
        "INVALID": "Could not be read; `problems` says why.",
    },
)
LOCALE = (
    "Language of the rendered texts: ZH or EN (default: the request's Accept-Language, "
    "else Chinese)."
)
document(DraftRegion, {"name": "The Chinese name (same as nameZh)."})
document(
    AlertDraft,
    {
        "sender": "CAP <sender>: who issued the alert.",
        "cap_version": "The CAP version read: 1.2 or 1.1.",
        "hazards": "The hazard types read from the alert, with evidence.",
        "area_description": "CAP <areaDesc> of every area, joined by '; ' (empty when none).",
        "suggested_level": "The more severe of the level CAP severity, urgency and certainty "
        "map to and the level a matching plan sets; null when neither gives one.",
        "level_reasons": "Why that level: the CAP mapping and the plan, in the locale.",
        "first_imported_at": "When the same alert (sender and identifier) was first imported; "
        "null if this is the first time.",
    },
)
document(
    CapEntry,
    {
        "status": "What became of it.",
        "draft": "DRAFTED: the incident draft; null otherwise.",
        "problems": "INVALID: what is wrong with it, in the locale; empty otherwise.",
    },
)
document(ImportCapAlertInput, {"locale": LOCALE})
document(
    ImportCapAlertPayload,
    {
        "entries": "One per alert, in the document's order (empty when the XML was refused).",
        "user_errors": "What is wrong: field `xml` for the document, `entries[N]` for an entry.",
    },
)
document(MessagesMutation)
document(
    EdxlResourceMessages,
    {
        "incident_id": "The live incident's id.",
        "request_message_id": "The RequestResource's MessageID: EMKG-RR-<incident id>-<orders>.",
        "commit_message_id": "The CommitResource's MessageID: EMKG-CR-<incident id>-<orders>.",
    },
)
document(
    ResourceAnswer,
    {
        "reason": "Its ResponseReason, as the agency wrote it (empty when none).",
        "resource_id": "The ResourceID the agency gave (empty when none).",
    },
)
document(
    ResourceResponse,
    {
        "message_id": "Its EDXL-RM MessageID.",
        "incident_id": "The live incident it is recorded on.",
        "responder": "The agency, from its ContactInformation/ContactDescription.",
        "sent": "When the agency sent it (its DateTimeSent).",
        "received_at": "When EMKG recorded it (UTC).",
        "answers": "One per requested resource it answers.",
    },
)
document(
    ReceiveResourceResponseInput,
    {
        "xml": "The EDXL-RM 1.0 ResponseToRequestResource XML text (UTF-8; no DTD).",
        "locale": LOCALE,
    },
)
document(
    ReceiveResourceResponsePayload,
    {"user_errors": "What is wrong (field `xml`); empty when it was recorded."},
)
document(
    MessagesQuery,
    {"edxl_resource_messages.incident_id": "The live incident's id, e.g. INC-20261201-0650-3fa2."},
)
