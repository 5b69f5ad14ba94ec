"""The hazard types' search vectors held in the API process: nearest hazards without a round trip.

Hazard types are few (377 in the ontology) and change only with the taxonomy, so an
API process keeps their vectors (one float32 row each, ~0.6 MB) and answers a search's
hazard vector list itself, exactly (every hazard scored), instead of a statement to
Neo4j's vector index after the model has encoded the text: on 2 cores that statement
was about a quarter of a hazard search's wall time.

It is a mirror, kept honest by a key the graph holds on the ontology-version node
(kg/ontology_version.py): ``(version, vectorsStamp)``. The version moves with every
change of the taxonomy (names, retirements, a sync), the stamp with every embeddings
refresh that wrote vectors. The search's full-text statement reads the key at no extra
round trip (`retrieval_query(..., with_key=True)`); a snapshot under another key is read
again (one statement) before it answers, and a graph without a stamp (vectors written
before stamps existed, or by hand) is never mirrored: its searches ask Neo4j's index
as before. Scores are Neo4j's for a cosine index, ``(1 + cos) / 2``, so fusion sees
the same numbers from either side.

Example::

    snap = await SNAPSHOTS.current(runner, "HazardType", key)   # None: ask Neo4j instead
    snap.nearest(query_vector, 20)[0]    # Row(kind='HazardType', id='11A01', ..., score=0.91)
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import LiteralString

import numpy as np
import numpy.typing as npt

from kg.cypher import CypherRunner
from kg.search_schema import EMBEDDING_PROPERTY

log = logging.getLogger(__name__)

SNAPSHOT_KINDS: tuple[str, ...] = ("HazardType",)

Key = tuple[int, str]  # (ontology version, vectors stamp)

# The live hazard types with a vector, and the key they are read under, in one statement.
_READ: dict[str, LiteralString] = {
    "HazardType": (
        "OPTIONAL MATCH (v:OntologyVersion {id: 'current'}) "
        "WITH coalesce(v.version, 0) AS version, v.vectorsStamp AS stamp "
        "OPTIONAL MATCH (n:HazardType) WHERE n." + EMBEDDING_PROPERTY + " IS NOT NULL "
        "AND NOT coalesce(n.retired, false) AND NOT coalesce(n.deprecated, false) "
        "RETURN version, stamp, "
        "collect(CASE WHEN n IS NOT NULL "
        "THEN [n.id, n.nameZh, n.nameEn, n." + EMBEDDING_PROPERTY + "] END) AS rows"
    ),
}


def key_of(version: object, stamp: object) -> Key | None:
    """The snapshot key from the graph's values; None when there is no stamp to trust."""
    if not isinstance(stamp, str) or not stamp:
        return None
    return (int(version) if isinstance(version, int) else 0, stamp)


@dataclass(frozen=True)
class VectorSnapshot:
    """One kind's live nodes and their unit vectors, as the graph held them under `key`."""

    kind: str
    key: Key
    ids: tuple[str, ...]
    names_zh: tuple[str, ...]
    names_en: tuple[str, ...]
    unit: npt.NDArray[np.float32]  # (nodes, dimensions), rows of length 1

    @property
    def dimensions(self) -> int:
        return int(self.unit.shape[1]) if self.unit.size else 0

    def nearest(self, vector: Sequence[float], k: int) -> list[tuple[str, str, str, float]]:
        """The `k` nodes nearest `vector` by cosine: (id, nameZh, nameEn, Neo4j's score),
        best first."""
        if not self.ids or k <= 0:
            return []
        q = np.asarray(vector, dtype=np.float32)
        norm = float(np.linalg.norm(q))
        if norm == 0.0:
            return []
        cos = self.unit @ (q / norm)
        k = min(k, len(self.ids))
        top = np.argpartition(-cos, k - 1)[:k]
        top = top[np.lexsort((top, -cos[top]))]
        return [
            (self.ids[i], self.names_zh[i], self.names_en[i], (1.0 + float(cos[i])) / 2.0)
            for i in top
        ]


def build_snapshot(kind: str, key: Key, rows: Sequence[Sequence[object]]) -> VectorSnapshot | None:
    """A snapshot from `[id, nameZh, nameEn, vector]` rows; None if their vectors disagree
    in length (a refresh to another model half done: ask Neo4j until it is over)."""
    lengths = {len(r[3]) for r in rows if isinstance(r[3], list)}
    if len(lengths) > 1:
        return None
    dims = lengths.pop() if lengths else 0
    matrix = np.asarray([r[3] for r in rows], dtype=np.float32).reshape(len(rows), dims)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0.0] = 1.0
    return VectorSnapshot(
        kind,
        key,
        tuple(str(r[0]) for r in rows),
        tuple(str(r[1] or "") for r in rows),
        tuple(str(r[2] or "") for r in rows),
        (matrix / norms).astype(np.float32),
    )


class Snapshots:
    """The process's snapshots, one per kind of `kinds`, each replaced when the graph's key
    moves (``Snapshots(())``: none held, every vector list asked of Neo4j)."""

    def __init__(self, kinds: Sequence[str] = SNAPSHOT_KINDS) -> None:
        self.kinds = tuple(kinds)
        self._held: dict[str, VectorSnapshot] = {}

    def clear(self) -> None:
        self._held.clear()

    def held(self, kind: str) -> VectorSnapshot | None:
        """The snapshot of `kind` held now, whatever its key (None: none)."""
        return self._held.get(kind)

    async def current(
        self, runner: CypherRunner, kind: str, key: Key | None
    ) -> VectorSnapshot | None:
        """The snapshot of `kind` under `key` (the key the caller's statement just read),
        read again when the one held is under another key; None when the graph has no
        stamp (then ask Neo4j's index)."""
        if key is None:
            return None
        held = self._held.get(kind)
        if held is not None and held.key == key:
            return held
        record = await runner.read_single(_READ[kind])
        if record is None:
            return None
        read_key = key_of(record["version"], record["stamp"])
        if read_key is None:
            return None
        snap = build_snapshot(kind, read_key, record["rows"])
        if snap is None:
            self._held.pop(kind, None)
            return None
        self._held[kind] = snap
        log.info("search: %d %s vectors held in memory (key %s)", len(snap.ids), kind, read_key)
        return snap


SNAPSHOTS = Snapshots()
