"""One cached Neo4j plan per statement, whatever the lengths of its list and text parameters.

Neo4j keys a cached plan by the statement's text and its parameters' types, and for a
list or a string parameter also by a bucket of its length (0, 1, 2-10, 11-100, ...). So
the recommender's candidate query, called with 8 needed capabilities and then with 14,
or with no excluded team and then with one, is planned again; and so is the plans query
at response level "I" and then "II". Measured on the dense demo province after a Neo4j
start and the server's warm-up recommendation (2 cores, load ~13): the first requests
with other lengths took 3-15 s (the candidate query re-planned in 9-11 s, equipment
3-5 s, experts 5 s, plans 2-4 s), the same requests again 0.5-0.9 s. The warm-up cannot
cover every combination of buckets.

A map parameter carries no length in the key: values whose length varies travel inside
one map, `$varying`, and the Cypher reads them as ``$varying.capabilities``. One plan
then serves every length, and the start-up warm-up (api/warmup.py) plans it once.

Example::

    params = {"lat": 30.66, "lon": 104.06,
              "varying": varying(capabilities=["cap.water-rescue"], exclude=[], level="II")}
    # Cypher: ... WHERE c.id IN $varying.capabilities AND NOT t.id IN $varying.exclude
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def varying(**values: Iterable[Any] | str) -> dict[str, list[Any] | str]:
    """The map parameter (`$varying`) holding these lists (each as a list) and texts."""
    return {k: v if isinstance(v, str) else list(v) for k, v in values.items()}
