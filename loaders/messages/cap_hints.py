"""What an alert's coded fields say, before its text is read: hazards, level, region.

Hazard codes (GB/T 35561, the ids of HazardType):
- an ``eventCode`` whose value is a hazard code (China's warning system sends ``11B03``
  for a rainstorm) is that hazard, whatever its valueName;
- a US EAS/SAME ``eventCode`` (valueName ``SAME``) is looked up in SAME_HAZARDS;
- the CAP ``category`` only narrows: CATEGORY_HAZARDS lists the GB/T 35561 categories it
  covers; they are offered as choices when nothing else names a hazard (never guessed).

Suggested response level from severity, certainty and urgency (LEVEL_TABLE; China's
warning colours map to CAP severity as 红 Extreme, 橙 Severe, 黄 Moderate, 蓝 Minor, and
the four warning grades to response levels I..IV):

| severity | level |   | certainty | shift |   | urgency | shift |
|---|---|---|---|---|---|---|---|
| Extreme | I | | Observed, Likely | 0 | | Immediate, Expected, Past, Unknown | 0 |
| Severe | II | | Possible, Unknown | one lower | | Future | one lower |
| Moderate | III | | Unlikely | none suggested | | | |
| Minor | IV | | | | | | |
| Unknown | none suggested | | | | | | |

"One lower" stops at IV. The reason lists the three values and the shifts.

Region codes (GB/T 2260): a Chinese national warning identifier
``ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N`` starts with the issuing region's code; a geocode
whose valueName names GB/T 2260 (``GB/T 2260``, ``行政区划代码``, ``adcode``) carries one.

Example::

    cap_level("Severe", "Immediate", "Observed")   # CapLevel(level='II', ...)
    china_region_code("51010041600000_20260512142800_1")   # '510100'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from loaders.messages.cap_model import CapInfo, NamedValue
from loaders.messages.problems import Problem, TermKey

LEVELS = ("I", "II", "III", "IV")
SEVERITY_LEVEL = {"Extreme": "I", "Severe": "II", "Moderate": "III", "Minor": "IV"}
CERTAINTY_SHIFT = {"Observed": 0, "Likely": 0, "Possible": 1, "Unknown": 1}  # Unlikely: none
URGENCY_SHIFT = {"Immediate": 0, "Expected": 0, "Past": 0, "Unknown": 0, "Future": 1}

# CAP 1.2 categories -> the GB/T 35561 categories and subcategories they cover.
CATEGORY_HAZARDS: dict[str, tuple[str, ...]] = {
    "Geo": ("11C00", "11D00"),
    "Met": ("11B00", "11A00"),
    "Safety": (),
    "Security": ("14000",),
    "Rescue": (),
    "Fire": ("12G00", "11G00"),
    "Health": ("13000",),
    "Env": ("12Q00",),
    "Transport": ("12H00", "12J00", "12K00", "12M00"),
    "Infra": ("12P00", "12U00"),
    "CBRNE": ("12D00", "12T00"),
    "Other": (),
}

# US EAS event codes (47 CFR 11.31) that name a hazard of the taxonomy.
SAME_HAZARDS: dict[str, str] = {
    "AVA": "11B13", "AVW": "11B13",  # avalanche watch / warning
    "BZW": "11B04", "WSA": "11B04", "WSW": "11B04",  # blizzard, winter storm
    "CFA": "11E02", "CFW": "11E02", "SSA": "11E02", "SSW": "11E02",  # coastal flood, surge
    "DSW": "11B07",  # dust storm
    "EQW": "11C02",  # earthquake
    "EWW": "11B06", "HWA": "11B06", "HWW": "11B06",  # extreme / high wind
    "FFA": "11A51", "FFW": "11A51", "FFS": "11A51",  # flash flood
    "FLA": "11A01", "FLW": "11A01", "FLS": "11A01",  # flood
    "FRW": "12G00",  # fire warning
    "HMW": "12D00",  # hazardous materials
    "HUA": "11B01", "HUW": "11B01", "TRA": "11B01", "TRW": "11B01",  # hurricane, tropical storm
    "NUW": "12T00", "RHW": "12T00",  # nuclear power plant, radiological hazard
    "SVA": "11B14", "SVR": "11B14",  # severe thunderstorm
    "TOA": "11B02", "TOR": "11B02",  # tornado
    "TSA": "11E01", "TSW": "11E01",  # tsunami
    "VOW": "11D07",  # volcano
    "CAE": "14B00",  # child abduction emergency
}  # fmt: skip

HAZARD_CODE = re.compile(r"^1[1-49][A-Z0]([0-9]{2}|X[0-9]|[0-9]X|00)$|^1[1-49]000$")
CHINA_IDENTIFIER = re.compile(r"^(\d{6})[0-9A-Za-z]{8}_(\d{14})_\d+$")
GBT2260_GEOCODE = re.compile(r"2260|行政区划|adcode|admincode", re.IGNORECASE)
REGION_CODE = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class CodedHazard:
    code: str  # a HazardType id
    via: str  # "eventCode" | "SAME"
    evidence: str  # the eventCode as written: "SAME=FFW"


@dataclass(frozen=True)
class CapLevel:
    level: str | None  # "I".."IV", None when none is suggested
    reason: Problem  # CAP_LEVEL / CAP_LEVEL_NONE with the three values and the shifts


def coded_hazards(event_codes: Sequence[NamedValue]) -> list[CodedHazard]:
    """Hazard codes named by the eventCodes, in order, without repeats."""
    out: dict[str, CodedHazard] = {}
    for ec in event_codes:
        value = ec.value.strip()
        if HAZARD_CODE.match(value):
            out.setdefault(value, CodedHazard(value, "eventCode", f"{ec.name}={value}"))
        elif ec.name.strip().upper() == "SAME" and value.upper() in SAME_HAZARDS:
            code = SAME_HAZARDS[value.upper()]
            out.setdefault(code, CodedHazard(code, "SAME", f"SAME={value.upper()}"))
    return list(out.values())


def category_hazards(categories: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(c for cat in categories for c in CATEGORY_HAZARDS.get(cat, ())))


def _lower(level: str, steps: int) -> str:
    return LEVELS[min(LEVELS.index(level) + steps, len(LEVELS) - 1)]


def cap_level(severity: str, urgency: str, certainty: str) -> CapLevel:
    """The response level CAP's three qualifiers suggest (LEVEL_TABLE above)."""
    terms = {
        "severity": TermKey(f"cap.severity.{severity or 'Unknown'}"),
        "urgency": TermKey(f"cap.urgency.{urgency or 'Unknown'}"),
        "certainty": TermKey(f"cap.certainty.{certainty or 'Unknown'}"),
    }
    base = SEVERITY_LEVEL.get(severity)
    if base is None or certainty == "Unlikely":
        return CapLevel(None, Problem.of("CAP_LEVEL_NONE", **terms))
    shift = CERTAINTY_SHIFT.get(certainty, 1) + URGENCY_SHIFT.get(urgency, 0)
    level = _lower(base, shift)
    return CapLevel(level, Problem.of("CAP_LEVEL", level=level, base=base, shift=shift, **terms))


def china_region_code(identifier: str) -> str | None:
    """The GB/T 2260 code opening a national warning identifier, else None."""
    m = CHINA_IDENTIFIER.match(identifier.strip())
    return m.group(1) if m else None


def geocode_regions(geocodes: Sequence[NamedValue]) -> list[str]:
    """GB/T 2260 codes among the geocodes (only those whose valueName says GB/T 2260)."""
    out = []
    for g in geocodes:
        if GBT2260_GEOCODE.search(g.name):
            out += [v for v in g.value.split() if REGION_CODE.match(v)]
    return list(dict.fromkeys(out))


def choose_info(infos: Sequence[CapInfo]) -> CapInfo | None:
    """The info block to read: the first in Chinese, else in English, else the first."""
    for prefix in ("zh", "en"):
        for info in infos:
            if info.language.lower().startswith(prefix):
                return info
    return infos[0] if infos else None
