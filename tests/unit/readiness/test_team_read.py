"""The team read's columns joined into units (queries/readiness/team_read.py; pure): the
same units the single map-per-team read gave, on generated columns with the edges in them
(a team linked twice to one capability, retired holders, missing names and modes, named
teams and teams of a wanted type without a wanted capability)."""

from __future__ import annotations

import random
import re
from typing import Any

from queries.models import ConceptRef, GeoPoint
from queries.readiness.model import Unit
from queries.readiness.team_read import (
    CAPABILITY_FIELDS,
    TEAM_CAPABILITIES,
    TEAM_COLUMNS,
    TEAM_FIELDS,
    held_capabilities,
    team_units,
)

CAPS = ["cap.b", "cap.a", "cap.c"]  # not in id order: the join sorts


def returned(cypher: str) -> tuple[str, ...]:
    """The aliases of the last RETURN, in order."""
    tail = cypher[cypher.rindex("RETURN") :]
    return tuple(re.findall(r"\bAS (\w+)", tail))


def test_the_parsers_read_exactly_the_returned_columns() -> None:
    assert returned(TEAM_COLUMNS) == TEAM_FIELDS
    assert returned(TEAM_CAPABILITIES) == CAPABILITY_FIELDS


def generated(
    rnd: random.Random, n: int
) -> tuple[dict[str, list[Any]], dict[str, list[Any]], list[dict[str, Any]]]:
    """TEAM_COLUMNS' and TEAM_CAPABILITIES' records for `n` teams (a tenth retired: among the
    holders but not the columns), and each team as the map the old read returned."""
    teams: dict[str, list[Any]] = {f: [] for f in TEAM_FIELDS}
    links: list[tuple[str, str, int]] = []
    old: list[dict[str, Any]] = []
    for k in range(n):
        tid = f"T{k:04d}"
        held = [(c, rnd.randint(1, 4)) for c in CAPS if rnd.random() < 0.4]
        if held and rnd.random() < 0.2:  # linked twice to one capability
            held.append((held[0][0], rnd.randint(1, 4)))
        links += [(c, tid, lv) for c, lv in held]
        if rnd.random() < 0.1:  # retired: the capability read still sees its links
            continue
        row = {
            "id": tid,
            "nameZh": rnd.choice([f"队{k}", ""]),
            "nameEn": rnd.choice([f"Team {k}", ""]),
            "status": rnd.choice(["available", "standby", "deployed", ""]),
            "lat": rnd.uniform(20, 40),
            "lon": rnd.uniform(90, 120),
            "mobility": rnd.choice(["ground", "air", ""]),
            "readiness": rnd.choice([0, 15, 30.5]),
            "teamType": rnd.choice(["tt.a", "tt.b", ""]),
        }
        for f in TEAM_FIELDS:
            teams[f].append(row[f])
        old.append({**row, "caps": [[c, lv] for c, lv in held]})
    rnd.shuffle(links)  # the server's order is arbitrary
    caps: dict[str, list[Any]] = {f: [] for f in CAPABILITY_FIELDS}
    for c in CAPS:
        mine = [(tid, lv) for cap, tid, lv in links if cap == c]
        caps["capability"].append(c)
        caps["holders"].append([tid for tid, _ in mine])
        caps["levels"].append([lv for _, lv in mine])
    return teams, caps, old


def old_unit(r: dict[str, Any]) -> Unit:
    """The unit the map-per-team read's parser made of one map (before the column read)."""
    status = r.get("status") or ""
    return Unit(
        id=r["id"],
        name=ConceptRef.of(r),
        kind="team",
        location=GeoPoint(float(r["lat"]), float(r["lon"])),
        status=status,
        usable=status in ("available", "standby"),
        mobility=r.get("mobility") or "ground",
        ready_minutes=float(r.get("readiness") or 0),
        team_type=r.get("teamType") or None,
        capabilities=tuple(sorted((str(c), int(lvl)) for c, lvl in r["caps"])),
    )


def test_the_joined_units_equal_the_units_of_the_map_read() -> None:
    rnd = random.Random(7)
    teams, caps, old = generated(rnd, 400)
    named = [old[3]["id"], old[5]["id"]]
    units = team_units(teams, caps, team_types=["tt.b"], named=named)
    kept = [old_unit(r) for r in old if r["caps"] or r["teamType"] == "tt.b" or r["id"] in named]
    assert units == kept
    assert any(len({c for c, _ in u.capabilities}) < len(u.capabilities) for u in units)
    assert any(not u.capabilities for u in units)  # kept for its type or its name


def test_a_team_linked_twice_to_a_capability_keeps_both_levels_in_order() -> None:
    caps = {"capability": ["cap.b", "cap.a"], "holders": [["T1", "T1"], ["T1"]],
            "levels": [[3, 1], [2]]}  # fmt: skip
    assert held_capabilities(["T1"], caps) == [(("cap.a", 2), ("cap.b", 1), ("cap.b", 3))]


def test_holders_that_are_not_read_are_left_out_and_empty_reads_give_nothing() -> None:
    caps = {"capability": ["cap.a"], "holders": [["T9", "T1"]], "levels": [[1, 4]]}
    assert held_capabilities(["T1", "T2"], caps) == [(("cap.a", 4),), ()]
    empty: dict[str, list[Any]] = {f: [] for f in TEAM_FIELDS}
    none: dict[str, list[Any]] = {f: [] for f in CAPABILITY_FIELDS}
    assert team_units(empty, none, team_types=[], named=[]) == []
