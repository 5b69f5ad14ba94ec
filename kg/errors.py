"""EMKG's one error hierarchy, and the single boundary that maps driver errors to it.

::

    EmkgError                      code          retryable
    ├── UserInputError             BAD_USER_INPUT  no   (bad scenario, unknown code, ...)
    │   └── UnknownConceptError    BAD_USER_INPUT  no   (names close matches)
    ├── NotFoundError              NOT_FOUND       no
    ├── PermissionDeniedError      FORBIDDEN       no
    ├── StoreUnavailableError      UNAVAILABLE     yes  (Neo4j down, leader switch)
    │   └── QueryTimeoutError      TIMEOUT         yes  (longer than EMKG_QUERY_TIMEOUT_S)
    ├── StoreCredentialsError      STORE_CREDENTIALS no (Neo4j rejected user/password)
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
    # Machine-readable detail for the caller (GraphQL `extensions.details`), e.g. choices.
    details: dict[str, object] | None = None
    # The message as data: a code of the message catalog (api/static/i18n/reasons.json) and
    # its parameters, which the API renders in the caller's language; str(e) stays the
    # English text for logs and the command line. A parameter that is a {id, nameZh, nameEn}
    # map (or a list of them) is shown as the concept's name in that language.
    message_code: str | None = None
    message_params: dict[str, object] | None = None
    # The input the error is about, in the raising function's own terms (``weight``,
    # ``hazard``, ``nameZh``); the API maps it to its input path for `userErrors.field`.
    field: str | None = None

    def as_message(self, code: str, **params: object) -> EmkgError:
        """Attach the catalog message; returns self: ``raise UserInputError(..).as_message(..)``."""
        self.message_code, self.message_params = code, params
        return self

    def on(self, field: str) -> EmkgError:
        """Name the input at fault; returns self: ``raise UserInputError(..).on("weight")``."""
        self.field = field
        return self

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


class NoHazardRecognizedError(UserInputError):
    """A description in which no hazard could be read; `details["choices"]` lists the
    hazard types nearest to it as (id, nameZh, nameEn), for the commander to pick from."""

    def __init__(
        self, choices: Iterable[tuple[str, str, str]], occasion: str | None = None
    ) -> None:
        listed = list(choices)
        names = "、".join(f"{zh} {i}" for i, zh, _en in listed)
        hint = f"; the nearest types are {names}" if listed else ""
        why = f" (the description is a {occasion} text, no incident)" if occasion else ""
        super().__init__(
            f"no hazard was recognised in the description{why}; give hazardCodes or name the "
            f"hazard (e.g. '洪水' / 'flood'){hint}"
        )
        self.details = {"choices": [{"id": i, "nameZh": zh, "nameEn": en} for i, zh, en in listed]}
        if occasion:  # a drill notice, an anniversary, an awareness text: its hazards are choices
            self.details["occasion"] = occasion
            self.as_message(f"ERR_NO_HAZARD_{occasion.upper()}", choices=self.details["choices"])
        elif listed:
            self.as_message("ERR_NO_HAZARD_CHOICES", choices=self.details["choices"])
        else:
            self.as_message("ERR_NO_HAZARD")


class NotFoundError(EmkgError):
    code = "NOT_FOUND"


class PermissionDeniedError(EmkgError):
    code = "FORBIDDEN"


class StoreUnavailableError(EmkgError):
    code = "UNAVAILABLE"

    def is_retryable(self) -> bool:
        return True


class QueryTimeoutError(StoreUnavailableError):
    """The database is up but the query ran longer than the limit: not an outage."""

    code = "TIMEOUT"


class StoreCredentialsError(EmkgError):
    """Wrong NEO4J_USER / NEO4J_PASSWORD: retrying cannot help, fixing the settings does."""

    code = "STORE_CREDENTIALS"


class StoreError(EmkgError):
    code = "INTERNAL"


class LauncherError(EmkgError):
    code = "LAUNCHER"


UNREACHABLE = (
    "the graph database is unreachable; check that Neo4j is running "
    "(`emkg neo4j status`) or that NEO4J_URI points at a live server"
)
TIMED_OUT = (
    "the query took longer than the configured limit (EMKG_QUERY_TIMEOUT_S); "
    "narrow the scenario (fewer hazards, smaller max travel time) or raise the limit"
)
BAD_CREDENTIALS = (
    "Neo4j rejected the credentials; check NEO4J_USER / NEO4J_PASSWORD (retrying will not help)"
)
# Driver exception type -> our error and message, most specific first (as httpx maps).
# ClientError and the other Neo4jErrors are decided by their code below.
_BY_TYPE: tuple[tuple[type[Exception], type[EmkgError], str], ...] = (
    (neo4j_exc.ServiceUnavailable, StoreUnavailableError, UNREACHABLE),
    (neo4j_exc.SessionExpired, StoreUnavailableError, UNREACHABLE),
    (neo4j_exc.AuthError, StoreCredentialsError, BAD_CREDENTIALS),
)


def translate(e: Exception) -> EmkgError | None:
    """The EMKG error for a driver error (None: not a driver error)."""
    for source, target, message in _BY_TYPE:
        if isinstance(e, source):
            return target(message)
    if isinstance(e, neo4j_exc.Neo4jError):
        code = e.code or ""
        if "TransactionTimedOut" in code:  # also ...TransactionTimedOutClientConfiguration
            return QueryTimeoutError(TIMED_OUT)
        if "Security.Unauthorized" in code:
            return StoreCredentialsError(BAD_CREDENTIALS)
        if isinstance(e, neo4j_exc.ClientError):
            return StoreError(f"the graph database rejected a query: {code}")
        if e.is_retryable():
            return StoreUnavailableError(
                f"the graph database is temporarily unavailable ({code}); retry shortly"
            )
        return StoreError(f"the graph database failed: {code}")
    if isinstance(e, neo4j_exc.DriverError):
        return StoreUnavailableError(f"the graph database connection failed: {e}")
    return None


@contextmanager
def map_neo4j_errors() -> Iterator[None]:
    """Translate neo4j driver errors to EMKG errors (the one boundary, as httpx does)."""
    try:
        yield
    except (neo4j_exc.Neo4jError, neo4j_exc.DriverError) as e:
        mapped = translate(e)
        if mapped is None:  # pragma: no cover - every driver error is mapped above
            raise
        raise mapped from e
