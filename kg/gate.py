"""The one gate through which node labels and relationship types enter Cypher text.

Labels and types cannot be Cypher parameters, so they are the only text we
ever splice into a query; they must be in the ontology's closed vocabulary and
are backtick-quoted. Everything else is a ``$parameter``.

Example::

    query = f"MATCH (n:{label('Team')}) RETURN count(n)"   # -> MATCH (n:`Team`) ...
    label("Teem")   # OntologyError: unknown node label 'Teem'; did you mean 'Team'?
"""

from __future__ import annotations

from typing import LiteralString, cast

from ontology.vocabulary import node_label, rel_type


def label(name: str) -> LiteralString:
    return cast(LiteralString, f"`{node_label(name)}`")  # type: ignore[redundant-cast]


def rel(name: str) -> LiteralString:
    return cast(LiteralString, f"`{rel_type(name)}`")  # type: ignore[redundant-cast]
