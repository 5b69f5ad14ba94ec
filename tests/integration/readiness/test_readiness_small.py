"""Readiness on real Neo4j against a hand-computed case (small_graph.py beside this file).

Hand computation, county 900101 at (30.0, 104.0), flat (ETA = ready + spin-up + km x
route factor / speed; ground 1.4 min/km, air 0.35 min/km after 20 min):
  C air from 1.0 deg:  15 + 20 + 111.195 x 0.35 =  73.9
  A ground 0.5 deg:    10 + 55.598 x 1.4       =  87.8
  B ground 1.0 deg:    20 + 111.195 x 1.4      = 175.7     D deployed 0.2 deg: 41.1 (blocked)
  E1 depot 0.1 deg:    60 + 11.120 x 1.4       =  75.6 (3 pumps), E3 with team A 87.8 (4 pumps),
  E2 in maintenance:   5 pumps blocked;         expert X1 0.3 deg: 30 + 33.359 x 1.4 = 76.7
  P-T1: cap.x x3 PARTLY (C, A; 1 short; nearest B 175.7), team A MET 87.8, pumps x6 MET
        (E1 3 + E3 3), expert MET 76.7;  P-T0: tt.b NOT_MET (B 175.7)  -> 3 of 5 met.
County 900102 at (32.5, 104.0), mountainous (ground 2.24 min/km):
  C 1.5 deg: 35 + 166.793 x 0.35 = 93.4; B 20 + 166.793 x 2.24 = 393.6; A 10 + 222.390 x 2.24 =
  508.2; E3 508.2, E1 60 + 266.868 x 2.24 = 657.8; X1 30 + 244.629 x 2.24 = 578.0
  P-T1: cap.x PARTLY (C; nearest B 393.6), team A NOT_MET too far 508.2, pumps NOT_MET
        (nearest E3 508.2), expert too far 578.0;  P-T0: NOT_MET (B 393.6)  -> 0 of 5.
"""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import Driver

from api.messages import render
from kg.errors import NotFoundError, UserInputError
from kg.settings import Settings
from queries.models import ResponseLevel
from queries.readiness.matrix import plan_readiness, readiness_matrix
from queries.readiness.model import PrescriptionReadiness
from tests.integration.readiness.small_graph import write_small_graph
from tests.integration.runner import run_with_runner

pytestmark = pytest.mark.integration


@pytest.fixture
def small(clean_graph: Driver, neo4j_settings: Settings) -> Settings:
    write_small_graph(clean_graph, neo4j_settings.neo4j_database)
    return neo4j_settings


def _row(p: PrescriptionReadiness) -> tuple[Any, ...]:
    extra = p.nearest_extra
    return (
        p.prescribed.key,
        p.status,
        p.have,
        p.need,
        tuple((u.unit.id, u.eta_minutes, u.quantity) for u in p.used),
        (extra.unit.id, extra.eta_minutes) if extra else None,
        p.blocked,
    )


def test_plan_readiness_matches_the_hand_computed_case(small: Settings) -> None:
    r = run_with_runner(small, lambda run: plan_readiness(run, "P-T1", "900101", ResponseLevel.I))
    assert (r.plan.time_standard, r.plan.own_standard, r.applies) == (120.0, True, True)
    assert [_row(p) for p in r.prescriptions] == [
        ("capability:cap.x", "PARTLY", 2, 3, (("C", 73.9, 1), ("A", 87.8, 1)), ("B", 175.7), 1),
        ("team:A", "MET", 1, 1, (("A", 87.8, 1),), None, 0),
        ("equipmentType:eq.pump", "MET", 6, 6, (("E1", 75.6, 3), ("E3", 87.8, 3)), None, 5),
        ("expert:X1", "MET", 1, 1, (("X1", 76.7, 1),), None, 0),
    ]
    partly = r.prescriptions[0].reasons[0]
    assert render(partly, "zh") == (
        "X能力：120 分钟内仅 2/3 个单元可到达，缺 1 个；最近的后备单元 乙队 需 175.7 分钟"
    )
    assert render(partly, "en") == (
        "Capability X: only 2 of 3 units within 120 min, 1 short; "
        "the nearest further unit, Team B, needs 175.7 min"
    )


def test_matrix_over_the_province_matches_the_hand_computed_case(small: Settings) -> None:
    m = run_with_runner(
        small, lambda run: readiness_matrix(run, ResponseLevel.I, "900000", hazard="11C02")
    )
    assert [(x.region.region.id, x.met, x.total) for x in m.regions] == [
        ("900101", 3, 5),
        ("900102", 0, 5),
    ]
    flat, mountain = m.regions
    assert [p.plan.plan.id for p in flat.plans] == ["P-T0", "P-T1"]
    assert _row(flat.plans[0].prescriptions[0]) == (
        "teamType:tt.b", "NOT_MET", 0, 1, (), ("B", 175.7), 0,
    )  # fmt: skip
    assert [_row(p) for p in mountain.plans[1].prescriptions] == [
        ("capability:cap.x", "PARTLY", 1, 3, (("C", 93.4, 1),), ("B", 393.6), 0),
        ("team:A", "NOT_MET", 0, 1, (), ("A", 508.2), 0),
        ("equipmentType:eq.pump", "NOT_MET", 0, 6, (), ("E3", 508.2), 0),
        ("expert:X1", "NOT_MET", 0, 1, (), ("X1", 578.0), 0),
    ]
    assert mountain.plans[0].prescriptions[0].nearest_extra is not None
    assert mountain.plans[0].prescriptions[0].nearest_extra.eta_minutes == 393.6


def test_level_ii_checks_only_what_the_plan_prescribes_at_ii(small: Settings) -> None:
    # P-T1 sets 120 min for every level; P-T0 prescribes nothing at II.
    m = run_with_runner(
        small, lambda run: readiness_matrix(run, ResponseLevel.II, "900000", plan="P-T1")
    )
    assert [(x.region.region.id, x.met, x.total) for x in m.regions] == [
        ("900101", 1, 1),
        ("900102", 1, 1),
    ]


def test_unknown_inputs_are_clear_errors(small: Settings) -> None:
    with pytest.raises(NotFoundError, match="no plan with id 'P-NONE'"):
        run_with_runner(small, lambda run: plan_readiness(run, "P-NONE", "900101", ResponseLevel.I))
    with pytest.raises(NotFoundError, match="no region with code '123456'"):
        run_with_runner(
            small, lambda run: readiness_matrix(run, ResponseLevel.I, "123456", hazard="11C02")
        )
    with pytest.raises(UserInputError, match="either a hazard code or a plan id"):
        run_with_runner(small, lambda run: readiness_matrix(run, ResponseLevel.I, "900000"))
    with pytest.raises(UserInputError, match="divided into 2 regions"):
        run_with_runner(small, lambda run: plan_readiness(run, "P-T1", "900100", ResponseLevel.I))
