"""Pure logic of hybrid search: input validation, Lucene escaping, id tokens, rank fusion."""

from __future__ import annotations

import re

import pytest

from kg.errors import UnknownConceptError, UserInputError
from queries.search import MAX_TEXT_CHARS, SEARCH_KINDS, SearchHit, fuse, validate_search
from queries.search_retrieval import (
    FULLTEXT_LISTS,
    Row,
    escape_lucene,
    id_tokens,
    lucene_query,
    retrieval_params,
    retrieval_query,
    statement_groups,
)


def row(kind: str, id_: str, score: float = 1.0) -> Row:
    return Row(kind, id_, f"{id_}zh", f"{id_}en", score)


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_empty_text_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(UserInputError, match="search text is empty; describe"):
        validate_search(text, None, 10)


def test_text_over_the_cap_is_refused_naming_the_cap() -> None:
    with pytest.raises(UserInputError, match=f"the limit is {MAX_TEXT_CHARS}"):
        validate_search("洪" * (MAX_TEXT_CHARS + 1), None, 10)
    cleaned, _ = validate_search("洪" * MAX_TEXT_CHARS, None, 10)
    assert len(cleaned) == MAX_TEXT_CHARS


def test_punctuation_only_is_refused() -> None:
    with pytest.raises(UserInputError, match="no words"):
        validate_search("?!*:", None, 10)


def test_unknown_kind_suggests_the_close_one() -> None:
    with pytest.raises(UnknownConceptError, match=r"unknown search kind 'Hazard'.*HazardType"):
        validate_search("flood", ["Hazard"], 10)


@pytest.mark.parametrize("limit", [0, -1, 51])
def test_limit_out_of_range(limit: int) -> None:
    with pytest.raises(UserInputError, match="limit must be between 1 and 50"):
        validate_search("flood", None, limit)


def test_defaults_to_all_kinds_and_collapses_whitespace() -> None:
    cleaned, kinds = validate_search("  river   burst\nits banks ", None, 5)
    assert cleaned == "river burst its banks"
    assert kinds == SEARCH_KINDS
    assert validate_search("x", ["Plan", "Plan", "Team"], 5)[1] == ("Plan", "Team")


def test_escape_lucene_neutralises_every_operator() -> None:
    raw = 'a+b -c && d || !e (f) {g} [h] ^i "j" ~k *l ?m n:o \\p /q AND r OR s NOT t'
    out = escape_lucene(raw)
    for ch in '+-&|!(){}[]^"~*?:/':
        assert ch not in out.replace("\\" + ch, "")
    assert " AND " not in out and " and r or s not t" in out


def test_lucene_query_boosts_names_over_definitions() -> None:
    q = lucene_query("泄漏 (起火)", "HazardType", "zh")
    assert q == (
        "nameZh:(泄漏 \\(起火\\))^4 altZh:(泄漏 \\(起火\\))^3 definitionZh:(泄漏 \\(起火\\))^1"
    )


def test_id_tokens_find_codes_inside_text() -> None:
    assert id_tokens("11A01洪水, see cap.water-rescue!") == ["11A01", "cap.water-rescue"]
    assert id_tokens("3 people trapped, 2 dead") == []


def test_fuse_ranks_agreement_first_and_pins_codes() -> None:
    lists = {
        "code": [row("HazardType", "C")],
        "zh": [row("HazardType", "A"), row("HazardType", "B")],
        "vector": [row("HazardType", "B"), row("HazardType", "A"), row("HazardType", "D")],
    }
    hits = fuse(lists, {"zh": 1.0, "vector": 1.0}, limit=10)
    assert [h.id for h in hits] == ["C", "A", "B", "D"]
    assert hits[0] == SearchHit("HazardType", "C", "Czh", "Cen", 1.0, "code")
    assert hits[1].via == "hybrid" and hits[3].via == "vector"
    assert all(0.0 <= h.score <= 1.0 for h in hits)


def test_fuse_score_is_one_only_when_every_reader_puts_it_first() -> None:
    both = fuse(
        {"en": [row("HazardType", "A")], "vector": [row("HazardType", "A")]},
        {"en": 1.0, "vector": 1.0},
        limit=3,
    )
    assert both[0].score == 1.0
    split = fuse(
        {"en": [row("HazardType", "A")], "vector": [row("HazardType", "B")]},
        {"en": 1.0, "vector": 1.0},
        limit=3,
    )
    assert [h.score for h in split] == [0.5, 0.5]
    assert [h.id for h in split] == ["A", "B"]  # ties break by id: deterministic


def test_fuse_weak_vector_cannot_outvote_full_text() -> None:
    # An English-only model reading Chinese: coverage ~0.1, so its first place counts little.
    lists = {
        "zh": [row("HazardType", "A"), row("HazardType", "B")],
        "vector": [row("HazardType", "B"), row("HazardType", "A")],
    }
    hits = fuse(lists, {"zh": 1.0, "vector": 0.1}, limit=2)
    assert [h.id for h in hits] == ["A", "B"]
    assert hits[0].score > 0.9


def test_fuse_respects_limit() -> None:
    lists = {"en": [row("Plan", str(i)) for i in range(10)]}
    assert len(fuse(lists, {"en": 1.0}, limit=3)) == 3


@pytest.mark.parametrize("with_vector", [True, False])
@pytest.mark.parametrize("kinds", [SEARCH_KINDS, ("HazardType",), ("Team", "Plan")])
def test_statements_run_every_retriever_once_and_never_mix_vector_lists(
    kinds: tuple[str, ...], with_vector: bool
) -> None:
    groups = statement_groups(kinds, with_vector)
    flat = [r for g in groups for r in g]
    names = ("code", *FULLTEXT_LISTS, *(("vector",) if with_vector else ()))
    assert sorted(flat) == sorted((k, n) for k in kinds for n in names)
    for group in groups:
        assert group and len({n == "vector" for _, n in group}) == 1


@pytest.mark.parametrize("kinds", [SEARCH_KINDS, ("HazardType",)])
def test_a_known_query_vector_puts_every_retriever_in_one_statement(
    kinds: tuple[str, ...],
) -> None:
    (one,) = statement_groups(kinds, True, vector_known=True)
    assert one == [r for g in statement_groups(kinds, True) for r in g]
    assert statement_groups(kinds, False, vector_known=True) == statement_groups(kinds, False)


@pytest.mark.parametrize("vector_known", [True, False])
@pytest.mark.parametrize("with_vector", [True, False])
def test_each_statement_gets_exactly_the_parameters_it_names(
    with_vector: bool, vector_known: bool
) -> None:
    for group in statement_groups(SEARCH_KINDS, with_vector, vector_known=vector_known):
        query = retrieval_query(group)
        params = retrieval_params(group, "11A01 洪水 flood", [0.1] * 4 if with_vector else None)
        assert set(re.findall(r"\$(\w+)", query)) == set(params)
        assert query.count("UNION ALL") == len(group) - 1
