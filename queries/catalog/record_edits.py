"""Planner edits of registry records and plans: one record written as a loader writes it,
its references checked first, audited in the same transaction.

The caller (the API) validates the record with the loaders' record shapes and turns it
into a node row and link rows with the loaders' own record kinds (`loaders.records`,
`loaders.linking`); this module writes them with the loaders' own Cypher (`kg.upserts`),
so an edited team is stored exactly like a loaded one. What a load would skip silently
(a link to an id that is not in the graph) is refused here, naming the field. The node's
``source`` becomes ``workbench``: a later snapshot load of the original file does not
retire it, and a load of the same id writes over the edit (the audit trail keeps it).

Example::

    edit = RecordEdit("Team", {"id": "T-1", "props": {...}}, links=(...,), create=False)
    entry = await save_record(runner, edit, actor="alice (planner, key k1)")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import cache
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from kg.cypher import CypherRunner
from kg.errors import NotFoundError, UserInputError
from kg.gate import label
from kg.upserts import LinkSpec, existing_ids_query, link_query, unlink_stale_query
from kg.upserts import upsert_nodes_query as _upsert
from queries.catalog.audit import record
from queries.catalog.models import AuditEntry
from queries.models import Term

SOURCE = "workbench"


class FieldError(UserInputError):
    """A refused edit that names the input field at fault (``capabilities[1].capability``)."""

    def __init__(self, field: str, text: str) -> None:
        super().__init__(text)
        self.field = field


@dataclass(frozen=True)
class LinkRows:
    """One relationship type to one label, as the loader writes it, and the record field
    (and item paths) the target ids came from, for the error message."""

    spec: LinkSpec
    rows: list[dict[str, Any]]
    replace: bool
    field: str
    paths: Mapping[str, str] = dc_field(default_factory=dict)  # target id -> input path


@dataclass(frozen=True)
class RecordEdit:
    """A validated record ready to write: ``row`` is ``{"id", "props"}`` (loaders.records)."""

    label: str
    row: dict[str, Any]
    links: tuple[LinkRows, ...] = ()
    create: bool = False

    @property
    def id(self) -> str:
        return str(self.row["id"])


@cache
def record_state_query(lbl: str) -> LiteralString:
    """A record's properties and the relationships a load writes for it (for the audit):
    outgoing ones, and an equipment item's holder."""
    return (
        "MATCH (n:" + label(lbl) + " {id: $id}) "
        "RETURN n {.*, location: null, embedding: null, embeddingText: null, "
        "embeddingHash: null, loadedAt: null, loadRunId: null} AS props, "
        "CASE WHEN n.location IS NULL THEN null ELSE "
        "[n.location.latitude, n.location.longitude] END AS at, "
        "[(n)-[r]->(m) WHERE NOT type(r) IN ['SUPERSEDES', 'DEPLOYED_TO', 'ASSIGNED_TO'] | "
        "{rel: type(r), id: m.id, props: properties(r)}] AS out, "
        "[(m)-[r:HAS_EQUIPMENT]->(n) | "
        "{rel: '<' + type(r), id: m.id, props: properties(r)}] AS inc"
    )


def _state(row: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A record's stored state as the audit keeps it: properties, point, links (sorted)."""
    if row is None:
        return None
    props = {k: v for k, v in dict(row["props"]).items() if v is not None}
    for k in ("source", "retired", "retiredAt"):
        props.pop(k, None)
    if row["at"]:
        props["latitude"], props["longitude"] = row["at"]
    links = sorted(
        (
            f"{lk['rel']}:{lk['id']}"
            + "".join(f" {k}={v}" for k, v in sorted(dict(lk["props"]).items()) if v is not None)
            for lk in [*row["out"], *row["inc"]]
        ),
    )
    return {**{k: _plain(v) for k, v in sorted(props.items())}, "links": links}


def _plain(v: Any) -> Any:
    return v.iso_format() if hasattr(v, "iso_format") else v


async def read_state(tx: AsyncManagedTransaction, lbl: str, node_id: str) -> dict[str, Any] | None:
    res = await tx.run(record_state_query(lbl), id=node_id)
    return _state(await res.single())


async def check_references(tx: AsyncManagedTransaction, links: tuple[LinkRows, ...]) -> None:
    """Every link target must be a node of one of its field's labels (an equipment item's
    holder: a Team or a Depot); else a FieldError naming the input path."""
    wanted: dict[str, dict[str, str]] = {}  # field -> target id -> a label it may have
    found: dict[str, set[str]] = {}
    for lk in links:
        ids = [t["id"] for row in lk.rows for t in row["targets"]]
        if not ids:
            continue
        for target in ids:
            wanted.setdefault(lk.field, {}).setdefault(target, lk.spec.other)
        res = await tx.run(existing_ids_query(lk.spec.other), ids=ids)
        found.setdefault(lk.field, set()).update((await res.single(strict=True))["found"])
    paths = {lk.field: lk.paths for lk in links}
    for fld, targets in wanted.items():
        for target, lbl in targets.items():
            if target not in found.get(fld, set()):
                raise FieldError(
                    paths[fld].get(target, fld), f"unknown {lbl} '{target}'; check the id"
                ).as_message("WORKBENCH_UNKNOWN_REF", kind=Term(f"kind.{lbl}"), id=target)


async def write_record(
    tx: AsyncManagedTransaction, edit: RecordEdit, *, kind_name: str
) -> dict[str, Any] | None:
    """Write `edit` in `tx`; returns the state before (None when created)."""
    before = await read_state(tx, edit.label, edit.id)
    if edit.create and before is not None:
        raise FieldError(
            "id", f"a {kind_name} with id '{edit.id}' already exists; choose another id"
        ).as_message("WORKBENCH_ID_TAKEN", kind=Term(f"kind.{edit.label}"), id=edit.id)
    if not edit.create and before is None:
        raise NotFoundError(f"no {kind_name} with id '{edit.id}'; create it first").as_message(
            "WORKBENCH_NO_RECORD", kind=Term(f"kind.{edit.label}"), id=edit.id
        )
    await check_references(tx, edit.links)
    now = dt.datetime.now(dt.UTC)
    res = await tx.run(
        _upsert(edit.label), rows=[edit.row], source=SOURCE, run=f"{SOURCE}-{now:%Y%m%d}", now=now
    )
    await res.consume()
    for lk in edit.links:
        if lk.replace:
            await (await tx.run(unlink_stale_query(lk.spec), rows=lk.rows)).consume()
        await (await tx.run(link_query(lk.spec), rows=lk.rows)).consume()
    return before


async def save_record(
    runner: CypherRunner, edit: RecordEdit, *, actor: str, kind_name: str
) -> AuditEntry:
    """Create or replace one record (lists and links replace the old ones), audited as
    ``create<Label>`` / ``update<Label>`` with the whole state before and after."""

    async def work(tx: AsyncManagedTransaction) -> AuditEntry:
        before = await write_record(tx, edit, kind_name=kind_name)
        after = await read_state(tx, edit.label, edit.id)
        action = ("create" if edit.create else "update") + edit.label
        return await record(
            tx, actor=actor, action=action, target=edit.id, before=before, after=after
        )

    return await runner.write(work)
