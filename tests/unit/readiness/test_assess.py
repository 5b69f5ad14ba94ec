"""The readiness check of one region against a hand-computed case (pure, no Neo4j).

Region point (30.0, 104.0), outside every mountain box; 1 degree of latitude = 111.195 km.
  A ground, ready 10 min, 0.5 deg north: 10 + 55.598 x 1.4           =  87.8 min
  B ground, ready 20 min, 1.0 deg north: 20 + 111.195 x 1.4          = 175.7 min
  C air,    ready 15 min, 1.0 deg north: 15 + 20 + 111.195 x 0.35    =  73.9 min
  D ground, ready 10 min, 0.2 deg north, deployed: 10 + 22.239 x 1.4 =  41.1 min
"""

from __future__ import annotations

from api.messages import render
from queries.models import ConceptRef, GeoPoint, ResponseLevel
from queries.readiness.assess import Supply, assess_plan
from queries.readiness.model import Prescribed, Unit
from tests.unit.readiness.samples import REGION, UNITS, X, plan


def check(*items: Prescribed, standard: float = 120.0) -> list:  # type: ignore[type-arg]
    return list(assess_plan(plan(*items, standard=standard), REGION, ResponseLevel.I,
                            Supply.of(UNITS)).prescriptions)  # fmt: skip


def test_partly_met_names_the_shortfall_and_the_nearest_extra_unit() -> None:
    (r,) = check(Prescribed("capability", X, 3))
    assert (r.status, r.have, r.need, r.short, r.blocked) == ("PARTLY", 2, 3, 1, 1)
    assert [(u.unit.id, u.eta_minutes) for u in r.used] == [("C", 73.9), ("A", 87.8)]
    assert r.nearest_extra is not None
    assert (r.nearest_extra.unit.id, r.nearest_extra.eta_minutes) == ("B", 175.7)
    assert render(r.reasons[0], "zh") == (
        "X能力：120 分钟内仅 2/3 个单元可到达，缺 1 个；最近的后备单元 队B 需 175.7 分钟"
    )
    assert render(r.reasons[1], "en").startswith("capability X: 1 more units could arrive")


def test_met_takes_the_fastest_units_only() -> None:
    (r,) = check(Prescribed("capability", X, 1))
    assert (r.status, [u.unit.id for u in r.used], r.nearest_extra) == ("MET", ["C"], None)


def test_capability_level_and_team_type_filter_the_units() -> None:
    best, typed = check(
        Prescribed("capability", X, 2, capability_level=1),
        Prescribed("teamType", ConceptRef("tt.b", "乙类", "type B"), 1),
    )
    assert (best.status, best.have, [u.unit.id for u in best.used]) == ("PARTLY", 1, ["C"])
    assert best.nearest_extra is None and best.reasons[0].code == "READY_PARTLY_NONE_NEAR"
    assert (typed.status, typed.nearest_extra and typed.nearest_extra.unit.id) == ("NOT_MET", "B")


def test_a_longer_standard_meets_what_a_shorter_one_does_not() -> None:
    (r,) = check(Prescribed("capability", X, 3), standard=180.0)
    assert (r.status, [u.unit.id for u in r.used]) == ("MET", ["C", "A", "B"])


def test_named_teams_say_why_they_are_not_met() -> None:
    named = [Prescribed("team", ConceptRef(t, "", t)) for t in ("A", "B", "D", "Z")]
    a, b, d, z = check(*named)
    assert (a.status, a.used[0].eta_minutes) == ("MET", 87.8)
    assert (b.status, b.reasons[0].code) == ("NOT_MET", "READY_NAMED_TOO_FAR")
    assert (d.status, d.reasons[0].code, d.blocked) == ("NOT_MET", "READY_NAMED_STATUS", 1)
    assert render(d.reasons[0], "zh") == "预案点名的 D 当前已出动"
    assert z.reasons[0].code == "READY_NAMED_MISSING"


def test_equipment_counts_quantities_and_skips_maintenance() -> None:
    et = ConceptRef("eq.pump", "排涝泵", "pump")

    def stock(eid: str, lat: float, qty: int, status: str) -> Unit:
        return Unit(eid, ConceptRef(eid, eid, eid), "equipment", GeoPoint(lat, 104.0), status,
                    status == "ready", "ground", 60.0, equipment_type="eq.pump",
                    quantity=qty)  # fmt: skip

    supply = Supply.of([stock("E1", 30.1, 3, "ready"), stock("E2", 30.0, 5, "maintenance"),
                        stock("E3", 30.3, 4, "ready")])  # fmt: skip
    (r,) = assess_plan(plan(Prescribed("equipmentType", et, 6)), REGION, ResponseLevel.I,
                       supply).prescriptions  # fmt: skip
    assert (r.status, r.have, r.blocked) == ("MET", 6, 5)
    assert [(u.unit.id, u.quantity) for u in r.used] == [("E1", 3), ("E3", 3)]
