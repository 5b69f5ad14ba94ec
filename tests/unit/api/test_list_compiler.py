"""The list compiler without Neo4j: selection -> Pick -> one Cypher projection -> parse back,
the DataLoader priming and merging, and the cost budget."""

from __future__ import annotations

import asyncio

import pytest
from strawberry.dataloader import DataLoader
from strawberry.types.nodes import InlineFragment, SelectedField

from api.graphql.cost_budget import BUDGET, FANOUT, cost_of
from api.graphql.prefetch import _prime, merge_links
from api.graphql.selection_plan import (
    ALIASES,
    LINK_FIELDS,
    MAKERS,
    RESOLVED,
    STORED,
    connection_pick,
    node_pick,
)
from queries.catalog.models import Link, Node
from queries.catalog.nodes import LINKS
from queries.catalog.picked import Given, missing_ids, picked_get_query, picked_page_query, where
from queries.catalog.projection import Pick, keys, parse_picked, projection, shape


def f(name: str, *subs: SelectedField | InlineFragment, alias: str | None = None) -> SelectedField:
    return SelectedField(name=name, directives={}, arguments={}, selections=list(subs), alias=alias)


TEAM_SELECTION = [
    f("id"),
    f("name"),
    f("availability"),
    f("capabilities", f("level"), f("capability", f("id"), f("name"))),
    f("equipment", f("quantity"), f("condition")),
    f("history", f("edges", f("node", f("id")))),
]


def test_a_team_selection_picks_only_the_properties_its_fields_read() -> None:
    pick = node_pick("Team", TEAM_SELECTION)
    assert pick.props == ("id", "nameEn", "nameZh", "status")
    assert dict(pick.links) == {
        "team.capabilities": Pick(props=("id", "nameEn", "nameZh")),
        "team.equipment": Pick(props=("id", "quantity", "status")),
    }


def test_aliases_repeats_and_fragments_merge_and_other_types_are_left_out() -> None:
    pick = node_pick(
        "Team",
        [
            f("capabilities", f("capability", f("id")), alias="a"),
            f("capabilities", f("capability", f("nameEn")), alias="b"),
            InlineFragment(
                type_condition="Team", selections=[f("readinessMinutes")], directives={}
            ),
            InlineFragment(type_condition="Node", selections=[f("headcount")], directives={}),
            InlineFragment(type_condition="Depot", selections=[f("tier")], directives={}),
        ],
    )
    assert pick.props == ("headcount", "id", "readinessMinutes")
    assert dict(pick.links)["team.capabilities"].props == ("id", "nameEn", "nameZh")


def test_an_unknown_field_reads_every_property_its_type_may_read() -> None:
    pick = node_pick("Team", [f("someFieldAddedLater")])
    assert set(pick.props) == STORED["Team"]


def test_connections_merge_edges_node_and_nodes() -> None:
    conn = f(
        "teams",
        f("edges", f("cursor"), f("node", f("tier"))),
        f("nodes", f("travelMode")),
        f("pageInfo", f("endCursor")),
    )
    assert connection_pick("Team", [conn]).props == ("adminLevel", "id", "mobility")


def test_the_whitelist_is_derived_from_the_types_and_the_tables_agree_with_it() -> None:
    assert {"status", "mobility", "adminLevel", "readinessMinutes", "location"} <= STORED["Team"]
    assert "embedding" not in STORED["Team"] and "dutyPhone" not in STORED["Team"]
    for kind, aliases in ALIASES.items():
        for props in aliases.values():
            assert set(props) <= STORED[kind], kind
    for (kind, name), (link, _via) in LINK_FIELDS.items():
        assert kind in MAKERS and name in RESOLVED[kind], (kind, name)
        assert LINKS[link].source == kind


def test_projection_is_gated_quoted_and_ordered() -> None:
    pick = Pick(
        props=("id", "nameZh"),
        links=(
            ("team.capabilities", Pick(props=("id",), links=(("capability.providedBy", Pick()),))),
        ),
    )
    text = projection("Team", pick, "n")
    assert text.startswith(
        "[[k0 IN $keys[0] | n[k0]], null, null, COLLECT { MATCH (n)-[r1:`HAS_CAPABILITY`]->"
    )
    assert "[k1 IN $keys[1] | n1[k1]]" in text and "[k2 IN $keys[2] | n2[k2]]" in text
    assert keys(pick) == [["id", "nameZh"], ["id"], ["id"]]
    # the text depends on the shape only: other properties, the same statement
    assert picked_page_query("Team", pick, True) == picked_page_query("Team", shape(pick), True)
    assert "(n1:`Capability`)" in text and "r1 {.`level`}" in text and "ORDER BY n1.id" in text
    assert "(n1)<-[r2:`PROVIDES`]-(n2:`EquipmentType`)" in text and "ORDER BY n2.id" in text
    with pytest.raises(ValueError, match="several labels"):
        projection("Equipment", Pick(links=(("equipment.holder", Pick()),)), "n")


