"""The full checker's verdict on a canonical JSON Lines file, proven fast.

A record passes ``RecordChecker.check`` exactly when every field of its shape and
every key it holds passes ``RecordChecker.field_problems`` (after ``coerce``) and
its id is new; in a bulk load its references must name records exported before
(``loaders.bulk.export``), in a load into the graph they are noted and resolved
after the pass as always (``loaders.references``). A national file repeats its
values (a million equipment rows hold a few hundred names, types, statuses and
holders), so the screen remembers, per field, the values found clean; the values
of fields that rarely repeat (ids, coordinates) are checked one by one by the same
code.

The screen only ever says "clean". The first row it cannot prove clean (a bad
value, a repeated id, text the checker would turn into a number, a line the
standard JSON reader would read otherwise) raises ``Unscreened``: the caller then
checks the whole file again the normal way (``loaders.pipeline._Source``), which
reports every bad row by row, field and column as any load does. A clean file is
therefore checked once, read by orjson, and never through the mapping layer. Bulk
loads (``loaders.bulk``) and the validation pass of ``emkg load`` (``loaders.pipeline``)
use it.

It applies to canonical files (no mapping) in JSON Lines whose kind never links to
its own label (every kind but regions, whose parents are in the same file).

Example::

    screen = RowScreen("equipment", known={"Team": {"T1"}, "Depot": set()})
    for no, record in screen.rows(Path("var/national/equipment.jsonl")):
        ...   # 1, {'id': 'E00000001', ...}; raises Unscreened at a row it cannot prove clean
"""

from __future__ import annotations

import codecs
import copy
import datetime as dt
import math
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson

from loaders.encodings import detect_encoding
from loaders.mapping import Mapping as FieldMapping
from loaders.readers import detect_format
from loaders.records import KINDS, LinkField
from loaders.references import References, record_labels
from loaders.validation import HAZARD_FIELDS, RecordChecker
from ontology.record_rules import FieldRule

SAMPLE = 20_000  # lookups of a field before its repeat rate is judged
MIN_HIT_RATE = 0.5  # below it, a field's values are checked one by one, not remembered
MAX_ITEMS = 100_000  # list values remembered per field
_HUGE = float(2**63)  # a whole number this large was an integer literal orjson made a float
_PLAIN_SCALARS = (str, int, float, bool, type(None))
_MISS = object()
Span = tuple[int, int | None]  # a byte range of a file: start, end (None: the file's end)


class Unscreened(Exception):
    """A row the screen cannot prove clean; the file is checked the normal way instead."""

    def __init__(self, row: int, why: str) -> None:
        super().__init__(f"row {row}: {why}")
        self.row = row
        self.why = why


def screens(path: Path, kind: str, mapping: FieldMapping | None) -> bool:
    """Whether a file can be screened: canonical JSON Lines in UTF-8 of a kind whose links
    never point into its own file."""
    k = KINDS.get(kind)
    if k is None or k.label_field is not None or mapping is not None:
        return False
    if any(k.label in lf.targets for lf in k.links):
        return False
    try:
        return detect_format(path) == "jsonl" and detect_encoding(path) == "utf-8-sig"
    except Exception:  # the normal path says what is wrong with the file
        return False


def _tagged(v: object) -> object:
    """A hashable key telling 1, 1.0 and True apart, nested; raises TypeError for values
    that are neither JSON nor a date."""
    t = type(v)
    if t is str or v is None:
        return v
    if t is int or t is float or t is bool or t is dt.date or t is dt.datetime:
        return (t, v)  # dates: what `coerce` makes of text in a date field
    if t is list:
        return (list, tuple(_tagged(x) for x in v))  # type: ignore[attr-defined]
    if t is dict:
        return (dict, tuple((k, _tagged(x)) for k, x in v.items()))  # type: ignore[attr-defined]
    raise TypeError(t)


