"""What a replay replays, as the user gave it, and the replay made of it (one path for the
API's startReplay, `emkg drill replay` and a saved replay's re-run).

A `ReplaySource` is either EMKG incidents by id (with what was sent to them: their
``ASSIGNED_TO``, queries.drills.past) or dispatch records (CSV text) with an optional
mapping (YAML text; queries.drills.history). `replay_from` checks it all and returns the
replay (queries.drills.replay.replay_of), or raises `ReplaySourceError` listing every
problem: the mapping's, then the records' by row and column, then the teams and hazard
codes the graph does not know (by row, in the file's own column), or the incident ids
that name no incident. Each problem says which input it is about (`at`: ``mapping``,
``records``, ``incidentIds[2]``), so the API answers userErrors on those fields and the
command line prints the same sentences.

Example::

    source = ReplaySource(records=csv_text, mapping=yaml_text, name="luding_2022.csv")
    records_history(source)       # the file's own problems, without the graph
    replay = await replay_from(runner, source)      # or ReplaySourceError(problems)
    source.as_dict()                                # saved with the drill, re-run from it
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kg.cypher import CypherRunner
from kg.errors import UserInputError
from ontology.problems import Problem, ProblemLang
from queries.drills.history import (
    DispatchHistory,
    HistoryError,
    HistoryMapping,
    ReplayProblem,
    parse_history,
    parse_mapping,
)
from queries.drills.past import emkg_incidents, unknown_in_graph
from queries.drills.replay import Replay, replay_of

MAX_INCIDENT_IDS = 20
NOT_FOUND_CODES = ("REPLAY_UNKNOWN_TEAM", "REPLAY_UNKNOWN_HAZARD", "REPLAY_NO_INCIDENT")


@dataclass(frozen=True)
class ReplaySource:
    """EMKG incidents by id, or records (CSV text) with their mapping (YAML text)."""

    incident_ids: tuple[str, ...] = ()
    records: str | None = None
    mapping: str | None = None
    name: str = "records"  # the records' name in messages and in the script id

    def as_dict(self) -> dict[str, Any]:
        return {
            "incidentIds": list(self.incident_ids),
            "records": self.records,
            "mapping": self.mapping,
            "name": self.name,
        }

    @classmethod
    def of_dict(cls, d: dict[str, Any]) -> ReplaySource:
        return cls(
            incident_ids=tuple(str(i) for i in d.get("incidentIds") or ()),
            records=None if d.get("records") is None else str(d["records"]),
            mapping=None if d.get("mapping") is None else str(d["mapping"]),
            name=str(d.get("name") or "records"),
        )


@dataclass(frozen=True)
class SourceProblem:
    """One problem with a replay's input: the input it is in and where in it."""

    at: str | None  # "mapping", "records", "incidentIds[0]"
    problem: ReplayProblem

    @property
    def not_found(self) -> bool:
        """Names something the graph lacks (a team, a hazard code, an incident)."""
        return self.problem.problem.code in NOT_FOUND_CODES

    def located(self, lang: ProblemLang = "en") -> Problem:
        return self.problem.located(lang)

    def text(self, lang: ProblemLang = "en") -> str:
        return self.problem.text(lang)


class ReplaySourceError(UserInputError):
    """A replay's input that cannot be replayed; `problems` lists every one."""

    def __init__(self, problems: list[SourceProblem]) -> None:
        self.problems = problems
        super().__init__("cannot replay: " + "; ".join(p.text("en") for p in problems))


def _problems(at: str, e: HistoryError) -> ReplaySourceError:
    return ReplaySourceError([SourceProblem(at, p) for p in e.problems])


def records_history(source: ReplaySource) -> tuple[DispatchHistory, HistoryMapping]:
    """The records' incidents and mapping, checked without the graph (pure), or
    ReplaySourceError naming every problem of the mapping, else of the records."""
    try:
        mapping = parse_mapping(source.mapping)
    except HistoryError as e:
        raise _problems("mapping", e) from e
    try:
        return parse_history(source.records or "", mapping, source.name), mapping
    except HistoryError as e:
        raise _problems("records", e) from e


async def replay_from(runner: CypherRunner, source: ReplaySource) -> Replay:
    """The replay of `source`, or ReplaySourceError naming every problem."""
    if source.incident_ids:
        history = await _incidents(runner, source.incident_ids)
    else:
        history, mapping = records_history(source)
        if unknown := await _unknown(runner, history, mapping):
            raise ReplaySourceError(unknown)
    return replay_of(history)


async def _incidents(runner: CypherRunner, ids: tuple[str, ...]) -> DispatchHistory:
    wanted = list(dict.fromkeys(ids))[:MAX_INCIDENT_IDS]
    found = await emkg_incidents(runner, wanted)
    missing = [
        SourceProblem(
            f"incidentIds[{k}]", ReplayProblem(None, "", Problem.of("REPLAY_NO_INCIDENT", id=i))
        )
        for k, i in enumerate(wanted)
        if i not in found
    ]
    if missing:
        raise ReplaySourceError(missing)
    incidents = tuple(sorted(found.values(), key=lambda x: x.occurred_at))
    return DispatchHistory(incidents, ",".join(wanted))


async def _unknown(
    runner: CypherRunner, h: DispatchHistory, m: HistoryMapping
) -> list[SourceProblem]:
    """The records' teams and hazard codes the graph does not know, by row."""
    teams = [d.team for i in h.incidents for d in i.dispatches]
    hazards = sorted({c for i in h.incidents for c in i.hazards})
    bad_teams, bad_hazards = await unknown_in_graph(runner, teams, hazards)
    out = []
    for i in h.incidents:
        for c in i.hazards:
            if c in bad_hazards:
                p = Problem.of("REPLAY_UNKNOWN_HAZARD", hazard=c)
                out.append(SourceProblem("records", ReplayProblem(i.row, m.column("hazards"), p)))
        for d in i.dispatches:
            if d.team in bad_teams:
                p = Problem.of("REPLAY_UNKNOWN_TEAM", team=d.team)
                out.append(SourceProblem("records", ReplayProblem(d.row, m.column("teamId"), p)))
    return out
