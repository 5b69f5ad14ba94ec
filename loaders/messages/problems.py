"""What is wrong with a message, as data: a catalog code and its parameters.

The codes are entries of the one message catalog (api/static/i18n/reasons.json), so
the API renders a problem in the reader's language; `english` gives the English line
for logs and for the error's own text. Each problem names the element (a path like
``alert/info[1]/urgency``) and says how to fix it.

Example::

    p = Problem.of("CAP_EMPTY", element="alert/references")
    raise MessageError([p])   # a UserInputError (BAD_USER_INPUT) carrying the problems
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.errors import UserInputError


@dataclass(frozen=True)
class TermKey:
    """A word of the catalog's closed vocabulary (``cap.severity.Severe`` -> 严重 / severe)."""

    key: str


ParamValue = str | int | float | TermKey


@dataclass(frozen=True)
class Problem:
    code: str
    params: tuple[tuple[str, ParamValue], ...] = ()

    @classmethod
    def of(cls, code: str, **params: ParamValue) -> Problem:
        return cls(code, tuple(params.items()))

    def param(self, name: str) -> ParamValue:
        return dict(self.params)[name]

    def english(self) -> str:
        """A plain line for logs: the code and its parameters (the catalog has the prose)."""
        args = ", ".join(f"{k}={v.key if isinstance(v, TermKey) else v!r}" for k, v in self.params)
        return f"{self.code}({args})"


class MessageError(UserInputError):
    """A message that cannot be read at all (not XML, a DTD, not a CAP alert, ...)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(p.english() for p in self.problems))
