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


def test_regions_are_every_chinese_division_with_real_codes() -> None:
    # The demo's regions are now all of China's (loaders/demo/build_regions.py); the 44
    # Sichuan regions the demo named before keep their ids, names and seat coordinates.
    regions = {r["id"]: r for r in _records("regions")}
    ranks = collections.Counter(r["rank"] for r in regions.values())
    assert ranks["province"] == 34 and ranks["city"] > 330 and ranks["county"] > 2800
    cities = [r for r in regions.values() if r["rank"] == "city" and r.get("parent") == "510000"]
    assert len(cities) == 21
    sichuan_counties = [
        r for r in regions.values() if r["id"].startswith("51") and r["rank"] == "county"
    ]
    assert len(sichuan_counties) == 183
    assert (regions["510100"]["latitude"], regions["510100"]["longitude"]) == (30.66, 104.06)
    assert regions["510100"]["nameEn"] == "Chengdu" and regions["510100"]["aliasesZh"] == ["成都"]
    assert regions["513221"]["nameZh"] == "汶川县" and regions["513221"]["parent"] == "513200"
    assert regions["513402"]["nameZh"] == "会理市" and "513425" not in regions  # stale code fixed
    for r in regions.values():  # every region's point lies in its bounding box
        assert r["minLatitude"] <= r["latitude"] <= r["maxLatitude"], r["id"]
        assert r["minLongitude"] <= r["longitude"] <= r["maxLongitude"], r["id"]
        assert r.get("parent") is None or r["parent"] in regions


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
