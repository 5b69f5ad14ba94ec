"""A CAP alert (or a feed of them) -> incident drafts for the commander to check.

For each valid alert, from the info block in Chinese (else English, else the first):
1. hazards: eventCodes that are GB/T 35561 codes or known SAME codes (confidence 1),
   then the report parser (queries.understanding.parse) over event, headline,
   description and areaDesc; when neither names one, the CAP categories' hazard
   classes are offered as choices (loaders.messages.cap_hints), never guessed;
2. location: the weighted centroid of the area polygons and circles, else the place
   the text names; regions: those containing the location (queries.geography),
   plus the region coded in a Chinese national warning identifier or a GB/T 2260 geocode;
3. a suggested response level: CAP severity/certainty/urgency (cap_hints.cap_level), or
   the national plans' grading criteria on facts the text states, the more severe of
   the two, each with its reason;
4. the alert's identifier, sender and sent time, and notes (an exercise, a cancel, no
   area ...) as message codes rendered in the reader's language.

Idempotency: every drafted alert is recorded by sender and identifier
(queries.alert_imports). A feed's entries already recorded are skipped and reported;
a single alert is always drafted (a commander looking at it again), saying when it
was first imported.

Example::

    result = await import_cap(runner, embedder, Path("alert.cap").read_bytes())
    entry = result.entries[0]
    entry.status, entry.draft.hazards[0].hazard.id, entry.draft.level   # ('DRAFTED', '11B03', 'II')
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kg.cypher import CypherRunner
from kg.embedder import Embedder
from loaders.messages.cap import read_cap
from loaders.messages.cap_geometry import area_centroid
from loaders.messages.cap_hints import (
    LEVELS,
    cap_level,
    category_hazards,
    china_region_code,
    choose_info,
    coded_hazards,
    geocode_regions,
)
from loaders.messages.cap_model import CapAlert, CapInfo
from loaders.messages.problems import ParamValue, Problem, TermKey
from ontology.load import shipped_ontology
from queries.alert_imports import ImportRecord, alert_key, imported_alerts, record_imports
from queries.catalog.nodes import get_nodes
from queries.geography import RegionRef, regions_at
from queries.models import ConceptRef, GeoPoint, Reason, ResolvedHazard, Term
from queries.models import ParamValue as ReasonParam
from queries.understanding.models import DraftScenario
from queries.understanding.parse import parse_report

DRAFTED = "DRAFTED"
ALREADY_IMPORTED = "ALREADY_IMPORTED"
INVALID = "INVALID"
CODE_CONFIDENCE = 1.0
MAX_DESCRIPTION_CHARS = 2000


@dataclass(frozen=True)
class AlertDraft:
    """An incident draft read from one CAP alert."""

    identifier: str
    sender: str
    sent: str
    status: str  # CAP status: Actual, Exercise, ...
    msg_type: str  # CAP msgType: Alert, Update, Cancel, ...
    cap_version: str
    name: str  # the headline, else the event
    description: str  # the text the parser read (spans index into scenario.text)
    hazards: tuple[ResolvedHazard, ...]
    hazard_choices: tuple[ConceptRef, ...]  # when no hazard was read: the categories' classes
    location: GeoPoint | None
    regions: tuple[RegionRef, ...]  # innermost first; the identifier's region last if other
    area_description: str
    level: str | None  # I..IV
    level_reasons: tuple[Reason, ...]
    notes: tuple[Reason, ...]
    scenario: DraftScenario  # what the report parser read from the text
    first_imported_at: str = ""  # when the same alert was imported before; "" if never


@dataclass(frozen=True)
class EntryResult:
    position: int
    label: str
    status: str  # DRAFTED | ALREADY_IMPORTED | INVALID
    draft: AlertDraft | None
    problems: tuple[Reason, ...] = ()
    imported_at: str = ""  # ALREADY_IMPORTED: when


@dataclass(frozen=True)
class CapImport:
    kind: str  # alert | atom | edxl-de
    entries: tuple[EntryResult, ...]

    @property
    def ok(self) -> bool:
        return all(e.status != INVALID for e in self.entries)


def reason_of(p: Problem) -> Reason:
    """A loader's problem as a catalog reason (terms become catalog terms)."""
    return Reason(p.code, tuple((k, _reason_param(v)) for k, v in p.params))


