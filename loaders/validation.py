"""Validation of canonical records: the ontology's SHACL record shapes plus concept ids.

Text values from untyped sources (CSV) are first coerced to the type the shape
declares (``"12"`` -> 12 for an integer field); what cannot be coerced stays as
it is, so the shape reports it ("expected an integer, got 'abc' (text)").
Referenced taxonomy ids (team types, capabilities, hazards, ...) must exist in
the ontology. Every problem becomes a ``RowError`` with file, row, field and
reason.

Example::

    checker = RecordChecker.for_kind("teams")
    issues = checker.check(record)   # [FieldIssue(field='status', reason='must be one of ...')]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from loaders.records import KINDS, RecordKind
from ontology.model import CONCEPT_KINDS, ID_PATTERNS, did_you_mean
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
# Fields that name hazard types, where an old EMKG hazard id is translated.
HAZARD_FIELDS: dict[str, tuple[str, ...]] = {
    kind: tuple(f for f, kinds in fields.items() if "HazardType" in kinds)
    for kind, fields in CONCEPT_FIELDS.items()
    if any("HazardType" in kinds for kinds in fields.values())
}


@dataclass(frozen=True)
class RowError:
    """One bad field of one source row."""

    file: str
    row: int
    field: str
    reason: str
    record_id: str | None = None

    def __str__(self) -> str:
        who = f" ({self.record_id})" if self.record_id else ""
        return f"{self.file}: row {self.row}{who}: {self.field}: {self.reason}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "row": self.row,
            "id": self.record_id,
            "field": self.field,
            "reason": self.reason,
        }


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
    except ValueError:
        return v
    return v


@cache
def ontology_concepts() -> dict[str, str]:
    """Concept id -> kind of the shipped ontology (parsed once per process)."""
    from ontology import load_ontology

    return {c.id: c.kind for c in load_ontology().concepts.values()}


@cache
def legacy_hazard_codes() -> dict[str, str]:
    """Old EMKG hazard id -> current code, for old ids that are no current code."""
    from ontology import load_ontology

    onto = load_ontology()
    return {c: x.replaced_by for c, x in onto.legacy_codes.items() if c not in onto.concepts}


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
        # field -> datatype (and nested shape) once, instead of a rule scan per value
        self._types: dict[str, str | None] = {}
        self._nested: dict[str, dict[str, str | None]] = {}
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
            return record
        if self.legacy:
            self.translate_legacy(record)
        for key, value in record.items():
            if value == "":
                record[key] = None
            elif key in self._nested and isinstance(value, list):
                types = self._nested[key]
                for item in value:
                    if isinstance(item, dict):
                        for k, x in item.items():
                            if isinstance(x, str):
                                item[k] = _coerce(types.get(k), x)
            elif isinstance(value, list):
                record[key] = [_coerce(self._types.get(key), x) for x in value]
            elif isinstance(value, str):
                record[key] = _coerce(self._types.get(key), value)
        return record

    def check(self, record: Mapping[str, Any]) -> list[FieldIssue]:
        if self.validator is None:
            return self._check_vocabulary(record)
        issues = self.validator.validate(record)
        bad = {i.field.split("[")[0] for i in issues}
        for path, kinds in CONCEPT_FIELDS.get(self.kind, {}).items():
            name, _, sub = path.partition("[].")
            if name in bad:
                continue
            raw = record.get(name)
            values = raw if isinstance(raw, list) else ([] if raw is None else [raw])
            for i, value in enumerate(values):
                target = value.get(sub) if sub and isinstance(value, Mapping) else value
                if not isinstance(target, str):
                    continue
                if sub and not _CONCEPT_PREFIX.match(target):
                    continue  # prescribes a named team: checked when linking
                label = (
                    f"{name}[{i}].{sub}"
                    if sub
                    else (f"{name}[{i}]" if isinstance(raw, list) else name)
                )
                if self.concepts.get(target) not in kinds:
                    known = [c for c, k in self.concepts.items() if k in kinds]
                    issues.append(
                        FieldIssue(
                            label,
                            f"unknown {' or '.join(kinds)} '{target}'{did_you_mean(target, known)}",
                        )
                    )
        return issues

    def _check_vocabulary(self, record: Mapping[str, Any]) -> list[FieldIssue]:
        issues = []
        kind = record.get("conceptKind")
        if kind not in ("TeamType", "EquipmentType", "Capability"):
            issues.append(
                FieldIssue(
                    "conceptKind",
                    f"must be one of TeamType, EquipmentType, Capability; got {kind!r}",
                )
            )
        cid = record.get("id")
        pattern = ID_PATTERNS.get(str(kind))
        if not isinstance(cid, str) or (pattern and not re.match(pattern, cid)):
            issues.append(FieldIssue("id", f"{cid!r} is not a {kind} id (e.g. tt.rtlt-4-508-1248)"))
        elif cid in self.concepts:
            issues.append(
                FieldIssue(
                    "id",
                    f"'{cid}' is an ontology concept; external vocabularies must use their own ids",
                )
            )
        for name in ("nameZh", "nameEn"):
            if not isinstance(record.get(name), str) or not record.get(name):
                issues.append(FieldIssue(name, "required field is missing"))
        return issues
