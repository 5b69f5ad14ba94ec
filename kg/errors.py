"""EMKG's one error hierarchy, and the single boundary that maps driver errors to it.

::

    EmkgError                      code          retryable
    ├── UserInputError             BAD_USER_INPUT  no   (bad scenario, unknown code, ...)
    │   └── UnknownConceptError    BAD_USER_INPUT  no   (names close matches)
    ├── NotFoundError              NOT_FOUND       no
    ├── PermissionDeniedError      FORBIDDEN       no
    ├── StoreUnavailableError      UNAVAILABLE     yes  (Neo4j down, leader switch, timeout)
    ├── StoreError                 INTERNAL        no   (an unexpected Cypher failure)
    └── LauncherError              LAUNCHER        no   (the local Neo4j cannot start)

User-facing messages say what was wrong and how to fix it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from neo4j import exceptions as neo4j_exc


class EmkgError(Exception):
    code = "INTERNAL"

    def is_retryable(self) -> bool:
        return False


class UserInputError(EmkgError):
    code = "BAD_USER_INPUT"


class UnknownConceptError(UserInputError):
    """An id that is not in the graph; the message suggests the closest ids."""

    def __init__(self, kind: str, value: str, known: Iterable[tuple[str, str]]) -> None:
        by_id = dict(known)
        close = difflib.get_close_matches(value, list(by_id), n=3, cutoff=0.5)
        hint = ""
        if close:
            hint = "; did you mean " + " or ".join(f"'{c}' {by_id[c]}".strip() for c in close) + "?"
        super().__init__(f"unknown {kind} '{value}'{hint}")
        self.kind = kind
        self.value = value
        self.suggestions = close


class NotFoundError(EmkgError):
    code = "NOT_FOUND"


class PermissionDeniedError(EmkgError):
    code = "FORBIDDEN"


class StoreUnavailableError(EmkgError):
    code = "UNAVAILABLE"

    def is_retryable(self) -> bool:
        return True


class StoreError(EmkgError):
    code = "INTERNAL"


class LauncherError(EmkgError):
    code = "LAUNCHER"


@contextmanager
def map_neo4j_errors() -> Iterator[None]:
    """Translate neo4j driver errors to EMKG errors (the one boundary, as httpx does)."""
    try:
        yield
    except (neo4j_exc.ServiceUnavailable, neo4j_exc.SessionExpired) as e:
        raise StoreUnavailableError(
            "the graph database is unreachable; check that Neo4j is running "
            "(`emkg neo4j status`) or that NEO4J_URI points at a live server"
        ) from e
    except neo4j_exc.AuthError as e:
        raise StoreUnavailableError(
            "Neo4j rejected the credentials; check NEO4J_USER / NEO4J_PASSWORD"
        ) from e
    except neo4j_exc.ClientError as e:
        if e.code and "TransactionTimedOut" in e.code:
            raise StoreUnavailableError(
                "the query took longer than the configured limit (EMKG_QUERY_TIMEOUT_S); "
                "narrow the scenario (fewer hazards, smaller max travel time) or raise the limit"
            ) from e
        raise StoreError(f"the graph database rejected a query: {e.code}") from e
    except neo4j_exc.Neo4jError as e:
        if e.is_retryable():
            raise StoreUnavailableError(
                f"the graph database is temporarily unavailable ({e.code}); retry shortly"
            ) from e
        raise StoreError(f"the graph database failed: {e.code}") from e
    except neo4j_exc.DriverError as e:
        raise StoreUnavailableError(f"the graph database connection failed: {e}") from e
