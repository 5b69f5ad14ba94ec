"""What a scenario's hazard codes mean, kept per ontology version (one cache per API process).

The hazards of a set of codes with their likely cascades, and the capabilities they need
at a response level, depend only on the taxonomy: they stay the same until an ontology
sync changes it or a planner edits it, and both bump the graph's ontology version in the
same transaction (kg/ontology_version.py). `TaxonomyCache.hazards_and_needs` reads that
version (one small statement, run alongside the scenario's other reads) and answers from
memory what it read before under the same version; otherwise it reads the hazards and
needs and keeps them under that version. The version is read before them, so what is kept
is never older than the version it is kept under (an edit committed in between makes it
newer, and the next request, reading the new version, reads again).

A graph without a version (never synced: a test graph written by hand) is never cached.
Only codes are cached: hazards read from a description carry their own confidences.

Example::

    cache = TaxonomyCache()
    hazards, needs = await cache.hazards_and_needs(runner, ["11C02"], ResponseLevel.I)
    cache.hits, cache.misses                       # (0, 1); the same call again: (1, 1)
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from kg.cypher import CypherRunner
from kg.ontology_version import ontology_version
from queries.gathered import all_of
from queries.hazards import resolve_hazards
from queries.models import ConceptRef, ResolvedHazard, ResponseLevel
from queries.needs import hazard_requirements

KEPT = 1024  # (version, codes, level) entries, least recently used dropped

Requirement = tuple[str, str, ConceptRef, float]
Key = tuple[int, tuple[str, ...], str]


@dataclass
class TaxonomyCache:
    size: int = KEPT
    hits: int = 0
    misses: int = 0
    _entries: OrderedDict[Key, tuple[list[ResolvedHazard], list[Requirement]]] = field(
        default_factory=OrderedDict
    )

    async def hazards_and_needs(
        self,
        runner: CypherRunner,
        codes: list[str],
        level: ResponseLevel,
        *,
        version: int | None = None,
    ) -> tuple[list[ResolvedHazard], list[Requirement]]:
        """`resolve_hazards(codes)` and `hazard_requirements(codes, level)`, from memory when
        the taxonomy is the one they were read at. `version`: the ontology version the caller
        has just read (queries.first_round reads it with the plans); read here otherwise."""
        if version is None:
            version = await ontology_version(runner)
        key = (version, tuple(codes), level.value)
        found = self._entries.get(key) if version else None
        if found is not None:
            self._entries.move_to_end(key)
            self.hits += 1
            return list(found[0]), list(found[1])
        self.misses += 1
        hazards, needs = await all_of(
            resolve_hazards(runner, list(codes), []),
            hazard_requirements(runner, list(dict.fromkeys(codes)), level),
        )
        if version:
            self._entries[key] = (list(hazards), list(needs))
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return hazards, needs
