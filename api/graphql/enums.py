"""Every closed vocabulary of the API as one GraphQL enum, on the read and the write side.

The member values are the strings stored in the graph (the ontology's ``sh:in``
lists in shapes.ttl); the GraphQL names are their UPPER_CASE spellings. A unit
test (tests/unit/api/test_enums.py) keeps each enum equal to its ontology list,
so a value added to the ontology fails the build until the API names it too.

Example::

    TeamStatus.of("available")      # TeamStatus.AVAILABLE (None for a missing value)
    TeamStatus.AVAILABLE.value      # "available": what Cypher compares with
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

import strawberry

E = TypeVar("E", bound=Enum)


def describe_values(cls: type[Enum], descriptions: dict[str, str]) -> None:
    """Give each member of the strawberry enum `cls` its GraphQL description.

    (``strawberry.enum_value(...)`` would do it too, but then type checkers see every
    member's ``.value`` as a definition object instead of the stored string.)
    """
    definition = cls.__strawberry_definition__  # type: ignore[attr-defined]
    for value in definition.values:
        value.description = descriptions[value.name]


def enum_of(cls: type[E], value: object) -> E | None:
    """The member of `cls` whose stored value is `value` (None when absent or unknown)."""
    if value is None:
        return None
    try:
        return cls(value)
    except ValueError:
        return None


@strawberry.enum(
    description="Response level of an emergency (GB/T and the national plans): I 特别重大 "
    "(most severe) > II 重大 > III 较大 > IV 一般 (least severe). A higher level asks for "
    "more capable teams and more units."
)
class ResponseLevel(Enum):
    I = "I"  # noqa: E741
    II = "II"
    III = "III"
    IV = "IV"


describe_values(
    ResponseLevel,
    {
        "I": "特别重大 Particularly serious (most severe).",
        "II": "重大 Serious.",
        "III": "较大 Relatively serious.",
        "IV": "一般 General (least severe).",
    },
)


@strawberry.enum(description="Whether a team can be sent now (ontology: shape:Team status).")
class TeamStatus(Enum):
    AVAILABLE = "available"
    STANDBY = "standby"
    DEPLOYED = "deployed"
    UNAVAILABLE = "unavailable"


describe_values(
    TeamStatus,
    {
        "AVAILABLE": "可用: can be sent now.",
        "STANDBY": "待命: on standby; can be sent, may need longer to assemble.",
        "DEPLOYED": "已出动: on a mission.",
        "UNAVAILABLE": "不可用: out of service (maintenance, rest, training).",
    },
)


@strawberry.enum(description="How a team travels (ontology: shape:Team mobility).")
class Mobility(Enum):
    GROUND = "ground"
    AIR = "air"
    WATER = "water"


describe_values(
    Mobility,
    {
        "GROUND": "By road.",
        "AIR": "By helicopter or aircraft.",
        "WATER": "By boat.",
    },
)


@strawberry.enum(
    description="Administrative level of a team, depot, plan or region (one vocabulary for "
    "all): national > provincial > municipal (prefecture/city) > county; SOCIAL for "
    "non-government forces."
)
class AdminLevel(Enum):
    NATIONAL = "national"
    PROVINCIAL = "provincial"
    MUNICIPAL = "municipal"
    COUNTY = "county"
    SOCIAL = "social"


describe_values(
    AdminLevel,
    {
        "NATIONAL": "国家级 National.",
        "PROVINCIAL": "省级 Provincial.",
        "MUNICIPAL": "市级 Prefecture or city.",
        "COUNTY": "县级 County or district.",
        "SOCIAL": "社会力量 Social (non-government) force; teams only.",
    },
)


# A region's stored rank (province, city, county) read as the one admin level vocabulary.
REGION_RANK_LEVEL = {
    "province": AdminLevel.PROVINCIAL,
    "city": AdminLevel.MUNICIPAL,
    "county": AdminLevel.COUNTY,
}


@strawberry.enum(description="Rank of a hazard type in the GB/T 35561-2017 tree.")
class HazardRank(Enum):
    CATEGORY = "category"
    SUBCATEGORY = "subcategory"
    TYPE = "type"


describe_values(
    HazardRank,
    {
        "CATEGORY": "门类, e.g. 自然灾害 (1 digit).",
        "SUBCATEGORY": "大类, e.g. 水旱灾害.",
        "TYPE": "类型, e.g. 洪水 11A01 (a leaf).",
    },
)


@strawberry.enum(description="State of a piece of equipment (ontology: shape:Equipment status).")
class EquipmentStatus(Enum):
    READY = "ready"
    MAINTENANCE = "maintenance"
    DEPLOYED = "deployed"


describe_values(
    EquipmentStatus,
    {
        "READY": "Ready for use.",
        "MAINTENANCE": "Under maintenance.",
        "DEPLOYED": "In use on a mission.",
    },
)


@strawberry.enum(
    description="The kind of a graph node, one spelling wherever a kind appears (search, "
    "curation, explanations, audit targets). The first four are taxonomy concepts planners "
    "curate; the rest are instances."
)
class ConceptKind(Enum):
    HAZARD_TYPE = "HazardType"
    CAPABILITY = "Capability"
    TEAM_TYPE = "TeamType"
    EQUIPMENT_TYPE = "EquipmentType"
    TEAM = "Team"
    EQUIPMENT = "Equipment"
    DEPOT = "Depot"
    EXPERT = "Expert"
    PLAN = "Plan"
    REGION = "Region"
    INCIDENT = "Incident"


describe_values(
    ConceptKind,
    {
        "HAZARD_TYPE": "A hazard type (灾种).",
        "CAPABILITY": "A capability (能力).",
        "TEAM_TYPE": "A team type (队伍类型).",
        "EQUIPMENT_TYPE": "An equipment type (装备类型).",
        "TEAM": "A rescue team (救援队伍).",
        "EQUIPMENT": "An equipment item (装备).",
        "DEPOT": "A supplies depot (储备库).",
        "EXPERT": "An expert (专家).",
        "PLAN": "An emergency plan (应急预案).",
        "REGION": "An administrative region (行政区).",
        "INCIDENT": "An incident (事件).",
    },
)


# The recommender's lower-case kind words (explanations, prescriptions, holders) -> the enum.
KIND_WORDS = {
    "hazard": ConceptKind.HAZARD_TYPE,
    "capability": ConceptKind.CAPABILITY,
    "teamType": ConceptKind.TEAM_TYPE,
    "equipmentType": ConceptKind.EQUIPMENT_TYPE,
    "team": ConceptKind.TEAM,
    "equipment": ConceptKind.EQUIPMENT,
    "depot": ConceptKind.DEPOT,
    "expert": ConceptKind.EXPERT,
    "plan": ConceptKind.PLAN,
    "region": ConceptKind.REGION,
    "incident": ConceptKind.INCIDENT,
}


def kind_of(word: str) -> ConceptKind:
    """`word` ('team', 'Team', 'hazard', 'HazardType') as a ConceptKind."""
    found = KIND_WORDS.get(word) or enum_of(ConceptKind, word)
    if found is None:
        raise ValueError(f"unknown kind '{word}'")
    return found


@strawberry.enum(description="Why a needed capability is not (fully) covered by the package.")
class GapReason(Enum):
    NO_TEAM = "noTeam"
    ALL_BUSY = "allBusy"
    EXCLUDED = "excluded"
    TOO_FAR = "tooFar"
    MAX_TEAMS = "maxTeams"
    LOW_PRIORITY = "lowPriority"


describe_values(
    GapReason,
    {
        "NO_TEAM": "No team in the graph holds it.",
        "ALL_BUSY": "Every team holding it is deployed or unavailable.",
        "EXCLUDED": "The commander excluded the free teams that hold it.",
        "TOO_FAR": "Holders exist but are beyond maxTravelMinutes; see nearestTeam.",
        "MAX_TEAMS": "The package reached maxTeams before covering it.",
        "LOW_PRIORITY": "A minor need that no chosen team brings.",
    },
)


@strawberry.enum(description="How a hazard of a scenario was found.")
class HazardVia(Enum):
    CODE = "code"
    MENTION = "mention"
    PARAPHRASE = "paraphrase"
    JUDGED = "judge"
    TRAPPED = "fact"
    SEARCH = "search"
    CASCADE = "cascade"


describe_values(
    HazardVia,
    {
        "CODE": "Given as a hazard code.",
        "MENTION": "Named in the description (see evidence).",
        "PARAPHRASE": "Not named: the description's meaning is nearest to it (see confidence).",
        "JUDGED": "Not named: the hazard judge found it the likeliest from the whole report "
        "(see confidence).",
        "TRAPPED": "No other hazard is named and people are trapped: that is the incident "
        "(see evidence).",
        "SEARCH": "Found by searching the description.",
        "CASCADE": "Added because another hazard may trigger it (see cascadeFrom).",
    },
)


def hazard_via(via: str) -> HazardVia:
    """The recommender's `via` text ('code', 'fact', 'cascade from 11C02') as the enum: every
    way `queries.understanding.parse` reads a hazard has a value (a test holds them)."""
    return HazardVia.CASCADE if via.startswith("cascade") else HazardVia(via)


@strawberry.enum(description="Which retriever found a search hit.")
class SearchVia(Enum):
    CODE = "code"
    HYBRID = "hybrid"
    FULLTEXT = "fulltext"
    VECTOR = "vector"


describe_values(
    SearchVia,
    {
        "CODE": "The text is the item's exact id or code.",
        "HYBRID": "Both full text and embeddings.",
        "FULLTEXT": "Full-text index only.",
        "VECTOR": "Embedding similarity only.",
    },
)
