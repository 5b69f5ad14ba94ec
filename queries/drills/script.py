"""Drill scripts (情景脚本): a disaster as a timeline, read from YAML and checked.

A script names incidents at offsets from the drill's start (hazard codes, place,
response level, description; a cascade names the incident that set it off), events
that change the situation (``escalate``, ``close``, ``teamsUnavailable``,
``reinforcements``, ``roadsCut``) and the dispatch policy. Offsets are minutes or text
such as ``"2h"``, ``"1h30m"``, ``"45m"``. Every word a person reads is given in Chinese
and English (``name: {zh: ..., en: ...}``). The shipped scripts are in ``scripts/``.

Errors name the line and the field: a script is checked by pydantic (types, ranges,
unknown fields), then for references (an escalation of an incident that is not in the
script, an event after the drill's end); every problem found is reported at once::

    drill script bad.yaml: line 7, incidents[0].level: Input should be 'I', 'II', 'III'
    or 'IV'; line 15, events[1].incident: no incident 'EQ-9' in the script (have: EQ-1)

Example::

    script = load_script(Path("queries/drills/scripts/earthquake_luding.yaml"))
    script.incidents[0].at_minutes      # 0.0
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

from kg.errors import UserInputError
from queries.drills.yaml_lines import Path, line_index, line_of

SCRIPTS_DIR = FilePath(__file__).parent / "scripts"
MAX_INCIDENTS = 50
MAX_EVENTS = 200
MAX_DURATION_HOURS = 72.0
MAX_SCRIPT_BYTES = 200_000
_OFFSET = re.compile(r"^\s*(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+(?:\.\d+)?)\s*m(?:in)?)?\s*$")
EVENT_KINDS = ("escalate", "close", "teamsUnavailable", "reinforcements", "roadsCut")


def parse_offset(value: Any) -> float:
    """Minutes from the drill's start: 90, 90.5, "90m", "1h30m", "2h"."""
    if isinstance(value, bool):
        raise ValueError("an offset is minutes (90) or text like '1h30m', not true/false")
    if isinstance(value, int | float):
        minutes = float(value)
    elif isinstance(value, str) and (m := _OFFSET.match(value)) and (m.group(1) or m.group(2)):
        minutes = float(m.group(1) or 0) * 60.0 + float(m.group(2) or 0)
    else:
        raise ValueError(f"offset {value!r}: give minutes (90) or text like '1h30m', '2h', '45m'")
    if minutes < 0:
        raise ValueError(f"offset {value!r} is before the drill's start; use 0 or more")
    return minutes


Offset = Annotated[float, BeforeValidator(parse_offset)]
HazardCode = Annotated[str, Field(pattern=r"^[0-9]{2}[0-9A-Z]{3}$")]
ItemId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
Level = Literal["I", "II", "III", "IV"]
MobilityMode = Literal["ground", "water", "air"]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, alias_generator=to_camel, populate_by_name=True
    )


class Text(_Model):
    """A text in both languages, Chinese first."""

    zh: str = Field(min_length=1, max_length=500)
    en: str = Field(min_length=1, max_length=500)


class Point(_Model):
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)


class Area(Point):
    radius_km: float = Field(gt=0, le=500)


class DrillIncident(_Model):
    id: ItemId
    at: Offset
    name: Text
    hazards: list[HazardCode] = Field(min_length=1, max_length=10)
    location: Point
    level: Level
    description: str | None = Field(default=None, max_length=2000)
    cascade_of: ItemId | None = None
    required_capabilities: list[str] = Field(default_factory=list, max_length=50)
    max_travel_minutes: int | None = Field(default=None, ge=1, le=1440)
    max_teams: int | None = Field(default=None, ge=1, le=100)


class Escalate(_Model):
    """The incident's level changes and/or hazards join it: new needs arise now."""

    kind: Literal["escalate"]
    at: Offset
    incident: ItemId
    level: Level | None = None
    add_hazards: list[HazardCode] = Field(default_factory=list, max_length=10)
    note: Text | None = None


class Close(_Model):
    """The incident is over: its teams go home, needs still open stay unmet."""

    kind: Literal["close"]
    at: Offset
    incident: ItemId
    note: Text | None = None


class TeamsUnavailable(_Model):
    """Teams drop out (vehicles lost, crew injured): not dispatched from now on."""

    kind: Literal["teamsUnavailable"]
    at: Offset
    teams: list[ItemId] = Field(min_length=1, max_length=200)
    note: Text | None = None


class Reinforcements(_Model):
    """Teams held back at the start that arrive now (cross-province support)."""

    kind: Literal["reinforcements"]
    at: Offset
    teams: list[ItemId] = Field(min_length=1, max_length=200)
    note: Text | None = None


def _by_air() -> list[MobilityMode]:
    return ["air"]


class RoadsCut(_Model):
    """Roads in a circle are cut: incidents inside are reached only by `allowedMobility`,
    and ground/water teams based inside cannot leave, until `until` (or the end)."""

    kind: Literal["roadsCut"]
    at: Offset
    area: Area
    allowed_mobility: list[MobilityMode] = Field(default_factory=_by_air, min_length=1)
    until: Offset | None = None
    note: Text | None = None


DrillEvent = Annotated[
    Escalate | Close | TeamsUnavailable | Reinforcements | RoadsCut, Field(discriminator="kind")
]


class Policy(_Model):
    """How the drill dispatches; every figure documented in queries/drills/README.md."""

    max_travel_minutes: int = Field(default=180, ge=1, le=1440)
    max_teams_per_incident: int = Field(default=10, ge=1, le=100)
    replan_minutes: int = Field(default=60, ge=5, le=720)
    shift_hours: float = Field(default=12.0, gt=0, le=72)
    rest_hours: float = Field(default=8.0, ge=0, le=72)
    allocator_seconds: float = Field(default=2.0, gt=0, le=10)


