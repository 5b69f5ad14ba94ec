"""Render structured reasons (queries.models.Reason) in the reader's language.

The texts live once, in api/static/i18n/reasons.json: for each code the parameters it
takes and a Chinese and an English template. The UI fetches the same file and renders
the same codes (api/static/js/reasons.js), so a language switch needs no new request.
Chinese is the default locale. A code the catalog does not know, a parameter a template
needs but the reason lacks, or one it has but the catalog does not declare, is a
`MessageError`: tests/unit/recommend/test_messages.py runs every code in both languages.

Example::

    render(Reason.of("EXPERT_NEAR", distanceKm=12.5), "zh")   # "距事发地 12.5 公里，可到场"
    render(Reason.of("EXPERT_NEAR", distanceKm=12.5), "en")   # "12.5 km from the scene; ..."
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from api.quality_values import weighted_values
from ontology.problems import format_number as format_number  # one rule for every number
from queries.models import ConceptRef, ParamValue, Reason, Term

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
DEFAULT_LANG: Lang = "zh"
CATALOG_FILE = Path(__file__).resolve().parent / "static" / "i18n" / "reasons.json"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


class MessageError(Exception):
    """A reason the catalog cannot render (a bug in queries/ or in the catalog)."""


@dataclass(frozen=True)
class Catalog:
    codes: dict[str, dict[str, Any]]
    terms: dict[str, dict[str, str]]
    separators: dict[str, str]

    def template(self, code: str, lang: Lang) -> str:
        entry = self.codes.get(code)
        if entry is None:
            raise MessageError(f"reason code {code!r} is not in {CATALOG_FILE.name}; add it there")
        text: str = entry[lang]
        return text

    def declared(self, code: str) -> list[str]:
        params: list[str] = self.codes[code]["params"]
        return params


@cache
def catalog() -> Catalog:
    """The shipped catalog, read once per process."""
    data = json.loads(CATALOG_FILE.read_text(encoding="utf-8"))
    return Catalog(codes=data["codes"], terms=data["terms"], separators=data["lists"])


def concept_name(c: ConceptRef, lang: Lang) -> str:
    """The concept's name in `lang`, else in the other language, else its id."""
    first, second = (c.name_zh, c.name_en) if lang == "zh" else (c.name_en, c.name_zh)
    return first or second or c.id


def format_value(v: ParamValue, lang: Lang, cat: Catalog | None = None) -> str:
    cat = cat or catalog()
    if isinstance(v, bool):
        raise MessageError("reason parameters are numbers, text, terms or concepts, not bool")
    if isinstance(v, int | float):
        return format_number(v)
    if isinstance(v, Term):
        term = cat.terms.get(v.key)
        if term is None:
            raise MessageError(f"term {v.key!r} is not in {CATALOG_FILE.name}; add it there")
        return term[lang]
    if isinstance(v, ConceptRef):
        return concept_name(v, lang)
    if isinstance(v, tuple):
        return cat.separators[lang].join(concept_name(c, lang) for c in v)
    return v


def render(reason: Reason, lang: Lang = DEFAULT_LANG) -> str:
    """The reason as one sentence in `lang`."""
    cat = catalog()
    template = cat.template(reason.code, lang)
    params = dict(reason.params)
    undeclared = sorted(set(params) - set(cat.declared(reason.code)))
    if undeclared:
        raise MessageError(f"reason {reason.code} has parameters the catalog lacks: {undeclared}")

    def fill(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in params:
            raise MessageError(f"reason {reason.code} ({lang}) needs parameter {name!r}")
        return format_value(params[name], lang, cat)

    return PLACEHOLDER.sub(fill, template)


def render_all(reasons: tuple[Reason, ...] | list[Reason], lang: Lang = DEFAULT_LANG) -> list[str]:
    return [render(r, lang) for r in reasons]


def lang_from_accept_language(header: str | None) -> Lang:
    """The best of zh / en the client accepts (q-values honoured); Chinese when it names
    neither or sends no header.

    Example::

        lang_from_accept_language("en-US,en;q=0.9,zh;q=0.5")   # "en"
    """
    best: tuple[float, int, Lang] | None = None
    for i, (tag, q) in enumerate(weighted_values(header)):
        primary = tag.lower().split("-")[0]
        if primary not in LANGS or q <= 0:
            continue
        lang: Lang = "zh" if primary == "zh" else "en"
        if best is None or (q, -i) > best[:2]:
            best = (q, -i, lang)
    return best[2] if best is not None else DEFAULT_LANG
