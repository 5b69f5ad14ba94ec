"""What changed between two versions of a plan: metadata, hazards, regions, prescriptions.

A plan version is read as a `PlanRecord` (queries/catalog/plan_versions.py); the diff is
pure, so it is the same whichever version is newer, and a unit test checks it by hand.
A prescription is identified by (response level, target); a changed quantity or
capability level of the same prescription is a change, not a removal plus an addition.

Example::

    d = plan_diff(v2012, v2025)
    d.fields          # (FieldChange('version', '2012', '2025'), ...)
    d.prescriptions   # (PrescriptionChange('I', 'cap.water-rescue', 'added', None, 3), ...)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

# The plan's metadata fields compared, in the order a planner reads them.
PLAN_FIELDS: tuple[str, ...] = (
    "nameZh",
    "nameEn",
    "level",
    "issuer",
    "version",
    "effectiveDate",
    "timeStandardMinutes",
    "summaryZh",
    "summaryEn",
)
LEVEL_ORDER = {"I": 0, "II": 1, "III": 2, "IV": 3}

Change = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class Prescribed:
    """One thing a plan prescribes at one response level."""

    response_level: str
    target: str
    kind: str  # Capability, TeamType, Team, EquipmentType, Expert
    quantity: int | None = None
    capability_level: int | None = None
    name_zh: str = ""
    name_en: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.response_level, self.target)


@dataclass(frozen=True)
class PlanRecord:
    """A plan version as stored: its metadata, hazards, regions and prescriptions."""

    id: str
    fields: Mapping[str, Any]
    covers: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    prescribes: tuple[Prescribed, ...] = ()
    retired: bool = False


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class PrescriptionChange:
    response_level: str
    target: str
    change: Change
    before: Prescribed | None
    after: Prescribed | None


@dataclass(frozen=True)
class PlanDiff:
    older: str
    newer: str
    fields: tuple[FieldChange, ...]
    covers_added: tuple[str, ...]
    covers_removed: tuple[str, ...]
    regions_added: tuple[str, ...]
    regions_removed: tuple[str, ...]
    prescriptions: tuple[PrescriptionChange, ...]

    @property
    def empty(self) -> bool:
        return not (
            self.fields
            or self.covers_added
            or self.covers_removed
            or self.regions_added
            or self.regions_removed
            or self.prescriptions
        )


def _norm(v: Any) -> Any:
    """Absent, null and empty text are the same 'nothing'; dates compare as ISO text."""
    if v is None or v == "":
        return None
    return v.isoformat() if hasattr(v, "isoformat") else v


def _sorted_prescription_key(p: PrescriptionChange) -> tuple[int, str]:
    return (LEVEL_ORDER.get(p.response_level, 9), p.target)


def plan_diff(older: PlanRecord, newer: PlanRecord) -> PlanDiff:
    """Every difference from `older` to `newer` (fields in PLAN_FIELDS order, lists sorted)."""
    fields = tuple(
        FieldChange(f, _norm(older.fields.get(f)), _norm(newer.fields.get(f)))
        for f in PLAN_FIELDS
        if _norm(older.fields.get(f)) != _norm(newer.fields.get(f))
    )
    a = {p.key: p for p in older.prescribes}
    b = {p.key: p for p in newer.prescribes}
    changes: list[PrescriptionChange] = []
    for key in a.keys() | b.keys():
        before, after = a.get(key), b.get(key)
        if before is None:
            changes.append(PrescriptionChange(*key, "added", None, after))
        elif after is None:
            changes.append(PrescriptionChange(*key, "removed", before, None))
        elif (before.quantity or 1, before.capability_level) != (
            after.quantity or 1,
            after.capability_level,
        ):
            changes.append(PrescriptionChange(*key, "changed", before, after))
    return PlanDiff(
        older=older.id,
        newer=newer.id,
        fields=fields,
        covers_added=tuple(sorted(set(newer.covers) - set(older.covers))),
        covers_removed=tuple(sorted(set(older.covers) - set(newer.covers))),
        regions_added=tuple(sorted(set(newer.regions) - set(older.regions))),
        regions_removed=tuple(sorted(set(older.regions) - set(newer.regions))),
        prescriptions=tuple(sorted(changes, key=_sorted_prescription_key)),
    )
