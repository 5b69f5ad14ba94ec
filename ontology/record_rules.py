"""Value rules of the record validator: one field's constraints and how a value breaks them.

Compiled from SHACL property shapes by `ontology.shapes`; kept apart so the
rule semantics (what counts as an integer, a date, an id) read in one place. A broken
rule is a `Problem` (a catalog code and its parameters, ontology/problems.py), so the
planner reads it in Chinese or English and the command line in English.

Example::

    rule = FieldRule("latitude", min_count=1, datatype="double", bounds=((">=", -90.0),))
    check_value(rule, -95).text("en")   # 'must be >= -90, got -95'
    check_value(rule, -95).text("zh")   # '应 >= -90，实际为 -95'
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

from ontology.model import ID_NS
from ontology.problems import ParamValue, Problem, TermKey

DATATYPES: tuple[str, ...] = (
    "string",
    "integer",
    "double",
    "decimal",
    "boolean",
    "date",
    "dateTime",
)
_ID_PREFIX = "^" + re.escape(ID_NS)


@dataclass(frozen=True)
class FieldIssue:
    """One problem with one field of a record; `field` may be nested: ``capabilities[0].level``."""

    field: str
    problem: Problem

    @property
    def reason(self) -> str:
        """The problem in English (the command line, logs)."""
        return self.problem.text("en")

    def at(self, prefix: str) -> FieldIssue:
        """The same problem on a field nested under `prefix`: ``capabilities[0]`` + ``level``."""
        return FieldIssue(f"{prefix}.{self.field}", self.problem)


@dataclass(frozen=True)
class FieldRule:
    field: str
    min_count: int = 0
    max_count: int | None = None
    datatype: str | None = None
    node_kind: str | None = None
    bounds: tuple[tuple[str, float], ...] = ()  # ('>=', -90.0), ('<', 1.0), ...
    min_length: int | None = None
    max_length: int | None = None
    pattern: re.Pattern[str] | None = None
    allowed: tuple[object, ...] | None = None
    node: str | None = None


def values_of(raw: object) -> list[object]:
    """A field's values: None -> [], a list -> its items, anything else -> [it]."""
    if raw is None:
        return []
    if isinstance(raw, list | tuple):
        return [v for v in raw if v is not None]
    return [raw]


def check_value(rule: FieldRule, v: object) -> Problem | None:
    """Why `v` breaks `rule`, or None."""
    text: str | None = None
    if rule.node_kind == "IRI":
        if not isinstance(v, str):
            return Problem.of("LOAD_EXPECTED_ID", value=show(v))
        text = ID_NS + quote(v, safe="")
    else:
        if rule.node_kind in ("BlankNode", "IRI") or isinstance(v, Mapping | list):
            return Problem.of("LOAD_EXPECTED_SINGLE", value=show(v))
        bad = _datatype_problem(rule.datatype, v)
        if bad:
            return bad
        if isinstance(v, str):
            text = v
    if isinstance(v, int | float) and not isinstance(v, bool):
        for op, limit in rule.bounds:
            if not _OPS[op](float(v), limit):
                return Problem.of("LOAD_OUT_OF_BOUNDS", op=op, limit=limit, value=show(v))
    if isinstance(v, str):
        if rule.min_length is not None and len(v) < rule.min_length:
            if rule.min_length == 1:
                return Problem.of("LOAD_EMPTY")
            return Problem.of("LOAD_TOO_SHORT", min=rule.min_length)
        if rule.max_length is not None and len(v) > rule.max_length:
            return Problem.of("LOAD_TOO_LONG", max=rule.max_length)
    if rule.pattern is not None and text is not None and not rule.pattern.search(text):
        shown = rule.pattern.pattern.replace(_ID_PREFIX, "^")
        return Problem.of("LOAD_PATTERN", value=show(v), pattern=shown)
    if rule.allowed is not None and v not in rule.allowed:
        known = [str(a) for a in rule.allowed]
        options = ", ".join(known)
        return unknown("LOAD_NOT_ONE_OF", str(v), known, options=options, value=show(v))
    return None


def unknown(code: str, name: str, known: list[str], **params: ParamValue) -> Problem:
    """An unknown name (a field, a concept id), with the closest known one when one is close:
    code ``X`` or ``X_CLOSE`` (which takes a ``close`` parameter)."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return Problem.of(f"{code}_CLOSE", **params, close=close[0])
    return Problem.of(code, **params)


_OPS = {
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
}


def _datatype_problem(datatype: str | None, v: object) -> Problem | None:
    if datatype is None:
        return None
    if _DATATYPE_OK[datatype](v):
        return None
    return Problem.of("LOAD_DATATYPE", datatype=TermKey(f"datatype.{datatype}"), value=show(v))


def _is_date(v: object) -> bool:
    if isinstance(v, dt.datetime):
        return False
    if isinstance(v, dt.date):
        return True
    if isinstance(v, str) and re.fullmatch(r"-?\d{4,}-\d{2}-\d{2}", v):
        try:
            dt.date.fromisoformat(v)
        except ValueError:
            return False
        return True
    return False


def _is_date_time(v: object) -> bool:
    """A date and time with its offset (a time without one names no instant)."""
    if isinstance(v, str):
        try:
            v = dt.datetime.fromisoformat(v.strip())
        except ValueError:
            return False
    return isinstance(v, dt.datetime) and v.tzinfo is not None


def _is_number(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(float(v))


# Per datatype: whether a value has it (only the field's own test runs: a national load
# checks millions of values).
_DATATYPE_OK: dict[str, Callable[[object], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "double": _is_number,
    "decimal": _is_number,
    "boolean": lambda v: isinstance(v, bool),
    "date": _is_date,
    "dateTime": _is_date_time,
}


def show(v: object) -> str:
    """A value quoted for a message: text in quotes, true/false, numbers and lists as
    written, clipped at 200 characters (a huge value must not become a huge report)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))  # 95.0 from a CSV's "95" reads as the planner wrote it
    text = repr(v)
    return text if len(text) <= 200 else text[:199] + "…"
