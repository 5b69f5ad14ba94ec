"""Each RETURN projection and its parser agree: the parser reads exactly the keys returned."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from queries import equipment, experts, teams
from queries.models import CapabilityNeed, ConceptRef


def keys_of(cypher: str, start: str) -> list[str]:
    """Top-level keys of the map literal that opens after the last `start` in the query."""
    at = cypher.rindex(start) + len(start)
    text = cypher[cypher.index("{", at) + 1 :]
    depth, keys = 0, []
    for i, ch in enumerate(text):
        if ch in "{[(":
            depth += 1
        elif ch in "}])":
            if depth == 0:
                break
            depth -= 1
        elif ch == ":" and depth == 0:
            m = re.search(r"(^|,)\s*(\w+)\s*$", text[:i])
            if m:  # a key follows the opening brace or a comma (not `h:Depot` in a CASE)
                keys.append(m.group(2))
    return keys


def dummy(key: str) -> Any:
    return {
        "caps": [["cap.a", 1]],
        "deployments": [],
        "topics": ["cap.a"],
        "hazards": [
            {"topic": "11A01", "id": "11A00", "nameZh": "水旱灾害", "nameEn": "Flood", "steps": 1}
        ],
        "capabilities": ["cap.a"],
        "serves": [{"id": "11A00", "nameZh": "水旱灾害", "nameEn": "Flood"}],
        "provides": ["cap.a"],
        "items": [],
        "latitude": 30.0,
        "longitude": 104.0,
        "km": 1.0,
        "eta": 2.0,
        "readinessMinutes": 5,
        "quantity": 1,
        "capId": None,
    }.get(key, key)


CASES: list[tuple[str, str, str, Callable[[dict[str, Any]], object]]] = [
    ("team", teams.CANDIDATE_TEAMS, "RETURN collect(", teams.parse_candidate),
    (
        "expert",
        experts.EXPERTS_NEAR,
        "RETURN collect(",
        lambda r: experts.parse_expert(r, {"11A01": 1.0, "cap.a": 1.0}, {}),
    ),
]


@pytest.mark.parametrize(("name", "cypher", "start", "parse"), CASES, ids=[c[0] for c in CASES])
def test_parser_reads_every_returned_key_and_nothing_else(
    name: str, cypher: str, start: str, parse: Callable[[dict[str, Any]], object]
) -> None:
    keys = keys_of(cypher, start)
    assert len(keys) == len(set(keys)) >= 5
    row = {k: dummy(k) for k in keys}
    assert parse(row)
    read: set[str] = set()

    class Spy(dict[str, Any]):
        def __getitem__(self, k: str) -> Any:
            read.add(k)
            return super().__getitem__(k)

        def get(self, k: str, default: Any = None) -> Any:
            read.add(k)
            return super().get(k, default)

    parse(Spy(row))
    unused = set(keys) - read - {"capId", "provides"}  # capId/provides are read by the caller
    assert not unused, f"{name}: returned but never read: {unused}"


def test_equipment_stock_reads_every_returned_type_holder_and_item_field() -> None:
    """EQUIPMENT_NEAR names each type and holder once and returns items as lists: `stock`
    reads every key of both maps, unpacks the item list in its order, and what it builds is
    what `choose_equipment` suggests from."""
    cypher = equipment.EQUIPMENT_NEAR
    type_keys = keys_of(cypher, "AS et\n  RETURN collect(")
    holder_keys = keys_of(cypher, "AS h\n  RETURN collect(")
    assert type_keys == ["id", "nameZh", "nameEn", "serves"]
    assert holder_keys == ["id", "nameZh", "nameEn", "kind"]
    item = cypher[cypher.index("[i.e.id") + 1 : cypher.index("]]}]}")]
    fields = [f.strip() for f in re.split(r",(?![^(]*\))", item)]
    assert fields == [
        "i.e.id", "i.e.nameZh", "i.e.nameEn", "coalesce(i.e.quantity, 1)",
        "coalesce(i.e.location, i.h.location).latitude",
        "coalesce(i.e.location, i.h.location).longitude", "i.km", "i.et.id", "i.h.id",
    ]  # fmt: skip
    read: set[str] = set()

    class Spy(dict[str, Any]):
        def __getitem__(self, k: str) -> Any:
            read.add(k)
            return super().__getitem__(k)

    kind = Spy({k: dummy(k) for k in type_keys} | {"id": "et.boat"})
    holder = Spy({k: dummy(k) for k in holder_keys} | {"id": "T-1", "kind": "team"})
    found = {
        "types": [kind],
        "holders": [holder],
        "stock": [{"capability": "cap.a", "items": [
            ["EQ-1", "冲锋舟", "Boat", 2, 30.0, 104.0, 1.5, "et.boat", "T-1"]]}],
    }  # fmt: skip
    rows = equipment.stock(found)
    assert read == set(type_keys) | set(holder_keys)
    (suggestion,) = equipment.choose_equipment(
        rows, [CapabilityNeed(ConceptRef("cap.a", "甲", "A"), 1.0, sources=("11A01",))], 1
    )
    assert (suggestion.equipment.id, suggestion.quantity, suggestion.holder.id) == (
        "EQ-1",
        2,
        "T-1",
    )
    assert suggestion.holder_kind == "team" and suggestion.distance_km == 1.5
