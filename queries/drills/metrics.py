"""Drill metrics (pure): how well a strategy met the needs, over time and at the end.

Over the needs that arose during the drill (capabilities of weight at least the
recommender's relevance floor, one record per incident and capability):

- ``coveredWithin``: for 30, 60 and 120 minutes, the weighted share of needs whose first
  unit was on scene within that time of the need arising: sum(weight of those needs) /
  sum(weight of all needs);
- ``timeToFirstUnit``: per need, minutes from arising to the first unit on scene (None:
  never met); and the mean and median over the needs met;
- ``unmetByKind``: per capability, the needs never met by the end (count, weight);
- ``teamsExhausted``: teams that worked a full shift and had to rest;
- ``totalTravelKm`` / ``totalTravelMinutes``: out and back, over every sortie that
  started (a sortie still out at the end counts its way out, and back if it left);
- ``series``: every ``step`` minutes, the weighted share of the needs arisen so far that
  have a unit on scene, and the number of teams out.

Example::

    m = drill_metrics(run.needs, run.sorties, run.exhausted, end=1440.0)
    m.covered_within[60]        # 0.42
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from queries.drills.records import NeedRecord, Sortie

WINDOWS = (30, 60, 120)
SERIES_STEP = 30.0


@dataclass(frozen=True)
class Unmet:
    capability: str
    name_zh: str
    name_en: str
    count: int
    weight: float


@dataclass(frozen=True)
class SeriesPoint:
    minute: float
    covered: float  # weighted share of needs arisen by now with a unit on scene
    teams_out: int


@dataclass(frozen=True)
class DrillMetrics:
    needs: int
    total_weight: float
    covered_within: dict[int, float]
    covered_at_end: float
    mean_minutes_to_first_unit: float | None
    median_minutes_to_first_unit: float | None
    unmet_by_kind: tuple[Unmet, ...]
    teams_exhausted: int
    teams_used: int
    sorties: int
    total_travel_km: float
    total_travel_minutes: float
    series: tuple[SeriesPoint, ...]


def _share(needs: Sequence[NeedRecord], ok: Sequence[bool]) -> float:
    total = sum(n.weight for n in needs)
    if total <= 0:
        return 0.0
    return round(sum(n.weight for n, y in zip(needs, ok, strict=True) if y) / total, 4)


def _travel(s: Sortie, end: float) -> tuple[float, float]:
    """(km, minutes) moved by the end: the way out, and back when it left the scene."""
    one_way = s.travel_minutes
    legs = 1 + (1 if s.leaves is not None and s.leaves <= end else 0)
    return s.distance_km * legs, one_way * legs


def drill_metrics(
    needs: Sequence[NeedRecord],
    sorties: Sequence[Sortie],
    exhausted: Sequence[str],
    *,
    end: float,
    step: float = SERIES_STEP,
) -> DrillMetrics:
    times = [n.minutes_to_first_unit for n in needs]
    met = [t for t in times if t is not None]
    within = {w: _share(needs, [t is not None and t <= w for t in times]) for w in WINDOWS}
    unmet: dict[str, list[NeedRecord]] = {}
    for n in needs:
        if n.first_arrival is None:
            unmet.setdefault(n.capability, []).append(n)
    kinds = tuple(
        Unmet(cid, ns[0].name_zh, ns[0].name_en, len(ns), round(sum(n.weight for n in ns), 4))
        for cid, ns in sorted(unmet.items(), key=lambda kv: (-sum(n.weight for n in kv[1]), kv[0]))
    )
    travel = [_travel(s, end) for s in sorties]
    series = []
    minute = 0.0
    while minute <= end + 1e-9:
        arisen = [n for n in needs if n.arisen <= minute]
        ok = [n.first_arrival is not None and n.first_arrival <= minute for n in arisen]
        out = sum(
            1 for s in sorties if s.dispatched <= minute and (s.home is None or s.home > minute)
        )
        series.append(SeriesPoint(minute, _share(arisen, ok), out))
        minute += step
    return DrillMetrics(
        needs=len(needs),
        total_weight=round(sum(n.weight for n in needs), 4),
        covered_within=within,
        covered_at_end=_share(needs, [n.first_arrival is not None for n in needs]),
        mean_minutes_to_first_unit=round(statistics.fmean(met), 1) if met else None,
        median_minutes_to_first_unit=round(statistics.median(met), 1) if met else None,
        unmet_by_kind=kinds,
        teams_exhausted=len(set(exhausted)),
        teams_used=len({s.team for s in sorties}),
        sorties=len(sorties),
        total_travel_km=round(sum(km for km, _ in travel), 1),
        total_travel_minutes=round(sum(m for _, m in travel), 1),
        series=tuple(series),
    )
