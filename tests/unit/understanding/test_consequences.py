"""A fire told as what followed is the fire of the report's domain
(queries/understanding/consequences.py), and words such as "fire service" name no hazard
(lexicon.NOT_HAZARD_PHRASES); over hand-written lexicon rows, no services."""

from __future__ import annotations

from queries.understanding.consequences import fire_in_its_domain, without_implied
from queries.understanding.lexicon import build_hazard_lexicon
from queries.understanding.mentions import hazard_mentions
from tests.unit.understanding.test_mentions import row

ROWS = [
    row("12G00", "火灾事故", "Fire", ("火灾", "起火"), ("fire",), ("12000",)),
    row(
        "12D01",
        "危险化学品爆炸事故",
        "Hazardous chemical explosion",
        ("化工厂爆炸",),
        ("chemical plant explosion",),
        ("12D00",),
    ),
    row("12D03", "危险化学品火灾事故", "Hazardous chemical fire", parents=("12D00",)),
    row(
        "12A01",
        "煤矿瓦斯事故",
        "Coal mine gas accident",
        ("瓦斯突出",),
        ("gas outburst",),
        ("12A00",),
    ),
    row("12A07", "煤矿火灾事故", "Coal mine fire", parents=("12A00",)),
    row("11G01", "境内森林火灾事件", "Forest fire", ("山火",), ("wildfire",), ("11G00",)),
    row("11A01", "洪水事件", "Flood", ("洪水",), ("flood",), ("11A00",)),
]
LEXICON = build_hazard_lexicon(ROWS)


def ids(text: str) -> list[str]:
    named, _ = hazard_mentions(LEXICON, text)
    return [n.term.hazard.id for n in fire_in_its_domain(named, LEXICON.by_id)]


def test_a_fire_after_a_chemical_explosion_is_a_chemical_fire() -> None:
    assert ids("A chemical plant explosion at 9:40; later a fire took three hours") == [
        "12D01",
        "12D03",
    ]
    assert ids("化工厂爆炸，随后起火") == ["12D01", "12D03"]


def test_a_fire_after_a_gas_outburst_in_a_coal_mine_is_a_mine_fire() -> None:
    assert ids("a gas outburst at the face, followed by a fire in the airway") == [
        "12A01",
        "12A07",
    ]


def test_a_fire_in_a_wildfire_report_is_the_wildfire_itself() -> None:
    assert ids("wildfires burned 70,000 hectares; the fire is spreading") == ["11G01"]


def test_a_fire_with_no_domain_stays_a_fire() -> None:
    assert ids("a flood, and a fire in a house") == ["11A01", "12G00"]
    assert ids("a fire at a textile factory") == ["12G00"]


def test_a_domain_fire_already_named_is_not_doubled() -> None:
    named, _ = hazard_mentions(LEXICON, "chemical plant explosion, then a fire")
    chemical_fire = LEXICON.by_id["12D03"]
    with_type = [*named, type(named[0])(chemical_fire, named[0].spans, ("x",))]
    out = [n.term.hazard.id for n in fire_in_its_domain(with_type, LEXICON.by_id)]
    assert out == ["12D01", "12D03"]


def test_the_fire_service_names_no_fire() -> None:
    named, _ = hazard_mentions(LEXICON, "the fire service said the flood is receding")
    assert [n.term.hazard.id for n in named] == ["11A01"]
    named, _ = hazard_mentions(LEXICON, "fire crews were called to a fire in a shed")
    assert [(n.term.hazard.id, [s.text for s in n.spans]) for n in named] == [("12G00", ["fire"])]


IMPLIED_ROWS = [
    row("11B01", "台风", "Typhoon", ("台风",), ("typhoon",), ("11B00",)),
    row("11B06", "大风", "Strong wind", ("大风",), ("strong wind",), ("11B00",)),
    row("11B03", "暴雨", "Rainstorm", ("暴雨",), ("rainstorm",), ("11B00",)),
    row("12P12", "供水管网事故", "Water main", ("供水管爆裂",), ("burst main",), ("12P00",)),
    row("11A02", "城市内涝", "Urban waterlogging", ("道路积水",), ("flooded streets",), ("11A00",)),
]
IMPLIED_LEXICON = build_hazard_lexicon(IMPLIED_ROWS)


def implied_ids(text: str) -> list[str]:
    named, _ = hazard_mentions(IMPLIED_LEXICON, text)
    return [n.term.hazard.id for n in without_implied(named)]


def test_a_hazard_another_brings_with_it_is_that_ones() -> None:
    assert implied_ids("台风登陆，沿海大风，普降暴雨") == ["11B01", "11B03"]
    assert implied_ids("供水管爆裂，附近道路积水") == ["12P12"]


def test_alone_it_is_the_hazard() -> None:
    assert implied_ids("沿海大风，普降暴雨") == ["11B06", "11B03"]
    assert implied_ids("暴雨后道路积水") == ["11B03", "11A02"]
