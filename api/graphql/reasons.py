"""GraphQL types for structured reasons, and the caller's locale.

A `Reason` is a catalog code with typed parameters and its text in the request's locale
(the `locale` argument; else the request's Accept-Language; else Chinese). A client
that wants the other language renders `code` + `params` with api/static/i18n/reasons.json
(the web UI does) instead of asking again. Parameter kinds:

- NUMBER: `number` (and `value`, the number as text);
- TEXT: verbatim text in `text` (an id or code, the same in every language);
- TERM: a catalog term key in `text` (e.g. "mobility.air"), `value` in the locale;
- CONCEPT / CONCEPTS: `concepts` with both names, `value` the names in the locale.

Example::

    Reason.of(m.Reason.of("EXPERT_NEAR", distanceKm=12.5), "en").text
    # "12.5 km from the scene; available"
"""

from __future__ import annotations

from enum import Enum

import strawberry
from starlette.requests import Request

from api.graphql.enums import describe_values
from api.graphql.types import Concept
from api.messages import Lang, format_value, lang_from_accept_language, render
from queries import models as m


@strawberry.enum(description="The language of rendered texts: ZH 中文 (the default) or EN.")
class Locale(Enum):
    ZH = "zh"
    EN = "en"


describe_values(Locale, {"ZH": "中文 Chinese (the default).", "EN": "English."})


def request_lang(locale: Locale | None, request: Request | None) -> Lang:
    """The `locale` argument, else the best of zh/en in Accept-Language, else Chinese."""
    if locale is not None:
        return "en" if locale is Locale.EN else "zh"
    header = request.headers.get("accept-language") if request is not None else None
    return lang_from_accept_language(header)


@strawberry.enum(description="How to read a reason parameter (see ReasonParam).")
class ReasonParamKind(Enum):
    NUMBER = "NUMBER"
    TEXT = "TEXT"
    TERM = "TERM"
    CONCEPT = "CONCEPT"
    CONCEPTS = "CONCEPTS"


describe_values(
    ReasonParamKind,
    {
        "NUMBER": "A number: in `number` (and `value`, formatted for the locale).",
        "TEXT": "Verbatim text in `text` (an id or code, the same in every language).",
        "TERM": "A catalog term key in `text` (e.g. mobility.air); `value` in the locale.",
        "CONCEPT": "One concept in `concepts` (both names); `value` its name in the locale.",
        "CONCEPTS": "Several concepts in `concepts`; `value` their names in the locale.",
    },
)


@strawberry.type(description="One parameter of a reason: its name, kind and value.")
class ReasonParam:
    name: str = strawberry.field(
        description="The parameter's name in the catalog text, e.g. distanceKm."
    )
    kind: ReasonParamKind = strawberry.field(
        description="Which of number, text and concepts hold the value."
    )
    value: str = strawberry.field(description="The value as text in the request's locale.")
    number: float | None = strawberry.field(description="NUMBER: the number.")
    text: str | None = strawberry.field(description="TEXT: the text; TERM: the term's key.")
    concepts: list[Concept] = strawberry.field(
        description="CONCEPT: the one concept; CONCEPTS: all of them (both names each)."
    )

    @classmethod
    def of(cls, name: str, v: m.ParamValue, lang: Lang) -> ReasonParam:
        value = format_value(v, lang)
        if isinstance(v, int | float):
            return cls(
                name=name,
                kind=ReasonParamKind.NUMBER,
                value=value,
                number=float(v),
                text=None,
                concepts=[],
            )
        if isinstance(v, m.Term):
            kind, text, concepts = ReasonParamKind.TERM, v.key, []
        elif isinstance(v, m.ConceptRef):
            kind, text, concepts = ReasonParamKind.CONCEPT, None, [Concept.of(v)]
        elif isinstance(v, tuple):
            kind, text, concepts = ReasonParamKind.CONCEPTS, None, [Concept.of(c) for c in v]
        else:
            kind, text, concepts = ReasonParamKind.TEXT, v, []
        return cls(name=name, kind=kind, value=value, number=None, text=text, concepts=concepts)


@strawberry.type(
    description="Why, as data: a code from the message catalog (api/static/i18n/reasons.json), "
    "its parameters, and the text in the request's locale."
)
class Reason:
    code: str = strawberry.field(
        description="The catalog code, e.g. EXPERT_NEAR (a key of api/static/i18n/reasons.json)."
    )
    params: list[ReasonParam] = strawberry.field(
        description="The parameters the catalog text is filled with (empty when none)."
    )
    text: str = strawberry.field(description="The rendered text in the request's locale.")

    @classmethod
    def of(cls, r: m.Reason, lang: Lang) -> Reason:
        return cls(
            code=r.code,
            params=[ReasonParam.of(n, v, lang) for n, v in r.params],
            text=render(r, lang),
        )


def reasons_of(rs: tuple[m.Reason, ...], lang: Lang) -> list[Reason]:
    return [Reason.of(r, lang) for r in rs]
