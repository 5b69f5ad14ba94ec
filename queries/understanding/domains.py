"""A hazard word read in the domain the report names (pure).

- A mine: 透水, 冒顶, 片帮 are labels of the coal mine types (12A), the words every miner
  uses; in a report that names a metal or non-metal mine (铁矿, 铅锌矿, a gold mine, a
  quarry) and no coal, they are that mine's type (12B: non-coal mine rescue, other plans).
- A fire in the wild: a plain fire (火灾, "FIRE", 12G00) in a report that measures it the way
  wildland fires are measured (acres or hectares burned, containment, hand crews, fuels,
  火场面积, 过火面积, 隔离带) and names no building is a forest or grassland fire (11G00).
- A disease in its host: anthrax and avian influenza are each two types, the human epidemic
  (13A03, 13A05) and the animal one (13E10, 13E01); the sentence that names the disease says
  which by its host: a patient, a woman of 51, a human infection are human cases (whatever
  animals they caught it from); otherwise cattle, sheep, poultry, a farm, culled
  birds are animals. Neither: as named.
- A blast: a building that shakes (整栋楼都在抖) and a roof thrown off (屋顶被掀翻) beside a
  named explosion are the blast's, not an earthquake's or a wind's; only when the report
  names the earthquake or the wind by a label (地震, 大风) is it a second hazard.

Example::

    named = in_a_metal_mine(named, lexicon.by_id, "会东县某铅锌矿井下发生透水")
    [n.term.hazard.id for n in named]   # ['12B02'] (read as 12A04, coal mine flooding)
    named = disease_in_its_host(named, lexicon.by_id, "anthrax confirmed in cattle on a farm")
    [n.term.hazard.id for n in named]   # ['13E10'] (read as 13A03, pulmonary anthrax)
"""

from __future__ import annotations

import re
from dataclasses import replace

from queries.models import TextSpan
from queries.understanding.facts import sentences
from queries.understanding.lexicon import HazardLexicon, HazardTerm
from queries.understanding.mentions import NamedHazard

# Coal mine type -> the metal and non-metal mine type of the same accident.
NON_COAL: dict[str, str] = {
    "12A00": "12B00", "12A02": "12B01", "12A03": "12B07", "12A04": "12B02", "12A05": "12B06",
    "12A06": "12B08", "12A07": "12B05", "12A99": "12B99",
}  # fmt: skip
_NON_COAL_MINE = re.compile(
    r"(?:铁|金|银|铜|铅锌|锌|锰|磷|钨|锡|钼|铝土|稀土|石膏|萤石|硫铁|非煤)矿|采石场|非煤矿山"
    r"|\b(?:gold|iron|iron ore|copper|lead-zinc|zinc|silver|tin|phosphate|metal|non-coal)"
    r" mine\b|\bquarry\b",
    re.IGNORECASE,
)
_COAL = re.compile(r"煤|\bcoal|\bcolliery", re.IGNORECASE)

# Hazards a blast's effects are said as, and the explosions that bring them.
BLAST_EFFECTS = ("11C02", "11B06")
EXPLOSIONS = ("12FX1", "12PX1", "12N01", "12D01", "12E", "12A01", "12B09", "12K05", "12L05")


def in_a_metal_mine(
    named: list[NamedHazard], by_id: dict[str, HazardTerm], text: str
) -> list[NamedHazard]:
    """Coal mine types as their non-coal types when the text names such a mine and no coal."""
    if not _NON_COAL_MINE.search(text) or _COAL.search(text):
        return named
    out = []
    for n in named:
        target = NON_COAL.get(n.term.hazard.id)
        out.append(replace(n, term=by_id[target]) if target in by_id else n)
    return out


GENERIC_FIRE = "12G00"
WILD_FIRE = "11G00"
_WILDLAND = re.compile(
    r"火场面积|过火面积|过火林地|隔离带|扑火队|扑火人员|打火队|林地|草场"
    r"|\b(?:acres?|hectares?|\d+\s?% (?:containment|contained)|containment:? \d+\s?%"
    r"|hand crews?|hotshot|smokejumpers?|air tankers?|airtankers?|fire ?line|brush"
    r"|dozer line|spot fires?)",
    re.IGNORECASE,
)
_BUILDING = re.compile(
    r"楼|房|厂|店|仓库|住宅|库|场站|\b(?:houses?|homes?|buildings?|apartments?|flats?|factory"
    r"|warehouses?|stores?|restaurant|school|hospital|plant|barns?|hotel|yard|depot|landfill"
    r"|tanks?|sheds?|garages?|mall|refinery)\b",
    re.IGNORECASE,
)


