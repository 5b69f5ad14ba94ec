"""Which projected pages are parsed off the event loop: by the nodes they hold (items and
neighbours at every depth), not by their item count."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from queries.catalog import picked
from queries.catalog.picked import PARSE_OFF_LOOP, _items, nodes_held
from queries.catalog.projection import Pick

CAPS = Pick(props=("id",), links=(("team.capabilities", Pick(props=("id",))),))
NESTED = Pick(
    props=("id",),
    links=(
        (
            "team.capabilities",
            Pick(props=("id",), links=(("capability.providedBy", Pick(props=("id",))),)),
        ),
    ),
)


def team_row(i: int, caps: list[Any]) -> list[Any]:
    return [[f"T-{i}"], None, None, caps]


def cap_row(i: int, holders: list[Any] | None = None) -> list[Any]:
    row: list[Any] = [[f"C-{i}"], {"level": 2}, None]
    return [*row, holders] if holders is not None else row


def test_nodes_held_counts_items_and_neighbours_at_every_depth() -> None:
    rows = [team_row(i, [cap_row(j) for j in range(10)]) for i in range(100)]
    assert nodes_held(rows, CAPS) == 100 + 100 * 10
    holders = [[["T-x"], None, None]] * 3
    nested = [team_row(i, [cap_row(j, holders) for j in range(4)]) for i in range(5)]
    assert nodes_held(nested, NESTED) == 5 + 5 * 4 + 5 * 4 * 3
    assert nodes_held([team_row(0, None)], CAPS) == 1  # a null list: no neighbours


@pytest.mark.parametrize(
    ("teams", "caps", "threaded"),
    [
        (100, 10, False),  # the 100-team list: ~1,100 nodes, parsed on the loop
        (100, 25, True),  # 2,600 nodes: off the loop
        (10, 300, True),  # few items, many neighbours: off the loop
    ],
)
def test_only_pages_holding_many_nodes_are_parsed_in_a_thread(
    monkeypatch: pytest.MonkeyPatch, teams: int, caps: int, threaded: bool
) -> None:
    calls: list[int] = []
    real = asyncio.to_thread

    async def counted(fn: Any, *args: Any) -> Any:
        calls.append(len(args[0]))
        return await real(fn, *args)

    monkeypatch.setattr(picked.asyncio, "to_thread", counted)
    rows = [team_row(i, [cap_row(j) for j in range(caps)]) for i in range(teams)]
    assert (nodes_held(rows, CAPS) > PARSE_OFF_LOOP) is threaded
    found = {"missing": False, "rows": rows}
    items = asyncio.run(_items(None, "Team", CAPS, None, found))  # type: ignore[arg-type]
    assert [p.node.id for p in items] == [f"T-{i}" for i in range(teams)]
    assert len(items[0].links["team.capabilities"]) == caps
    assert calls == ([teams] if threaded else [])
