"""The drill's pure parts: durations, overlay, strategies, metrics, the report table."""

from __future__ import annotations

import random

from api.drill_report import metric_rows, report_html, text_table
from queries.drills.drill import fingerprint
from queries.drills.durations import DEFAULT_HOURS, work_hours, work_minutes
from queries.drills.metrics import drill_metrics
from queries.drills.overlay import Overlay, RoadCut
from queries.drills.records import NeedRecord, Sortie
from queries.drills.strategies import Strategy, Waiting, choose, parse_strategies
from queries.models import CandidateTeam, CapabilityNeed, ConceptRef, GeoPoint, TeamSummary

SCENE = GeoPoint(30.0, 104.0)


def team(tid: str, eta: float, caps: list[str], mobility: str = "ground") -> CandidateTeam:
    summary = TeamSummary(tid, tid, tid, "available", GeoPoint(30.2, 104.0), mobility, "county", 10)
    return CandidateTeam(summary, eta / 2, eta, tuple((c, 1) for c in caps))


def need(cid: str, weight: float, units: int = 1) -> CapabilityNeed:
    return CapabilityNeed(ConceptRef(cid, cid, cid), weight, units=units)


def test_work_duration_lookup_order() -> None:
    assert work_hours("11C02", "cap.collapsed-structure-sar") == 12.0  # hazard x need
    assert work_hours("11C02", "cap.logistics") == 8.0  # hazard, any need
    assert work_hours("13A01", "cap.medical-triage") == 4.0  # any hazard, need
    assert work_hours("13A01", "cap.logistics") == DEFAULT_HOURS
    assert work_minutes("11A01", ["cap.water-rescue", "cap.flood-defense"]) == 720.0


def test_the_overlay_blocks_committed_resting_held_and_cut_off_teams() -> None:
    pool = {t.team.id: t for t in (team("A", 10, []), team("B", 10, []), team("C", 10, []))}
    pool["H"] = team("H", 10, [], mobility="air")
    o = Overlay(held_until={"C": 100.0}, resting_until={"B": 50.0})
    o.commit("A", "X")
    assert sorted(o.filter_pool(pool, SCENE, now=0.0)) == ["H"]
    assert sorted(o.filter_pool(pool, SCENE, now=100.0)) == ["B", "C", "H"]
    o.release("A")
    o.cuts.append(RoadCut(SCENE, 10.0, frozenset({"air"}), start=0.0, until=200.0))
    assert sorted(o.filter_pool(pool, SCENE, now=100.0)) == ["H"]  # only aircraft get in
    assert sorted(o.filter_pool(pool, SCENE, now=200.0)) == ["A", "B", "C", "H"]


def _waiting(incident: str, needs: list[CapabilityNeed], teams: list[CandidateTeam]) -> Waiting:
    pool = {t.team.id: t for t in teams}
    return Waiting(incident, tuple(needs), pool, dict.fromkeys(pool, 0.5), 5, 180.0)


def test_closest_takes_the_fastest_holder_per_need_and_random_a_feasible_one() -> None:
    teams = [team("FAR", 90, ["w"]), team("NEAR", 20, ["w"]), team("MID", 40, ["w", "e"])]
    w = _waiting("X", [need("w", 1.0), need("e", 0.9)], teams)
    assert choose(Strategy.CLOSEST, [w], rng=random.Random(1), time_limit=1.0) == {
        "X": ["NEAR", "MID"]
    }
    picks = {
        tuple(choose(Strategy.RANDOM, [w], rng=random.Random(s), time_limit=1.0)["X"])
        for s in range(30)
    }
    assert len(picks) > 1 and all("MID" in p for p in picks)  # only MID holds "e"


def test_emkg_shares_scarce_teams_across_incidents_closest_serves_the_first() -> None:
    # X can use either team; Y only the slower one. Closest gives X the fast team and Y the
    # only one it could use is gone; EMKG's allocator keeps it for Y.
    fast, slow = team("FAST", 20, ["w", "s"]), team("SLOW", 30, ["w"])
    x = _waiting("X", [need("w", 1.0)], [fast, slow])
    y = _waiting("Y", [need("s", 1.0)], [fast])
    assert choose(Strategy.CLOSEST, [x, y], rng=random.Random(1), time_limit=1.0) == {"X": ["FAST"]}
    plan = choose(Strategy.EMKG, [x, y], rng=random.Random(1), time_limit=2.0)
    assert plan == {"X": ["SLOW"], "Y": ["FAST"]}


