"""The in-memory nearest-neighbour list: exact cosine order, Neo4j's score, and what is not
trusted (no stamp, vectors of two lengths)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from queries.vector_snapshot import build_snapshot, key_of

ROWS = [
    ["A", "甲", "a", [1.0, 0.0, 0.0]],
    ["B", "乙", "b", [0.0, 2.0, 0.0]],  # not unit length: cosine, not dot product
    ["C", "丙", "c", [1.0, 1.0, 0.0]],
    ["D", None, None, [-1.0, 0.0, 0.0]],
]


def test_nearest_is_the_exact_cosine_order_with_neo4j_scores() -> None:
    snap = build_snapshot("HazardType", (3, "s"), ROWS)
    assert snap is not None and snap.dimensions == 3
    found = snap.nearest([0.2, 0.1, 0.0], 3)
    assert [f[0] for f in found] == ["C", "A", "B"]
    q = np.array([0.2, 0.1, 0.0]) / math.hypot(0.2, 0.1)
    expected_c = (1.0 + float(q @ (np.array([1.0, 1.0, 0.0]) / math.sqrt(2)))) / 2.0
    assert found[0][3] == pytest.approx(expected_c, abs=1e-6)
    assert snap.nearest([-1.0, 0.0, 0.0], 1) == [("D", "", "", pytest.approx(1.0))]
    assert snap.nearest([0.0, 0.0, 1.0], 10)[0][3] == pytest.approx(0.5)  # orthogonal: 0.5
    assert len(snap.nearest([0.0, 0.0, 1.0], 10)) == 4


def test_ties_keep_the_read_order_and_nothing_comes_from_a_zero_query() -> None:
    snap = build_snapshot(
        "HazardType",
        (1, "s"),
        [["X", "", "", [1.0, 0.0]]] * 1 + [["Y", "", "", [1.0, 0.0]], ["Z", "", "", [0.0, 1.0]]],
    )
    assert snap is not None
    assert [f[0] for f in snap.nearest([1.0, 0.0], 2)] == ["X", "Y"]
    assert snap.nearest([0.0, 0.0], 2) == [] and snap.nearest([1.0, 0.0], 0) == []


def test_what_is_not_trusted() -> None:
    assert key_of(7, None) is None and key_of(7, "") is None
    assert key_of(None, "s") == (0, "s") and key_of(7, "s") == (7, "s")
    assert build_snapshot("HazardType", (1, "s"), [ROWS[0], ["E", "", "", [1.0, 0.0]]]) is None
    empty = build_snapshot("HazardType", (1, "s"), [])
    assert empty is not None and empty.dimensions == 0 and empty.nearest([1.0], 5) == []
