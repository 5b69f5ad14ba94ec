"""Parse and validate a repeated document once: a bounded cache keyed by the query text.

Integrators send the same few documents again and again (with other variables); parsing
and validating one of them cost a tenth of a listing's server time. `DocumentCache`
keeps, per schema, the parsed document of the last `size` query texts that parsed and
validated without error: for those, strawberry skips both steps (an extension that sets
the document in ``on_parse`` and an empty error list in ``on_validate`` makes it skip
them). A text that failed either step is never kept, so its errors (and the limits in
limits.py, which run in those steps) are reported every time as before. Validation does
not depend on variables, the caller or the graph, only on the text and the schema.

Example::

    store = DocumentStore(size=256)
    extensions = [..., lambda: DocumentCache(store), ComplexityLimit, ...]
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import DocumentNode
from strawberry.extensions import SchemaExtension

from kg.lru import BoundedLRU

DOCUMENTS_KEPT = 256


class DocumentStore(BoundedLRU[str, DocumentNode]):
    """The valid documents of one schema, least recently used dropped past `size`."""

    def __init__(self, size: int = DOCUMENTS_KEPT) -> None:
        super().__init__(size)


class DocumentCache(SchemaExtension):
    """Skips parsing and validation of a query text that parsed and validated before.
    Place it before the extensions that check documents in ``on_validate``."""

    def __init__(self, store: DocumentStore) -> None:
        self.store = store
        self._hit = False

    def on_parse(self) -> Iterator[None]:
        ec = self.execution_context
        text = ec.query
        if text and ec.graphql_document is None:
            doc = self.store.get(text)
            if doc is not None:
                ec.graphql_document = doc
                self._hit = True
        yield

    def on_validate(self) -> Iterator[None]:
        ec = self.execution_context
        if self._hit and ec.pre_execution_errors is None:
            ec.pre_execution_errors = []  # validated before: strawberry skips validation
        yield
        valid = ec.pre_execution_errors == [] and ec.graphql_document is not None
        if valid and not self._hit and ec.query:
            self.store.put(ec.query, ec.graphql_document)  # type: ignore[arg-type]
