"""Historical dispatch records (历史调度记录): what was really sent to past incidents.

A CSV file, one row per team sent: the incident's columns (repeated on each of its
rows) and the team's. Canonical column names (a file in another layout needs a mapping,
below; the format is documented in queries/drills/README.md):

=================  =========  ==========================================================
column             required   meaning
=================  =========  ==========================================================
incidentId         yes        the incident's id (letters, digits, ``. _ -``)
incidentNameZh     yes        its Chinese name
incidentNameEn     no         its English name (default: the id)
occurredAt         yes        when it happened (ISO 8601; no offset: the mapping's zone)
hazards            yes        GB/T 35561 codes, ``;`` between several (``11C02;11D04``)
latitude           yes        WGS-84 degrees
longitude          yes        WGS-84 degrees
level              yes        response level I, II, III or IV
description        no         the report text (the recommender reads its facts)
teamId             yes        the team sent (its id in the graph)
dispatchedAt       yes        when it was sent (not before occurredAt)
arrivedAt          no         when it was on scene (default: dispatchedAt + the ETA)
releasedAt         no         when it left the scene (default: the work-duration table)
=================  =========  ==========================================================

A mapping (YAML) renames columns and translates values::

    columns: {incidentId: 事件编号, teamId: 队伍编号, dispatchedAt: 出动时间, ...}
    values:
      level: {一级: I, 二级: II, 三级: III, 四级: IV}
      hazards: {地震: 11C02, 滑坡: 11D04}
    hazardSeparator: "、"
    timezone: "+08:00"
    timeFormats: ["%Y/%m/%d %H:%M"]

Every problem is found at once and named by row (the CSV's data row, 1 = the line after
the header) and column, as catalog messages (REPLAY_*, LOAD_* in reasons.json) rendered
in Chinese or English.

Example::

    history = parse_history(Path("queries/drills/history/luding_2022.csv").read_text())
    history.incidents[0].dispatches[0].team      # "T-SC-0098"
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

from kg.errors import UserInputError
from ontology.problems import Problem, ProblemLang, TermKey

HISTORY_DIR = Path(__file__).parent / "history"
MAX_HISTORY_BYTES = 500_000
MAX_ROWS = 2000
MAX_SPAN_HOURS = 72.0
COLUMNS = (
    "incidentId", "incidentNameZh", "incidentNameEn", "occurredAt", "hazards", "latitude",
    "longitude", "level", "description", "teamId", "dispatchedAt", "arrivedAt", "releasedAt",
)  # fmt: skip
REQUIRED = (
    "incidentId", "incidentNameZh", "occurredAt", "hazards", "latitude", "longitude", "level",
    "teamId", "dispatchedAt",
)  # fmt: skip
INCIDENT_COLUMNS = (
    "incidentNameZh", "incidentNameEn", "occurredAt", "hazards", "latitude", "longitude",
    "level", "description",
)  # fmt: skip
LEVELS = ("I", "II", "III", "IV")
MAPPING_KEYS = ("columns", "values", "hazardSeparator", "timezone", "timeFormats")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_HAZARD = re.compile(r"^[0-9]{2}[0-9A-Z]{3}$")
TIME_EXAMPLE = "2022-09-05 12:52"
BEIJING = timezone(timedelta(hours=8))


@dataclass(frozen=True)
class PastDispatch:
    """One team sent to a past incident, with the times recorded."""

    team: str
    dispatched_at: datetime
    arrived_at: datetime | None = None
    released_at: datetime | None = None
    row: int | None = None  # where it came from (None: from the graph)


@dataclass(frozen=True)
class PastIncident:
    id: str
    name_zh: str
    name_en: str
    occurred_at: datetime
    hazards: tuple[str, ...]
    latitude: float
    longitude: float
    level: str
    description: str | None
    dispatches: tuple[PastDispatch, ...]
    row: int | None = None  # its first row in the file


@dataclass(frozen=True)
class DispatchHistory:
    incidents: tuple[PastIncident, ...]
    source: str

    @property
    def start(self) -> datetime:
        return min(i.occurred_at for i in self.incidents)


@dataclass(frozen=True)
class ReplayProblem:
    """A problem with the records: the row (None: the whole file) and column it is in."""

    row: int | None
    column: str
    problem: Problem

    def located(self, lang: ProblemLang = "en") -> Problem:
        """The problem with its row and column (REPLAY_AT), the inner text in `lang`."""
        if self.row is None:
            return self.problem
        inner = self.problem.text(lang)
        return Problem.of("REPLAY_AT", row=self.row, column=self.column, problem=inner)

    def text(self, lang: ProblemLang = "en") -> str:
        return self.located(lang).text(lang)


class HistoryError(UserInputError):
    """Records that cannot be replayed; `problems` lists every one with its row and column."""

    def __init__(self, source: str, problems: list[ReplayProblem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"dispatch records {source}: " + "; ".join(p.text("en") for p in problems))


@dataclass(frozen=True)
class HistoryMapping:
    """How a file's columns and values become the canonical ones (identity by default)."""

    columns: Mapping[str, str] = field(default_factory=dict)  # canonical -> file column
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    hazard_separator: str = ";"
    zone: timezone = BEIJING
    time_formats: tuple[str, ...] = ()

    def column(self, name: str) -> str:
        return self.columns.get(name, name)


