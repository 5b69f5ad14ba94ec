"""The place a report names: the most specific administrative region (pure).

All region names in the text are found (full names, short forms such as 汶川 for
汶川县, English names). The place is the most specific one (county over city over
province); when a name is shared by several regions (朝阳区), the one whose parents
the text also names wins ("北京市朝阳区"), else the one in the province where the
graph's teams are based (Lushan County is 芦山县 and 鲁山县), else the first in id order.
A full name beats a short form of the same rank ("near Wolong, Wenchuan County").
A province or city named alongside confirms rather than competes: "四川省阿坝州汶川县"
is 汶川县. A region followed by 境内/辖区/段 is the scene ("由成都开往九寨沟...行驶至
茂县境内": 茂县). A short form (汶川, 通道) counts only when no full name of a higher
rank contradicts it ("雅安市...人行横通道": 雅安市, not 通道侗族自治县), and an
English news dateline ("BEIJING - ") is no place.

Example::

    place = read_place(regions, "汶川县映秀镇发生地震")
    place.region.id, place.location   # ('513221', GeoPoint(31.48, 103.58))
"""

from __future__ import annotations

import re

from queries.understanding.lexicon import RegionTerm
from queries.understanding.matcher import Gazetteer, Match
from queries.understanding.models import PlaceMatch

RANK_ORDER = {"county": 3, "city": 2, "province": 1}
# 雅安市境内, 国道213线茂县段: the scene's own region, where a report names several.
_SCENE_CUE = re.compile(r"^(?:境内|辖区|县城|城区|段|附近|一带)")
# "BEIJING - ...": a news dateline names where the story was filed, not the scene.
_DATELINE = re.compile(r"^[A-Z][A-Z' .,]+(?:\([^)]*\))?\s+[-–—]\s")


def _support(m: Match[RegionTerm], named: set[str]) -> int:
    """How many of the region's parents the text names too."""
    return sum(1 for c in m.payload.chain if c.id in named)


def _consistent(m: Match[RegionTerm], named: set[str]) -> bool:
    """No named region of a higher rank contradicts it (it lies under, or is, each one)."""
    ids = {m.payload.region.id, *(c.id for c in m.payload.chain)}
    return all(n in ids for n in named)


def read_place(gazetteer: Gazetteer[RegionTerm], text: str) -> PlaceMatch | None:
    """The most specific region the text names, or None."""
    dateline = _DATELINE.match(text)
    skip = dateline.end() if dateline else 0
    matches = [m for m in gazetteer.find(text) if m.span.start >= skip]
    if not matches:
        return None
    full_names = {m.payload.region.id for m in matches if not m.payload.short}
    # A short form (通道 in 人行横通道) counts only when no full name contradicts it.
    matches = [
        m for m in matches if not m.payload.short or not full_names
        or _consistent(m, {r for r in full_names if r != m.payload.region.id
                           and _rank_of(matches, r) < RANK_ORDER.get(m.payload.rank, 0)})
    ] or matches  # fmt: skip
    named = {m.payload.region.id for m in matches}

    def key(m: Match[RegionTerm]) -> tuple[int, int, int, bool, int, int, str]:
        cue = bool(_SCENE_CUE.match(text[m.span.end :]))
        return (
            -cue,
            -_support(m, named),
            -RANK_ORDER.get(m.payload.rank, 0),
            m.payload.short,  # "near Wolong, Wenchuan County": the full name
            -m.payload.home,  # a name several provinces share: this graph's forces' own
            m.span.start,
            m.payload.region.id,
        )

    best = min(matches, key=key)
    t = best.payload
    return PlaceMatch(t.region, t.rank, best.span, t.location, t.chain)


def _rank_of(matches: list[Match[RegionTerm]], region_id: str) -> int:
    for m in matches:
        if m.payload.region.id == region_id:
            return RANK_ORDER.get(m.payload.rank, 0)
    return 0
