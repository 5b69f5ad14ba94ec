"""What a completed load of a whole dataset left in the graph, so an unchanged one is not
loaded again (`emkg run` and `emkg load demo`; `--force` loads anyway).

One node per dataset, ``(:DatasetLoad {id: 'demo'})``:

- ``contentHash``: what the load's result depends on (its files, the loader code, the
  ontology files; the caller hashes them);
- ``counts``: JSON text, the live (not retired) nodes of each of its sources right after the
  load, e.g. ``{"demo/teams.yaml": 1527, ...}``;
- ``auditHead``: the newest audit entry then. Every audited change since (a team's status,
  a record edit, a dispatch, another load) may have changed what the dataset wrote, and a
  reload would put the files' values back, so it makes the mark stale;
- ``runId``, ``loadedAt``.

The mark is removed before a load starts and written after its last file, so a failed or
interrupted load leaves none and the next run loads again.

Example::

    clear_mark(driver, "neo4j", "demo")
    ...  # load every file
    write_mark(driver, "neo4j", "demo", content_hash=h, sources=SOURCES, run_id=run)
    current_mark(driver, "neo4j", "demo", content_hash=h, sources=SOURCES)   # the mark: skip
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, LiteralString

from neo4j import Driver, ManagedTransaction

from kg.errors import map_neo4j_errors
from kg.gate import label

Source = tuple[str, str]  # (node label, provenance `source`), e.g. ("Team", "demo/teams.yaml")

READ_MARK: LiteralString = """
MATCH (m:DatasetLoad {id: $dataset})
RETURN m.contentHash AS contentHash, m.counts AS counts, m.auditHead AS auditHead,
       m.runId AS runId, m.loadedAt AS loadedAt
"""
CLEAR_MARK: LiteralString = "MATCH (m:DatasetLoad {id: $dataset}) DELETE m"
WRITE_MARK: LiteralString = """
MERGE (m:DatasetLoad {id: $dataset})
SET m.contentHash = $contentHash, m.counts = $counts, m.auditHead = $auditHead,
    m.runId = $runId, m.loadedAt = datetime()
"""
# The id is time-ordered (queries/catalog/audit.py); its unique index gives the order.
AUDIT_HEAD: LiteralString = """
MATCH (e:AuditEntry) WHERE e.id IS NOT NULL
RETURN e.id AS id ORDER BY e.id DESC LIMIT 1
"""


def _q_live(lbl: str) -> LiteralString:
    return (
        "MATCH (n:" + label(lbl) + ") WHERE n.source = $source "
        "AND NOT coalesce(n.retired, false) RETURN count(n) AS n"
    )


@dataclass(frozen=True)
class DatasetMark:
    content_hash: str
    counts: dict[str, int]
    audit_head: str | None
    run_id: str
    loaded_at: Any  # neo4j DateTime

    @property
    def loaded_when(self) -> str:
        """e.g. '2026-12-01 23:10:04 UTC'."""
        return str(self.loaded_at.to_native().strftime("%Y-%m-%d %H:%M:%S UTC"))

    @property
    def nodes(self) -> int:
        return sum(self.counts.values())


def parse_mark(row: dict[str, Any] | None) -> DatasetMark | None:
    if row is None:
        return None
    return DatasetMark(
        content_hash=str(row["contentHash"]),
        counts={str(k): int(v) for k, v in json.loads(row["counts"]).items()},
        audit_head=row["auditHead"],
        run_id=str(row["runId"]),
        loaded_at=row["loadedAt"],
    )


def still_loaded(
    mark: DatasetMark | None, content_hash: str, counts: dict[str, int], audit_head: str | None
) -> bool:
    """True when loading again would change nothing: the same content, every source still
    holding the nodes it left, and no audited change since."""
    return (
        mark is not None
        and mark.content_hash == content_hash
        and mark.counts == counts
        and mark.audit_head == audit_head
    )


def _live_counts(tx: ManagedTransaction, sources: Sequence[Source]) -> dict[str, int]:
    return {
        src: int(tx.run(_q_live(lbl), source=src).single(strict=True)["n"]) for lbl, src in sources
    }


def _audit_head(tx: ManagedTransaction) -> str | None:
    record = tx.run(AUDIT_HEAD).single()
    return None if record is None else str(record["id"])


def current_mark(
    driver: Driver, database: str, dataset: str, *, content_hash: str, sources: Sequence[Source]
) -> DatasetMark | None:
    """The dataset's mark when it still describes the graph (then skip the load), else None."""

    def work(tx: ManagedTransaction) -> DatasetMark | None:
        record = tx.run(READ_MARK, dataset=dataset).single()
        mark = parse_mark(None if record is None else record.data())
        if mark is None or mark.content_hash != content_hash:
            return None
        counts, head = _live_counts(tx, sources), _audit_head(tx)
        return mark if still_loaded(mark, content_hash, counts, head) else None

    with map_neo4j_errors(), driver.session(database=database) as session:
        return session.execute_read(work)


def read_mark(driver: Driver, database: str, dataset: str) -> DatasetMark | None:
    """The dataset's mark as written (whether or not it still holds)."""
    with map_neo4j_errors():
        records, _, _ = driver.execute_query(READ_MARK, dataset=dataset, database_=database)
    return parse_mark(records[0].data() if records else None)


def clear_mark(driver: Driver, database: str, dataset: str) -> None:
    """Before a load: from now until its end the dataset counts as not loaded."""
    with map_neo4j_errors():
        driver.execute_query(CLEAR_MARK, dataset=dataset, database_=database)


def write_mark(
    driver: Driver,
    database: str,
    dataset: str,
    *,
    content_hash: str,
    sources: Sequence[Source],
    run_id: str,
) -> None:
    """After the last file loaded: the counts and audit head as they are now, in one transaction."""

    def work(tx: ManagedTransaction) -> None:
        counts = json.dumps(_live_counts(tx, sources), sort_keys=True)
        params = {"dataset": dataset, "contentHash": content_hash, "counts": counts}
        tx.run(WRITE_MARK, params, auditHead=_audit_head(tx), runId=run_id).consume()

    with map_neo4j_errors(), driver.session(database=database) as session:
        session.execute_write(work)
