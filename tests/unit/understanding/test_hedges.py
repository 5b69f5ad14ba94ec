"""Hazards a report says may follow are possible, not happening
(queries/understanding/hedges.py): hedge words before a mention in its sentence (covering a
list after them), hedge phrases after it in its clause; a report of hedged hazards alone is
a warning about them."""

from __future__ import annotations

import pytest

from queries.understanding.hedges import hedged, split_hedged
from queries.understanding.lexicon import build_hazard_lexicon
from queries.understanding.mentions import hazard_mentions
from tests.unit.understanding.test_mentions import row

LEXICON = build_hazard_lexicon(
    [
        row("11B03", "暴雨", "Rainstorm", ("强降雨",), ("heavy rain",), ("11B00",)),
        row("11A51", "山洪", "Flash flood", ("山洪",), ("flash floods",), ("11A00",)),
        row("11D01", "滑坡", "Landslide", ("滑坡",), ("landslides",), ("11D00",)),
        row("11D02", "泥石流", "Debris flow", ("泥石流",), ("debris flows",), ("11D00",)),
    ]
)


def split(text: str) -> tuple[list[str], list[str]]:
    named, _ = hazard_mentions(LEXICON, text)
    sure, possible = split_hedged(text, named)
    return [n.term.hazard.id for n in sure], [n.term.hazard.id for n in possible]


def at(text: str, word: str) -> bool:
    i = text.rfind(word)
    return hedged(text, i, i + len(word))


@pytest.mark.parametrize(
    "text",
    [
        "持续强降雨，山区注意防范山洪、滑坡和泥石流。",
        "Heavy rain continues. Mountain areas should guard against flash floods, landslides "
        "and debris flows.",
    ],
)
def test_a_hedge_covers_the_list_after_it(text: str) -> None:
    assert split(text) == (["11B03"], ["11A51", "11D01", "11D02"])


def test_a_hedge_after_the_mention_in_its_clause() -> None:
    assert split("Heavy rain fell overnight. Debris flows are possible below the burn area.") == (
        ["11B03"],
        ["11D02"],
    )
    assert at("强降雨持续，局地滑坡可能发生", "滑坡")


def test_a_new_statement_after_a_comma_is_not_hedged() -> None:
    assert not at("提醒防范山洪，目前某县已发生山洪", "山洪")
    assert split("强降雨后提醒防范滑坡，目前某县已发生滑坡") == (["11B03", "11D01"], [])


def test_a_suspected_event_is_no_hedge() -> None:
    assert not at("a possible landslides report near the village", "landslides")
    assert not at("有可能是滑坡", "滑坡")


def test_a_warning_about_hedged_hazards_alone_keeps_them() -> None:
    assert split("山区注意防范山洪、滑坡。") == (["11A51", "11D01"], [])


def test_a_hedge_after_a_list_covers_the_list() -> None:
    text = "Flash floods and landslides are likely in mountain valleys."
    assert at(text, "Flash floods") and at(text, "landslides")
    # a new statement before the hedge is no list: the flash floods happened
    text = "Flash floods hit the town yesterday and more landslides are likely."
    assert not at(text, "Flash floods") and at(text, "landslides")
