"""A hazard word read in the domain the report names (pure).

- A mine: 透水, 冒顶, 片帮 are labels of the coal mine types (12A), the words every miner
  uses; in a report that names a metal or non-metal mine (铁矿, 铅锌矿, a gold mine, a
  quarry) and no coal, they are that mine's type (12B: non-coal mine rescue, other plans).
- A blast: a building that shakes (整栋楼都在抖) and a roof thrown off (屋顶被掀翻) beside a
  named explosion are the blast's, not an earthquake's or a wind's; only when the report
  names the earthquake or the wind by a label (地震, 大风) is it a second hazard.

Example::

    named = in_a_metal_mine(named, lexicon.by_id, "会东县某铅锌矿井下发生透水")
    [n.term.hazard.id for n in named]   # ['12B02'] (read as 12A04, coal mine flooding)
"""

from __future__ import annotations

import re
from dataclasses import replace

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
