"""The issue's invariants on the demo data and on generated graphs; determinism."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from neo4j import Driver

from kg.settings import Settings
from loaders.generator import HAZARDS, generate
from loaders.pipeline import LoadOptions, load_file
from tests.integration.recommend.conftest import Recommend, check_invariants, scenario

DEMO_SCENARIOS = [
    (("11A01",), (30.66, 104.06), "IV", {}),
    (("11C02",), (31.0, 103.6), "I", {}),
    (("12D00",), (29.35, 104.77), "II", {"max_travel_minutes": 60}),
    (("11G01",), (27.92, 101.28), "II", {}),
    (("12A00",), (29.35, 104.77), "III", {"max_travel_minutes": 45}),
    (("11C02", "12G04"), (30.66, 104.06), "I", {"max_teams": 3}),
    (("11A01",), (30.66, 104.06), "II", {"exclude_teams": ("T-SC-0075", "T-SC-0087")}),
    (("13A00",), (28.77, 104.63), "III", {"required_capabilities": ("cap.water-rescue",)}),
]


@pytest.mark.parametrize(("codes", "at", "level", "kw"), DEMO_SCENARIOS)
def test_invariants_on_demo_data(
    demo_graph: Driver,
    neo4j_settings: Settings,
    recommend: Recommend,
    codes: tuple[str, ...],
    at: tuple[float, float],
    level: str,
    kw: dict[str, object],
) -> None:
    rec = recommend(codes, at, level, **kw)
    assert rec.required_capabilities
    check_invariants(
        demo_graph, neo4j_settings.neo4j_database, scenario(codes, at, level, **kw), rec
    )
    again = recommend(codes, at, level, **kw)
    assert again == rec  # same input, same graph -> same output, to the last reason


def test_excluded_team_leaves_the_package(demo_graph: Driver, recommend: Recommend) -> None:
    first = recommend(["11A01"], (30.66, 104.06), "IV")
    out = first.force_package[0].team.id
    second = recommend(["11A01"], (30.66, 104.06), "IV", exclude_teams=(out,))
    assert out not in {r.team.id for r in second.force_package}
    assert out not in {r.team.id for r in second.candidates}


def test_max_teams_is_respected(demo_graph: Driver, recommend: Recommend) -> None:
    rec = recommend(["11C02"], (30.66, 104.06), "I", max_teams=2)
    assert len(rec.force_package) == 2
    assert any(g.limited_by == "maxTeams" and g.nearest_team for g in rec.gaps)


def test_shorter_travel_limit_never_adds_teams_beyond_it(
    demo_graph: Driver, recommend: Recommend
) -> None:
    rec = recommend(["11A01"], (30.66, 104.06), "II", max_travel_minutes=20)
    assert all(r.eta_minutes <= 20 for r in rec.candidates)
    assert all(g.nearest_team is None or g.nearest_team.eta_minutes > 20 for g in rec.gaps)


def test_invariants_on_a_generated_graph(
    ontology_graph: Driver, neo4j_settings: Settings, recommend: Recommend, tmp_path: Path
) -> None:
    db = neo4j_settings.neo4j_database
    generate("tiny", 3, tmp_path)
    for kind in ("regions", "teams", "incidents", "plans", "experts"):
        load_file(
            ontology_graph,
            db,
            tmp_path / f"{kind}.jsonl",
            LoadOptions(kind=kind, source=f"gen/{kind}"),
        )
    places = [
        (r["lat"], r["lon"])
        for r in ontology_graph.execute_query(
            "MATCH (t:Team) RETURN t.location.latitude AS lat, t.location.longitude AS lon "
            "ORDER BY t.id",
            database_=db,
        ).records
    ]
    rng = random.Random(11)
    teams = [
        r["id"]
        for r in ontology_graph.execute_query(
            "MATCH (t:Team) RETURN t.id AS id ORDER BY id", database_=db
        ).records
    ]
    for _ in range(12):
        lat, lon = rng.choice(places)
        at = (lat + rng.uniform(-0.3, 0.3), lon + rng.uniform(-0.3, 0.3))
        codes = tuple(rng.sample(HAZARDS, rng.choice((1, 1, 2))))
        level = rng.choice(("I", "II", "III", "IV"))
        kw: dict[str, object] = {}
        if rng.random() < 0.4:
            kw["max_travel_minutes"] = rng.choice((20, 45, 90))
        if rng.random() < 0.3:
            kw["max_teams"] = rng.choice((1, 3, 8))
        if rng.random() < 0.4:
            kw["exclude_teams"] = tuple(rng.sample(teams, 20))
        rec = recommend(codes, at, level, **kw)
        check_invariants(ontology_graph, db, scenario(codes, at, level, **kw), rec)
        assert rec == recommend(codes, at, level, **kw)
