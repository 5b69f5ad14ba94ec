"""Hazards a report names, where it names them (pure).

Every label and synonym the gazetteer holds is found wherever it occurs, however
long the sentence; several named hazards are all kept (a compound report names
several). A mention is dropped when:
- a negation stands right before it (未发生火灾, 无次生灾害, "no fire"): it is
  returned apart as negated, so the commander sees it was read;
- a more specific hazard under it is also named (地质灾害 ... 滑坡: the landslide);
- it is a figure of speech, not an event (`figurative`): a kind or a likeness (雪崩式下跌,
  海啸般的掌声), a brand (台风牌电扇) or a comparison (演技简直是车祸现场); or a title
  (《唐山大地震》, 《某市地震应急预案》);
- a warning for it was lifted (暴雨预警已解除, "the Flash Flood Watch has been cancelled"):
  returned apart as negated, as nothing is happening.
Frames (frames.py) add hazards said without their name ("煤气漏了"), by the same rules.
Each hazard keeps every span that names it, as evidence.

Example::

    found, negated = hazard_mentions(lexicon, "暴雨引发山洪，未发生人员伤亡", load_frames())
    [m.hazard.id for m in found]   # ['11B03', '11A51']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from queries.models import TextSpan
from queries.understanding.facts import clauses, sentences
from queries.understanding.frames import Frames, frame_matches
from queries.understanding.lexicon import NOT_A_HAZARD, HazardLexicon, HazardTerm
from queries.understanding.matcher import Match, normalize

NEGATION_REACH = 4  # 未发生火灾: the negation and up to three characters before the term
NEGATION_REACH_EN = 40
EN_NEGATION_WORDS = 3  # the negation and up to two words before the term
_ZH_NEGATIONS = (
    "未发生",
    "未引发",
    "未造成",
    "未出现",
    "未发现",
    "暂无",
    "没有",
    "并无",
    "无",
    "未",
)
_ZH_NOT_NEGATIONS = ("无人机", "无人员", "无法")
_EN_NEGATIONS = ("no", "not", "without", "nor", "ruled out", "no sign of", "no reports of")
# Chinese figures of speech: a hazard word right before 式/般 is a kind or a likeness
# (雪崩式下跌, 爆炸式增长, 海啸般的掌声), before 牌 a brand (台风牌落地扇); right after a
# word of comparison it is what something is likened to (简直是车祸现场, 犹如一场地震).
_ZH_FIGURE_AFTER = ("式", "般", "牌")
_ZH_FIGURE_BEFORE = (
    "简直是", "简直就是", "简直像", "堪称", "犹如", "宛如", "如同", "好比", "好似", "仿佛", "活像",
)  # fmt: skip
_ZH_MEASURE = ("一场", "一次", "一个", "一起")  # 犹如一场地震
# A likeness said around the word: 烫得像着火一样, 跟地震似的 (not 好像着火了: no 一样 after).
_ZH_LIKE_BEFORE = ("像", "跟", "如同")
_ZH_LIKE_AFTER = ("一样", "似的", "一般")
# English: a hazard word that is a name (a team: "The Avalanche beat the Lightning 4-2"; a
# ride or a game: "Lightning Bolt is my favourite roller coaster", "Twister is a party game"),
# capitalised, after "the", before another capitalised word or defined by "is a", in a
# sentence about a game, a ride or a show.
_NAME_CONTEXT = re.compile(
    r"\b(?:beat|beats|defeated|edged|lost to|won|wins|game|games|season|playoffs?|scored|"
    r"ride|rides|roller ?coaster|film|movie|album|song|band|played|playing|board ?game|"
    r"card game|\d{1,3}-\d{1,3})\b",
    re.IGNORECASE,
)
# A capitalised word after the hazard that makes it an event's title, not a name.
_TITLE_WORDS = frozenset({"warning", "watch", "emergency", "advisory", "alert", "evacuation",
                          "evacuations", "smoke", "damage", "update", "response",
                          "relief"})  # fmt: skip
_TITLE = re.compile(r"《[^《》]{1,60}》")  # a book, film, song or document: 《唐山大地震》
# A warning lifted: its clause holds a warning word and a word that ends it.
_WARNING_WORDS = ("预警", "警报", "warning", "watch", "advisory", "alert")
_LIFTED_WORDS = ("解除", "取消", "已结束", "cancelled", "canceled", "lifted", "expired",
                 "has ended", "been called off")  # fmt: skip


@dataclass(frozen=True)
class NamedHazard:
    """A hazard the text names, with every span that names it."""

    term: HazardTerm
    spans: tuple[TextSpan, ...]
    words: tuple[str, ...]


# Words of degree between a negation and the hazard say how large, not whether: 未发生重大火灾,
# 未发生较大以上火灾事故, "no sign of a gas leak", "no major fire".
_ZH_DEGREE = ("较大以上", "重大以上", "一般以上", "重特大", "重大", "较大", "特大", "严重", "明显",
              "大的", "任何", "新的")  # fmt: skip
_EN_DEGREE = frozenset({"a", "an", "any", "major", "significant", "serious", "further", "other",
                        "large", "new"})  # fmt: skip


def _without_degree(before: str) -> str:
    """`before` without the Chinese words of degree that end it (未发生重大 -> 未发生)."""
    cut = True
    while cut:
        cut = False
        for w in _ZH_DEGREE:
            if before.endswith(w):
                before, cut = before[: -len(w)], True
    return before


def _negated(text: str, m: Match[HazardTerm]) -> bool:
    latin = m.term.isascii()
    if latin:
        start = max(0, m.span.start - NEGATION_REACH_EN)
        before = normalize(text[start : m.span.start])
        # The negation and at most two words before the term: "no fire", "no sign of fire",
        # "without a major fire"; "no warning before the flood" is no negation.
        clause = re.split(r"[,;:.!?]", before)[-1]  # "without rain, a forest fire": no negation
        words = clause.split()
        while words and words[-1] in _EN_DEGREE:
            words.pop()
        tail = " " + " ".join(words[-EN_NEGATION_WORDS:]) + " "
        return any(f" {n} " in tail for n in _EN_NEGATIONS)
    head = _without_degree(normalize(text[: m.span.start]))
    before = head[max(0, len(head) - NEGATION_REACH) :]
    for neg in _ZH_NEGATIONS:
        i = before.rfind(neg)
        if i < 0:
            continue
        if any(before[i:].startswith(x) for x in _ZH_NOT_NEGATIONS):
            continue
        if any(p in before[i:] for p in "，。；,;"):
            continue
        return True
    return False


def figurative(text: str, span: TextSpan) -> bool:
    """Whether the Chinese hazard word at `span` is a figure of speech, not an event.

    >>> figurative("股价雪崩式下跌", TextSpan(2, 4, "雪崩"))
    True
    """
    if span.text.isascii():
        return False
    if text[span.end : span.end + 1] in _ZH_FIGURE_AFTER:
        return True
    after = text[span.end : span.end + 3].lstrip("了")
    if after.startswith(_ZH_LIKE_AFTER) and any(
        w in text[max(0, span.start - 3) : span.start] for w in _ZH_LIKE_BEFORE
    ):
        return True
    before = text[max(0, span.start - 7) : span.start]
    for measure in _ZH_MEASURE:
        before = before.removesuffix(measure)
    return before.endswith(_ZH_FIGURE_BEFORE)


def proper_name(text: str, span: TextSpan) -> bool:
    """Whether the English hazard word at `span` is a name (a team's, a ride's, a game's):
    capitalised, after "the", before another capitalised word or defined by "is a", in a
    sentence about a game, a ride or a show (`_NAME_CONTEXT`).

    >>> proper_name("The Avalanche beat the Lightning 4-2", TextSpan(4, 13, "Avalanche"))
    True
    """
    word = span.text
    if not word.isascii() or not word[:1].isupper() or word.isupper():
        return False
    after = text[span.end :]
    following = re.match(r"\s+([A-Za-z]+)", after)
    the = text[max(0, span.start - 4) : span.start].lower() == "the "
    named = following is not None and following.group(1)[:1].isupper()
    if named and following is not None and following.group(1).lower() in _TITLE_WORDS:
        return False  # Tornado Warning, Wildfire Smoke Advisory
    defined = re.match(r"\s+is\s+(?:a|an|my|our|the)\b", after) is not None
    if not (the or named or defined):
        return False
    s0, s1 = next(((a, b) for a, b in sentences(text) if a <= span.start < b), (0, len(text)))
    return bool(_NAME_CONTEXT.search(text[s0:s1]))


# "Drowning in homework", "drowned his fries in ketchup": what one drowns in is no water.
_DROWN = re.compile(r"drown(?:ing|ed|s)?", re.IGNORECASE)
_DROWN_IN = re.compile(r"\s+(?:\w+\s+){0,2}?in\s+(\w+)", re.IGNORECASE)
_NO_WATERS = frozenset({
    "homework", "work", "paperwork", "debt", "debts", "bills", "emails", "email", "messages",
    "calls", "orders", "requests", "data", "information", "sorrow", "grief", "ketchup", "sauce",
    "gravy", "butter", "cheese", "syrup", "assignments", "deadlines", "laundry", "bureaucracy",
    "paper", "papers", "meetings", "notifications", "responsibilities", "love", "regret",
})  # fmt: skip


def drowning_in_no_water(text: str, span: TextSpan) -> bool:
    """Whether the English mention at `span` drowns someone in what is no water.

    >>> drowning_in_no_water("I'm drowning in homework", TextSpan(4, 12, "drowning"))
    True
    """
    if not _DROWN.fullmatch(span.text):
        return False
    m = _DROWN_IN.match(text[span.end : span.end + 40])
    return m is not None and m.group(1).lower() in _NO_WATERS


def _inside(a: TextSpan, b: TextSpan) -> bool:
    return b.start <= a.start and a.end <= b.end


def in_title(text: str, span: TextSpan) -> bool:
    """Whether `span` lies inside a title in 《》 (a film, a song, a plan document)."""
    return any(m.start() < span.start and span.end < m.end() for m in _TITLE.finditer(text))


def _lifted(text: str, span: TextSpan) -> bool:
    """Whether the mention's clause says a warning for it was lifted (暴雨预警已解除)."""
    clause = next((normalize(text[a:b]) for a, b in clauses(text) if a <= span.start < b), "")
    return any(w in clause for w in _WARNING_WORDS) and any(w in clause for w in _LIFTED_WORDS)


def hazard_mentions(
    lexicon: HazardLexicon, text: str, frames: Frames | None = None
) -> tuple[list[NamedHazard], list[NamedHazard]]:
    """(named hazards, negated hazards), each in order of first mention; `frames` add the
    hazards said without their name (frames.py)."""
    kept: dict[str, list[Match[HazardTerm]]] = {}
    negated: dict[str, list[Match[HazardTerm]]] = {}
    # "fire service", "fire crews": the longer phrase took the hazard word; it names no event.
    found = [
        m
        for m in lexicon.gazetteer.find(text)
        if m.payload is not NOT_A_HAZARD
        and not figurative(text, m.span)
        and not proper_name(text, m.span)
        and not drowning_in_no_water(text, m.span)
        and not in_title(text, m.span)
    ]
    # A frame's word inside a phrase that names no event ("fire safety open house") or a
    # title is no event either.
    not_events = [m.span for m in lexicon.gazetteer.find(text) if m.payload is NOT_A_HAZARD]
    negated_by: dict[int, bool] = {}  # frames: negated at their event word
    if frames is not None:
        hits = [
            h
            for h in frame_matches(frames, text)
            if h.hazard in lexicon.by_id
            and not any(
                in_title(text, w) or any(_inside(w, n) for n in not_events) for w in h.words
            )
        ]
        # A label says it best: a frame adds only hazards no label names, and a frame one
        # of whose words lies inside a longer label of a type (fever in "dengue fever") is
        # that label's; inside a generic one (着火 in 着火了, fire in general) it is not.
        # But where a label is no more than one of a frame's words (化工厂...起火: 起火 is
        # fire in general; iron ore mine ... roof fall), the frame says more: drop the label.
        # A label elsewhere in the frame's span stays (船在洪水中翻了: the flood).

        hits = [
            h
            for h in hits
            if not any(
                _inside(w, m.span) and w != m.span and m.payload.depth == 3
                for w in h.words
                for m in found
            )
        ]
        # A frame's words are its own even when its hazard is also labelled: "severe
        # waterlogging, flooding 30 streets" names no river flood by "flooding".
        found = [
            m
            for m in found
            if not any(
                _inside(m.span, w) for h in hits if h.hazard != m.payload.hazard.id for w in h.words
            )
        ]
        # A hazard whose only label lay inside a frame's word ("flooding" in "flooding 200
        # shops": the waterlogging frame's) keeps its own frame ("the river burst its banks").
        kept_labels = {m.payload.hazard.id for m in found}
        hits = [h for h in hits if h.hazard not in kept_labels]
        for h in hits:
            term = lexicon.by_id[h.hazard]
            framed = Match(term, h.span.text, h.span)
            event = h.words[1]  # 未发生泄漏: a negation stands before the event word
            negated_by[id(framed)] = _negated(text, Match(term, event.text, event)) or _lifted(
                text, h.span
            )
            found.append(framed)
    for m in found:
        is_negated = (
            negated_by[id(m)] if id(m) in negated_by else _negated(text, m) or _lifted(text, m.span)
        )
        target = negated if is_negated else kept
        target.setdefault(m.payload.hazard.id, []).append(m)
    # A subcategory named beside one of its types says nothing more: keep the type.
    specific_parents = {p for ms in kept.values() for p in ms[0].payload.parents}
    kept = {k: v for k, v in kept.items() if k not in specific_parents}
    negated = {k: v for k, v in negated.items() if k not in kept}

    def named(groups: dict[str, list[Match[HazardTerm]]]) -> list[NamedHazard]:
        out = [
            NamedHazard(
                ms[0].payload,
                tuple(dict.fromkeys(m.span for m in ms)),
                tuple(dict.fromkeys(m.term for m in ms)),
            )
            for ms in groups.values()
        ]
        return sorted(out, key=lambda n: (n.spans[0].start, n.term.hazard.id))

    return named(kept), named(negated)
