"""Value rules of the record validator: one field's constraints and how a value breaks them.

Compiled from SHACL property shapes by `ontology.shapes`; kept apart so the
rule semantics (what counts as an integer, a date, an id) read in one place.

Example::

    rule = FieldRule("latitude", min_count=1, datatype="double", bounds=((">=", -90.0),))
    check_value(rule, -95)        # 'must be >= -90, got -95'
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

from ontology.model import ID_NS, did_you_mean

DATATYPES: tuple[str, ...] = ("string", "integer", "double", "decimal", "boolean", "date")
_ID_PREFIX = "^" + re.escape(ID_NS)


@dataclass(frozen=True)
class FieldIssue:
    """One problem with one field of a record; `field` may be nested: ``capabilities[0].level``."""

    field: str
    reason: str


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


def check_value(rule: FieldRule, v: object) -> str | None:
    """Why `v` breaks `rule`, or None."""
    text: str | None = None
    if rule.node_kind == "IRI":
        if not isinstance(v, str):
            return f"expected an id (text), got {show(v)}"
        text = ID_NS + quote(v, safe="")
    else:
        if rule.node_kind in ("BlankNode", "IRI") or isinstance(v, Mapping | list):
            return f"expected a single value, got {show(v)}"
        bad = _datatype_problem(rule.datatype, v)
        if bad:
            return bad
        if isinstance(v, str):
            text = v
    if isinstance(v, int | float) and not isinstance(v, bool):
        for op, limit in rule.bounds:
            if not _OPS[op](float(v), limit):
                return f"must be {op} {limit:g}, got {v}"
    if isinstance(v, str):
        if rule.min_length is not None and len(v) < rule.min_length:
            return (
                "must not be empty" if rule.min_length == 1 else f"needs {rule.min_length}+ chars"
            )
        if rule.max_length is not None and len(v) > rule.max_length:
            return f"must be at most {rule.max_length} characters"
    if rule.pattern is not None and text is not None and not rule.pattern.search(text):
        shown = rule.pattern.pattern.replace(_ID_PREFIX, "^")
        return f"{show(v)} does not match {shown}"
    if rule.allowed is not None and v not in rule.allowed:
        options = ", ".join(str(a) for a in rule.allowed)
        hint = did_you_mean(str(v), [str(a) for a in rule.allowed])
        return f"must be one of {options}; got {show(v)}{hint}"
    return None


_OPS = {
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
}


def _datatype_problem(datatype: str | None, v: object) -> str | None:
    if datatype is None:
        return None
    number = isinstance(v, int | float) and not isinstance(v, bool)
    ok = {
        "string": isinstance(v, str),
        "integer": isinstance(v, int) and not isinstance(v, bool),
        "double": number and math.isfinite(float(v)),  # type: ignore[arg-type]
        "decimal": number and math.isfinite(float(v)),  # type: ignore[arg-type]
        "boolean": isinstance(v, bool),
        "date": _is_date(v),
    }[datatype]
    if ok:
        return None
    article = "an" if datatype[0] in "aeiou" else "a"
    shown = f"{v!r} (text)" if isinstance(v, str) else show(v)
    return f"expected {article} {datatype}, got {shown}"


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


def show(v: object) -> str:
    return f"{v!r} ({type(v).__name__})" if not isinstance(v, str) else repr(v)
