"""Numbers in a report (queries/understanding/numbers.py): value, unit, approximate flag, span.

Each case is a phrase as a duty note or a news report writes it; the expected values are
what a reader takes from it, not what the code happened to return.
"""

from __future__ import annotations

import pytest

from queries.understanding.numbers import cn_numeral, number_mentions


def read(text: str) -> list[tuple[float, str, bool]]:
    return [(n.value, n.unit, n.approximate) for n in number_mentions(text)]


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("三", 3),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("两百", 200),
        ("一百零五", 105),
        ("一千二百", 1200),
        ("二〇二四", 2024),
        ("一万二千", 12000),
    ],
)
def test_chinese_numerals(numeral: str, value: int) -> None:
    assert cn_numeral(numeral) == value


@pytest.mark.parametrize("text", ["万", "abc", "十a"])
def test_not_a_chinese_numeral(text: str) -> None:
    assert cn_numeral(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12人被困", [(12.0, "人", False)]),
        ("二十人", [(20.0, "人", False)]),
        ("十二名", [(12.0, "名", False)]),
        ("两百人", [(200.0, "人", False)]),
        ("一千二百人", [(1200.0, "人", False)]),
        ("三百余人", [(300.0, "人", True)]),
        ("二十多名", [(20.0, "名", True)]),
        ("十几人", [(10.0, "人", True)]),
        ("1.2万人", [(12000.0, "人", False)]),
        ("3万余人", [(30000.0, "人", True)]),
        ("三十余万人", [(300000.0, "人", True)]),
        ("两万人", [(20000.0, "人", False)]),
        ("1.5亿元", [(150_000_000.0, "元", False)]),
        ("5000万元", [(50_000_000.0, "元", False)]),
        ("6.8级", [(6.8, "级", False)]),
        ("１２人", [(12.0, "人", False)]),  # full-width digits
        ("1,200间", [(1200.0, "间", False)]),
        ("三个人", [(3.0, "个人", False)]),
        ("三个", [(3.0, "个", False)]),
    ],
)
def test_chinese_counts(text: str, expected: list[tuple[float, str, bool]]) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("三四人", [(3.0, "人", True)]),
        ("十七八个人", [(17.0, "个人", True)]),
        ("两三百人", [(200.0, "人", True)]),
        ("五六万人", [(50000.0, "人", True)]),
        ("二〇一二年", [(2012.0, "年", False)]),  # a year reads digit by digit
        ("二十三人", [(23.0, "人", False)]),
    ],
)
def test_neighbouring_digits_are_a_range_read_as_its_lower_end(
    text: str, expected: list[tuple[float, str, bool]]
) -> None:
    assert read(text) == expected


def test_wan_inside_a_chinese_numeral() -> None:
    # 一万二千 is twelve thousand, not 10,000 and then 2,000 people.
    assert read("一万二千人被转移") == [(12000.0, "人", False)]


def test_a_hundred_odd_is_a_count_but_up_to_a_hundred_is_not() -> None:
    # 百余人: a hundred and more (a count); 上百人 / 近百人 / 成千: vague amounts.
    assert read("百余名群众被转移") == [(100.0, "名", True)]
    assert read("千余人") == [(1000.0, "人", True)]
    assert read("上百人") == []
    assert read("近百人") == []
    assert read("上千余人") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("three people", [(3.0, "", False)]),
        ("twenty-five people", [(25.0, "", False)]),
        ("sixty five", [(65.0, "", False)]),
        ("Ninety-nine", [(99.0, "", False)]),
        ("a dozen", [(12.0, "", False)]),
        ("one hundred people", [(100.0, "", False)]),
        ("two thousand people", [(2000.0, "", False)]),
        ("12 million yuan", [(12_000_000.0, "yuan", False)]),
        ("RMB 65 million", [(65_000_000.0, "yuan", False)]),
        ("3.5 billion yuan", [(3_500_000_000.0, "yuan", False)]),
        ("more than 300 people", [(300.0, "", True)]),
        ("at least 12 dead", [(12.0, "", True)]),
        ("up to 3,000 people", [(3000.0, "", True)]),
        ("1,200 homes", [(1200.0, "", False)]),
        ("12.5%", [(12.5, "%", False)]),
    ],
)
def test_english_counts(text: str, expected: list[tuple[float, str, bool]]) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "数十人",
        "几十人",
        "上百人",
        "成千上万人",
        "dozens of people",
        "hundreds of residents",
        "一些群众",
        "统一部署",
        "一直在下雨",
    ],
)
def test_vague_amounts_and_words_are_not_numbers(text: str) -> None:
    assert read(text) == []


@pytest.mark.parametrize(
    "text",
    ["11A01", "Flood at 11A01 area", "the 3rd floor", "a 4x4 truck", "no one", "nobody", "N95"],
)
def test_codes_ordinals_and_no_one_are_not_counts(text: str) -> None:
    assert read(text) == []


@pytest.mark.parametrize(
    "text", ["a 5-year-old boy", "a 45-year-old man", "a three-storey building", "a 3-storey house"]
)
def test_a_number_in_a_hyphenated_adjective_is_not_a_count(text: str) -> None:
    assert read(text) == []


def test_spans_index_the_original_text() -> None:
    text = "造成三百余人转移，12人被困"
    found = number_mentions(text)
    assert [(n.span.start, n.span.end, n.span.text) for n in found] == [
        (2, 6, "三百余人"),
        (9, 12, "12人"),
    ]
    assert all(text[n.span.start : n.span.end] == n.span.text for n in found)


def test_multiplier_and_currency_are_in_the_span() -> None:
    text = "economic losses of RMB 65 million so far"
    [n] = number_mentions(text)
    assert (n.span.start, n.span.end, n.span.text) == (19, 33, "RMB 65 million")


def test_several_numbers_in_order() -> None:
    assert read("3人死亡5人受伤") == [(3.0, "人", False), (5.0, "人", False)]
    assert read("4 dead, twelve injured") == [(4.0, "", False), (12.0, "", False)]