def _mapping_problem(code: str, **params: Any) -> HistoryError:
    return HistoryError("mapping", [ReplayProblem(None, "", Problem.of(code, **params))])


def parse_zone(text: str) -> timezone:
    m = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", text.strip())
    if m is None:
        raise _mapping_problem("REPLAY_MAPPING_ZONE", value=text)
    sign = -1 if m.group(1) == "-" else 1
    return timezone(sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3))))


def parse_mapping(text: str | None) -> HistoryMapping:
    """A mapping's YAML text (None or blank: the canonical columns as they are)."""
    if text is None or not text.strip():
        return HistoryMapping()
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise _mapping_problem("REPLAY_MAPPING_YAML", problem=str(e).splitlines()[0]) from e
    if not isinstance(data, dict):
        keys = ", ".join(MAPPING_KEYS)
        raise _mapping_problem("REPLAY_MAPPING_FIELD", field=str(data)[:40], choices=keys)
    for key in data:
        if key not in MAPPING_KEYS:
            keys = ", ".join(MAPPING_KEYS)
            raise _mapping_problem("REPLAY_MAPPING_FIELD", field=str(key), choices=keys)
    columns = {str(k): str(v) for k, v in (data.get("columns") or {}).items()}
    values = {str(k): {str(a): str(b) for a, b in (v or {}).items()}
              for k, v in (data.get("values") or {}).items()}  # fmt: skip
    for name in [*columns, *values]:
        if name not in COLUMNS:
            raise _mapping_problem("REPLAY_MAPPING_COLUMN", field=name, choices=", ".join(COLUMNS))
    return HistoryMapping(
        columns=columns,
        values=values,
        hazard_separator=str(data.get("hazardSeparator") or ";"),
        zone=parse_zone(str(data["timezone"])) if data.get("timezone") else BEIJING,
        time_formats=tuple(str(f) for f in data.get("timeFormats") or ()),
    )


def parse_time(text: str, m: HistoryMapping) -> datetime | None:
    """ISO 8601 or one of the mapping's formats; a time without offset is in its zone."""
    value = text.strip()
    out: datetime | None = None
    try:
        out = datetime.fromisoformat(value)
    except ValueError:
        for fmt in m.time_formats:
            try:
                out = datetime.strptime(value, fmt)
                break
            except ValueError:
                continue
    if out is None:
        return None
    return out if out.tzinfo is not None else out.replace(tzinfo=m.zone)


