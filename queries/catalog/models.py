"""Typed catalog results: a node of any kind, a link to a neighbour, a page, an audit entry.

Driver values are turned into plain Python here (points -> GeoPoint, dates ->
ISO 8601 strings), so nothing above ``queries/`` sees a neo4j type.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from neo4j.spatial import Point
from neo4j.time import Date, DateTime

from queries.models import GeoPoint

# Bulky or internal properties never returned to clients.
HIDDEN = frozenset({"embedding", "embeddingHash", "embeddingText"})


def plain(value: Any) -> Any:
    if isinstance(value, Point):
        return GeoPoint(latitude=float(value[1]), longitude=float(value[0]))
    if isinstance(value, (Date, DateTime)):
        return value.iso_format()
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Node:
    """One graph node; `props` holds its camelCase properties as plain values."""

    kind: str
    id: str
    props: Mapping[str, Any] = field(default_factory=dict)
    # What callers made of this node (a GraphQL object, by its maker), made once: a node
    # never changes, and one statement's parse hands the same node to every list it is in.
    made: dict[Any, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    def get(self, name: str, default: Any = None) -> Any:
        value = self.props.get(name)
        return default if value is None else value

    @property
    def name_zh(self) -> str:
        return str(self.get("nameZh", self.get("nameEn", self.id)))

    @property
    def name_en(self) -> str:
        return str(self.get("nameEn", self.get("nameZh", self.id)))


@dataclass(frozen=True)
class Link:
    """A neighbour of `source` with the relationship's properties."""

    source: str
    rel: Mapping[str, Any]
    node: Node


@dataclass(frozen=True)
class Page:
    nodes: tuple[Node, ...]
    has_next: bool  # more items lie beyond the page in the direction it was read
    offset: int | None = None  # position of the first node (offset-paged orders only)


@dataclass(frozen=True)
class AuditEntry:
    id: str
    at: str
    actor: str
    action: str
    target: str
    before: str  # JSON
    after: str  # JSON

    def documents(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """`before` and `after` as JSON objects ({} for empty, unreadable or not an object).

        Example::

            before, after = entry.documents()   # ({"status": "available"}, {"status": ...})
        """
        return _json_object(self.before), _json_object(self.after)


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else None
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def parse_node(row: Mapping[str, Any], kind: str, key: str = "node") -> Node:
    props = {k: plain(v) for k, v in dict(row[key]).items() if k not in HIDDEN and v is not None}
    return Node(kind=kind, id=str(props["id"]), props=props)


def parse_link(row: Mapping[str, Any], kinds: tuple[str, ...]) -> Link:
    kind = next((lbl for lbl in row["labels"] if lbl in kinds), kinds[0])
    rel = {k: plain(v) for k, v in dict(row["rel"] or {}).items()}
    return Link(source=str(row["source"]), rel=rel, node=parse_node(row, kind))


def parse_audit(row: Mapping[str, Any]) -> AuditEntry:
    e = row["entry"]
    return AuditEntry(
        id=e["id"],
        at=plain(e["at"]),
        actor=e["actor"],
        action=e["action"],
        target=e["target"],
        before=e["before"],
        after=e["after"],
    )
