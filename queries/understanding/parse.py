"""A commander's report -> the draft scenario it describes, or an honest "not recognised".

1. Hazards named in the text (named.py, mentions.py): every label and synonym wherever it
   occurs, all kept, negated ones set apart; confidence MENTION_CONFIDENCE. Frames
   (frames.py) read hazards said without their name ("煤气漏了", "化工厂储罐泄漏"), and
   readings (readings.py) those a measurement names ("最高气温达43℃": extreme heat).
2. When nothing is named, the embedding's nearest hazard type (paraphrase.py),
   only at or above PARAPHRASE_MIN_SIMILARITY (calibrated on the evaluation set:
   see benchmarks/eval_reports.py); below it, people trapped (a stated fact) are the
   incident; else the hazard judge's likeliest type (judge.py) when it is sure enough
   and the report gate finds the text report-like (JUDGE_MIN_PROBABILITY); below those
   nothing is guessed.
3. Hazards named for an occasion that is no incident (occasions.py: a drill notice, an
   anniversary, an awareness day) are `occasion_hazards`; a text that names only those is
   not recognised (`occasion` says why) and nothing is guessed; so is a text whose own
   words declare such an occasion (a training course's notice, a false alarm: occasions.
   declared_occasion) and that names no hazard: the nearest types are only choices.
4. Hazards said as what may follow ("注意防范山洪", "debris flows are possible") are
   `possible_hazards` (hedges.py), shown to the commander, no forces of their own.
5. Consequences are facts, not hazards (facts.py): trapped, missing, injured, dead,
   evacuated... Being trapped (12YX2) or a road cut (12P01) is the incident only when
   the report names no other hazard: beside a flood or an earthquake it is its damage.
   A building collapse (12P13) stays beside a fire, an explosion, a wind or a flood (it
   needs collapse rescue), not beside an earthquake, a landslide, a typhoon or a tornado.
6. The place (places.py) and a suggested response level (queries/level.py, from the
   national plans' grading criteria) when the facts grade it.
Text that names nothing and is near nothing is `recognized=False`, with the nearest
types as `suggestions` for the commander to choose from.
7. When hazards are read and the caller asks (`offer_alternatives`), `alternatives` offers
   the next likeliest types beside them (alternatives.py: the judge's ranking, then the
   nearest by meaning; never a read, broader, negated, possible or occasion one): offered
   only, never read.
8. When hazards are read, the report gate (report_gate.py, learned) may find that the text
   does not read like an incident report at all (an essay, a review, a story): its hazards
   are then set apart as the occasion's (`unlike_a_report`), offered as choices, never read.

Example::

    draft = await parse_report(runner, embedder, "汶川县凌晨发生6.2级地震，12人被困")
    [h.hazard.id for h in draft.hazards], draft.place.region.id
    # (['11C02'], '513221')
"""

from __future__ import annotations

import re

from kg.cypher import CypherRunner
from kg.embedder import Embedder
from kg.errors import UserInputError
from ontology.grading import shipped_broader, shipped_grading
from ontology.text import CJK_RANGES
from queries.level import suggest_level
from queries.models import ConceptRef, ResolvedHazard, TextSpan
from queries.understanding.alternatives import alternatives
from queries.understanding.facts import clauses, read_facts
from queries.understanding.frames import load_frames, partial_frames
from queries.understanding.judge import HazardJudge, load_judge
from queries.understanding.lexicon import HazardLexicon, lexicons
from queries.understanding.models import DraftScenario, Fact, HazardMention
from queries.understanding.named import TRAPPED_HAZARD, read_named, states_something
from queries.understanding.occasions import UNLIKE_A_REPORT, declared_occasion, occasion_words
from queries.understanding.paraphrase import NearHazard, nearest_hazards
from queries.understanding.places import read_place
from queries.understanding.report_gate import UNLIKE_A_REPORT_MIN, ReportGate, load_gate

