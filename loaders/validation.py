"""Validation of canonical records: the ontology's SHACL record shapes plus concept ids.

Text values from untyped sources (CSV) are first coerced to the type the shape
declares (``"12"`` -> 12 for an integer field); what cannot be coerced stays as
it is, so the shape reports it ("expected an integer, got 'abc' (text)").
Referenced taxonomy ids (team types, capabilities, hazards, ...) must exist in
the ontology. Every problem becomes a ``RowError`` with file, row, field and
problem (a catalog code and its parameters, rendered in the planner's language by the
API and in English on the command line).

Example::

    checker = RecordChecker.for_kind("teams")
    issues = checker.check(record)   # [FieldIssue(field='status', problem=Problem(...))]
    issues[0].reason                 # "must be one of available, ...; got 'ready'"
    issues[0].problem.text("zh")     # "应为以下之一：available, ...；实际为 'ready'"
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from neo4j import Driver

from loaders.prescription_kinds import stated_kind_problem
from loaders.readers import clip
from loaders.records import KINDS, VOCAB_LISTS, VOCAB_TEXT, LinkField, RecordKind
from loaders.references import References
from ontology.model import CONCEPT_KINDS, ID_PATTERNS
from ontology.problems import Problem, ProblemLang, TermKey
from ontology.record_rules import show, unknown
from ontology.shapes import FieldIssue, RecordValidator, record_validator


def _concept_fields(kind: RecordKind) -> dict[str, tuple[str, ...]]:
    """Field path -> the taxonomy kinds among the field's link targets (the ontology's ranges)."""
    out: dict[str, tuple[str, ...]] = {}
    for lf in kind.links:
        concepts = tuple(t for t in lf.targets if t in CONCEPT_KINDS)
        if concepts:
            out[f"{lf.field}[].{lf.target_key}" if lf.target_key else lf.field] = concepts
    return out


# Record fields that hold taxonomy ids, and the concept kinds they may name.
CONCEPT_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    name: fields for name, kind in KINDS.items() if (fields := _concept_fields(kind))
}
_CONCEPT_PREFIX = re.compile(r"^(cap|tt|eq)\.")
# Per record kind: field name -> how it links (a prescription's stated kind is read there).
LINK_FIELDS: dict[str, dict[str, LinkField]] = {
    name: {lf.field: lf for lf in kind.links} for name, kind in KINDS.items()
}
# Fields that name hazard types, where an old EMKG hazard id is translated.
HAZARD_FIELDS: dict[str, tuple[str, ...]] = {
    kind: tuple(f for f, kinds in fields.items() if "HazardType" in kinds)
    for kind, fields in CONCEPT_FIELDS.items()
    if any("HazardType" in kinds for kinds in fields.values())
}


MAX_REASON_CHARS = 400  # a reason quoting a value clipped at 200 characters fits
INT64 = (-(2**63), 2**63 - 1)  # what Neo4j stores as an integer
VOCAB_KINDS = ("TeamType", "EquipmentType", "Capability")
VOCAB_EXAMPLE = "tt.rtlt-4-508-1248"
SKIP = "--on-error skip"  # the load option that merges repeated ids (the last row wins)


@dataclass(frozen=True)
class RowError:
    """One bad field of one source row."""

    file: str
    row: int
    field: str
    problem: Problem
    record_id: str | None = None
    column: str | None = None  # the source's own column (a mapped field's `from`)

    def __post_init__(self) -> None:
        if self.record_id is not None:
            object.__setattr__(self, "record_id", clip(self.record_id))

    @property
    def reason(self) -> str:
        """The problem in English (the command line, logs)."""
        return self.text("en")

    def text(self, lang: ProblemLang) -> str:
        """The problem in `lang`; a reason quotes the bad value, and a huge one must not
        become a huge report."""
        return clip(self.problem.text(lang), MAX_REASON_CHARS)

    def where(self, lang: ProblemLang) -> str:
        """The field, and the file's own column when a mapping read it from one:
        ``responseLevel (column 响应级别)`` / ``responseLevel（响应级别 列）``."""
        if not self.column:
            return self.field
        return (
            f"{self.field}（{self.column} 列）"
            if lang == "zh"
            else f"{self.field} (column {self.column})"
        )

    def __str__(self) -> str:
        who = f" ({self.record_id})" if self.record_id else ""
        return f"{self.file}: row {self.row}{who}: {self.where('en')}: {self.reason}"

    def as_dict(self, lang: ProblemLang = "en") -> dict[str, Any]:
        return {
            "file": self.file,
            "row": self.row,
            "id": self.record_id,
            "field": self.field,
            "reason": self.text(lang),
            "code": self.problem.code,
        } | ({"column": self.column} if self.column else {})


def _coerce(datatype: str | None, v: Any) -> Any:
    if not isinstance(v, str) or datatype is None:
        return v
    text = v.strip()
    try:
        if datatype == "integer" and re.fullmatch(r"[+-]?\d+(\.0+)?", text):
            return int(float(text))
        if datatype in ("double", "decimal"):
            return float(text)
        if datatype == "boolean" and text.lower() in ("true", "false", "1", "0"):
            return text.lower() in ("true", "1")
        if datatype == "date":
            return dt.date.fromisoformat(text[:10]) if len(text) >= 10 else v
        if datatype == "dateTime":
            t = dt.datetime.fromisoformat(text)
            return t if t.tzinfo is not None else v  # no offset: reported as it is
    except (ValueError, OverflowError):
        return v
    return v


def _numbers_problem(v: Any) -> Problem | None:
    """Integers Neo4j cannot store, anywhere in a (nested) value."""
    if type(v) is str or v is None:  # most values: nothing to look into
        return None
    if isinstance(v, int) and not isinstance(v, bool):
        if INT64[0] <= v <= INT64[1]:
            return None
        return Problem.of("LOAD_NUMBER_RANGE", value=clip(str(v), 40), max=str(INT64[1]))
    items = v.values() if isinstance(v, Mapping) else v if isinstance(v, list | tuple) else ()
    return next((p for x in items if (p := _numbers_problem(x))), None)


def _digest(record: Mapping[str, Any]) -> bytes:
    """Identical records (a source listing a record twice) have equal digests."""
    text = json.dumps(record, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def kind_terms(kinds: tuple[str, ...]) -> tuple[TermKey, ...]:
    """Node kinds named in the reader's language, read as alternatives ("能力或队伍类型")."""
    return tuple(TermKey(f"kind.{k}") for k in kinds)