def test_page_and_lookup_are_one_parameterised_statement() -> None:
    pick = Pick(props=("id",), links=(("team.equipment", Pick()),))
    page = picked_page_query("Team", pick, True, Given(bound=True))
    assert page.startswith("CALL () { MATCH (n:`Team`)")
    assert "LIMIT $limit" in page and "$after" in page and "AS missing" in page
    assert "SKIP $skip" in picked_page_query("Team", pick, False)
    assert picked_get_query("Team", pick).startswith("MATCH (n:`Team` {id: $id}) RETURN [")
    assert "`quantity`" not in picked_page_query("Team", Pick(props=("id", "quantity")), True)
    assert "WHEN 'capability' THEN EXISTS { MATCH (x:`Capability` {id: c.id}) }" in missing_ids(
        "Team"
    )
    assert missing_ids("Capability") == "[]"


def test_parse_picked_reads_the_projection_back() -> None:
    pick = Pick(props=("id", "nameZh"), links=(("team.capabilities", Pick(props=("id",))),))
    row = [
        ["T-1", "一队"],
        None,
        12.5,
        [[["cap.a"], {"level": 2}, None], [["cap.b"], {"level": 1}, None]],
    ]
    got = parse_picked(row, "Team", pick, "distanceKm")
    assert got.node == Node(
        kind="Team", id="T-1", props={"id": "T-1", "nameZh": "一队", "distanceKm": 12.5}
    )
    caps = got.links["team.capabilities"]
    assert [(c.node.kind, c.node.id, c.rel["level"]) for c in caps] == [
        ("Capability", "cap.a", 2),
        ("Capability", "cap.b", 1),
    ]


def test_rows_parsed_together_share_one_node_per_neighbour_read_the_same() -> None:
    pick = Pick(
        props=("id",),
        links=(("team.capabilities", Pick(props=("id", "nameZh", "altZh"))),),
    )

    def team(tid: str, *caps: tuple[list[object], int]) -> list[object]:
        return [[tid], None, None, [[vals, {"level": lv}, None] for vals, lv in caps]]

    nodes: dict[object, Node] = {}
    a = parse_picked(team("T-1", (["cap.a", "水域", None], 1)), "Team", pick, None, nodes)
    b = parse_picked(
        team("T-2", (["cap.a", "水域", None], 3), (["cap.b", "绳索", ["高空"]], 2)),
        "Team",
        pick,
        None,
        nodes,
    )
    c = parse_picked(team("T-3", (["cap.b", "绳索", ["高空"]], 2)), "Team", pick, None, nodes)
    (a1,), (b1, b2), (c1,) = (x.links["team.capabilities"] for x in (a, b, c))
    assert a1.node is b1.node and (a1.rel, b1.rel) == ({"level": 1}, {"level": 3})
    # a list value is not hashable: read the same, equal, but not shared
    assert b2.node == c1.node and b2.node is not c1.node and c1.node.get("altZh") == ["高空"]
    apart = parse_picked(team("T-4", (["cap.a", "水域", None], 1)), "Team", pick)
    assert apart.links["team.capabilities"][0].node == a1.node
    assert apart.links["team.capabilities"][0].node is not a1.node


def test_a_neighbour_reached_by_the_same_relationship_values_is_one_picked() -> None:
    pick = Pick(props=("id",), links=(("team.capabilities", Pick(props=("id", "nameZh"))),))

    def team(tid: str, *caps: tuple[str, int | None]) -> list[object]:
        return [[tid], None, None, [[[c, "水域"], {"level": lv}, None] for c, lv in caps]]

    nodes: dict[object, object] = {}
    rows = [
        team("T-1", ("cap.a", 1), ("cap.b", 2)),
        team("T-2", ("cap.a", 1), ("cap.a", 3)),
        team("T-3", ("cap.b", None)),
    ]
    (a1, b2), (a1_again, a3), (b_none,) = (
        parse_picked(r, "Team", pick, None, nodes).links["team.capabilities"] for r in rows
    )
    assert a1_again is a1 and a1.rel == {"level": 1}  # one object for T-1's and T-2's link
    assert a3 is not a1 and a3.node is a1.node and a3.rel == {"level": 3}
    assert b_none.node is b2.node and b_none.rel == {}  # a null value is not a value


def test_a_capability_level_is_made_once_per_capability_node_and_level() -> None:
    from api.graphql.types import CapabilityLevel

    cap = Node("Capability", "cap.a", {"id": "cap.a", "nameZh": "水域", "nameEn": "water"})
    one, two = (Link(source=t, rel={"level": 2}, node=cap) for t in ("T-1", "T-2"))
    assert CapabilityLevel.of(one) is CapabilityLevel.of(two)
    other = CapabilityLevel.of(Link(source="T-1", rel={}, node=cap))
    assert other.level == 4 and other.capability is CapabilityLevel.of(one).capability