class DrillScript(_Model):
    version: Literal[1]
    id: ItemId
    name: Text
    description: Text | None = None
    duration_hours: float = Field(gt=0, le=MAX_DURATION_HOURS)
    policy: Policy = Field(default_factory=Policy)
    incidents: list[DrillIncident] = Field(min_length=1, max_length=MAX_INCIDENTS)
    events: list[DrillEvent] = Field(default_factory=list, max_length=MAX_EVENTS)

    @property
    def duration_minutes(self) -> float:
        return self.duration_hours * 60.0

    def incident(self, incident_id: str) -> DrillIncident:
        return next(i for i in self.incidents if i.id == incident_id)


@dataclass(frozen=True)
class ScriptProblem:
    line: int | None
    field: str  # incidents[2].level
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}, " if self.line else ""
        return f"{where}{self.field or '(top level)'}: {self.message}"


class ScriptError(UserInputError):
    """A script that cannot be run; `problems` lists every one with its line and field."""

    def __init__(self, source: str, problems: list[ScriptProblem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"drill script {source}: " + "; ".join(str(p) for p in problems))


def field_name(path: Path) -> str:
    """("incidents", 2, "level") -> "incidents[2].level"."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _clean(loc: tuple[Any, ...]) -> Path:
    """pydantic's location without the discriminator tags it inserts (events[0].escalate.x)."""
    out: list[str | int] = []
    for i, part in enumerate(loc):
        if part in EVENT_KINDS and i > 0 and isinstance(loc[i - 1], int):
            continue
        out.append(part if isinstance(part, int) else str(part))
    return tuple(out)


def reference_problems(s: DrillScript) -> Iterator[tuple[Path, str]]:
    """What pydantic cannot see: duplicate ids, references, offsets past the end."""
    seen: dict[str, int] = {}
    end = s.duration_minutes
    for i, inc in enumerate(s.incidents):
        if inc.id in seen:
            yield ("incidents", i, "id"), f"incident id '{inc.id}' is used twice"
        seen.setdefault(inc.id, i)
        if inc.at > end:
            yield ("incidents", i, "at"), f"{inc.at:g} min is after the drill's end ({end:g} min)"
    have = ", ".join(seen) or "none"
    for i, inc in enumerate(s.incidents):
        if inc.cascade_of is None:
            continue
        if inc.cascade_of not in seen:
            yield (
                ("incidents", i, "cascadeOf"),
                f"no incident '{inc.cascade_of}' in the script (have: {have})",
            )
        elif s.incidents[seen[inc.cascade_of]].at > inc.at:
            yield ("incidents", i, "at"), f"a cascade starts before '{inc.cascade_of}' does"
    for j, ev in enumerate(s.events):
        if ev.at > end:
            yield ("events", j, "at"), f"{ev.at:g} min is after the drill's end ({end:g} min)"
        if isinstance(ev, Escalate | Close):
            if ev.incident not in seen:
                yield (
                    ("events", j, "incident"),
                    f"no incident '{ev.incident}' in the script (have: {have})",
                )
            elif s.incidents[seen[ev.incident]].at > ev.at:
                yield ("events", j, "at"), f"'{ev.incident}' has not started yet at {ev.at:g} min"
        if isinstance(ev, Escalate) and ev.level is None and not ev.add_hazards:
            yield ("events", j), "an escalation needs a new level or addHazards"
        if isinstance(ev, RoadsCut) and ev.until is not None and ev.until <= ev.at:
            yield ("events", j, "until"), "roads reopen before they are cut"


def parse_script(text: str, source: str = "<script>") -> DrillScript:
    """The script in `text`, or ScriptError listing every problem with its line and field."""
    if len(text.encode("utf-8")) > MAX_SCRIPT_BYTES:
        raise ScriptError(source, [ScriptProblem(None, "", f"over {MAX_SCRIPT_BYTES} bytes")])
    try:
        data = yaml.safe_load(text)
        lines = line_index(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ScriptError(source, [ScriptProblem(line, "", f"not valid YAML: {e}")]) from e
    if not isinstance(data, dict):
        problem = ScriptProblem(1, "", "a script is a mapping (version, id, name, ...)")
        raise ScriptError(source, [problem])
    try:
        script = DrillScript.model_validate(data)
    except ValidationError as e:
        problems = []
        for err in e.errors():
            path = _clean(err["loc"])
            problems.append(ScriptProblem(line_of(lines, path), field_name(path), err["msg"]))
        raise ScriptError(source, problems) from e
    refs = [
        ScriptProblem(line_of(lines, path), field_name(path), msg)
        for path, msg in reference_problems(script)
    ]
    if refs:
        raise ScriptError(source, refs)
    return script


def load_script(path: FilePath) -> DrillScript:
    """A script file (YAML, UTF-8)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise UserInputError(f"cannot read drill script {path}: {e.strerror}") from e
    return parse_script(text, path.name)


def shipped_scripts() -> list[FilePath]:
    """The scripts that come with EMKG, by file name."""
    return sorted(SCRIPTS_DIR.glob("*.yaml"))


def shipped_script(name: str) -> FilePath:
    """A shipped script by its id or file name; UserInputError listing them otherwise."""
    for p in shipped_scripts():
        if name in (p.name, p.stem):
            return p
    have = ", ".join(p.stem for p in shipped_scripts())
    raise UserInputError(f"no shipped drill script '{name}'; choose one of: {have}")
