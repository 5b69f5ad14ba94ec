"""What is wrong with a value, as data: a message-catalog code and its parameters.

The texts live once, in the message catalog api/static/i18n/reasons.json (a Chinese and
an English template per code); the API and the UI render a problem in the reader's
language, the command line and the logs in English. A leaf module (no imports of our
own) so that the lowest layers, the record validator and the message readers, can say
what is wrong without knowing who reads it.

Example::

    p = Problem.of("LOAD_REQUIRED")
    p.text("zh")    # "缺少必填字段"
    p.text("en")    # "required field is missing"
    Problem.of("LOAD_DATATYPE", datatype=TermKey("datatype.integer"), value="'abc'").text("zh")
    # "应为整数，实际为 'abc'"
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Generic, Literal, Self, TypeVar

CATALOG_FILE = Path(__file__).resolve().parents[1] / "api" / "static" / "i18n" / "reasons.json"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
ProblemLang = Literal["zh", "en"]


@dataclass(frozen=True)
class TermKey:
    """A word of the catalog's closed vocabulary (``datatype.integer`` -> 整数 / an integer)."""

    key: str


# A parameter: a number, verbatim text (a quoted value, an id), a catalog word, or several
# words read as alternatives ("HazardType or Capability").
ParamValue = str | int | float | TermKey | tuple[TermKey, ...]


P = TypeVar("P")


@dataclass(frozen=True)
class CatalogMessage(Generic[P]):
    """A message-catalog code and its named parameters, in order: what a Problem (here)
    and a Reason (queries.models) are; they differ in the values their parameters take.

    Example::

        Problem.of("LOAD_RANGE", value=7).param("value")   # 7
    """

    code: str
    params: tuple[tuple[str, P], ...] = ()

    @classmethod
    def of(cls, code: str, **params: P) -> Self:
        return cls(code, tuple(params.items()))

    def param(self, name: str) -> P:
        return dict(self.params)[name]


@dataclass(frozen=True)
class Problem(CatalogMessage[ParamValue]):
    def text(self, lang: ProblemLang = "en") -> str:
        """The problem as one sentence in `lang`, from the catalog."""
        return render_problem(self, lang)

    def english(self) -> str:
        """A plain line for logs: the code and its parameters (the catalog has the prose)."""
        args = ", ".join(f"{k}={_plain(v)}" for k, v in self.params)
        return f"{self.code}({args})"


def _plain(v: ParamValue) -> str:
    if isinstance(v, TermKey):
        return v.key
    if isinstance(v, tuple):
        return "|".join(t.key for t in v)
    return repr(v)


class CatalogError(Exception):
    """A problem the catalog cannot render: a bug in the code that made it or in the catalog."""


@cache
def problem_catalog() -> dict[str, Any]:
    """The shipped catalog, read once per process."""
    data: dict[str, Any] = json.loads(CATALOG_FILE.read_text(encoding="utf-8"))
    return data


def format_number(x: float) -> str:
    """12 -> "12", 1.40 -> "1.4", 0.755 -> "0.76" (the UI formats the same way)."""
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.2f}".rstrip("0").rstrip(".")


def term_text(key: str, lang: ProblemLang) -> str:
    term = problem_catalog()["terms"].get(key)
    if term is None:
        raise CatalogError(f"term {key!r} is not in {CATALOG_FILE.name}; add it there")
    text: str = term[lang]
    return text


def render_problem(problem: Problem, lang: ProblemLang = "en") -> str:
    """`problem` as one sentence in `lang`; a code, term or parameter the catalog does not
    know is a CatalogError (tests render every code in both languages)."""
    cat = problem_catalog()
    entry = cat["codes"].get(problem.code)
    if entry is None:
        raise CatalogError(f"code {problem.code!r} is not in {CATALOG_FILE.name}; add it there")
    params = dict(problem.params)
    undeclared = sorted(set(params) - set(entry["params"]))
    if undeclared:
        raise CatalogError(f"{problem.code} has parameters the catalog lacks: {undeclared}")

    def value(v: ParamValue) -> str:
        if isinstance(v, bool):
            raise CatalogError("problem parameters are numbers, text or terms, not bool")
        if isinstance(v, int | float):
            return format_number(v)
        if isinstance(v, TermKey):
            return term_text(v.key, lang)
        if isinstance(v, tuple):
            separator: str = cat["alternatives"][lang]
            return separator.join(term_text(t.key, lang) for t in v)
        return v

    def fill(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in params:
            raise CatalogError(f"{problem.code} ({lang}) needs parameter {name!r}")
        return value(params[name])

    template: str = entry[lang]
    return PLACEHOLDER.sub(fill, template)