def fire_in_the_wild(
    named: list[NamedHazard], by_id: dict[str, HazardTerm], text: str
) -> list[NamedHazard]:
    """A plain fire (12G00) measured as a wildland fire, with no building named, as 11G00."""
    if WILD_FIRE not in by_id or not any(n.term.hazard.id == GENERIC_FIRE for n in named):
        return named
    fires = [s for n in named if n.term.hazard.id == GENERIC_FIRE for s in n.spans]
    # The measure in a sentence of the fire's ("Size: 4,200 acres" in an ICS-209 line).
    said = [(a, b) for a, b in sentences(text) if any(a <= f.start < b for f in fires)]
    found = [(a, m) for a, b in said if (m := _WILDLAND.search(text[a:b]))]
    if not found or _BUILDING.search(text):
        return named
    if any(n.term.hazard.id.startswith("11G") for n in named):
        return [n for n in named if n.term.hazard.id != GENERIC_FIRE]  # already named
    # The measure is evidence too: "FIRE" alone is an everyday word, "1,200 acres" is not.
    at, measure = found[0]
    span = TextSpan(at + measure.start(), at + measure.end(), measure.group())
    return [
        replace(n, term=by_id[WILD_FIRE], spans=(*n.spans, span), words=(*n.words, span.text))
        if n.term.hazard.id == GENERIC_FIRE
        else n
        for n in named
    ]


# The human epidemic type -> the animal one of the same disease.
HUMAN_TO_ANIMAL: dict[str, str] = {"13A03": "13E10", "13A05": "13E01"}
ANIMAL_TO_HUMAN = {a: h for h, a in HUMAN_TO_ANIMAL.items()}
_ANIMAL_HOST = re.compile(
    r"牛|羊|猪|禽|鸡|鸭|鹅|畜|马匹|骆驼|养殖|存栏|扑杀|\b(?:cattle|cows?|calves|sheep|goats?"
    r"|pigs?|swine|hogs?|poultry|chickens?|ducks?|geese|birds|flocks?|herds?|livestock"
    r"|farm|ranch|culled|culling|carcass(?:es)?|animal health|veterinary)\b",
    re.IGNORECASE,
)
_HUMAN_HOST = re.compile(
    r"患者|病例|病人|男性|女性|男子|女子|\d+岁|岁的|住院|\b(?:patients?"
    r"|man|woman|boy|girl|child|\d+-year-old|year-old|hospitali[sz]ed|in hospital"
    r"|critical condition)\b",
    re.IGNORECASE,
)


def disease_in_its_host(
    named: list[NamedHazard], by_id: dict[str, HazardTerm], text: str
) -> list[NamedHazard]:
    """Anthrax, avian influenza: the human type when the naming sentence gives a person who
    has it, else the animal type when it gives animals, else as named."""
    spans = sentences(text)
    out: list[NamedHazard] = []
    for n in named:
        hid = n.term.hazard.id
        if hid not in HUMAN_TO_ANIMAL and hid not in ANIMAL_TO_HUMAN:
            out.append(n)
            continue
        first = n.spans[0].start
        a, b = next(((a, b) for a, b in spans if a <= first < b), (0, len(text)))
        # Without the disease's own words (禽流感 holds 禽, "bird flu" birds).
        chars = list(text[a:b])
        for sp in n.spans:
            for i in range(max(sp.start, a), min(sp.end, b)):
                chars[i - a] = " "
        sentence = "".join(chars)
        animal, human = bool(_ANIMAL_HOST.search(sentence)), bool(_HUMAN_HOST.search(sentence))
        # A person who has it is a human case, whatever animals gave it to them.
        target = ANIMAL_TO_HUMAN.get(hid) if human else HUMAN_TO_ANIMAL.get(hid) if animal else None
        if target is None or target not in by_id:
            out.append(n)
        elif all(o.term.hazard.id != target for o in out):
            out.append(replace(n, term=by_id[target]))
    return out


def without_blast_effects(named: list[NamedHazard], lexicon: HazardLexicon) -> list[NamedHazard]:
    """Drop an earthquake or a wind said only by what it does (no label of it among the
    mention's words) when an explosion is named: the blast shook and threw them."""
    if not any(n.term.hazard.id.startswith(EXPLOSIONS) for n in named):
        return named

    def labelled(n: NamedHazard) -> bool:
        return any(
            m.payload.hazard.id == n.term.hazard.id
            for w in n.words
            for m in lexicon.gazetteer.find(w)
        )

    return [n for n in named if n.term.hazard.id not in BLAST_EFFECTS or labelled(n)]
