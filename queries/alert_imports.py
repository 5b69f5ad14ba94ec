"""Which CAP alerts EMKG has imported: ``(:CapAlertImport {key, identifier, sender, ...})``.

CAP names an alert by its sender and identifier (CAP 1.2 §3.2.1: the identifier is
unique for its sender), so the record's ``key`` is ``sender,identifier``. A feed polled
every minute then drafts each alert once: entries already recorded are skipped and
reported. Until drafts are stored as incidents (queries/incidents), this small node
kind is the idempotency record; every API process reads the same nodes.

Example::

    await imported_alerts(runner, ["w-nws.webmaster@noaa.gov,NOAA-NWS-..."])
    # {'w-nws.webmaster@noaa.gov,NOAA-NWS-...': ImportRecord(..., imported_at='2026-...')}
    await record_imports(runner, [ImportRecord(key, identifier, sender, sent, "")])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from kg.cypher import CypherRunner

IMPORTED: LiteralString = """
UNWIND $keys AS key
MATCH (a:CapAlertImport {key: key})
RETURN collect({key: a.key, identifier: a.identifier, sender: a.sender, sent: a.sent,
                importedAt: toString(a.importedAt)}) AS rows
"""

# MERGE keeps the first import's time: a re-read alert is no new import.
RECORD: LiteralString = """
UNWIND $rows AS row
MERGE (a:CapAlertImport {key: row.key})
ON CREATE SET a.identifier = row.identifier, a.sender = row.sender, a.sent = row.sent,
              a.importedAt = datetime()
RETURN count(a) AS recorded
"""


@dataclass(frozen=True)
class ImportRecord:
    key: str  # "sender,identifier"
    identifier: str
    sender: str
    sent: str
    imported_at: str  # ISO date-time; "" before it is recorded


def alert_key(sender: str, identifier: str) -> str:
    return f"{sender},{identifier}"


def import_record(row: dict[str, Any]) -> ImportRecord:
    """One IMPORTED row."""
    return ImportRecord(
        row["key"], row["identifier"], row["sender"], row["sent"], row.get("importedAt") or ""
    )


async def imported_alerts(runner: CypherRunner, keys: Sequence[str]) -> dict[str, ImportRecord]:
    rows = await runner.read_rows(IMPORTED, keys=list(keys))
    return {r.key: r for r in map(import_record, rows)}


async def record_imports(runner: CypherRunner, records: Sequence[ImportRecord]) -> int:
    rows = [
        {"key": r.key, "identifier": r.identifier, "sender": r.sender, "sent": r.sent}
        for r in records
    ]

    async def work(tx: AsyncManagedTransaction) -> int:
        result = await tx.run(RECORD, rows=rows)
        record = await result.single()
        return int(record["recorded"]) if record else 0

    return await runner.write(work) if rows else 0
