"""What is wrong with a message, as data: a catalog code and its parameters.

`Problem` and `TermKey` are the ontology layer's (ontology/problems.py: the record
validator says what is wrong with a loader row the same way). The codes are entries of
the one message catalog (api/static/i18n/reasons.json), so the API renders a problem in
the reader's language; `english` gives the plain line for logs and the error's own
text. Each problem names the element (a path like ``alert/info[1]/urgency``) and says
how to fix it.

Example::

    p = Problem.of("CAP_EMPTY", element="alert/references")
    raise MessageError([p])   # a UserInputError (BAD_USER_INPUT) carrying the problems
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.errors import UserInputError
from ontology.problems import ParamValue, Problem, TermKey

__all__ = ["MessageError", "ParamValue", "Problem", "TermKey"]


class MessageError(UserInputError):
    """A message that cannot be read at all (not XML, a DTD, not a CAP alert, ...)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(p.english() for p in self.problems))
