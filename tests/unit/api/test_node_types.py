"""The one table of catalog GraphQL types and the neighbour fields declared on them."""

from __future__ import annotations

from api.graphql.entities import Prescription, Team
from api.graphql.node_types import MAKERS, as_type, made
from api.graphql.selection_plan import LINK_FIELDS
from api.graphql.types import Capability, CapabilityLevel, HazardType
from queries.catalog.models import Link, Node
from queries.catalog.nodes import KINDS, LINKS


def test_every_catalog_kind_has_its_graphql_type() -> None:
    assert set(MAKERS) == set(KINDS)
    for kind, make in MAKERS.items():
        assert make.__self__.__name__ == kind  # type: ignore[attr-defined]


def test_as_type_picks_the_type_by_the_nodes_kind() -> None:
    hazard = as_type(Node(kind="HazardType", id="11A01", props={"nameZh": "洪水", "rank": "type"}))
    assert isinstance(hazard, HazardType) and hazard.name_zh == "洪水"
    team = as_type(Node(kind="Team", id="T-1", props={"status": "standby"}))
    assert isinstance(team, Team) and team.status == "standby"


def test_what_is_made_of_a_node_is_made_once_per_node_object() -> None:
    cap = Node(kind="Capability", id="cap.a", props={"id": "cap.a", "nameZh": "水域救援"})
    calls: list[str] = []

    def make(n: Node) -> str:
        calls.append(n.id)
        return n.id

    assert made(cap, make) == made(cap, make) == "cap.a" and calls == ["cap.a"]
    held = [Link(source=t, rel={"level": lv}, node=cap) for t, lv in (("T-1", 1), ("T-2", 3))]
    one, two = (CapabilityLevel.of(lk) for lk in held)
    assert one.capability is two.capability and (one.level, two.level) == (1, 3)
    assert as_type(cap) is one.capability and isinstance(one.capability, Capability)
    twin = Node(kind="Capability", id="cap.a", props={"id": "cap.a", "nameZh": "水域救援"})
    assert twin == cap and as_type(twin) is not as_type(cap)  # equal nodes, made apart


def test_prescription_reads_its_terms_from_the_relationship() -> None:
    link = Link(
        source="P-1",
        rel={"responseLevel": "II", "quantity": 3},
        node=Node(kind="Team", id="T-2", props={}),
    )
    p = Prescription.of(link)
    assert isinstance(p.target, Team) and p.quantity == 3 and p.response_level == "II"


def test_every_neighbour_field_follows_a_link_of_its_own_kind() -> None:
    assert ("Team", "capabilities") in LINK_FIELDS
    assert LINK_FIELDS[("HazardType", "mayTrigger")] == ("hazard.triggers", "hazard")
    for (kind, _field), (link, _via) in LINK_FIELDS.items():
        assert LINKS[link].source == kind, (kind, link)
