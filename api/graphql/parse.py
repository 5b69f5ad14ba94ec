"""`parseScenario`: a commander's report -> the draft scenario, for checking before recommending.

The draft holds the hazards with their evidence (the text spans) and confidence,
the situation facts with their spans, the place (a Region and its location), a
suggested response level with the grading rule that fired, and what could not be
read. Nothing here decides: the commander corrects any field, then asks
`recommendForces`. Labels and texts are in the request's locale (Chinese first).

Example::

    { parseScenario(text: "汶川县凌晨发生6.2级地震，12人被困") {
        recognized hazards { hazard { id name } evidence { start end text } }
        facts { kind value label span { text } } place { region { id name } }
        suggestedLevel { level text } } }
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info
from strawberry.types.nodes import SelectedField

from api.auth import Permission
from api.graphql.context import Context
from api.graphql.enums import ResponseLevel, describe_values
from api.graphql.fields import document, field
from api.graphql.reasons import Locale, request_lang
from api.graphql.recommend import ResolvedHazard, TextSpan
from api.graphql.types import Concept, GeoPoint
from api.messages import Lang, render
from ontology.grading import shipped_grading
from queries import models as m
from queries.level import LevelSuggestion as SuggestedLevel
from queries.understanding import models as u
from queries.understanding.parse import MAX_REPORT_CHARS, parse_report


@strawberry.enum(description="A situation fact a report can state (ontology: emkg:FactKind).")
class FactKind(Enum):
    # The parser's kinds (queries.understanding.facts.FACT_KINDS, each an emkg:FactKind of
    # the ontology): tests/unit/understanding/test_fact_kinds.py keeps the three equal.
    DEAD = "dead"
    INJURED = "injured"
    SERIOUSLY_INJURED = "seriously_injured"
    TRAPPED = "trapped"
    MISSING = "missing"
    EVACUATED = "evacuated"
    AFFECTED = "affected"
    BUILDINGS_COLLAPSED = "buildings_collapsed"
    ECONOMIC_LOSS = "economic_loss"
    BURNED_AREA = "burned_area"
    MAGNITUDE = "magnitude"
    NIGHT = "night"
    ROAD_CUT = "road_cut"


@strawberry.enum(
    description="Why a report that names hazards is no incident (queries.understanding.occasions)."
)
class ReportOccasion(Enum):
    # queries.understanding.occasions.OCCASIONS: tests/unit/understanding/test_occasions.py
    # keeps the two equal.
    DRILL = "drill"
    ANNIVERSARY = "anniversary"
    AWARENESS = "awareness"
    ADVERT = "advert"
    NOTICE = "notice"
    FALSE_ALARM = "false_alarm"
    UNLIKE_A_REPORT = "unlike_a_report"


def fact_label(kind: str, lang: Lang) -> str:
    """The fact kind's name from the ontology (emkg:FactKind skos:prefLabel)."""
    k = shipped_grading().fact_kinds[kind]
    return k.label_en if lang == "en" else k.label_zh


def _span(s: m.TextSpan) -> TextSpan:
    return TextSpan(start=s.start, end=s.end, text=s.text)


# The messages a draft carries (catalog codes, api/static/i18n/reasons.json) and their
# parameters: shown when nothing was recognised, or when a long text was cut.
NOT_RECOGNIZED = m.Reason.of("PARSE_NOT_RECOGNIZED")
TRUNCATED = m.Reason.of("PARSE_TRUNCATED", limit=MAX_REPORT_CHARS)
OCCASION_MESSAGES = {o: m.Reason.of(f"PARSE_OCCASION_{o.name}") for o in ReportOccasion}
PARSE_MESSAGES = [
    (r.code, dict(r.params)) for r in (NOT_RECOGNIZED, TRUNCATED, *OCCASION_MESSAGES.values())
]


@strawberry.type(description="A fact the report states, and where.")
class SituationFact:
    kind: FactKind
    label: str = strawberry.field(description="The fact's name in the locale (死亡 / dead).")
    value: float | None = strawberry.field(
        description="Counts (people, buildings), yuan, or the magnitude; null for yes/no facts."
    )
    flag: bool | None = strawberry.field(description="Yes/no facts (night, road cut).")
    negated: bool = strawberry.field(description="Stated as none: 无人员伤亡 -> dead 0.")
    span: TextSpan

    @classmethod
    def of(cls, f: u.Fact, lang: Lang) -> SituationFact:
        flag = f.value if isinstance(f.value, bool) else None
        return cls(
            kind=FactKind(f.kind),
            label=fact_label(f.kind, lang),
            value=None if flag is not None else float(f.value),
            flag=flag,
            negated=f.negated,
            span=_span(f.span),
        )