def _reason_param(v: ParamValue) -> ReasonParam:
    if isinstance(v, TermKey):
        return Term(v.key)
    if isinstance(v, tuple):  # alternatives: CAP problems have none; named by their keys
        return " | ".join(t.key for t in v)
    return v


def _concept(code: str) -> ConceptRef | None:
    c = shipped_ontology().concepts.get(code)
    if c is None or c.kind != "HazardType":
        return None
    return ConceptRef(c.id, c.name_zh, c.name_en)


def _text(info: CapInfo) -> str:
    parts = [info.event, info.headline, info.description]
    parts += [a.description for a in info.areas]
    text = "\n".join(dict.fromkeys(p.strip() for p in parts if p and p.strip()))
    return text[:MAX_DESCRIPTION_CHARS]


async def _regions_by_code(runner: CypherRunner, codes: list[str]) -> dict[str, RegionRef]:
    nodes = await get_nodes(runner, "Region", codes) if codes else {}
    return {
        i: RegionRef(i, n.name_zh, str(n.get("nameEn", "")), str(n.get("rank", "")))
        for i, n in nodes.items()
    }


def _level(info: CapInfo, scenario: DraftScenario) -> tuple[str | None, list[Reason]]:
    by_cap = cap_level(info.severity, info.urgency, info.certainty)
    reasons = [reason_of(by_cap.reason)]
    level = by_cap.level
    plan = scenario.level
    if plan is not None:
        p = plan.plan
        reasons.append(
            Reason.of(
                "CAP_LEVEL_PLAN",
                level=plan.level.value,
                plan=ConceptRef(p.id, p.name_zh, p.name_en),
            )
        )
        if level is None or LEVELS.index(plan.level.value) < LEVELS.index(level):
            level = plan.level.value
    return level, reasons


def _alert_notes(alert: CapAlert) -> list[Reason]:
    notes = []
    if alert.status != "Actual":
        notes.append(Reason.of("CAP_NOT_ACTUAL", status=Term(f"cap.status.{alert.status}")))
    if alert.msg_type in ("Update", "Cancel", "Ack", "Error"):
        notes.append(
            Reason.of(
                "CAP_MSG_TYPE",
                msgType=Term(f"cap.msgType.{alert.msg_type}"),
                references=alert.references or "-",
            )
        )
    return notes


