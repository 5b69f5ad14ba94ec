"""Standard messages over GraphQL: `importCapAlert` (CAP 1.2/1.1 alerts and feeds in).

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
from enum import Enum

import strawberry
from strawberry.types import Info

from api.auth import Permission
from api.cap_import import AlertDraft as Draft
from api.cap_import import CapImport, EntryResult, import_cap, reason_of
from api.graphql.context import Context
from api.graphql.enums import ResponseLevel
from api.graphql.fields import mutation
from api.graphql.parse import DraftScenario
from api.graphql.reasons import Locale, Reason, request_lang
from api.graphql.recommend import ResolvedHazard
from api.graphql.types import Concept, GeoPoint
from api.graphql.user_errors import UserError, UserErrorCode
from api.messages import Lang, render
from loaders.messages.problems import MessageError
from queries import models as m

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
    rank: str = strawberry.field(description="province, city or county")


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


@strawberry.type
class ImportCapAlertPayload:
    kind: str | None = strawberry.field(description="alert, atom or edxl-de; null if unread.")
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