MAX_REPORT_CHARS = 2000  # a long 通报 is ~600 characters; beyond this the text is cut, and says so
MENTION_CONFIDENCE = {3: 0.95, 2: 0.8}  # a named type; a named subcategory (地质灾害)
PARAPHRASE_MIN_SIMILARITY = 0.72  # calibrated: benchmarks/eval_reports.py --sweep (README)
PARAPHRASE_MAX_HAZARDS = 2
PARAPHRASE_RELATIVE = 0.99  # a second paraphrase hit within this share of the best
SUGGESTIONS = 5
FRAME_CHOICES = 1  # partial frames among the choices: more put weak guesses above the model's
JUDGE_CHOICES = 5  # the judge's types, after the partial frame and before the nearest by meaning
ALTERNATIVE_JUDGED = 5  # when hazards are read: the judge's types considered as alternatives
# When no rule reads a hazard and nothing is near enough by meaning, the judge's likeliest
# type is read at this probability or more, if the report gate finds the text less likely
# than JUDGE_MAX_UNLIKE to be unlike a report. Calibrated on held-out 2-7 (neither the judge
# nor the gate trained on them): of their 24 reports no rule read, 21 were taken, all right;
# of their 144 non-incidents none (README: "The judge reads what the rules do not").
JUDGE_MIN_PROBABILITY = 0.3
JUDGE_MAX_UNLIKE = 0.5
ALTERNATIVE_NEAR = 5  # and then the nearest by meaning
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
# Chinese text pasted from a PDF, a fax's OCR, a WeChat forward or a folded document breaks
# its lines (or leaves a space) inside a word: "偏出 跑道", "瓦斯\n爆炸". Chinese puts no
# space between words, so blanks between two Chinese characters (or its punctuation) are
# dropped. A line break is dropped only after a full line (a wrapped one, WRAPPED_LINE
# characters or more): a short line is a heading or a list item and stays apart.
_CJK_OR_MARK = f"{CJK_RANGES}\u3000-\u303f\uff00-\uffef"
_CJK_BLANK = re.compile(
    rf"(?<=[{_CJK_OR_MARK}])(?:[ \t\u3000]+|[ \t\u3000]*\r?\n[ \t\u3000]*)(?=[{_CJK_OR_MARK}])"
)
WRAPPED_LINE = 16


def join_wrapped_chinese(text: str) -> str:
    """`text` without the blanks and wrapped line breaks inside Chinese (pure).

    >>> join_wrapped_chinese("客机落地时偏出 跑道，冲入土质区")
    '客机落地时偏出跑道，冲入土质区'
    >>> join_wrapped_chinese("火灾通报\n某小区一住户起火")  # a heading stays a line
    '火灾通报\n某小区一住户起火'
    >>> join_wrapped_chinese("Fire at 3 pm, 2 trapped")
    'Fire at 3 pm, 2 trapped'
    """

    def join(m: re.Match[str]) -> str:
        if "\n" not in m.group():
            return ""
        line_start = text.rfind("\n", 0, m.start()) + 1
        return "" if m.start() - line_start >= WRAPPED_LINE else m.group()

    return _CJK_BLANK.sub(join, text)


_WORDISH = re.compile(rf"[\w{CJK_RANGES}]")  # a letter, digit or ideograph: not noise


def clean_report(text: str) -> tuple[str, bool]:
    """The text with control characters as spaces and Chinese lines joined where a wrap broke
    them (join_wrapped_chinese), cut at MAX_REPORT_CHARS; whether cut. The draft's `text` is
    this one: its spans point into it."""
    if not text or not text.strip():
        raise UserInputError(
            "the report is empty; paste what was reported, e.g. "
            "'汶川县映秀镇发生6.2级地震，12人被困' or 'river burst its banks, 3 people missing'"
        ).as_message("ERR_REPORT_EMPTY")
    cleaned = join_wrapped_chinese(_CONTROL.sub(" ", text))
    if len(cleaned) > MAX_REPORT_CHARS:
        return cleaned[:MAX_REPORT_CHARS], True
    return cleaned, False


def _unread(text: str, read: list[TextSpan]) -> tuple[TextSpan, ...]:
    out = []
    for start, end in clauses(text):
        if not any(s.start < end and start < s.end for s in read):
            piece = text[start:end].strip()
            if piece and _WORDISH.search(piece):
                offset = text.index(piece, start)
                out.append(TextSpan(offset, offset + len(piece), piece))
    return tuple(out)


def _choices(
    lexicon: HazardLexicon, text: str, judged: list[str], near: list[ConceptRef]
) -> tuple[ConceptRef, ...]:
    """The hazard types offered when none is read: the best partial frame's (a thing or an
    event said without the other: 船 in "我们船主机有问题") first, then the judge's (judge.py:
    the types reports like it were labelled with), then the nearest by meaning.
    On the probe batches' reports their first runs read nothing, the nearest three alone held
    the labelled type for 34 of 47 (zh), the partial frame first for 38; the judge's ranking
    raised first-sight top-3 offered from 0.83 to 0.90 (zh), 0.80 to 0.87 (en) (README)."""
    refs = [
        t.hazard
        for h in (*partial_frames(load_frames(), text)[:FRAME_CHOICES], *judged)
        if (t := lexicon.by_id.get(h)) is not None
    ]
    out: list[ConceptRef] = []
    for ref in (*refs, *near):
        if all(ref.id != o.id for o in out):
            out.append(ref)
    return tuple(out[:SUGGESTIONS])


