"""Every replay message (REPLAY_* in reasons.json) as the code makes it: the records' and
mappings' problems from bad files, the comparison's reasons, and the API's refusals with
their call sites' parameters (tests/unit/recommend/test_messages.py renders them all)."""

from __future__ import annotations

import pytest

from queries.drills.history import HistoryError, ReplayProblem, parse_history, parse_mapping
from queries.drills.records import NeedRecord, Sortie
from queries.drills.replay import compare
from queries.models import Reason

HEADER = (
    "incidentId,incidentNameZh,occurredAt,hazards,latitude,longitude,level,teamId,"
    "dispatchedAt,arrivedAt,releasedAt\n"
)
ROW = "A,甲,2025-07-01T08:00:00,11A01,30.0,104.0,IV,T-1,2025-07-01T08:10:00,,\n"


def _problems(text: str, mapping: str | None = None) -> list[ReplayProblem]:
    with pytest.raises(HistoryError) as e:
        parse_history(text, parse_mapping(mapping))
    return e.value.problems


def _mapping(text: str) -> list[ReplayProblem]:
    with pytest.raises(HistoryError) as e:
        parse_mapping(text)
    return e.value.problems


def _reason(p: ReplayProblem) -> Reason:
    return Reason(p.problem.code, p.problem.params)  # type: ignore[arg-type]


def replay_reasons() -> list[Reason]:
    bad = (
        HEADER
        + ROW.replace("2025-07-01T08:00:00", "soon", 1)
        + ROW.replace("T-1,2025-07-01T08:10:00", "T-2,2025-07-01T07:10:00")
        + ROW.replace("30.0", "31.0")
        + ROW
        + ROW
    )
    problems = _problems(bad)
    problems += _problems(HEADER.replace("teamId", "team") + ROW)
    problems += _problems(HEADER)
    problems += _problems(HEADER + ROW.replace("T-1,2025-07-01T08:10", "T-1,2025-07-09T08:10"))
    problems += _problems(HEADER + ROW * 2001)
    problems += _problems(HEADER + "x" * 500_001)
    problems += _problems(HEADER + '"' + "x" * 140_000 + '"\n')  # over csv's field limit
    for text in ("colums: {}", "columns: {team: x}", "timezone: Beijing", "columns: ["):
        problems += _mapping(text)
    out = [_reason(p) for p in problems]
    out += [Reason.of("REPLAY_AT", row=p.row, column=p.column, problem="…")
            for p in problems[:1] if p.row is not None]  # fmt: skip

    def sortie(team: str, arrives: float, covers: list[str]) -> Sortie:
        return Sortie(team, "甲队", "Team A", "ground", "A", covers, 30.0, 104.0, 30.0, 104.0,
                      10.0, 0.0, arrives, 60.0)  # fmt: skip

    def need(cap: str, first: float | None) -> NeedRecord:
        n = NeedRecord("A", cap, "水域救援", "Water rescue", 1.0, 1, 0.0)
        n.first_arrival = first
        return n

    c = compare(
        "A",
        [sortie("T-1", 50, ["w"]), sortie("T-2", 30, []), sortie("T-5", 30, ["w"]),
         sortie("T-6", 40, ["m"])],
        [sortie("T-4", 25, ["w", "m"])],
        [need("w", 30), need("m", None)],
        [need("w", 25), need("m", 80)],
        frozenset({"T-5"}),
    )  # fmt: skip
    out += [r for v in (*c.added, *c.dropped) for r in v.reasons]
    out += [
        Reason.of("REPLAY_UNKNOWN_TEAM", team="T-404"),
        Reason.of("REPLAY_UNKNOWN_HAZARD", hazard="11Z99"),
        Reason.of("REPLAY_NO_INCIDENT", id="INC-404"),
        Reason.of("REPLAY_ONE_OF", incidentIds="incidentIds", records="records"),
        Reason.of("DRILL_ACTUAL_REPLAY_ONLY", mutation="startReplay"),
    ]
    return out