@strawberry.type(description="The administrative region the report names.")
class PlaceMatch:
    region: Concept
    rank: str = strawberry.field(description="As text: province, city or county.")
    location: GeoPoint | None
    span: TextSpan
    within: list[Concept] = strawberry.field(description="Its parents, innermost first.")

    @classmethod
    def of(cls, p: u.PlaceMatch) -> PlaceMatch:
        loc = p.location
        return cls(
            region=Concept.of(p.region),
            rank=p.rank,
            location=GeoPoint(latitude=loc.latitude, longitude=loc.longitude) if loc else None,
            span=_span(p.span),
            within=[Concept.of(c) for c in p.chain],
        )


@strawberry.type(description="A grading criterion the stated facts meet.")
class FiredCriterion:
    id: str
    fact: FactKind
    value: float = strawberry.field(description="The stated value (summed when several count).")
    text: str = strawberry.field(description="The criterion as the plan words it, in the locale.")


@strawberry.type(description="A response level suggested by a national plan's grading criteria.")
class LevelSuggestion:
    level: ResponseLevel
    plan: Concept
    criteria: list[FiredCriterion]
    text: str = strawberry.field(description="The suggestion and its grounds, in the locale.")

    @classmethod
    def of(cls, s: SuggestedLevel, lang: Lang) -> LevelSuggestion:
        p = s.plan
        return cls(
            level=ResponseLevel(s.level.value),
            plan=Concept.of(m.ConceptRef(p.id, p.name_zh, p.name_en)),
            criteria=[
                FiredCriterion(
                    id=r.criterion.id,
                    fact=FactKind(r.criterion.fact),
                    value=r.value,
                    text=r.criterion.description_en if lang == "en" else r.criterion.description_zh,
                )
                for r in s.fired
            ],
            text=s.text_en if lang == "en" else s.text_zh,
        )


@strawberry.type(description="A hazard the report names but negates (未发生火灾, 'no fire').")
class NegatedHazard:
    hazard: Concept
    span: TextSpan


@strawberry.type(
    description="A hazard the report says may follow (防范山洪, 'debris flows are possible'): "
    "no forces of its own; the commander may add it."
)
class PossibleHazard:
    hazard: Concept
    span: TextSpan


@strawberry.type(
    description="A hazard the report names for a drill, an anniversary or an awareness day "
    "('地震应急演练', '汶川地震十周年'): no forces; the commander may choose it if the text is "
    "in fact a real report."
)
class OccasionHazard:
    hazard: Concept
    span: TextSpan


@strawberry.type(description="The scenario a report describes: check it, correct it, recommend.")
class DraftScenario:
    text: str = strawberry.field(description="The text read (spans index into it).")
    recognized: bool = strawberry.field(
        description="False: no hazard could be read; choose one from `suggestions`."
    )
    message: str | None = strawberry.field(
        description="What to do when nothing was recognised or the text was cut, in the locale."
    )
    hazards: list[ResolvedHazard]
    facts: list[SituationFact]
    place: PlaceMatch | None
    suggested_level: LevelSuggestion | None
    suggestions: list[Concept] = strawberry.field(
        description="When not recognised: the hazard types nearest to the text."
    )
    alternatives: list[Concept] = strawberry.field(
        description="When hazards were read: the next likeliest hazard types (at most 3, "
        "best first), offered beside them ('也可能是 / Could also be') in case a read one is "
        "wrong or a second hazard was missed. Never among `hazards`, never used for forces; "
        "read, broader, negated, possible and occasion hazards are left out. Empty when "
        "nothing was read (see `suggestions`). Ranking them runs the embedding model on the "
        "text: ask for them in a request of their own after the draft to keep it fast."
    )
    negated_hazards: list[NegatedHazard]
    possible_hazards: list[PossibleHazard]
    occasion: ReportOccasion | None = strawberry.field(
        description="Set when the text names hazards only for a drill, an anniversary or an "
        "awareness day: it is no incident, and nothing was recognised."
    )
    occasion_hazards: list[OccasionHazard] = strawberry.field(
        description="Hazards named for a drill, an anniversary, an awareness day or an advert."
    )
    unread: list[TextSpan] = strawberry.field(description="Clauses nothing was read from.")
    truncated: bool = strawberry.field(
        description=f"The text was longer than {MAX_REPORT_CHARS} characters and was cut."
    )
    locale: Locale

    @classmethod
    def of(cls, d: u.DraftScenario, lang: Lang) -> DraftScenario:
        message = None
        occasion = ReportOccasion(d.occasion) if d.occasion else None
        if occasion is not None:
            message = render(OCCASION_MESSAGES[occasion], lang)
        elif not d.recognized:
            message = render(NOT_RECOGNIZED, lang)
        elif d.truncated:
            message = render(TRUNCATED, lang)
        return cls(
            text=d.text,
            recognized=d.recognized,
            message=message,
            hazards=[ResolvedHazard.of(h, lang) for h in d.hazards],
            facts=[SituationFact.of(f, lang) for f in d.facts],
            place=PlaceMatch.of(d.place) if d.place else None,
            suggested_level=LevelSuggestion.of(d.level, lang) if d.level else None,
            suggestions=[Concept.of(c) for c in d.suggestions],
            alternatives=[Concept.of(c) for c in d.alternatives],
            negated_hazards=[
                NegatedHazard(hazard=Concept.of(n.hazard), span=_span(n.span))
                for n in d.negated_hazards
            ],
            possible_hazards=[
                PossibleHazard(hazard=Concept.of(n.hazard), span=_span(n.span))
                for n in d.possible_hazards
            ],
            occasion=occasion,
            occasion_hazards=[
                OccasionHazard(hazard=Concept.of(n.hazard), span=_span(n.span))
                for n in d.occasion_hazards
            ],
            unread=[_span(s) for s in d.unread],
            truncated=d.truncated,
            locale=Locale(lang),
        )


