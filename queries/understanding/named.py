"""The hazards a report names, after every rule that sets a mention apart (pure).

`read_named` is the whole of the parser's reading of hazard words, without the graph or
the model (parse.py adds the lexicon from the graph and the paraphrase fallback):
1. every label and synonym wherever it occurs, and frames for hazards said without their
   name (mentions.py, frames.py); a stated air temperature or rainfall (readings.py);
2. a subcategory said in the clause of one of its types is that type; a plain fire after a
   named domain is that domain's fire (consequences.py); smoke beside an explosion or a
   crash is its own, no fire;
3. hazards named for an occasion (a drill, an anniversary: occasions.py) and hazards said as
   what may follow (hedges.py) are set apart; a hazard another named one brings with it is
   dropped (consequences.without_implied);
4. words used in another sense (figurative.py: 成绩一路滑坡, "an avalanche of complaints")
   name nothing; everyday words alone ("the album is fire", 股市暴跌) name nothing unless the report
   states a fact or a place (`stated`);
5. people trapped, a building collapse, a road cut beside another hazard are its damage.

Example::

    reading = read_named(lexicon, "地震引发山体滑坡，堵塞河道形成堰塞湖", stated=False)
    [n.term.hazard.id for n in reading.named]   # ['11C02', '11D01', '11A99']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from queries.models import TextSpan
from queries.understanding.consequences import GENERIC_FIRE, fire_in_its_domain, without_implied
from queries.understanding.domains import (
    disease_in_its_host,
    fire_in_the_wild,
    in_a_metal_mine,
    without_blast_effects,
)
from queries.understanding.facts import clauses
from queries.understanding.figurative import figurative_spans
from queries.understanding.frames import load_frames
from queries.understanding.hedges import split_hedged
from queries.understanding.lexicon import HazardLexicon
from queries.understanding.mentions import NamedHazard, hazard_mentions
from queries.understanding.models import Fact
from queries.understanding.occasions import split_occasions
from queries.understanding.readings import heat_readings, rain_readings

TRAPPED_HAZARD = "12YX2"  # people trapped: the incident when nothing else is named
# Types a report names as damage done by another hazard (人员被困, 房屋倒塌, 道路中断/公路塌方):
# the incident itself only when the report names no other hazard.
COLLAPSE_HAZARD = "12P13"
DAMAGE_HAZARDS = frozenset({TRAPPED_HAZARD, COLLAPSE_HAZARD, "12P01"})
# Hazards whose damage is collapsed houses across an area, which their own response covers:
# earthquakes, geological hazards, typhoons and tornadoes; and a mine's roof that comes down
# is the roof fall itself ("a roof collapse at a coal mine"; beside a tailings dam's failure
# or a gas explosion, houses that collapse are a second incident).
RUBBLE_HAZARDS = ("11C", "11D", "11B01", "11B02", "12A02", "12B01")
# Words that name a hazard but are everyday speech too ("fire" for great, "a flood of
# emails", "a medium heat"; a market that crashed or 股市暴跌 is financial news): alone,
# without a stated fact or place, they are no report.
EVERYDAY_WORDS = frozenset(
    {"fire", "on fire", "flood", "floods", "flooding", "heat", "storm", "blaze", "market crash",
     "blew up", "blow up", "blows up", "blowing up",
     "stock market crash", "market crashed", "股市暴跌", "股市崩盘", "股灾"}
)  # fmt: skip


# Smoke is a fire's sign, but beside a named fire it is that fire's, and beside an explosion
# or a crash that no flame follows it is that event's ("煤矿井下炸了，井口在冒黑烟", "a large
# fire, smoke drifting over homes"): a fire said only by smoke words is then no second one.
SMOKE_WORDS = ("烟", "smoke", "smoking", "fumes")
_FLAME_SAID = re.compile(
    r"火(?!车|药)|燃烧|烧|\b(?:fire|fires|flames?|blaze|burn(?:ing|ed|t)?|ablaze)\b", re.IGNORECASE
)
SMOKE_MAKERS = ("12FX1", "12D01", "12PX1", "12A01", "12E", "12N01", "12N02", "12M", "14B02")
FIRE_TYPES = ("12G", "12A07", "12B05", "12D03", "12H04", "12J06", "12K05", "12L05")
FIRE_SAYERS = (*FIRE_TYPES, "11G", "14A04", "14B03")  # types whose own fire 火灾 may be


@dataclass(frozen=True)
class NamedReading:
    """What the hazard words of a report say, each hazard in order of first mention."""

    named: list[NamedHazard]  # happening
    negated: list[NamedHazard]  # 未发生泄漏, "no fire"
    possible: list[NamedHazard]  # what may follow (hedges.py)
    for_occasion: list[NamedHazard]  # a drill's, an anniversary's (occasions.py)
    occasion: str | None


def _specific_in_each_clause(text: str, named: list[NamedHazard]) -> list[NamedHazard]:
    """A subcategory (火灾, 起火 -> 12G00) named in the clause of a type (货车起火 -> 12H04
    vehicle fire; wildfires ... fire) says nothing more: the type is the hazard."""
    spans = clauses(text)

    def clause_of(s: TextSpan) -> int:
        return next((i for i, (a, b) in enumerate(spans) if a <= s.start < b), -1)

    def under(sub: str, hazard: str) -> bool:
        """A type that says more than the subcategory: any but damage, and for fire in general
        (火灾) one whose fire it is (a vehicle's, a forest's, rioters' or an arsonist's)."""
        if hazard in DAMAGE_HAZARDS:
            return False  # "RTC with entrapment": the entrapment is the collision's damage
        return sub != GENERIC_FIRE or hazard.startswith(FIRE_SAYERS)

    def said_better(sub: NamedHazard) -> bool:
        return all(
            any(
                t.term.depth == 3 and under(sub.term.hazard.id, t.term.hazard.id)
                for t in named
                if any(clause_of(u) == clause_of(s) for u in t.spans)
            )
            for s in sub.spans
        )

    # "Power is out after a substation fire": the outage says nothing more about the fire.
    return [n for n in named if n.term.depth != 2 or not said_better(n)]


def _with_readings(
    named: list[NamedHazard], lexicon: HazardLexicon, text: str
) -> list[NamedHazard]:
    """A hazard a stated reading names (readings.py: 最高气温达43℃ is extreme heat, 雨量180毫米
    a rainstorm); where a word names it already, the reading is more evidence of it."""
    have = {n.term.hazard.id for n in named}
    for hazard, span in [*heat_readings(text), *rain_readings(text)]:
        term = lexicon.by_id.get(hazard)
        if hazard in have:
            # "Heat Red Warning ... will exceed 40°C": the reading says the word is meant.
            named = [
                replace(n, spans=(*n.spans, span), words=(*n.words, span.text))
                if n.term.hazard.id == hazard
                else n
                for n in named
            ]
        elif term is not None:
            have.add(hazard)
            named = sorted(
                [*named, NamedHazard(term, (span,), (span.text,))], key=lambda n: n.spans[0].start
            )
    return named


def _without_damage(named: list[NamedHazard]) -> list[NamedHazard]:
    """人员被困, 房屋倒塌, 道路中断 beside an earthquake are its damage: facts, not hazards.
    A building collapse is the incident's own damage only beside an earthquake, a
    geological hazard, a typhoon or a tornado (RUBBLE_HAZARDS); beside a fire, an explosion,
    a wind or a flood it is a second incident that needs collapse rescue."""
    ids = {n.term.hazard.id for n in named}
    if ids <= DAMAGE_HAZARDS:
        # People trapped under a collapsed building are its: the collapse is the incident.
        if COLLAPSE_HAZARD in ids:
            return [n for n in named if n.term.hazard.id != TRAPPED_HAZARD]
        return named
    rubble = any(i.startswith(RUBBLE_HAZARDS) for i in ids)
    return [
        n
        for n in named
        if n.term.hazard.id not in DAMAGE_HAZARDS
        or (n.term.hazard.id == COLLAPSE_HAZARD and not rubble)
    ]


def _without_their_smoke(named: list[NamedHazard], text: str) -> list[NamedHazard]:
    """Drop a fire said only by smoke words when another fire is named (its smoke), or when an
    explosion or a crash is named (SMOKE_MAKERS) and the text says no flame (that event's)."""

    def smoke_only(n: NamedHazard) -> bool:
        words = [w.lower() for w in n.words]
        return n.term.hazard.id.startswith(FIRE_TYPES) and all(
            any(s in w for s in SMOKE_WORDS) and not _FLAME_SAID.search(w) for w in words
        )

    smoke = [n for n in named if smoke_only(n)]
    if not smoke:
        return named
    ids = [n.term.hazard.id for n in named if n not in smoke]
    other_fire = any(i.startswith((*FIRE_TYPES, "11G")) for i in ids)
    maker = any(i.startswith(SMOKE_MAKERS) for i in ids)
    # "燃气罐子爆了，火好大，二楼三楼都冒烟了": the fire is said, though by no label.
    if other_fire or (maker and not _FLAME_SAID.search(text)):
        return [n for n in named if n not in smoke]
    return named


def _literal(text: str, named: list[NamedHazard]) -> list[NamedHazard]:
    """Without the mentions whose every span uses the word in another sense (figurative.py:
    成绩一路滑坡, "an avalanche of complaints", the blizzard chapter of a game)."""
    return [n for n in named if len(figurative_spans(text, n.spans)) < len(n.spans)]


def _only_everyday_words(named: list[NamedHazard]) -> bool:
    """Only everyday words name a hazard ("the album is fire", "a flood of emails", "the
    market crashed"): with no stated fact and no place, that is no incident report."""
    return bool(named) and all(w.lower() in EVERYDAY_WORDS for n in named for w in n.words)


def states_something(facts: Sequence[Fact], place_named: bool) -> bool:
    """Whether a report states a place or a fact beyond the time of day: "blew up overnight"
    is still everyday speech."""
    return place_named or any(f.kind != "night" for f in facts)


def read_named(lexicon: HazardLexicon, text: str, stated: bool) -> NamedReading:
    """The hazards `text` names (see the module's steps); `stated`: the report states a fact
    or a place, so an everyday word in it is meant."""
    named, negated = hazard_mentions(lexicon, text, load_frames())
    named = _literal(text, named)
    named = _with_readings(named, lexicon, text)
    named = fire_in_its_domain(_specific_in_each_clause(text, named), lexicon.by_id)
    named = _without_their_smoke(named, text)
    named = without_blast_effects(in_a_metal_mine(named, lexicon.by_id, text), lexicon)
    named = disease_in_its_host(fire_in_the_wild(named, lexicon.by_id, text), lexicon.by_id, text)
    named, for_occasion, occasion = split_occasions(text, named)
    named, possible = split_hedged(text, named, stated)  # what may follow implies nothing
    named = without_implied(named)
    if not stated and _only_everyday_words(named):
        named = []
    named = _without_damage(named)
    return NamedReading(named, negated, possible, for_occasion, occasion)
