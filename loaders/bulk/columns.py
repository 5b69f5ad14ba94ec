"""CSV cells and header types for Neo4j's offline importer (``neo4j-admin database import``).

A column's type is the type of its first value (``long``, ``double``, ``boolean``,
``string``, ``date``, ``datetime``, ``point{crs:WGS-84}``, or an array of one of
the scalar types); the header is written after the data (the importer takes the
header from its own file), so the types come from what the rows hold, exactly as a
transactional load stores them. A later value of another type is an error: the
importer stores one type per column, a transactional load would have stored both.

Strings are always quoted (``"`` doubled inside), so an empty string stays an empty
string; an empty cell is an absent property, as ``SET n += {x: null}`` leaves it.

Example::

    col = Column("headcount")
    col.cell(12)            # '12'
    col.header()            # 'headcount:long'
    Column("location").cell(WGS84Point((104.06, 30.67)))   # '"{longitude:104.06,latitude:30.67}"'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from neo4j.spatial import WGS84Point

# Between the elements of an array cell: a control character no text in our data holds
# (a value holding it is refused rather than silently split).
ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_OPTION = "U+001F"


class BulkDataError(ValueError):
    """A value the offline importer cannot store as a transactional load would."""


def _scalar_type(v: Any) -> str:
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "long"
    if isinstance(v, float):
        return "double"
    if isinstance(v, str):
        return "string"
    if isinstance(v, dt.datetime):
        return "datetime"
    if isinstance(v, dt.date):
        return "date"
    if isinstance(v, WGS84Point):
        return "point{crs:WGS-84}"
    raise BulkDataError(f"a value of type {type(v).__name__} cannot be bulk-imported: {v!r}")


def _is_list(v: Any) -> bool:
    return isinstance(v, list | tuple) and not isinstance(v, WGS84Point)  # a point is a tuple


def value_type(v: Any) -> str:
    """The importer's type name for a (non-null) value."""
    if _is_list(v):
        items = [x for x in v if x is not None]
        kinds = {_scalar_type(x) for x in items}
        if len(kinds) > 1:
            if kinds == {"long", "double"}:
                return "double[]"
            raise BulkDataError(f"a list mixing {', '.join(sorted(kinds))} cannot be imported")
        kind = kinds.pop() if kinds else "string"
        if kind.startswith("point"):
            raise BulkDataError("a list of points cannot be bulk-imported")
        return kind + "[]"
    return _scalar_type(v)


def quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _scalar_cell(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, str):
        return quote(v)
    if isinstance(v, WGS84Point):
        return quote(f"{{longitude:{v.longitude!r},latitude:{v.latitude!r}}}")
    if isinstance(v, dt.date):  # dates and datetimes (ISO 8601, offset kept)
        return v.isoformat()
    raise BulkDataError(f"a value of type {type(v).__name__} cannot be bulk-imported: {v!r}")


def _array_cell(v: list[Any] | tuple[Any, ...]) -> str:
    parts = []
    for x in v:
        if x is None:
            continue
        text = x if isinstance(x, str) else _scalar_cell(x)
        if ARRAY_DELIMITER in text:
            raise BulkDataError(f"the list element {text[:80]!r} holds the character U+001F")
        parts.append(text)
    return quote(ARRAY_DELIMITER.join(parts))


@dataclass
class Column:
    """One property column: its name, and its type once a value was seen."""

    name: str
    type: str | None = None
    multiline: bool = field(default=False)
    _last: object = field(default=None, repr=False, compare=False)
    _last_text: str = field(default="", repr=False, compare=False)

    def cell(self, v: Any) -> str:
        if v is None:
            return ""
        t = type(v)
        # Fast path: a plain str/int/float/bool in a column whose type it already has.
        if t is str and self.type == "string":
            text: str = v
            if not self.multiline and ("\n" in text or "\r" in text):
                self.multiline = True
            return '"' + text.replace('"', '""') + '"' if '"' in text else '"' + text + '"'
        if (t is int and self.type == "long") or (t is float and self.type == "double"):
            return repr(v)
        if t is bool and self.type == "boolean":
            return "true" if v else "false"
        if v is self._last:  # a run's provenance: the same date-time on every row
            return self._last_text
        text = self._cell(v)
        if t is dt.datetime or t is dt.date:  # immutable, and costly to write
            self._last, self._last_text = v, text
        return text

    def _cell(self, v: Any) -> str:
        kind = value_type(v)
        if self.type is None:
            self.type = kind
        elif kind != self.type:
            # Whole numbers in a column of decimals (a latitude of 30): stored as decimals.
            if {kind, self.type} in ({"long", "double"}, {"long[]", "double[]"}):
                self.type = "double[]" if kind.endswith("[]") else "double"
            else:
                raise BulkDataError(
                    f"property '{self.name}' holds a {kind} value after {self.type} values; "
                    "the offline importer stores one type per property: make the values of "
                    "this field one type, or load the file without --bulk"
                )
        if _is_list(v):
            text = _array_cell(v)
        elif self.type == "double" and isinstance(v, int) and not isinstance(v, bool):
            text = repr(float(v))
        else:
            text = _scalar_cell(v)
        if not self.multiline and ("\n" in text or "\r" in text):
            self.multiline = True
        return text

    def header(self) -> str:
        return f"{self.name}:{self.type or 'string'}"
