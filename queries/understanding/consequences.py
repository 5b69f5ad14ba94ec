"""What follows from a named hazard is no second hazard (pure).

A fire told as what followed ("... exploded, starting a fire") is the fire of the domain
the report is about; a hazard that another named one brings with it (a typhoon's strong
wind, the water of a burst main in the street) is that one's (`without_implied`).

Reports name the main event precisely and its consequences in plain words: "a pressure
build-up in a nitration reactor led to an explosion, followed by a fire", "煤与瓦斯突出后回风巷
起火". The plain word (fire, 起火) names only the generic subcategory 12G00; in a report
about a chemical plant, a coal mine or a road vehicle it is that domain's fire type, whose
forces differ (foam and hazmat teams, mine rescue, road rescue). In a report about a
forest or grassland fire, the plain word is that same fire, already named. Where the fire
is in the same clause as a type, `named._specific_in_each_clause` already handled it; this
covers the clauses after. The domains are GB/T 35561 subcategories (ontology/hazards.ttl).

Example::

    named = fire_in_its_domain(named, lexicon.by_id)   # [12D01 explosion, 12G00 fire]
    [n.term.hazard.id for n in named]                   # ['12D01', '12D03']
"""

from __future__ import annotations

from dataclasses import replace

from queries.understanding.lexicon import HazardTerm
from queries.understanding.mentions import NamedHazard

GENERIC_FIRE = "12G00"
# The subcategory the report is about -> its fire type (None: the fire is the hazard itself).
FIRE_BY_DOMAIN: dict[str, str | None] = {
    "12A": "12A07",  # coal mine accident -> coal mine fire
    "12B": "12B05",  # metal and non-metal mine accident -> mine fire
    "12D": "12D03",  # hazardous chemical accident -> hazardous chemical fire
    "12H": "12H04",  # road traffic accident -> vehicle fire
    "12J": "12J06",  # waterway accident -> ship fire
    "12K": "12K05",  # railway accident -> train fire or explosion
    "12L": "12L05",  # urban rail accident -> urban rail train fire or explosion
    "11G": None,  # forest and grassland fire: the same fire
    "12M": None,  # an aircraft crash: its fire is the crash's (crash rescue brings foam)
}


def fire_in_its_domain(named: list[NamedHazard], by_id: dict[str, HazardTerm]) -> list[NamedHazard]:
    """Replace a generic fire by the fire type of the first domain the report names; drop
    it where that type is already named or the domain's fire is the hazard itself."""
    if not any(n.term.hazard.id == GENERIC_FIRE for n in named):
        return named
    domains = [n.term.hazard.id[:3] for n in named if n.term.hazard.id[:3] in FIRE_BY_DOMAIN]
    if not domains:
        return named
    target = FIRE_BY_DOMAIN[domains[0]]
    present = {n.term.hazard.id for n in named}
    out: list[NamedHazard] = []
    for n in named:
        if n.term.hazard.id != GENERIC_FIRE:
            out.append(n)
        elif target is None or target in present:
            continue  # the fire is already named
        elif target in by_id:
            out.append(replace(n, term=by_id[target]))
        else:
            out.append(n)  # a graph without that type: keep what was said
    return out