class _Row:
    """One data row's canonical values, collecting its problems."""

    def __init__(self, n: int, raw: Mapping[str, str | None], m: HistoryMapping) -> None:
        self.n, self.raw, self.m = n, raw, m
        self.problems: list[ReplayProblem] = []

    def text(self, name: str) -> str:
        v = (self.raw.get(self.m.column(name)) or "").strip()
        return self.m.values.get(name, {}).get(v, v)

    def bad(self, name: str, code: str, **params: Any) -> None:
        self.problems.append(ReplayProblem(self.n, self.m.column(name), Problem.of(code, **params)))

    def required(self, name: str) -> str | None:
        v = self.text(name)
        if not v:
            self.bad(name, "LOAD_REQUIRED")
            return None
        return v

    def ident(self, name: str) -> str | None:
        v = self.required(name)
        if v is not None and not _ID.match(v):
            self.bad(name, "LOAD_PATTERN", value=f"'{v}'", pattern="A-Z a-z 0-9 . _ -")
            return None
        return v

    def number(self, name: str, low: float, high: float) -> float | None:
        v = self.required(name)
        if v is None:
            return None
        try:
            x = float(v)
        except ValueError:
            self.bad(name, "LOAD_DATATYPE", datatype=TermKey("datatype.decimal"), value=f"'{v}'")
            return None
        if not low <= x <= high:
            op, limit = (">=", low) if x < low else ("<=", high)
            self.bad(name, "LOAD_OUT_OF_BOUNDS", op=op, limit=limit, value=x)
            return None
        return x

    def time(self, name: str, *, required: bool) -> datetime | None:
        v = self.required(name) if required else self.text(name)
        if not v:
            return None
        t = parse_time(v, self.m)
        if t is None:
            self.bad(name, "REPLAY_TIME", value=f"'{v}'", example=TIME_EXAMPLE)
        return t

    def hazards(self) -> tuple[str, ...] | None:
        v = self.required("hazards")
        if v is None:
            return None
        table = self.m.values.get("hazards", {})
        codes = [table.get(p.strip(), p.strip()) for p in v.split(self.m.hazard_separator)]
        codes = [c for c in codes if c]
        for c in codes:
            if not _HAZARD.match(c):
                self.bad("hazards", "LOAD_PATTERN", value=f"'{c}'", pattern="11C02")
                return None
        return tuple(dict.fromkeys(codes)) or None

    def level(self) -> str | None:
        v = self.required("level")
        if v is not None and v not in LEVELS:
            self.bad("level", "LOAD_NOT_ONE_OF", options=", ".join(LEVELS), value=f"'{v}'")
            return None
        return v


def _read_rows(text: str, source: str) -> tuple[list[str], list[dict[str, str | None]]]:
    if len(text.encode("utf-8")) > MAX_HISTORY_BYTES:
        raise HistoryError(source, [ReplayProblem(None, "", Problem.of(
            "REPLAY_TOO_LARGE", limit=MAX_HISTORY_BYTES))])  # fmt: skip
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        rows = list(reader)
    except csv.Error as e:
        raise HistoryError(source, [ReplayProblem(reader.line_num or None, "", Problem.of(
            "REPLAY_NOT_CSV", problem=str(e)))]) from e  # fmt: skip
    return list(reader.fieldnames or []), rows