def _plain(v: object) -> bool:
    """JSON values as the standard reader makes them: orjson reads an integer beyond 64 bits
    as a float (the standard reader: an int, which the checker refuses), and nothing else."""
    if isinstance(v, float):
        return not (abs(v) >= _HUGE and math.isfinite(v) and v.is_integer())
    if type(v) in _PLAIN_SCALARS:
        return True
    if isinstance(v, list):
        return all(_plain(x) for x in v)
    if isinstance(v, dict):
        return all(type(k) is str and _plain(x) for k, x in v.items())
    return False


class _Field:
    """One field of the shape: its clean values remembered while they repeat."""

    __slots__ = ("clean", "each", "items", "min_count", "misses", "name")

    def __init__(self, rule: FieldRule) -> None:
        self.name = rule.field
        self.clean: dict[object, object] = {}  # value -> what `coerce` makes of it
        self.misses = 0  # values not remembered yet, over the first SAMPLE rows
        # A list is clean when it holds enough values and each value is (a team's
        # capabilities: each {capability, level} is remembered, not each combination).
        self.each = rule.max_count is None and rule.min_count <= 1
        self.min_count = rule.min_count
        self.items: set[object] = set()  # list values found clean


class RowScreen:
    """Proves rows of one kind clean (see the module docstring)."""

    def __init__(
        self,
        kind: str,
        known: Mapping[str, set[str]] | None,
        *,
        note: References | None = None,
        like: RecordChecker | None = None,
    ) -> None:
        self.kind = KINDS[kind]
        # Its own checker (no ids or verdicts kept), with `like`'s shape and concepts.
        self.checker = (
            RecordChecker(kind, like.validator, like.concepts, like.legacy)
            if like is not None
            else RecordChecker.for_kind(kind)
        )
        if self.checker.validator is None:
            raise ValueError(f"{kind} records have no shape to screen by")
        self.fields = [_Field(r) for r in self.checker.validator.rules]
        self.remembered = list(self.fields)  # the others: values checked one by one
        self.one_by_one: list[str] = []
        self.rows_seen = 0
        self.names = frozenset(f.name for f in self.fields)
        self.hazard_fields = frozenset(HAZARD_FIELDS.get(kind, ()))
        # Records exported before (a bulk load): references must name one of them. None (a
        # load into the graph): references are noted (`note`) and resolved after the pass.
        self.known = known
        self.note = note
        # Links to records (a holder, a region): their targets must have been exported.
        self.references: list[tuple[LinkField, tuple[str, ...]]] = [
            (lf, mine) for lf in self.kind.links if (mine := record_labels(lf.targets))
        ]
        self.ids: set[str] = set()

    def rows(self, path: Path, span: Span | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
        """(row number, record) for every row of `path` (or of its byte range `span`, which
        starts and ends at line starts), numbered as the normal reader numbers them (blank
        lines are no rows; in a span, from its start); `Unscreened` at the first row not
        proven clean."""
        no = 0
        start, end = span or (0, None)
        left = None if end is None else end - start  # bytes of the span not read yet
        with path.open("rb") as f:
            f.seek(start)
            for i, line in enumerate(f):
                if left is not None:
                    if left <= 0:
                        return
                    left -= len(line)
                if i == 0 and start == 0 and line.startswith(codecs.BOM_UTF8):
                    line = line[len(codecs.BOM_UTF8) :]
                if not line.strip():
                    continue
                no += 1
                if b"\r" in line and not (line.endswith(b"\r\n") and line.count(b"\r") == 1):
                    raise Unscreened(no, "a carriage return inside the line")
                try:
                    record = orjson.loads(line)
                except orjson.JSONDecodeError as e:
                    raise Unscreened(no, "not read by orjson") from e
                if type(record) is not dict:
                    raise Unscreened(no, "not a JSON object")
                self.check(no, record)
                yield no, record

    def check(self, no: int, record: dict[str, Any]) -> None:
        """Coerce `record` in place as the checker does; raise `Unscreened` unless it is
        then proven clean (and its id new)."""
        if not self.names.issuperset(record):
            for name, value in record.items():
                if name not in self.names and value is not None:
                    raise Unscreened(no, f"unknown field {name!r}")
        for fld in self.remembered:
            v = record.get(fld.name)
            t = type(v)
            if t is str or v is None:
                key: object = v
            elif t is list and fld.each and len(v) >= fld.min_count:
                self._check_items(no, fld, v)
                continue
            elif t is int or t is float or t is bool:
                key = (t, v)
            else:
                try:
                    key = _tagged(v)
                except TypeError:
                    raise Unscreened(no, f"{fld.name}: not a JSON value") from None
            out = fld.clean.get(key, _MISS)
            if out is _MISS:
                out = fld.clean[key] = self.coerced_if_clean(no, fld.name, v)
                fld.misses += 1
            if out is not v:
                record[fld.name] = out
        for name in self.one_by_one:
            v = record.get(name)
            out = self.coerced_if_clean(no, name, v)
            if out is not v:
                record[name] = out
        self.rows_seen += 1
        if self.rows_seen == SAMPLE:
            self._judge()
        rid = record["id"]  # required and clean; the shape also takes a list of one id
        if type(rid) is not str:
            raise Unscreened(no, "an id that is not text")
        if rid in self.ids:
            raise Unscreened(no, "a repeated id")  # the normal path merges or refuses it
        self.ids.add(rid)
        if self.note is not None:
            self.note.note(no, record)
        if self.known is None:
            return
        for lf, mine in self.references:
            raw = record.get(lf.field)
            if raw is None:
                continue
            if type(raw) is str and lf.choose is None and lf.target_key is None:
                if not any(raw in self.known.get(lbl, ()) for lbl in mine):
                    raise Unscreened(no, f"{lf.field}: {raw!r} not exported before")
                continue
            for target, _, labels in lf.entries(record):
                mine_here = record_labels(labels)
                if mine_here and not any(target in self.known.get(lbl, ()) for lbl in mine_here):
                    raise Unscreened(no, f"{lf.field}: {target!r} not exported before")

    def _judge(self) -> None:
        """After SAMPLE rows: fields whose values rarely repeat are checked one by one."""
        for fld in list(self.remembered):
            if fld.misses > MIN_HIT_RATE * SAMPLE:
                self.remembered.remove(fld)
                self.one_by_one.append(fld.name)
                fld.clean.clear()

    def _check_items(self, no: int, fld: _Field, values: list[Any]) -> None:
        """Each value of a list field on its own (`coerce` and the checker treat the values
        of a list one by one; the list's length is within the rule's counts)."""
        for item in values:
            try:
                key = item if type(item) is str else _tagged(item)
            except TypeError:
                raise Unscreened(no, f"{fld.name}: not a JSON value") from None
            if key not in fld.items:
                self.coerced_if_clean(no, fld.name, [item])  # lists are never changed
                if len(fld.items) < MAX_ITEMS:
                    fld.items.add(key)

    def coerced_if_clean(self, no: int, name: str, v: object) -> object:
        """What `coerce` makes of `v` in field `name` (text in a typed field: a number, a
        date), when that passes the checker; else `Unscreened`. Lists and objects must be
        left as they are by `coerce` (old hazard ids, typed text inside: the normal path)."""
        out = v
        if type(v) is str and name not in self.hazard_fields:
            out = self.checker.coerce_text(name, v)
        elif not _plain(v):
            raise Unscreened(no, f"{name}: not a plain JSON value")
        elif type(v) is not int and type(v) is not float and type(v) is not bool and v is not None:
            probe = {name: copy.deepcopy(v)}
            self.checker.coerce(probe)  # old hazard ids translated, text in typed fields
            if _tagged(probe.get(name)) != _tagged(v):
                raise Unscreened(no, f"{name}: changed by coerce")
        if self.checker.field_problems(name, out):
            raise Unscreened(no, f"{name}: not clean")
        return out