def test_parse_strategies_names_the_choices() -> None:
    assert parse_strategies("emkg, random,emkg") == [Strategy.EMKG, Strategy.RANDOM]
    try:
        parse_strategies("nearest")
    except ValueError as e:
        assert "emkg, closest, random" in str(e)
    else:
        raise AssertionError("an unknown strategy must be refused")


def _sortie(team_id: str, dispatched: float, arrives: float, km: float) -> Sortie:
    return Sortie(
        team_id,
        team_id,
        team_id,
        "ground",
        "X",
        ["w"],
        0,
        0,
        0,
        0,
        km,
        dispatched,
        arrives,
        60.0,
        readiness=10.0,
        leaves=arrives + 60.0,
        home=arrives + 60.0 + (arrives - dispatched - 10.0),
    )


def test_metrics_by_hand() -> None:
    needs = [
        NeedRecord("X", "w", "水", "water", 1.0, 1, arisen=0.0, first_arrival=25.0),
        NeedRecord("X", "e", "疏", "evac", 0.5, 1, arisen=0.0, first_arrival=100.0),
        NeedRecord("X", "m", "医", "med", 0.5, 1, arisen=30.0),
    ]
    sorties = [_sortie("T1", 0.0, 25.0, 10.0), _sortie("T2", 0.0, 100.0, 60.0)]
    m = drill_metrics(needs, sorties, ["T2"], end=300.0, step=60.0)
    assert m.covered_within == {30: 0.5, 60: 0.5, 120: 0.75}
    assert m.covered_at_end == 0.75
    assert (m.mean_minutes_to_first_unit, m.median_minutes_to_first_unit) == (62.5, 62.5)
    assert [(u.capability, u.count, u.weight) for u in m.unmet_by_kind] == [("m", 1, 0.5)]
    assert (m.teams_exhausted, m.teams_used, m.total_travel_km) == (1, 2, 140.0)
    assert m.total_travel_minutes == 2 * 15.0 + 2 * 90.0
    # at 60 min: w met (1.0) of w, e, m arisen (2.0); T1 home at 100, T2 out until 250
    assert [(p.minute, p.covered, p.teams_out) for p in m.series] == [
        (0.0, 0.0, 2),
        (60.0, 0.5, 2),
        (120.0, 0.75, 1),
        (180.0, 0.75, 1),
        (240.0, 0.75, 1),
        (300.0, 0.75, 0),
    ]


def test_the_report_table_and_page_in_both_languages() -> None:
    run = {
        "strategy": "emkg",
        "stepMeanSeconds": 0.01,
        "metrics": {
            "needs": 3,
            "coveredWithin": {"30": 0.5, "60": 0.5, "120": 0.75},
            "coveredAtEnd": 0.75,
            "meanMinutesToFirstUnit": 62.5,
            "medianMinutesToFirstUnit": 62.5,
            "sorties": 2,
            "teamsUsed": 2,
            "teamsExhausted": 1,
            "totalTravelKm": 140.0,
            "totalTravelMinutes": 210.0,
            "unmetByKind": [
                {
                    "capability": "m",
                    "nameZh": "医疗",
                    "nameEn": "Medical",
                    "count": 1,
                    "weight": 0.5,
                }
            ],
            "series": [
                {"minute": 0.0, "covered": 0.0, "teamsOut": 2},
                {"minute": 60.0, "covered": 0.5, "teamsOut": 1},
            ],
        },
    }
    d = {
        "script": {"id": "s", "nameZh": "演练", "nameEn": "Drill", "durationMinutes": 60.0},
        "seed": 3,
        "graphVersion": "v",
        "runs": [run],
    }
    zh, en = metric_rows(d, "zh"), metric_rows(d, "en")
    assert zh[0] == ["策略", "EMKG 推荐"] and en[0] == ["Strategy", "EMKG recommendation"]
    assert ["60 分钟内覆盖（加权）", "0.5"] in zh and [
        "Covered within 60 min (weighted)",
        "0.5",
    ] in en
    assert "医疗" in report_html(d, "zh") and "Medical" in report_html(d, "en")
    assert "<polyline" in report_html(d, "en")
    assert text_table(en).splitlines()[1].startswith("-----")
    assert fingerprint({**d, "runs": [{**run, "stepMeanSeconds": 9.9}]}) == fingerprint(d)
