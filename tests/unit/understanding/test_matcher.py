"""The term matcher (queries/understanding/matcher.py): longest match, word boundaries for
Latin terms, English inflections, full-width text, spans into the text as given."""

from __future__ import annotations

from queries.understanding.matcher import Gazetteer, normalize


def found(g: Gazetteer[str], text: str) -> list[tuple[str, str, int, int]]:
    return [(m.payload, m.span.text, m.span.start, m.span.end) for m in g.find(text)]


def test_longest_match_wins() -> None:
    g = Gazetteer([("山体滑坡", "landslide-long"), ("滑坡", "landslide-short")])
    assert found(g, "昨夜后山山体滑坡") == [("landslide-long", "山体滑坡", 4, 8)]
    assert found(g, "昨夜后山滑坡") == [("landslide-short", "滑坡", 4, 6)]


def test_longest_match_wins_for_region_names() -> None:
    g = Gazetteer([("汶川县", "county"), ("汶川", "short")])
    assert found(g, "汶川县映秀镇") == [("county", "汶川县", 0, 3)]


def test_non_overlapping_matches_are_all_kept_in_text_order() -> None:
    g = Gazetteer([("山洪", "A"), ("滑坡", "B"), ("flood", "C")])
    assert found(g, "滑坡后又发山洪, flood") == [
        ("B", "滑坡", 0, 2),
        ("A", "山洪", 5, 7),
        ("C", "flood", 9, 14),
    ]


def test_latin_terms_match_whole_words_only() -> None:
    g = Gazetteer([("fire", "fire")])
    assert found(g, "The firefighter arrived") == []
    assert found(g, "a campfire") == []
    assert found(g, "fire at the mill") == [("fire", "fire", 0, 4)]
    assert found(g, "mill on fire.") == [("fire", "fire", 8, 12)]


def test_chinese_terms_match_inside_a_sentence() -> None:
    # Chinese has no spaces: a term is found wherever it occurs.
    g = Gazetteer([("火灾", "fire")])
    assert found(g, "某小区发生火灾无人员伤亡") == [("fire", "火灾", 5, 7)]


def test_english_inflections_match() -> None:
    g = Gazetteer([("flood", "flood"), ("collapse", "collapse")])
    assert found(g, "floods downstream") == [("flood", "floods", 0, 6)]
    assert found(g, "flooding in the valley") == [("flood", "flooding", 0, 8)]
    assert found(g, "the road flooded") == [("flood", "flooded", 9, 16)]
    assert found(g, "the roof collapsed") == [("collapse", "collapsed", 9, 18)]
    assert found(g, "floodplain") == []


def test_case_and_full_width_are_ignored_and_spans_keep_the_original_text() -> None:
    g = Gazetteer([("flood", "flood")])
    text = "警报：ＦＬＯＯＤ warning"
    [m] = g.find(text)
    assert (m.span.start, m.span.end, m.span.text) == (3, 8, "ＦＬＯＯＤ")
    assert text[m.span.start : m.span.end] == m.span.text
    assert found(g, "FLOOD WARNING") == [("flood", "FLOOD", 0, 5)]


def test_normalize_keeps_the_length() -> None:
    assert normalize("ＡＢＣ１２ Flood") == "abc12 flood"
    text = "１２人被困，ＦＩＲＥ！"
    assert len(normalize(text)) == len(text)


def test_a_term_shared_by_two_payloads_gives_both() -> None:
    g = Gazetteer([("朝阳区", "110105"), ("朝阳区", "220104")])
    assert sorted(m.payload for m in g.find("朝阳区发生火灾")) == ["110105", "220104"]


def test_the_term_as_added_is_kept() -> None:
    g = Gazetteer([("Flash Flood", "11A51")])
    [m] = g.find("flash floods hit the town")
    assert (m.term, m.span.text) == ("Flash Flood", "flash floods")


def test_empty_gazetteer_and_blank_terms_find_nothing() -> None:
    assert found(Gazetteer([]), "洪水") == []
    g = Gazetteer([("  ", "blank"), ("洪水", "flood")])
    assert g.size == 1
    assert found(g, "  洪水") == [("flood", "洪水", 2, 4)]


def test_a_latin_word_beside_chinese_characters_is_a_word() -> None:
    g = Gazetteer([("KTV", "ktv"), ("fire", "fire")])
    assert [m.span.text for m in g.find("某市一KTV发生火灾")] == ["KTV"]
    assert [m.span.text for m in g.find("firefighter 起火")] == []  # still no part of a word
