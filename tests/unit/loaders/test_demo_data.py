"""The committed demo dataset: valid, complete enough, referentially sound, fictional."""

from __future__ import annotations

import collections
import json
from typing import Any

import yaml

from loaders.demo_loader import DEMO_FILES, demo_dir
from loaders.pipeline import LoadOptions, load_file
from loaders.records import LOAD_ORDER


def _records(kind: str) -> list[dict[str, Any]]:
    path = demo_dir() / DEMO_FILES[kind]
    if path.suffix == ".jsonl":
        return [json.loads(x) for x in path.read_text("utf-8").splitlines()]
    data: list[dict[str, Any]] = yaml.safe_load(path.read_text("utf-8"))
    return data


def test_every_demo_file_validates() -> None:
    for kind in LOAD_ORDER:
        s = load_file(
            None, "neo4j", demo_dir() / DEMO_FILES[kind], LoadOptions(kind=kind, dry_run=True)
        )
        assert s.rows > 0 and s.error_rows == 0, s.to_text()


def test_sizes_and_variety() -> None:
    teams = _records("teams")
    assert len(teams) >= 150 and len(_records("experts")) >= 80
    assert len(_records("equipment")) >= 1000 and len(_records("plans")) >= 10
    types = collections.Counter(t["teamType"] for t in teams)
    for tt in (
        "tt.fire-rescue",
        "tt.water-rescue",
        "tt.usar",
        "tt.forest-fire",
        "tt.mine-rescue",
        "tt.hazmat",
        "tt.medical",
        "tt.power-restoration",
        "tt.aviation-rescue",
        "tt.social-rescue",
    ):
        assert types[tt] >= 1, tt
    assert {t["status"] for t in teams} == {"available", "standby", "deployed", "unavailable"}
    assert all("虚构" in t["nameZh"] and "fictional" in t["nameEn"] for t in teams)
    plans = _records("plans")
    assert {p["level"] for p in plans} == {"national", "provincial"}
    assert all(
        {x["responseLevel"] for x in p["prescribes"]} == {"I", "II", "III", "IV"} for p in plans
    )


def test_regions_are_sichuan_with_real_codes() -> None:
    regions = {r["id"]: r for r in _records("regions")}
    assert regions["510000"]["rank"] == "province"
    cities = [r for r in regions.values() if r["rank"] == "city"]
    assert len(cities) == 21 and all(r["parent"] == "510000" for r in cities)
    assert (regions["510100"]["latitude"], regions["510100"]["longitude"]) == (30.66, 104.06)
    assert regions["513221"]["nameZh"] == "汶川县" and regions["513221"]["parent"] == "513200"


def test_references_point_at_demo_records() -> None:
    team_ids = {t["id"] for t in _records("teams")}
    holders = team_ids | {d["id"] for d in _records("depots")}
    region_ids = {r["id"] for r in _records("regions")}
    assert all(e["holder"] in holders for e in _records("equipment"))
    assert all(t["region"] in region_ids for t in _records("teams"))
    for inc in _records("incidents"):
        assert inc["deployedTeams"] and set(inc["deployedTeams"]) <= team_ids
    named = [
        x["target"]
        for p in _records("plans")
        for x in p["prescribes"]
        if x["target"].startswith("T-")
    ]
    assert named and set(named) <= team_ids
    ids = [r["id"] for k in LOAD_ORDER for r in _records(k)]
    assert len(ids) == len(set(ids))
