"""The demo's force-structure rules (``force_structure.yaml``) as checked, typed values.

One `UnitRule` says which unit a county, a prefecture or the province holds:
its team type, name pattern, admin level, headcount and readiness ranges,
equipment it always holds and, optionally, the prefectures where it exists.
A misspelt field or an unknown team type, capability or equipment type is an
error naming the rule and the field, so a rule that silently generates nothing
cannot slip in.

Example::

    rules = load_rules()
    rules.county[0].key, rules.county[0].team_type      # ('FIRE', 'tt.fire-rescue')
    rules.county[0].applies_to("510104")                # True (no `in`: every county)
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kg.errors import UserInputError

RULES_FILE = Path(__file__).resolve().parent / "force_structure.yaml"
LEVELS = ("county", "prefecture", "province")
ADMIN_LEVELS = ("national", "provincial", "municipal", "county", "social")
MOBILITIES = ("ground", "air", "water")
_FIELDS = {
    "key",
    "place",
    "teamType",
    "zh",
    "en",
    "admin",
    "headcount",
    "readiness",
    "mobility",
    "levelShift",
    "equipment",
    "capabilities",
    "in",
}


@dataclass(frozen=True)
class UnitRule:
    key: str
    team_type: str
    zh: str
    en: str
    admin: str
    headcount: tuple[int, int]
    readiness: tuple[int, int]
    mobility: str
    level_shift: int = 0
    equipment: tuple[tuple[str, int, int], ...] = ()
    capabilities: tuple[tuple[str, int], ...] | None = None
    only_in: frozenset[str] | None = None  # prefecture codes; None = everywhere
    place: str | None = None  # the province's units: the region they are based in

    def applies_to(self, region_code: str) -> bool:
        """True where the unit exists: everywhere, or in the listed prefectures."""
        return self.only_in is None or f"{region_code[:4]}00" in self.only_in

    def name(self, place_zh: str, place_en: str) -> tuple[str, str]:
        return self.zh.replace("{place}", place_zh), self.en.replace("{place}", place_en)


@dataclass(frozen=True)
class ForceRules:
    seed: int
    county: tuple[UnitRule, ...]
    prefecture: tuple[UnitRule, ...]
    province: tuple[UnitRule, ...]


def _range(where: str, name: str, value: Any) -> tuple[int, int]:
    ok = (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) for v in value)
        and 0 < value[0] <= value[1]
    )
    if not ok:
        raise UserInputError(f"{where}: {name} must be [min, max] with 0 < min <= max, not {value}")
    return value[0], value[1]


def _rule(where: str, raw: Mapping[str, Any], known: Mapping[str, Collection[str]]) -> UnitRule:
    unknown = set(raw) - _FIELDS
    if unknown:
        raise UserInputError(f"{where}: unknown field(s) {sorted(unknown)}; use {sorted(_FIELDS)}")
    for f in ("key", "teamType", "zh", "en", "admin", "mobility"):
        if not isinstance(raw.get(f), str):
            raise UserInputError(f"{where}: '{f}' is required (text)")
    if raw["teamType"] not in known["TeamType"]:
        raise UserInputError(f"{where}: unknown team type '{raw['teamType']}'")
    if raw["admin"] not in ADMIN_LEVELS:
        raise UserInputError(f"{where}: admin must be one of {ADMIN_LEVELS}, not '{raw['admin']}'")
    if raw["mobility"] not in MOBILITIES:
        raise UserInputError(f"{where}: mobility must be one of {MOBILITIES}")
    equipment = []
    for eq, rng in (raw.get("equipment") or {}).items():
        if eq not in known["EquipmentType"]:
            raise UserInputError(f"{where}: unknown equipment type '{eq}'")
        equipment.append((eq, *_range(where, f"equipment {eq}", rng)))
    caps = None
    if raw.get("capabilities") is not None:
        caps = tuple((str(c), int(lvl)) for c, lvl in raw["capabilities"])
        bad = [c for c, lvl in caps if c not in known["Capability"] or not 1 <= lvl <= 4]
        if bad:
            raise UserInputError(f"{where}: unknown capability or level outside 1-4: {bad}")
    only_in = raw.get("in")
    return UnitRule(
        key=raw["key"],
        team_type=raw["teamType"],
        zh=raw["zh"],
        en=raw["en"],
        admin=raw["admin"],
        headcount=_range(where, "headcount", raw.get("headcount")),
        readiness=_range(where, "readiness", raw.get("readiness")),
        mobility=raw["mobility"],
        level_shift=int(raw.get("levelShift", 0)),
        equipment=tuple(sorted(equipment)),
        capabilities=caps,
        only_in=frozenset(str(c) for c in only_in) if only_in is not None else None,
        place=str(raw["place"]) if raw.get("place") is not None else None,
    )


def parse_rules(data: Mapping[str, Any], known: Mapping[str, Collection[str]]) -> ForceRules:
    """Check the YAML's content against the ontology's ids (`known`: kind -> ids)."""
    if not isinstance(data.get("seed"), int):
        raise UserInputError("force structure: 'seed' (an integer) is required")
    levels: dict[str, tuple[UnitRule, ...]] = {}
    for level in LEVELS:
        rules = tuple(
            _rule(f"force structure {level}[{i}]", raw, known)
            for i, raw in enumerate(data.get(level) or ())
        )
        keys = [r.key for r in rules]
        if len(set(keys)) != len(keys):
            raise UserInputError(f"force structure {level}: unit keys repeat: {sorted(keys)}")
        if level == "province" and any(r.place is None for r in rules):
            raise UserInputError("force structure province: every unit needs a 'place' code")
        levels[level] = rules
    return ForceRules(data["seed"], levels["county"], levels["prefecture"], levels["province"])


def load_rules(path: Path = RULES_FILE) -> ForceRules:
    from ontology import load_ontology

    onto = load_ontology()
    known = {
        k: {c.id for c in onto.of_kind(k)} for k in ("TeamType", "Capability", "EquipmentType")
    }
    return parse_rules(yaml.safe_load(path.read_text(encoding="utf-8")), known)
