"""Rows of one id gathered into one record (a mapping's ``collect:``), for sources that
write one row per item of a list: a dispatch log has one row per team sent, and the rows
of one incident repeat its columns (loaders/MAPPINGS.md "Dispatch records").

Rows with problems stay as they are (each is reported by its own row). Among the good
rows of one id, the first is the record; each later one adds its values of the collected
fields, and must agree with it on every other field it states: a row that disagrees, or
repeats an item already gathered (the same team twice), is a problem of that row (its own
row number, the field, the earlier row) and is left out. Pure; the pipeline reads a file
through it when the mapping collects.

Example::

    rows = [(1, {"id": "LD-EQ", "nameZh": "泸定", "assignments": [{"team": "T-1"}]}, []),
            (2, {"id": "LD-EQ", "nameZh": "泸定", "assignments": [{"team": "T-2"}]}, [])]
    gather(rows, {"assignments": "team"})
    # [(1, {"id": "LD-EQ", "nameZh": "泸定",
    #       "assignments": [{"team": "T-1"}, {"team": "T-2"}]}, [], 2)]   # from 2 rows
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from ontology.problems import Problem
from ontology.record_rules import FieldIssue, show, values_of

Staged = tuple[int, dict[str, Any], list[FieldIssue]]  # (row, record, its problems)
Gathered = tuple[int, dict[str, Any], list[FieldIssue], int]  # ... and how many rows


def _shown(v: Any) -> str:
    return v.isoformat() if isinstance(v, dt.date) else show(v)


def _identity(item: Any, key: str | None) -> Any:
    """What makes two collected items the same: a nested item's target (its `key`)."""
    return item.get(key) if key and isinstance(item, Mapping) else item


def gather(rows: Iterable[Staged], collect: Mapping[str, str | None]) -> list[Gathered]:
    """One record per id of the good rows (at its first row), the bad rows as they were and
    the rows that disagree with their id's first row as problems, in row order.

    `collect`: the gathered fields -> the key naming a nested item's target (None: the
    value itself)."""
    out: dict[int, Gathered] = {}
    first: dict[str, tuple[int, dict[str, Any], dict[tuple[str, Any], int]]] = {}
    for no, record, issues in rows:
        rid = record.get("id")
        if issues or not isinstance(rid, str):
            out[no] = (no, record, issues, 1)
            continue
        if rid not in first:
            base = {k: (values_of(v) if k in collect else v) for k, v in record.items()}
            seen = {
                (f, _identity(item, collect[f])): no for f in collect for item in base.get(f, [])
            }
            first[rid] = (no, base, seen)
            out[no] = (no, base, [], 1)
            continue
        row0, base, seen = first[rid]
        problems = _disagreements(rid, row0, base, record, collect)
        added: list[tuple[str, Any]] = []
        for f, key in collect.items():
            for item in values_of(record.get(f)):
                ident = _identity(item, key)
                if (f, ident) in seen:
                    at = f"{f}[0].{key}" if key else f
                    p = Problem.of(
                        "LOAD_GROUP_TWICE", value=_shown(ident), id=rid, row=seen[f, ident]
                    )
                    problems.append(FieldIssue(at, p))
                else:
                    added.append((f, item))
        if problems:
            out[no] = (no, record, problems, 1)
            continue
        out[row0] = (row0, base, [], out[row0][3] + 1)
        for f, item in added:
            base.setdefault(f, []).append(item)
            seen[f, _identity(item, collect[f])] = no
        for k, v in record.items():
            if k not in collect and base.get(k) is None:
                base[k] = v
    return [out[k] for k in sorted(out)]


def _disagreements(
    rid: str,
    row0: int,
    base: Mapping[str, Any],
    record: Mapping[str, Any],
    collect: Mapping[str, Any],
) -> list[FieldIssue]:
    """The fields (not gathered) a later row of `rid` states otherwise than its first row."""
    out = []
    for k, v in record.items():
        if k in collect or v is None or base.get(k) is None or base[k] == v:
            continue
        p = Problem.of(
            "LOAD_GROUP_DIFFERS", id=rid, value=_shown(v), row=row0, other=_shown(base[k])
        )
        out.append(FieldIssue(k, p))
    return out