def test_plain_neighbour_fields_are_made_from_the_primed_list_without_their_resolver() -> None:
    from graphql import parse

    from api.graphql.fast_plan import plan_for
    from api.graphql.schema import build_schema

    schema = build_schema(production=True)
    doc = parse(
        "{ teams(first: 2) { nodes { id capabilities { level capability { id } }"
        " teamType { id } history(first: 1) { edges { node { id } } } } } }"
    )
    op = doc.definitions[0]
    with pytest.raises(Exception, match="may read the store"):
        plan_for(schema, op)  # type: ignore[arg-type]  # history reads the store
    doc = parse("{ teams(first: 2) { nodes { id capabilities { level } teamType { id } } } }")
    (root,) = plan_for(schema, doc.definitions[0]).root_fields  # type: ignore[arg-type]
    (nodes,) = root.sub
    by_key = {p.key: p for p in nodes.sub}
    assert by_key["capabilities"].direct is not None and by_key["capabilities"].direct[1]
    assert by_key["teamType"].direct is not None and not by_key["teamType"].direct[1]
    assert by_key["id"].direct is None
    # nothing below the team resolves through graphql-core now: no resolve-info paths
    assert not any(p.needs_path for p in nodes.sub)


def _links(**props: str) -> list[Link]:
    return [
        Link(
            source="T-1",
            rel={"level": 1},
            node=Node("Capability", "cap.a", {"id": "cap.a", **props}),
        )
    ]


def test_priming_merges_what_two_selections_read_and_never_replaces_a_full_read() -> None:
    async def run() -> None:
        async def load(keys: list[str]) -> list[list[Link]]:
            return [_links(nameZh="全", nameEn="full") for _ in keys]

        loader: DataLoader[str, list[Link]] = DataLoader(load_fn=load)
        _prime(loader, "T-1", _links(), frozenset({"id"}))
        _prime(loader, "T-1", _links(nameEn="Water"), frozenset({"id", "nameEn"}))
        merged = await loader.load("T-1")
        assert merged[0].node.props == {"id": "cap.a", "nameEn": "Water"}
        assert merged[0].rel == {"level": 1}
        full = await loader.load("T-2")  # read by the loader itself: all properties
        _prime(loader, "T-2", _links(), frozenset({"id"}))
        assert (await loader.load("T-2")) is full

    asyncio.run(run())


def test_merge_links_keeps_both_reads_properties() -> None:
    old = _links(nameZh="水")
    new = _links(nameEn="Water")
    assert merge_links(old, new)[0].node.props == {"id": "cap.a", "nameZh": "水", "nameEn": "Water"}


def test_cost_counts_nested_lists() -> None:
    flat = Pick()
    nested = Pick(links=(("team.capabilities", Pick(links=(("capability.providedBy", Pick()),))),))
    assert cost_of(100, flat) == 100
    assert cost_of(100, nested) == 100 * (1 + FANOUT * (1 + FANOUT))
    assert cost_of(100, nested) < BUDGET < 5 * cost_of(100, nested)


def test_a_listing_keeps_only_the_conditions_of_the_filters_it_was_given() -> None:
    bare = picked_page_query("Team", Pick(), True, Given())
    assert "$links" not in bare and "$near" not in bare and "$text" not in bare
    assert "[] AS missing" in bare
    region = Given(props=True, links=True, deep=True, near=True, check=True)
    full = picked_page_query("Team", Pick(), False, region)
    assert "all(l IN $links" in full and "`PART_OF`*1..3" in full and "$near.meters" in full
    assert "CASE c.filter" in full and "SKIP $skip" in full
    capability = where(Given(links=True))
    assert "all(l IN $links" in capability and "PART_OF" not in capability


def test_each_keyset_direction_and_bound_has_its_own_text() -> None:
    # no `$after IS NULL OR ...` and no order chosen by a parameter: Neo4j can then walk
    # the id index in order and stop at the limit
    texts = {
        (bound, back): picked_page_query("Team", Pick(), True, Given(bound=bound, backwards=back))
        for bound in (False, True)
        for back in (False, True)
    }
    assert "n.id IS NOT NULL" in texts[False, False] and "$after" not in texts[False, False]
    assert "n.id > $after" in texts[True, False] and "$before" not in texts[True, False]
    assert "n.id < $before" in texts[True, True] and "$after" not in texts[True, True]
    assert "n.id IS NOT NULL" in texts[False, True] and "$before" not in texts[False, True]
    for (_, back), text in texts.items():
        assert ("ORDER BY n.id DESC LIMIT $limit" in text) == back
        assert ("ORDER BY n.id LIMIT $limit" in text) == (not back)
        assert "$reverse" not in text
    offset = picked_page_query("Team", Pick(), False, Given(bound=True))
    assert "SKIP $skip" in offset and "$after" not in offset