@strawberry.type
class ParseQuery:
    @field(
        description="Read a report (zh or en; what was phoned in, a duty note, an alert's "
        "text) into a draft scenario: hazards with the text that names them, facts, place, "
        "a suggested level, and what could not be read. Nothing is guessed below the "
        f"calibrated confidence. Texts longer than {MAX_REPORT_CHARS} characters are cut."
    )
    async def parse_scenario(
        self, info: Info[Context, None], text: str, locale: Locale | None = None
    ) -> DraftScenario:
        ctx = info.context
        ctx.require(Permission.RECOMMEND)
        lang = request_lang(locale, ctx.request)
        # The alternatives run the model on a text whose hazards are named: only when asked.
        wanted = _selects(info.selected_fields, "alternatives")
        draft = await parse_report(ctx.runner, ctx.state.embedder, text, offer_alternatives=wanted)
        return DraftScenario.of(draft, lang)


def _selects(selections: list[Any], name: str) -> bool:
    """Whether the query selects `name` directly under this field (inline fragments and
    fragment spreads included)."""
    for top in selections:
        for s in top.selections:
            if isinstance(s, SelectedField):
                if s.name == name:
                    return True
            elif _selects([s], name):  # an inline fragment or a fragment spread
                return True
    return False


describe_values(
    FactKind,
    {k.name: f"{fact_label(k.value, 'zh')} {fact_label(k.value, 'en')}." for k in FactKind},
)
document(SituationFact, {"kind": "What kind of fact."})
document(
    PlaceMatch,
    {"region": "The region (GB/T 2260 code and names).", "location": "The region's point."},
)
document(FiredCriterion, {"id": "The criterion's id in the plan.", "fact": "The fact it reads."})
document(
    LevelSuggestion,
    {
        "level": "The suggested response level.",
        "plan": "The plan whose grading criteria fired.",
        "criteria": "The criteria the facts meet.",
    },
)
document(NegatedHazard, {"hazard": "The hazard said not to happen."})
document(PossibleHazard, {"hazard": "The hazard said as what may follow."})
document(OccasionHazard, {"hazard": "The hazard the occasion names.", "span": "Where it is named."})
describe_values(
    ReportOccasion,
    {
        "DRILL": "A drill or exercise notice (演练、演习、'this is a drill').",
        "ANNIVERSARY": "An anniversary or commemoration (周年、纪念).",
        "AWARENESS": "An awareness day, week or campaign (防灾减灾日、宣传周).",
        "ADVERT": "An advertisement: a product named after a hazard (限时特价、'20% off').",
        "NOTICE": "A meeting or training notice (会议的通知、参训名单、'Agenda:').",
        "FALSE_ALARM": "A false alarm or a denied rumour (误报、已销警、系谣言、'false alarm').",
        "UNLIKE_A_REPORT": (
            "The text does not read like an incident report at all (an essay, a review, a story: "
            "the learned report gate, queries.understanding.report_gate)."
        ),
    },
)
document(
    DraftScenario,
    {
        "hazards": "Hazards read, with their evidence.",
        "facts": "Situation facts read (counts, magnitude, ...).",
        "place": "The region named (null: none).",
        "suggested_level": "A response level suggested by a plan's grading (null: none fired).",
        "negated_hazards": "Hazards the text says did not happen.",
        "possible_hazards": "Hazards the text says may follow (not among `hazards`).",
    },
)
document(ParseQuery, {"parse_scenario.text": "The report, in Chinese or English."})