def _fact_value(facts: list[Fact], kind: str) -> float:
    for f in facts:
        if f.kind == kind and not isinstance(f.value, bool):
            return f.value
    return 0.0


async def _ranked(
    embedder: Embedder | None, text: str, judge: HazardJudge | bool, limit: int = JUDGE_CHOICES
) -> list[tuple[str, float]]:
    """The judge's likeliest hazard types for `text` with their probability (its vector is
    the one the paraphrase search just computed, from the embedder's cache); [] without a
    model or a built judge."""
    if embedder is None or judge is False:
        return []
    model = load_judge(embedder.model_id) if judge is True else judge
    if model is None:
        return []
    vector = (await embedder.encode([text]))[0]
    return model.ranked(vector, limit)


async def _judged(
    embedder: Embedder | None, text: str, judge: HazardJudge | bool, limit: int = JUDGE_CHOICES
) -> list[str]:
    """The judge's likeliest hazard types for `text`, best first."""
    return [h for h, _p in await _ranked(embedder, text, judge, limit)]


async def _unlikeness(
    embedder: Embedder | None, text: str, gate: ReportGate | bool
) -> float | None:
    """The report gate's probability that `text` is unlike an incident report (its vector
    stays in the embedder's cache for the alternatives); None without a model or a gate."""
    if embedder is None or gate is False:
        return None
    model = load_gate(embedder.model_id) if gate is True else gate
    if model is None:
        return None
    vector = (await embedder.encode([text]))[0]
    return model.unlike_a_report(vector)


async def _unlike_a_report(embedder: Embedder | None, text: str, gate: ReportGate | bool) -> bool:
    """Whether the report gate finds `text` unlike an incident report; False without a
    model or a built gate."""
    p = await _unlikeness(embedder, text, gate)
    return p is not None and p >= UNLIKE_A_REPORT_MIN


async def _judged_reading(
    embedder: Embedder | None,
    lexicon: HazardLexicon,
    text: str,
    ranked: list[tuple[str, float]],
    gate: ReportGate | bool,
) -> ResolvedHazard | None:
    """The judge's likeliest type as the report's hazard when it is sure enough and the
    text reads like a report (see JUDGE_MIN_PROBABILITY); None otherwise."""
    if not ranked or ranked[0][1] < JUDGE_MIN_PROBABILITY:
        return None
    term = lexicon.by_id.get(ranked[0][0])
    unlike = await _unlikeness(embedder, text, gate)
    if term is None or unlike is None or unlike >= JUDGE_MAX_UNLIKE:
        return None
    return ResolvedHazard(term.hazard, round(ranked[0][1], 4), "judge")


async def _alternatives(
    runner: CypherRunner,
    embedder: Embedder | None,
    judge: HazardJudge | bool,
    lexicon: HazardLexicon,
    text: str,
    read: list[str],
    set_apart: list[str],
    near: list[NearHazard] | None,
) -> tuple[ConceptRef, ...]:
    """When hazards are read, the next likeliest types (alternatives.py): the judge's
    ranking, then the nearest by meaning (the paraphrase search's, when it ran). Both read
    the text's vector the embedder keeps; nothing when no hazard was read."""
    if not read:
        return ()
    judged = await _judged(embedder, text, judge, ALTERNATIVE_JUDGED)
    if near is None:
        near = await nearest_hazards(runner, embedder, text, ALTERNATIVE_NEAR)
    refs = [t.hazard for h in judged if (t := lexicon.by_id.get(h)) is not None]
    return alternatives(lexicon, read, set_apart, [*refs, *(n.hazard for n in near)])


