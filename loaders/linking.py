"""Relationship rows for a batch of records, and the tally of what linking did.

Example::

    plan = link_plan(KINDS["teams"], records)   # [(LinkSpec, rows, replace, expected, field)]
"""

from __future__ import annotations

from typing import Any

from loaders.records import RecordKind
from loaders.summary import LoadSummary


def link_plan(kind: RecordKind, records: list[dict[str, Any]]) -> list[Any]:
    """Per (field, target label): the link rows; the first of a field also unlinks stale ones."""
    plan: list[Any] = []
    # An id repeated in the batch (skip mode merges them): the last record states its links.
    records = list({r["id"]: r for r in records}.values())
    label_ids = [(kind.label_of(r), r) for r in records]
    for lf in kind.links:
        for i, other in enumerate(lf.targets):
            rows = []
            expected = 0
            for _lbl, rec in label_ids:
                # Duplicate values (same target, same key properties) would double-link.
                entries = list({lf.key(t, p): (t, p, ls) for t, p, ls in lf.entries(rec)}.values())
                items = [(t, p) for t, p, _ in entries]
                mine = [(t, p) for t, p, labels in entries if other in labels]
                # A target of one label is expected there; one that may have any, once.
                expected += sum(
                    1
                    for _, _, labels in entries
                    if labels == (other,) or (len(labels) > 1 and i == 0)
                )
                rows.append(
                    {
                        "id": rec["id"],
                        "keys": [lf.key(t, p) for t, p in items],
                        "targets": [{"id": t, "props": p} for t, p in mine],
                    }
                )
            plan.append((lf.spec(kind.label, other), rows, i == 0, expected, lf))
    return plan


def count_links(plan: list[Any], results: list[dict[str, int]], summary: LoadSummary) -> None:
    by_field: dict[str, list[int]] = {}
    for (_, _, _, _, lf), res in zip(plan, results, strict=True):
        summary.rels_created += res["created"]
        summary.rels_removed += res["removed"]
        summary.rels_repaired += res.get("repaired", 0)
        tally = by_field.setdefault(lf.field, [0, 0])
        tally[0] += res["expected"]
        tally[1] += res["linked"]
    for name, (expected, linked) in by_field.items():
        if linked < expected:
            summary.dangling[name] = summary.dangling.get(name, 0) + expected - linked