def parse_history(
    text: str, mapping: HistoryMapping | None = None, source: str = "records"
) -> DispatchHistory:
    """The past incidents in a CSV's `text`, or HistoryError listing every problem."""
    m = mapping or HistoryMapping()
    header, rows = _read_rows(text, source)
    missing = [c for c in REQUIRED if m.column(c) not in header]
    if missing:
        have = ", ".join(header) or "-"
        raise HistoryError(source, [
            ReplayProblem(None, m.column(c),
                          Problem.of("REPLAY_NO_COLUMN", column=m.column(c), have=have))
            for c in missing
        ])  # fmt: skip
    if not rows:
        raise HistoryError(source, [ReplayProblem(None, "", Problem.of("REPLAY_EMPTY"))])
    if len(rows) > MAX_ROWS:
        raise HistoryError(source, [ReplayProblem(None, "", Problem.of(
            "REPLAY_TOO_MANY", count=len(rows), limit=MAX_ROWS))])  # fmt: skip
    problems: list[ReplayProblem] = []
    incidents: dict[str, dict[str, Any]] = {}
    for n, raw in enumerate(rows, start=1):
        r = _Row(n, raw, m)
        inc_id, team = r.ident("incidentId"), r.ident("teamId")
        values: dict[str, Any] = {
            "incidentNameZh": r.required("incidentNameZh"),
            "incidentNameEn": r.text("incidentNameEn") or inc_id,
            "occurredAt": r.time("occurredAt", required=True),
            "hazards": r.hazards(),
            "latitude": r.number("latitude", -90, 90),
            "longitude": r.number("longitude", -180, 180),
            "level": r.level(),
            "description": r.text("description") or None,
        }
        sent = r.time("dispatchedAt", required=True)
        arrived = r.time("arrivedAt", required=False)
        released = r.time("releasedAt", required=False)
        occurred = values["occurredAt"]
        for name, t, earlier, before in (
            ("dispatchedAt", sent, "occurredAt", occurred),
            ("arrivedAt", arrived, "dispatchedAt", sent),
            ("releasedAt", released, "arrivedAt", arrived or sent),
        ):
            if t is not None and before is not None and t < before:
                r.bad(name, "REPLAY_TIME_ORDER", field=name, value=t.isoformat(),
                      earlier=earlier, earlierValue=before.isoformat())  # fmt: skip
        if inc_id is not None:
            inc = incidents.setdefault(inc_id, {"row": n, "values": values, "teams": {}})
            for name in INCIDENT_COLUMNS:
                mine, first = values[name], inc["values"][name]
                if None not in (mine, first) and mine != first and inc["row"] != n:
                    r.bad(name, "REPLAY_INCIDENT_DIFFERS", incident=inc_id, value=_show(mine),
                          row=inc["row"], other=_show(first))  # fmt: skip
            if team is not None and team in inc["teams"]:
                r.bad("teamId", "REPLAY_TEAM_TWICE", team=team, incident=inc_id,
                      row=inc["teams"][team].row)  # fmt: skip
            elif team is not None and sent is not None and not r.problems:
                inc["teams"][team] = PastDispatch(team, sent, arrived, released, n)
        problems += r.problems
    if problems:
        raise HistoryError(source, problems)
    out = tuple(_incident(k, v) for k, v in incidents.items())
    history = DispatchHistory(tuple(sorted(out, key=lambda i: (i.occurred_at, i.id))), source)
    span = history_span_hours(history)
    if span > MAX_SPAN_HOURS:
        raise HistoryError(source, [ReplayProblem(None, "", Problem.of(
            "REPLAY_SPAN", hours=round(span, 1), limit=MAX_SPAN_HOURS))])  # fmt: skip
    return history


def _show(v: Any) -> str:
    if isinstance(v, datetime):
        return v.isoformat()
    if isinstance(v, tuple):
        return ";".join(v)
    return f"{v:g}" if isinstance(v, float) else str(v)


def _incident(inc_id: str, d: dict[str, Any]) -> PastIncident:
    v = d["values"]
    return PastIncident(
        id=inc_id,
        name_zh=v["incidentNameZh"],
        name_en=v["incidentNameEn"],
        occurred_at=v["occurredAt"],
        hazards=v["hazards"],
        latitude=v["latitude"],
        longitude=v["longitude"],
        level=v["level"],
        description=v["description"],
        dispatches=tuple(sorted(d["teams"].values(), key=lambda p: (p.dispatched_at, p.team))),
        row=d["row"],
    )


def history_span_hours(h: DispatchHistory) -> float:
    """From the first incident to the last time recorded, in hours."""
    last = max(
        t
        for i in h.incidents
        for t in (
            i.occurred_at,
            *(x for p in i.dispatches for x in (p.dispatched_at, p.arrived_at, p.released_at) if x),
        )
    )
    return (last - h.start).total_seconds() / 3600.0


def load_history(path: Path, mapping_path: Path | None = None) -> DispatchHistory:
    """A records file (UTF-8 CSV) and its optional mapping file."""
    try:
        text = path.read_text(encoding="utf-8")
        mapping = mapping_path.read_text(encoding="utf-8") if mapping_path else None
    except OSError as e:
        raise UserInputError(f"cannot read dispatch records: {e}") from e
    return parse_history(text, parse_mapping(mapping), path.name)