async def draft_alert(
    runner: CypherRunner, embedder: Embedder | None, alert: CapAlert
) -> AlertDraft:
    """The incident draft one valid alert describes."""
    notes = _alert_notes(alert)
    info = choose_info(alert.infos)
    if info is None:
        notes.append(Reason.of("CAP_NO_INFO"))
        info = CapInfo("", (), "", "", "Unknown", "Unknown")
    elif len(alert.infos) > 1:
        notes.append(Reason.of("CAP_INFO_CHOSEN", language=info.language, count=len(alert.infos)))
    text = _text(info) or alert.identifier
    scenario = await parse_report(runner, embedder, text)
    hazards: dict[str, ResolvedHazard] = {}
    for coded in coded_hazards(info.event_codes):
        ref = _concept(coded.code)
        if ref is None:
            notes.append(Reason.of("CAP_UNKNOWN_CODE", eventCode=coded.evidence))
            continue
        hazards[ref.id] = ResolvedHazard(ref, CODE_CONFIDENCE, "code")
        notes.append(Reason.of("CAP_HAZARD_CODE", eventCode=coded.evidence, hazard=ref))
    for h in scenario.hazards:
        hazards.setdefault(h.hazard.id, h)
    choices: tuple[ConceptRef, ...] = ()
    if not hazards:
        refs = [_concept(c) for c in category_hazards(info.categories)]
        choices = tuple(r for r in refs if r is not None) or scenario.suggestions
        notes.append(Reason.of("CAP_NO_HAZARD", categories=", ".join(info.categories) or "-"))
    point = area_centroid(info.areas)
    location = GeoPoint(*point) if point else None
    if location is None and scenario.place is not None:
        location = scenario.place.location
    if not any(a.polygons or a.circles for a in info.areas):
        notes.append(Reason.of("CAP_NO_GEOMETRY"))
    regions = list(await regions_at(runner, location)) if location else []
    if location is not None and not regions:
        notes.append(
            Reason.of(
                "CAP_OUTSIDE_REGIONS", latitude=location.latitude, longitude=location.longitude
            )
        )
    coded_regions = [c for c in [china_region_code(alert.identifier)] if c]
    coded_regions += [c for a in info.areas for c in geocode_regions(a.geocodes)]
    known = await _regions_by_code(runner, list(dict.fromkeys(coded_regions)))
    for code in dict.fromkeys(coded_regions):
        region = known.get(code)
        if region is None:
            notes.append(Reason.of("CAP_REGION_CODE_UNKNOWN", regionCode=code))
            continue
        notes.append(Reason.of("CAP_REGION_CODE", regionCode=code, region=region.name_zh))
        if all(r.id != code for r in regions):
            regions.append(region)
    level, level_reasons = _level(info, scenario)
    return AlertDraft(
        identifier=alert.identifier,
        sender=alert.sender,
        sent=alert.sent,
        status=alert.status,
        msg_type=alert.msg_type,
        cap_version=alert.version,
        name=info.headline or info.event or alert.identifier,
        description=scenario.text,
        hazards=tuple(hazards.values()),
        hazard_choices=choices,
        location=location,
        regions=tuple(regions),
        area_description="; ".join(a.description for a in info.areas if a.description),
        level=level,
        level_reasons=tuple(level_reasons),
        notes=tuple(notes),
        scenario=scenario,
    )


async def import_cap(
    runner: CypherRunner, embedder: Embedder | None, data: bytes | str
) -> CapImport:
    """Every alert in `data` drafted, skipped (a feed's already imported) or refused.

    Raises loaders.messages.problems.MessageError when the document cannot be read.
    """
    doc = read_cap(data)
    keys = [alert_key(e.alert.sender, e.alert.identifier) for e in doc.entries if e.alert]
    before = await imported_alerts(runner, keys)
    out: list[EntryResult] = []
    new: list[ImportRecord] = []
    for e in doc.entries:
        if e.alert is None:
            problems = tuple(reason_of(p) for p in e.problems)
            out.append(EntryResult(e.position, e.label, INVALID, None, problems))
            continue
        key = alert_key(e.alert.sender, e.alert.identifier)
        earlier = before.get(key)
        if earlier is not None and doc.kind != "alert":
            out.append(
                EntryResult(e.position, e.label, ALREADY_IMPORTED, None, (), earlier.imported_at)
            )
            continue
        draft = await draft_alert(runner, embedder, e.alert)
        if earlier is not None:
            draft = _with_first_import(draft, earlier.imported_at)
        elif all(r.key != key for r in new):
            new.append(ImportRecord(key, e.alert.identifier, e.alert.sender, e.alert.sent, ""))
        out.append(EntryResult(e.position, e.label, DRAFTED, draft))
    await record_imports(runner, new)
    return CapImport(doc.kind, tuple(out))


def _with_first_import(draft: AlertDraft, at: str) -> AlertDraft:
    note = Reason.of("CAP_IMPORTED_BEFORE", at=at)
    return replace(draft, first_imported_at=at, notes=(*draft.notes, note))
