"""Which hazard types are offered beside the read ones ("也可能是 / Could also be")."""

from __future__ import annotations

from queries.models import ConceptRef
from queries.understanding.alternatives import ALTERNATIVES, alternatives, not_offered
from tests.unit.understanding.shipped import shipped_lexicon

FLOOD, WATERLOGGING, LEVEE, RAINSTORM, TYPHOON = "11A01", "11A02", "11A04", "11B03", "11B01"
QUAKE, LANDSLIDE, GEOLOGICAL = "11C02", "11D01", "11D00"


def refs(*ids: str) -> list[ConceptRef]:
    return [ConceptRef(i, "", "") for i in ids]


def offered(read: list[str], candidates: list[str], set_apart: tuple[str, ...] = ()) -> list[str]:
    got = alternatives(shipped_lexicon(), read, set_apart, refs(*candidates))
    return [c.id for c in got]


def test_the_next_likeliest_types_in_their_order_up_to_the_limit() -> None:
    got = offered([FLOOD], [WATERLOGGING, RAINSTORM, LEVEE, TYPHOON])
    assert got == [WATERLOGGING, RAINSTORM, LEVEE][:ALTERNATIVES]


def test_read_hazards_and_their_broader_types_are_never_offered() -> None:
    assert offered([LANDSLIDE, QUAKE], [QUAKE, GEOLOGICAL, LANDSLIDE, FLOOD]) == [FLOOD]


def test_negated_possible_and_occasion_hazards_are_set_apart() -> None:
    # 未发生内涝 / 防范山洪 / 防汛演练: offering them contradicts the text or repeats it
    assert offered([FLOOD], [WATERLOGGING, RAINSTORM, LEVEE], (WATERLOGGING, LEVEE)) == [RAINSTORM]


def test_a_candidate_named_twice_by_two_sources_is_offered_once() -> None:
    assert offered([FLOOD], [RAINSTORM, RAINSTORM, LEVEE]) == [RAINSTORM, LEVEE]


def test_types_the_ontology_does_not_hold_and_categories_are_left_out() -> None:
    assert offered([FLOOD], ["99Z99", "11000", RAINSTORM]) == [RAINSTORM]


def test_the_names_are_the_ontologys_not_the_candidates() -> None:
    (c,) = alternatives(shipped_lexicon(), [FLOOD], (), refs(RAINSTORM), limit=1)
    assert (c.name_zh, c.name_en) == ("暴雨事件", "Rainstorm")


def test_nothing_is_offered_beside_nothing_read() -> None:
    assert offered([], [FLOOD, RAINSTORM]) == []


def test_not_offered_holds_the_read_their_parents_and_the_set_apart() -> None:
    assert not_offered(shipped_lexicon(), [LANDSLIDE], [FLOOD]) == {
        LANDSLIDE,
        GEOLOGICAL,
        FLOOD,
    }
