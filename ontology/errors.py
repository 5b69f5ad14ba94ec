"""The ontology's error and the "did you mean" hint every message about a name uses.

A leaf module (no imports of our own) so that the lowest layers can raise it.

Example::

    raise OntologyError(f"unknown node label 'Teem'{did_you_mean('Teem', ['Team'])}")
"""

from __future__ import annotations

import collections.abc as cabc
import difflib


class OntologyError(ValueError):
    """The ontology cannot be used as given; the message says what and how to fix it."""


def did_you_mean(value: str, known: cabc.Iterable[str], *, cutoff: float = 0.6) -> str:
    """``"; did you mean 'x'?"`` for the closest known value, or ``""``.

    >>> did_you_mean("Teem", ["Team", "Region"])
    "; did you mean 'Team'?"
    """
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=cutoff)
    return f"; did you mean '{close[0]}'?" if close else ""