@cache
def ontology_concepts() -> dict[str, str]:
    """Concept id -> kind of the shipped ontology."""
    from ontology.load import shipped_ontology

    return {c.id: c.kind for c in shipped_ontology().concepts.values()}


@cache
def legacy_hazard_codes() -> dict[str, str]:
    """Old EMKG hazard id -> current code, for old ids that are no current code."""
    from ontology.load import shipped_ontology

    return shipped_ontology().retired_codes()


class RecordChecker:
    """Coerces and validates records of one kind."""

    def __init__(
        self,
        kind: str,
        validator: RecordValidator | None,
        concepts: Mapping[str, str] | None = None,
        legacy: Mapping[str, str] | None = None,
    ) -> None:
        self.kind = kind
        self.validator = validator
        self.concepts = concepts or {}  # concept id -> kind
        self.legacy = legacy or {}  # old hazard id -> current code
        self.translated: dict[tuple[str, str], int] = {}  # (old, new) -> rows
        self.references = References(KINDS[kind]) if kind in KINDS else None
        self.merge_duplicates = False  # skip mode: a repeated id is merged, not an error
        self.gathers = False  # rows of one id are gathered into one record (a mapping's collect)
        # id -> (first row, digest of its record), in the current checked pass
        self.seen_ids: dict[str, tuple[int, bytes]] = {}
        # id -> rows with it, merged (identical rows, or skip mode: the last row won)
        self.duplicates: dict[str, int] = {}
        # field -> datatype (and nested shape) once, instead of a rule scan per value
        self._types: dict[str, str | None] = {}
        self._nested: dict[str, dict[str, str | None]] = {}
        self._rules = {r.field: r for r in validator.rules} if validator is not None else {}
        # field -> its taxonomy-id paths and their kinds (CONCEPT_FIELDS by field name)
        self._concepts: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for path, kinds in CONCEPT_FIELDS.get(kind, {}).items():
            self._concepts.setdefault(path.partition("[].")[0], []).append((path, kinds))
        if validator is not None:
            for rule in validator.rules:
                self._types[rule.field] = rule.datatype
                sub = validator.nested.get(rule.node) if rule.node else None
                if sub is not None:
                    self._nested[rule.field] = {r.field: r.datatype for r in sub.rules}

    @classmethod
    def for_kind(cls, kind: str, concepts: Mapping[str, str] | None = None) -> RecordChecker:
        if concepts is None:
            concepts = ontology_concepts()
        validator = None if kind == "vocabulary" else record_validator(kind)
        return cls(kind, validator, concepts, legacy_hazard_codes())

    def translate_legacy(self, record: dict[str, Any]) -> None:
        """Old hazard ids (`12F01`) to current codes (`12G03`), in place, counted for the summary.

        Only ids that are no current code: a current code always keeps its current meaning.
        """
        for name in HAZARD_FIELDS.get(self.kind, ()):
            value = record.get(name)
            values = value if isinstance(value, list) else [value]
            new = [self.legacy.get(v, v) if isinstance(v, str) else v for v in values]
            for old, cur in zip(values, new, strict=True):
                if old != cur:
                    key = (str(old), str(cur))
                    self.translated[key] = self.translated.get(key, 0) + 1
            if new != values:
                record[name] = new if isinstance(value, list) else new[0]

    def coerce(self, record: dict[str, Any]) -> dict[str, Any]:
        """Text to the shape's datatypes, in place; empty text becomes absent."""
        if self.validator is None:
            return _coerce_vocabulary(record)
        if self.legacy:
            self.translate_legacy(record)
        for key, value in record.items():
            if isinstance(value, str):
                record[key] = self.coerce_text(key, value)
            elif key in self._nested and isinstance(value, list):
                types = self._nested[key]
                for item in value:
                    if isinstance(item, dict):
                        for k, x in item.items():
                            if isinstance(x, str):
                                item[k] = _coerce(types.get(k), x)
            elif isinstance(value, list):
                record[key] = [_coerce(self._types.get(key), x) for x in value]
        return record

    def coerce_text(self, name: str, text: str) -> Any:
        """What `coerce` makes of text in the top-level field `name` (old hazard ids
        aside): empty text becomes absent, other text the field's datatype."""
        return None if text == "" else _coerce(self._types.get(name), text)

    def new_pass(self) -> None:
        """Start a checked pass over a file: no ids seen yet."""
        self.seen_ids = {}
        self.duplicates = {}
        if self.references is not None:
            self.references = References(self.references.kind)

    def check(self, record: Mapping[str, Any], row: int | None = None) -> list[FieldIssue]:
        """Every problem of `record`; with `row`, also an id used by an earlier row of the
        file (an error, or with `merge_duplicates` counted: the last row wins)."""
        issues = self._check_record(record)
        rid = record.get("id")
        if row is not None and isinstance(rid, str) and not self.gathers:
            digest = _digest(record)
            first, first_digest = self.seen_ids.setdefault(rid, (row, digest))
            if first != row and (self.merge_duplicates or digest == first_digest):
                self.duplicates[rid] = self.duplicates.get(rid, 1) + 1
            elif first != row:
                issues.append(
                    FieldIssue(
                        "id", Problem.of("LOAD_DUPLICATE_ID", id=clip(rid), row=first, option=SKIP)
                    )
                )
        if not any(i.field.split("[")[0] == "id" for i in issues):
            for name, value in record.items():
                bad = _numbers_problem(value)
                if bad:
                    issues.append(FieldIssue(name, bad))
        if row is not None and not issues and self.references is not None:
            self.references.note(row, record)
        return issues

    def unresolved_references(
        self, driver: Driver | None, database: str, *, written: bool = False
    ) -> dict[int, tuple[str | None, list[FieldIssue]]]:
        """Rows of the last checked pass whose record references (a region, a holder) name
        nothing in the file or the graph: row -> (record id, issues); `written`: the
        records were loaded without those links."""
        out: dict[int, tuple[str | None, list[FieldIssue]]] = {}
        if self.references is None:
            return out
        for row, rid, issue in self.references.unresolved(driver, database, written=written):
            out.setdefault(row, (rid, []))[1].append(issue)
        return out

    def _check_record(self, record: Mapping[str, Any]) -> list[FieldIssue]:
        if self.validator is None:
            return self._check_vocabulary(record)
        issues = self.validator.validate(record)
        bad = {i.field.split("[")[0] for i in issues}
        for path, kinds in CONCEPT_FIELDS.get(self.kind, {}).items():
            name = path.partition("[].")[0]
            if name not in bad:
                issues += self._concept_issues(path, kinds, record.get(name))
        return issues

    def _concept_issues(self, path: str, kinds: tuple[str, ...], raw: object) -> list[FieldIssue]:
        """Taxonomy ids of one field (`path`: ``teamType``, ``capabilities[].capability``)
        that name no concept of `kinds` in the ontology."""
        name, _, sub = path.partition("[].")
        issues: list[FieldIssue] = []
        values = raw if isinstance(raw, list) else ([] if raw is None else [raw])
        link = LINK_FIELDS[self.kind][name]
        for i, value in enumerate(values):
            label = (
                f"{name}[{i}].{sub}" if sub else (f"{name}[{i}]" if isinstance(raw, list) else name)
            )
            stated, wrong = stated_kind_problem(link, value, self.concepts)
            if stated:  # `kind: expert`: checked for that kind
                issues += [FieldIssue(label, wrong)] if wrong else []
                continue
            target = value.get(sub) if sub and isinstance(value, Mapping) else value
            if not isinstance(target, str):
                continue
            if sub and not _CONCEPT_PREFIX.match(target):
                continue  # prescribes a named team: checked when linking
            if self.concepts.get(target) not in kinds:
                known = [c for c, k in self.concepts.items() if k in kinds]
                what = kind_terms(kinds)
                problem = unknown("LOAD_UNKNOWN_CONCEPT", target, known, kinds=what, id=target)
                issues.append(FieldIssue(label, problem))
        return issues

    def field_problems(self, name: str, raw: object) -> list[FieldIssue]:
        """What `check` reports about field `name` holding `raw` (None: absent), whatever
        the record's other fields hold: its shape rule (or, in a closed shape, that it is
        unknown), its taxonomy ids and its numbers. A record passes `check` exactly when
        every field of its shape and every key it has passes this and its id was not seen
        before (a bulk load's screen, loaders.screen, relies on it). Records of a kind
        without a shape (vocabulary) are checked whole: this says nothing for them."""
        if self.validator is None:
            raise ValueError("vocabulary records are checked as a whole (check)")
        rule = self._rules.get(name)
        if rule is None:
            if raw is None or not self.validator.closed:
                return []
            known = [r.field for r in self.validator.rules]
            return [FieldIssue(name, unknown("LOAD_UNKNOWN_FIELD", name, known, field=name))]
        issues = self.validator._check(rule, raw)
        if not issues:
            for path, kinds in self._concepts.get(name, ()):
                issues += self._concept_issues(path, kinds, raw)
        bad = _numbers_problem(raw)
        return [*issues, FieldIssue(name, bad)] if bad else issues

    def _check_vocabulary(self, record: Mapping[str, Any]) -> list[FieldIssue]:
        issues = []
        kind = record.get("conceptKind")
        if kind not in VOCAB_KINDS:
            known = list(VOCAB_KINDS)
            options = ", ".join(known)
            problem = unknown(
                "LOAD_NOT_ONE_OF", str(kind), known, options=options, value=show(kind)
            )
            issues.append(FieldIssue("conceptKind", problem))
        cid = record.get("id")
        pattern = ID_PATTERNS.get(str(kind))
        if not isinstance(cid, str) or (pattern and not re.match(pattern, cid)):
            what = TermKey(f"kind.{kind}") if kind in VOCAB_KINDS else TermKey("kind.concept")
            problem = Problem.of("LOAD_VOCAB_ID", value=show(cid), kind=what, example=VOCAB_EXAMPLE)
            issues.append(FieldIssue("id", problem))
        elif cid in self.concepts:
            issues.append(FieldIssue("id", Problem.of("LOAD_VOCAB_IS_CONCEPT", id=cid)))
        for name in ("nameZh", "nameEn"):
            if record.get(name) is None or record.get(name) == "":
                issues.append(FieldIssue(name, Problem.of("LOAD_REQUIRED")))
        for name in VOCAB_TEXT:
            value = record.get(name)
            if value is not None and not isinstance(value, str):
                datatype = TermKey("datatype.string")
                problem = Problem.of("LOAD_DATATYPE", datatype=datatype, value=show(value))
                issues.append(FieldIssue(name, problem))
        for name in VOCAB_LISTS:
            value = record.get(name)
            if value is not None and not (
                isinstance(value, list) and all(isinstance(x, str) for x in value)
            ):
                datatype = TermKey("datatype.stringList")
                problem = Problem.of("LOAD_DATATYPE", datatype=datatype, value=show(value))
                issues.append(FieldIssue(name, problem))
        deprecated = record.get("deprecated")
        if deprecated is not None and not isinstance(deprecated, bool):
            datatype = TermKey("datatype.boolean")
            problem = Problem.of("LOAD_DATATYPE", datatype=datatype, value=show(deprecated))
            issues.append(FieldIssue("deprecated", problem))
        return issues


def _coerce_vocabulary(record: dict[str, Any]) -> dict[str, Any]:
    """Vocabulary records from text sources: one term -> a one-term list, 'true' -> True."""
    for name in VOCAB_LISTS:
        value = record.get(name)
        if isinstance(value, str):
            record[name] = [value] if value.strip() else None
        elif isinstance(value, tuple):
            record[name] = list(value)
    deprecated = record.get("deprecated")
    if isinstance(deprecated, str):
        record["deprecated"] = _coerce("boolean", deprecated)
    return record