async def parse_report(
    runner: CypherRunner,
    embedder: Embedder | None,
    text: str,
    judge: HazardJudge | bool = True,
    offer_alternatives: bool = False,
    gate: ReportGate | bool = True,
) -> DraftScenario:
    """Read a report (zh or en) into a draft scenario; never guesses below the thresholds.
    `judge`: True ranks choices with the built judge of the embedder's model (if any), False
    without, or this one (benchmarks/eval_judge.py trains one per left-out batch).
    `gate`: True asks the built report gate of the embedder's model (if any) whether a text
    whose hazards are read reads like a report at all, False never, or this one.
    `offer_alternatives`: also rank `alternatives` beside read hazards. Only when asked (the
    UI asks in a second request after showing the draft): ranking them runs the judge and a
    search on the text's vector, which the gate has computed already when hazards are read."""
    cleaned, truncated = clean_report(text)
    lexicon, regions = await lexicons(runner)
    facts = read_facts(cleaned)
    place = read_place(regions, cleaned)
    reading = read_named(lexicon, cleaned, stated=states_something(facts, place is not None))
    named, negated, possible = reading.named, reading.negated, reading.possible
    for_occasion, occasion = reading.for_occasion, reading.occasion
    hazards = [
        ResolvedHazard(
            n.term.hazard, MENTION_CONFIDENCE.get(n.term.depth, 0.8), "mention", evidence=n.spans
        )
        for n in named
    ]
    suggestions: tuple[ConceptRef, ...] = ()
    near: list[NearHazard] | None = None
    if not hazards and for_occasion:
        # A drill notice, an anniversary: nothing is guessed; the hazards it names are the
        # choices should it be a real report after all.
        suggestions = tuple(n.term.hazard for n in for_occasion)
    elif not hazards and _WORDISH.search(cleaned):
        near = await nearest_hazards(runner, embedder, cleaned, SUGGESTIONS)
        best = near[0].similarity if near else 0.0
        # A notice, a false alarm... that names no hazard: nothing is guessed by meaning.
        occasion = declared_occasion(cleaned)
        if occasion is None and best >= PARAPHRASE_MIN_SIMILARITY:
            hazards = [
                ResolvedHazard(h.hazard, round(h.similarity, 4), "paraphrase")
                for h in near[:PARAPHRASE_MAX_HAZARDS]
                if h.similarity >= PARAPHRASE_RELATIVE * best
            ]
        elif occasion is None and _fact_value(facts, "trapped") > 0:
            trapped = next(f for f in facts if f.kind == "trapped")
            term = lexicon.by_id.get(TRAPPED_HAZARD)
            if term is not None:
                hazards = [ResolvedHazard(term.hazard, 0.8, "fact", evidence=(trapped.span,))]
        else:
            ranked = await _ranked(embedder, cleaned, judge)
            judged = await _judged_reading(embedder, lexicon, cleaned, ranked, gate)
            if occasion is None and judged is not None:
                hazards = [judged]
            else:
                judged_ids = [h for h, _p in ranked]
                suggestions = _choices(lexicon, cleaned, judged_ids, [h.hazard for h in near])
    if hazards and await _unlike_a_report(embedder, cleaned, gate):
        # Read like an essay, a review, a story: nothing is recommended; what it names is
        # offered should it be a real report after all, as for a drill notice.
        offered = [h.hazard for h in hazards] + [n.term.hazard for n in for_occasion]
        suggestions = tuple({c.id: c for c in offered}.values())  # first place kept
        for_occasion, hazards, occasion = [*for_occasion, *named], [], UNLIKE_A_REPORT
    set_apart = [n.term.hazard.id for n in (*negated, *possible, *for_occasion)]
    offered_too: tuple[ConceptRef, ...] = ()
    if offer_alternatives:
        read_ids = [h.hazard.id for h in hazards]
        offered_too = await _alternatives(
            runner, embedder, judge, lexicon, cleaned, read_ids, set_apart, near
        )
    stated = {f.kind: f.value for f in facts if not isinstance(f.value, bool)}
    level = suggest_level(
        [h.hazard.id for h in hazards], stated, shipped_grading(), shipped_broader()
    )
    read = [s for h in hazards for s in h.evidence] + [f.span for f in facts]
    read += [s for n in (*negated, *possible, *for_occasion) for s in n.spans]
    if place is not None:
        read.append(place.span)
    if occasion is not None and not hazards:  # the words that say why (误报, 已销警, 演练)
        read += [span for _occasion, span in occasion_words(cleaned)]
    return DraftScenario(
        text=cleaned,
        hazards=tuple(hazards),
        facts=tuple(facts),
        place=place,
        level=level,
        recognized=bool(hazards),
        suggestions=suggestions,
        alternatives=offered_too,
        negated_hazards=tuple(
            HazardMention(n.term.hazard, n.spans[0], n.words[0], negated=True) for n in negated
        ),
        possible_hazards=tuple(
            HazardMention(n.term.hazard, n.spans[0], n.words[0]) for n in possible
        ),
        occasion=occasion if not hazards else None,
        occasion_hazards=tuple(
            HazardMention(n.term.hazard, n.spans[0], n.words[0]) for n in for_occasion
        ),
        unread=_unread(cleaned, read),
        truncated=truncated,
    )