# A hazard -> the hazards (GB/T 35561 codes or their prefixes) that bring it with them: named
# beside one of those, it is that hazard's own effect, not a second incident.
IMPLIED_BY: dict[str, tuple[str, ...]] = {
    "11B06": ("11B01", "11B02", "11B07"),  # strong wind: a typhoon's, a tornado's, a sandstorm's
    "11A02": ("11A01", "11A51", "12P12"),  # water in the streets: the flood's, the burst main's
    "11A01": ("11A05", "12P12", "12B04"),  # flooding: the ice flood's, the burst main's, the
    # tailings' (尾砂下泄，淹没农田)
    "11A03": ("12B04",),  # a dam that gives way: the tailings dam named
    "12FX1": ("12E", "12D01", "12A01", "12PX1", "12N01", "12K05", "12L05"),  # the explosion named
    "13A00": ("12D", "12PX1", "13C", "12Q02", "13E"),  # coughing, fever: exposure to what
    # leaked; 疫情 of an animal disease named (非洲猪瘟疫情) is that disease's
    # Cars swept away or buried: the debris flow's, the flash flood's (also said as 车辆被冲入
    # 岷江); a farm machine's accident (拖拉机翻下去, 开车的人): the road types are its.
    "12H02": ("12R", "12K03"),  # ... and a car a train hit at a crossing is the train's
    "12H03": ("11D", "11A51", "11A01", "12R"),
    "12H00": ("11D", "11A51", "12R"),
    "12H01": ("14A04", "12K", "12R"),  # police cars rioters overturned; a derailed train's wagons
    # ... and set on fire; a hazmat tanker on fire is a hazmat fire; a fireworks truck's fire
    # is the fireworks accident; a train's smoke is the railway's or the metro's.
    "12H04": ("14A04", "12D", "12E", "12K", "12L", "12R"),
    # People short of drinking water after a flood, a debris flow, a quake: its damage.
    "11A10": ("11A01", "11A51", "11A02", "11B01", "11B03", "11C", "11D", "12P12", "12Q"),
    # People in the water: swept away by the flood itself, thrown in when their boat capsized.
    # ... or in a car that went off a bridge into the river.
    "12YX1": ("11A01", "11A51", "11A03", "11A04", "12J", "12H03"),
    "12G03": ("11G",),  # houses a forest fire reaches: that fire's
    "11B14": ("11G", "12G"),  # lightning as what started a fire (起火原因为雷击)
    "14A00": ("12S",),  # a crowd gathered where a crush happened: the crush's
    "11A99": ("11A52", "11A53", "11A54", "11A10"),  # rivers run dry in a drought
    "12PX2": ("11B06", "11B01", "11B02", "11B12", "11C"),  # what the wind or the quake brings down
    "12P04": ("12C",),  # a tunnel or bridge under construction that collapses: construction's
    "11D01": ("12B01",),  # a quarry slope that fails: the mine's
    "12P13": ("12A02", "12B01", "12C01"),  # the roof of a mine, a building under construction
    # Low visibility in a sandstorm, a snowstorm, a rainstorm, smoke: theirs, not fog.
    "14A16": ("14A15",),  # prisoners making trouble: the prison riot named
    # Shelves emptied when the water or the power is cut (超市矿泉水都被抢光了): the outage's.
    "14D02": ("12P12", "12P07", "12P08", "11A53", "11A10"),
    "11A04": ("11E02",),  # a sea wall the surge overtops: the storm surge's
    # A ship that sinks or takes water after a collision, a grounding, a fire: that accident's.
    "12J08": ("12J01", "12J02", "12J04", "12J06"),
    # A road a rockfall, a landslide, a flood or snow blocks (落石阻断道路, 滑坡堵路): their damage,
    # no people blocking it.
    "14A13": ("11A", "11B", "11C", "11D"),
    "11B17": ("11B07", "11B04", "11B03", "11B01", "11G", "12G", "12D", "12FX1"),
}


OTHER_ACCIDENTS = "12"  # accident subcategories whose xxx99 type is a catch-all


def without_implied(named: list[NamedHazard]) -> list[NamedHazard]:
    """Drop each hazard that another named hazard brings with it (IMPLIED_BY), and an
    "other" type (xxx99) beside a type of its own subcategory."""
    ids = [n.term.hazard.id for n in named]

    def implied(hazard: str) -> bool:
        if any(i != hazard and i.startswith(IMPLIED_BY.get(hazard, ())) for i in ids):
            return True
        # "Other ... accident" (12M99 迫降) beside a type of its family (12M01 坠毁): that one.
        # Accidents only: a natural "other" type names a phenomenon of its own (11A99 堰塞湖).
        return (
            hazard.startswith(OTHER_ACCIDENTS)
            and hazard.endswith("99")
            and any(
                i != hazard and i[:3] == hazard[:3] and not i.endswith(("00", "99")) for i in ids
            )
        )

    return [n for n in named if not implied(n.term.hazard.id)]
