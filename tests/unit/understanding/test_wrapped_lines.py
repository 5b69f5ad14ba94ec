"""Chinese text whose lines a PDF, a fax's OCR or a forwarded message broke inside a word
(clean_report joins them; pure, offline with the shipped lexicon and frames)."""

from __future__ import annotations

import pytest

from queries.understanding.parse import WRAPPED_LINE, clean_report, join_wrapped_chinese
from tests.unit.understanding.test_probes import hazards_read

MINE = "某煤业有限公司1301回采工作面"  # a full line: a wrap after it breaks a word


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("客机落地滑跑时偏出 跑道，冲入土质区", "客机落地滑跑时偏出跑道，冲入土质区"),
        ("发生瓦斯\u3000爆炸事故", "发生瓦斯爆炸事故"),
        (MINE + "发生瓦斯\n爆炸事故", MINE + "发生瓦斯爆炸事故"),
        (MINE + "发生瓦斯\r\n  爆炸事故", MINE + "发生瓦斯爆炸事故"),
        ("造成3人死亡， 多人受伤", "造成3人死亡，多人受伤"),
    ],
)
def test_blanks_and_wrapped_breaks_inside_chinese_are_dropped(text: str, joined: str) -> None:
    assert join_wrapped_chinese(text) == joined


@pytest.mark.parametrize(
    "text",
    [
        "火灾通报\n某小区一住户起火",  # a heading: a short line stays apart
        "一、基本情况\n二、处置情况",
        "Fire at 3 pm on Main St, 2 trapped",  # English keeps its spaces
        "发生6.2 级地震",  # a number and its unit: not between two Chinese characters
        "地震 earthquake 余震",
    ],
)
def test_headings_english_and_numbers_keep_their_blanks(text: str) -> None:
    assert join_wrapped_chinese(text) == text


def test_a_line_counts_as_wrapped_from_its_length() -> None:
    short = "某" * (WRAPPED_LINE - 1)
    full = "某" * WRAPPED_LINE
    assert join_wrapped_chinese(short + "\n起火") == short + "\n起火"
    assert join_wrapped_chinese(full + "\n起火") == full + "起火"


@pytest.mark.parametrize(
    ("text", "hazard"),
    [
        ("一架由成都飞往西昌的客机在西昌青山机场落地滑跑时偏出 跑道，冲入土质区后停住", "12M99"),
        ("今日凌晨3时15分许，毕节市纳雍县某煤业有限公司1301回采工作面发生瓦斯\n爆炸事故", "12A01"),
    ],
)
def test_a_word_broken_by_a_wrap_is_read_once_joined(text: str, hazard: str) -> None:
    assert hazard not in hazards_read(text)  # as pasted, the word is two pieces
    assert hazard in hazards_read(clean_report(text)[0])
