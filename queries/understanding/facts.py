"""Situation facts from a report's text, each with the span it came from (pure).

Counts (FACT kinds in fact_terms.yaml: dead, injured, trapped, missing, evacuated,
affected, buildings_collapsed, economic_loss, burned_area in hectares): each fact word is
paired with the nearest number of a fitting unit in the same clause, nearest pairs first, a
number before its word preferred on a tie ("3人死亡5人受伤": 3 dead, 5 injured). A word
with a negation in front and no number states 0 ("无人员伤亡", "no one was
trapped"); one person named without a number states 1 ("a worker was killed", 司机被困),
"both" 2. When a kind is stated twice the larger count is kept (reports count up).
Scalars: the earthquake magnitude ("6.8级地震", "M6.8", "magnitude 6.8"); night
("凌晨", "02:00", "2 a.m.", "0312 LOCAL", "overnight"); roads cut ("道路中断",
"bridge washed away", "I-29 closed").

Example::

    [(f.kind, f.value) for f in read_facts("凌晨2时许发生6.2级地震，12人被困，无人员死亡")]
    # [('night', True), ('magnitude', 6.2), ('dead', 0.0), ('trapped', 12.0)]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from queries.models import TextSpan
from queries.understanding.matcher import Gazetteer, Match
from queries.understanding.models import Fact, NumberMention
from queries.understanding.numbers import number_mentions

COUNT_KINDS = (
    "dead", "injured", "seriously_injured", "trapped", "missing", "evacuated", "affected",
    "buildings_collapsed", "economic_loss", "burned_area",
)  # fmt: skip
SCALAR_KINDS = ("magnitude", "night", "road_cut")
FACT_KINDS = (*COUNT_KINDS, *SCALAR_KINDS)
MAX_GAP_ZH = 12  # characters between a number and its word ("约120名人员已沿通道安全撤离")
MAX_GAP_EN = 28
NIGHT_FROM, NIGHT_UNTIL = 19, 6  # a stated clock time in [19:00, 06:00) is night
NEGATION_REACH = 6  # characters from a negation to the word it negates (无人员伤亡: 2)
NEGATION_REACH_EN = 24  # "no reported injuries", "no one was killed or injured"
# An area in hectares, whatever unit the report gives it in (the forest-fire grading counts
# hectares): 1 亩 = 1/15 ha, 1 acre = 0.4047 ha, 1 km² = 100 ha.
AREA_HECTARES = {
    "公顷": 1.0, "hectares": 1.0, "hectare": 1.0, "ha": 1.0, "亩": 1 / 15,
    "acres": 0.40468564224, "acre": 0.40468564224, "平方公里": 100.0,
    "square kilometers": 100.0, "square kilometres": 100.0, "square kilometer": 100.0,
    "square kilometre": 100.0, "sq km": 100.0, "sq. km": 100.0, "km2": 100.0, "km²": 100.0,
}  # fmt: skip
UNIT_CLASSES = {
    "people": ("", "人", "名", "位", "口", "人次", "个人"),
    "buildings": ("", "间", "栋", "幢", "座", "处", "户"),
    "money": ("元", "yuan", "rmb"),
    "area": tuple(AREA_HECTARES),
}
_BUILDING_NOUN = re.compile(r"(?i)\b(houses?|homes?|buildings?|dwellings?|structures?|flats?)\b")
# ... or the noun the number counts, after it ("toppling 46 houses", "destroyed 12 homes").
_BUILDING_AFTER = re.compile(
    r"(?i)^\s+(?:[a-z-]+\s+)?(?:houses?|homes?|buildings?|dwellings?|structures?|flats?)\b"
)
# Counted animals are not people: "3000余头牲畜死亡" has the unit 头; in English the noun tells.
_ANIMAL_NOUN = re.compile(
    r"(?i)\b(pigs?|hens?|chickens?|birds?|poultry|cattle|cows?|sheep|goats?|animals?|livestock"
    r"|fish|ducks?|dogs?|vehicles?|cars?|trucks?|buses|lorries)\b"
)
# 个 counts people when a person noun follows it ("两个工人埋在下面", "3个牧民被困"), not
# villages or towns ("5个乡镇受灾").
_PERSON_AFTER_GE = re.compile(
    r"^(?:人|工人|民工|牧民|村民|群众|游客|学生|孩子|小孩|娃娃|娃儿|老人|师傅|业主|乘客|居民"
    r"|男子|女子|男孩|女孩|伢|驴友|同学|员工|矿工|船员|渔民|农民|人员|婆婆|老汉|大爷|大妈"
    r"|老太|老头|司机|妇女|孕妇)"
)
# Chinese names one person by the vehicle's driver: "司机被困在驾驶室里", "开车的老汉被压在车底下".
_ONE_DRIVER_ZH = re.compile(r"(?:司机|驾驶员|驾驶人|开车的|开机子的)[^，。；,;\d]{0,6}$")
# A number that counts places, time, homes, vehicles or roads is no count of people: "126
# residents of two villages have been evacuated", "buried both lanes" (the noun right after
# the number or "both", an adjective allowed before it).
_NOT_PEOPLE_AFTER = re.compile(
    r"(?i)^\s+(?:[a-z-]+\s+)?(?:villages?|towns?|townships?|counties|districts|floors?|storeys?"
    r"|hours?|days?|weeks?|minutes?|miles?|years?|houses?|homes?|buildings?|dwellings?"
    r"|structures?|vehicles?|cars?|lanes?|roads?|carriageways?|sides?|directions?|tracks?"
    r"|bridges?|highways?|streets?)\b"
)
# English says one person without a number: "a worker was killed", "the driver is pinned",
# "he is stranded"; and two as "both" ("killing both people on board"). Counted for the
# kinds SINGULAR_KINDS only, when no number was paired with the word.
SINGULAR_KINDS = ("dead", "injured", "seriously_injured", "trapped", "missing")
_PERSON = (
    r"man|woman|boy|girl|child|toddler|baby|driver|worker|miner|person|pedestrian|passenger"
    r"|hiker|climber|swimmer|cyclist|motorcyclist|rider|resident|occupant|operator|employee"
    r"|student|teenager|victim|firefighter|officer|pilot|fisherman|farmer|villager|patient"
    r"|caller|homeowner|tenant|contractor|diver|kayaker|angler|camper|skier|motorist"
)
_ONE_BEFORE = re.compile(
    rf"(?i)(?:(?:^\s*|\b(?:a|an|one|the|his|her|their|our)\s+)(?:[\w'-]+\s+){{0,3}}?(?:{_PERSON})"
    r"|\b(?:he|she))(?:\s+(?:is|was|has been|had been|got|remains|remained|became|now|still"
    r"|reportedly|also|critically|seriously|fatally|badly))*\s*$"
)
_BOTH_BEFORE = re.compile(r"(?i)\bboth\s+(?:[a-z'-]+\s+){0,2}(?:(?:were|are|have been)\s+)?$")
_BOTH_AFTER = re.compile(r"(?i)^\s+both\b")
# A full stop after an abbreviation ends no sentence: "the No. 2 stope", "at 10:15 p.m. a
# storage tank", "Mt. Emei" (fixed-width look-behinds, one per abbreviation).
_ABBREVIATIONS = (
    "No",
    "no",
    "Nos",
    "a.m",
    "p.m",
    "A.M",
    "P.M",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "St",
    "Mt",
    "Co",
    "Ltd",
    "Inc",
    "vs",
    "e.g",
    "i.e",
    "approx",
    "Gov",
    "Sgt",
    "Lt",
)
_FULL_STOP = "".join(rf"(?<!\b{re.escape(a)})" for a in _ABBREVIATIONS) + r"\.(?:\s|$)"
_CLAUSE = re.compile(
    rf"[。！？；;!?\n，、]|,(?!\d{{3}})|{_FULL_STOP}|(?i:\s(?:and|but|while|whereas)\s)"
)  # "1,200" is one number, not two clauses
_SENTENCE = re.compile(rf"[。！？；;!?\n]|{_FULL_STOP}")
_NOT_NEGATION = ("无效", "无人机", "无法", "无关", "未成年", "未来", "未知")
_MAGNITUDE = (
    re.compile(r"(?:震级|里氏)\s*(?:为|达)?\s*(\d(?:\.\d)?)\s*级?"),
    re.compile(r"(\d(?:\.\d)?)\s*级[^，。；,;\d]{0,4}?地震"),
    re.compile(r"(?i)\b(?:magnitude|mag\.?)(?:\s+of)?\s*-?\s*(\d(?:\.\d)?)\b"),
    re.compile(r"(?i)(?<![\w.])(?:M[swl]?)\s?(\d\.\d)\b"),
    re.compile(r"(?i)(?<![\w.])(\d\.\d)[- ]?magnitude\b"),
)
_NIGHT_WORDS = re.compile(
    r"凌晨|深夜|夜间|半夜|午夜|夜里|(?<!一)晚上|今晚|昨晚|昨夜|当晚|夜晚|子夜|日晚|天黑"
    r"|(?i:\bovernight\b|\bat night\b|\bmidnight\b|\blate night\b|\bbefore dawn\b"
    r"|\bearly hours\b|\bduring the night\b|\blast night\b|\btonight\b|\ba night of\b"
    r"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day night\b)"
)
_ZH_HOUR = re.compile(r"(?<![\d.])(\d{1,2})\s*(?:时|点)(?!间|候|期)")
# A clock time that says am or pm is _EN_HOUR's ("3:05 pm" is no 03:05).
_CLOCK = re.compile(r"(?<![\d:.])(\d{1,2}):(\d{2})(?!\d)(?!\s*[ap]\.?m\b)", re.IGNORECASE)
# "2 a.m.", "10:45 a.m.", and the 3-4 digit times of warnings and logs ("1142 PM", "245 AM").
_EN_HOUR = re.compile(r"(?i)(?<![\d.:])(\d{1,2})(?::?\d{2})?\s*(a\.?m\.?|p\.?m\.?)(?!\w)")
# A 24-hour time as logs, SITREPs and airlines write it: "AT 0312 LOCAL", "2140L", "1417 HRS".
_LOG_HOUR = re.compile(r"(?<![\w.#-])([01]\d|2[0-3])[0-5]\d\s*(?:L\b|LOCAL\b|HRS\b|hrs\b|hours\b)")
_DAYTIME_BEFORE = ("上午", "中午", "下午", "白天", "早上")
_ROAD_CUT = re.compile(
    # A railway line (线路, 铁路) that is cut is the railway's, not a road's.
    r"(?:道路|公路|交通|通行|国道|省道|县道|乡道|村道|高速|路段|(?<![线铁])路|便桥|桥梁|桥|隧道)"
    r"[^，。；,;、]{0,8}?"
    r"(?:中断|阻断|受阻|损毁|冲毁|冲断|冲了|垮塌|垮了|断裂|不通|瘫痪|被冲|塌方|封闭|堵死|埋了"
    r"|管制|封了|堵断|堵了)"
    r"|(?:冲毁|冲断|阻断|堵塞|掩埋|堵断)[^，。；,;、]{0,6}?(?:道路|公路|国道|省道|村道|便桥|桥梁"
    r"|(?<![线铁])路)"
    r"|断路|无法通行|阻断交通|交通管制|封路|堵路"
    r"|(?i:\b(?:roads?|lanes?|ramps?|highways?|expressways?|streets?|routes?|tracks?"
    r"|hwy|interstate|i-\d+|us-?\d+|sr-?\d+)\b"
    r"[^.,;]{0,30}?\b(?:cut|closed|blocked|impassable|washed (?:out|away)|buried|shut down"
    r"|out of service)\b"
    r"|\b(?:blocked|blocking|cutting|cut|closed|closing|burying|buried)\b[^.,;]{0,25}?"
    r"\b(?:roads?|highways?|expressways?|lanes)\b"
    r"|\bbridges?\b[^.,;]{0,20}?\b(?:collapsed|washed (?:out|away)|destroyed)\b"
    r"|\bcut off\b|\binaccessible\b|\bno road access\b)"
)
_ROAD_OPEN = re.compile(
    r"畅通|通行正常|(?:未|没有|没|无)(?:中断|阻断|受阻|损毁|冲毁|冲断|垮塌|封闭)"
    r"|(?i:\broads? (?:are|remain) open\b|\bnot (?:been )?(?:cut|closed|blocked|buried)\b)"
)  # read in the match and just after it: 道路未中断, "roads were not blocked"
_ROAD_NOT_BEFORE = re.compile(r"(?i)\bno\s+$")  # "no roads were blocked"


@dataclass(frozen=True)
class _Word:
    kinds: tuple[str, ...]
    units: str  # a UNIT_CLASSES key; '' for negation-only words
    negation_only: bool = False
    number_first: bool = True  # "12人被困", "3 killed"
    number_after: bool = True  # "被困12人", "killing 3"


@functools.cache
def fact_terms() -> dict[str, Any]:
    """The fact words and labels (fact_terms.yaml), read once."""
    text = resources.files("queries.understanding").joinpath("fact_terms.yaml").read_text("utf-8")
    doc: dict[str, Any] = yaml.safe_load(text)
    return doc


@functools.cache
def _words() -> Gazetteer[_Word]:
    doc = fact_terms()
    terms: list[tuple[str, _Word]] = []
    for kind, entry in doc["counts"].items():
        units = entry["units"]
        terms += [(w, _Word((kind,), units)) for w in entry["zh"]]
        en_first, en_after = set(entry.get("en", [])), set(entry.get("en_before_number", []))
        for w in sorted(en_first | en_after):
            terms.append((w, _Word((kind,), units, False, w in en_first, True)))
    for entry in doc["negation_only"]:
        word = _Word(tuple(entry["kinds"]), "", negation_only=True)
        terms += [(w, word) for w in (*entry["zh"], *entry["en"])]
    return Gazetteer(terms)


@functools.cache
def _negations() -> Gazetteer[str]:
    doc = fact_terms()
    return Gazetteer([(w, w) for w in (*doc["negations"]["zh"], *doc["negations"]["en"])])


def clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause: split at sentence and comma punctuation."""
    return _split(text, _CLAUSE)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: split at 。！？；; ! ? and full stops, not commas."""
    return _split(text, _SENTENCE)


def _split(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in pattern.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _fits(n: NumberMention, units: str) -> bool:
    return n.unit in UNIT_CLASSES[units]


def _gap(n: NumberMention, w: Match[_Word]) -> tuple[int, bool]:
    """Characters between the number and the word; whether the number comes first."""
    if n.span.end <= w.span.start:
        return w.span.start - n.span.end, True
    return n.span.start - w.span.end, False


def _negated(text: str, clause_start: int, word: Match[_Word]) -> Match[str] | None:
    reach = NEGATION_REACH_EN if word.term.isascii() else NEGATION_REACH
    window_start = max(clause_start, word.span.start - reach)
    window = text[window_start : word.span.start]
    found = _negations().find(window)
    if not found or re.search(r"\d", window):
        return None
    last = found[-1]
    if any(window[last.span.start :].startswith(x) for x in _NOT_NEGATION):
        return None
    return last


def _count_facts(text: str, start: int, end: int) -> list[Fact]:
    clause = text[start:end]
    numbers = [
        NumberMention(n.value, TextSpan(n.span.start + start, n.span.end + start, n.span.text),
                      n.unit, n.approximate)
        for n in number_mentions(clause)
    ]  # fmt: skip
    words = [
        Match(w.payload, w.term, TextSpan(w.span.start + start, w.span.end + start, w.span.text))
        for w in _words().find(clause)
    ]
    pairs = []
    for n in numbers:
        for w in words:
            if w.payload.negation_only:
                continue
            if not _fits(n, w.payload.units) and not (
                n.unit == "个"
                and w.payload.units == "people"
                and _PERSON_AFTER_GE.match(text[n.span.end : n.span.end + 3])
            ):
                continue
            gap, before = _gap(n, w)
            latin = w.term.isascii()
            if gap < 0 or gap > (MAX_GAP_EN if latin else MAX_GAP_ZH):
                continue
            if not (w.payload.number_first if before else w.payload.number_after):
                continue
            between = text[min(n.span.end, w.span.end) : max(n.span.start, w.span.start)]
            if latin and w.payload.units == "people" and _ANIMAL_NOUN.search(between):
                continue
            if (
                latin
                and w.payload.units == "people"
                and _NOT_PEOPLE_AFTER.match(text[n.span.end : n.span.end + 30])
            ):
                continue
            if (
                w.payload.units == "buildings"
                and latin
                and not _BUILDING_NOUN.search(between)
                and (before or not _BUILDING_AFTER.match(text[n.span.end : n.span.end + 30]))
            ):
                continue
            if w.payload.units == "buildings" and not latin and not n.unit:
                continue
            pairs.append((gap, not before, n.span.start, n, w))
    facts: list[Fact] = []
    used_n: set[int] = set()
    used_w: set[int] = set()
    for *_rank, n, w in sorted(pairs, key=lambda p: p[:3]):
        if id(n) in used_n or id(w) in used_w:
            continue
        used_n.add(id(n))
        used_w.add(id(w))
        s, e = min(n.span.start, w.span.start), max(n.span.end, w.span.end)
        value = n.value * AREA_HECTARES[n.unit] if w.payload.units == "area" else n.value
        facts.append(Fact(w.payload.kinds[0], round(value, 2), TextSpan(s, e, text[s:e])))
    facts += _without_number(text, start, [w for w in words if id(w) not in used_w])
    for w in words:
        if id(w) in used_w:
            continue
        neg = _negated(text, start, w)
        if neg is None:
            continue
        reach = NEGATION_REACH_EN if w.term.isascii() else NEGATION_REACH
        s = neg.span.start + max(start, w.span.start - reach)
        span = TextSpan(s, w.span.end, text[s : w.span.end])
        facts += [Fact(kind, 0.0, span, negated=True) for kind in w.payload.kinds]
    return facts


def _without_number(text: str, start: int, words: list[Match[_Word]]) -> list[Fact]:
    """Counts said without a number: one person ("a worker was killed", "the driver is pinned",
    司机被困在驾驶室里) or both ("killing both people on board")."""
    out: list[Fact] = []
    for w in words:
        kind = w.payload.kinds[0]
        if w.payload.negation_only or kind not in SINGULAR_KINDS:
            continue
        if not w.term.isascii():
            m = _ONE_DRIVER_ZH.search(text[max(start, w.span.start - 12) : w.span.start])
            if m is not None and _negated(text, start, w) is None:
                s = max(start, w.span.start - 12) + m.start()
                out.append(Fact(kind, 1.0, TextSpan(s, w.span.end, text[s : w.span.end])))
            continue
        lead = max(start, w.span.start - 60)
        before = text[lead : w.span.start]
        if _negated(text, start, w) is not None or re.search(r"\d", before):
            continue
        after = _BOTH_AFTER.match(text[w.span.end : w.span.end + 12])
        if after is not None and _NOT_PEOPLE_AFTER.match(
            text[w.span.end + after.end() : w.span.end + after.end() + 30]
        ):
            after = None  # "buried both lanes": the road, not two people
        if after is not None and w.payload.number_after:
            s, e, n = w.span.start, w.span.end + after.end(), 2.0
        elif (m := _BOTH_BEFORE.search(before)) is not None:
            s, e, n = lead + m.start(), w.span.end, 2.0
        elif (m := _ONE_BEFORE.search(before)) is not None:
            blank = len(m.group()) - len(m.group().lstrip())
            s, e, n = lead + m.start() + blank, w.span.end, 1.0
        else:
            continue
        out.append(Fact(kind, n, TextSpan(s, e, text[s:e])))
    return out


def _magnitude(text: str) -> list[Fact]:
    for pattern in _MAGNITUDE:
        m = pattern.search(text)
        if m is not None and 1.0 <= float(m.group(1)) <= 10.0:
            return [Fact("magnitude", float(m.group(1)), TextSpan(m.start(), m.end(), m.group(0)))]
    return []


def _night(text: str) -> list[Fact]:
    m = _NIGHT_WORDS.search(text)
    if m is not None:
        return [Fact("night", True, TextSpan(m.start(), m.end(), m.group(0)))]
    for pattern in (_ZH_HOUR, _CLOCK, _LOG_HOUR):
        for m in pattern.finditer(text):
            hour = int(m.group(1))
            if any(text[max(0, m.start() - 4) : m.start()].endswith(w) for w in _DAYTIME_BEFORE):
                continue
            if hour <= 23 and (hour >= NIGHT_FROM or hour < NIGHT_UNTIL):
                return [Fact("night", True, TextSpan(m.start(), m.end(), m.group(0)))]
    for m in _EN_HOUR.finditer(text):
        hour, pm = int(m.group(1)) % 12, m.group(2).lower().startswith("p")
        if (pm and hour + 12 >= NIGHT_FROM) or (not pm and hour < NIGHT_UNTIL):
            return [Fact("night", True, TextSpan(m.start(), m.end(), m.group(0)))]
    return []


def _road_cut(text: str) -> list[Fact]:
    for m in _ROAD_CUT.finditer(text):
        if _ROAD_OPEN.search(text[m.start() : m.end() + 4]):
            continue  # 道路未中断; a later road may still be cut
        if _ROAD_NOT_BEFORE.search(text[max(0, m.start() - 4) : m.start()]):
            continue
        return [Fact("road_cut", True, TextSpan(m.start(), m.end(), m.group(0)))]
    return []


def read_facts(text: str) -> list[Fact]:
    """Every fact the text states, one per kind (the largest count): night, magnitude and
    road_cut first, then the counts in COUNT_KINDS order."""
    found: list[Fact] = [*_night(text), *_magnitude(text), *_road_cut(text)]
    for start, end in clauses(text):
        found += _count_facts(text, start, end)
    best: dict[str, Fact] = {}
    for f in found:
        old = best.get(f.kind)
        if old is None or (not isinstance(f.value, bool) and f.value > old.value):
            best[f.kind] = f
    order = {k: i for i, k in enumerate(("night", "magnitude", "road_cut", *COUNT_KINDS))}
    return sorted(best.values(), key=lambda f: order[f.kind])
