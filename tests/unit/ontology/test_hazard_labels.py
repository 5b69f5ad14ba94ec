"""Hazard labels and synonyms are what the text matcher reads: each must name one hazard,
and none may be a consequence (people trapped, missing, injured...) instead of a hazard."""

from __future__ import annotations

from collections import defaultdict

from ontology import Ontology

# Words for what happened to people, not for what happened. A report saying them is read
# as situation facts (counts that raise search-and-rescue or medical needs), never as the
# hazard. 12YX2 人员被困 is itself entrapment, so its synonyms describe the incident
# (电梯困人, 被困山上), never the bare consequence.
CONSEQUENCE_WORDS = frozenset(
    {
        # zh
        "被困",
        "受困",
        "人员被困",
        "人员受困",
        "被埋",
        "被压",
        "掩埋",
        "失踪",
        "失联",
        "人员失踪",
        "人员失联",
        "受伤",
        "伤员",
        "人员受伤",
        "伤亡",
        "人员伤亡",
        "死亡",
        "人员死亡",
        "遇难",
        "身亡",
        "溺亡",
        "转移",
        "疏散",
        "撤离",
        "安置",
        "滞留",
        "无家可归",
        "受灾群众",
        # en
        "trapped",
        "trapped person",
        "trapped people",
        "stranded",
        "stranded persons",
        "buried",
        "missing",
        "missing person",
        "missing persons",
        "injured",
        "injuries",
        "casualties",
        "dead",
        "deaths",
        "fatalities",
        "killed",
        "drowned person",
        "evacuated",
        "evacuation",
        "displaced",
        "homeless",
    }
)


def _labels(onto: Ontology) -> dict[str, list[str]]:
    """Hazard id -> every preferred and alternative label, zh and en."""
    return {c.id: [c.name_zh, c.name_en, *c.alt_zh, *c.alt_en] for c in onto.of_kind("HazardType")}


def _shared(labels: dict[str, list[str]]) -> dict[str, list[str]]:
    """Labels (case-folded) that belong to more than one hazard type, with their owners."""
    owners: dict[str, set[str]] = defaultdict(set)
    for hazard, words in labels.items():
        for word in words:
            owners[word.strip().casefold()].add(hazard)
    return {word: sorted(ids) for word, ids in owners.items() if len(ids) > 1}


def test_no_label_names_two_hazard_types(onto: Ontology) -> None:
    # A word that names two hazards belongs to their common parent or to neither.
    assert _shared(_labels(onto)) == {}


def test_the_check_finds_a_shared_synonym_in_any_case(onto: Ontology) -> None:
    labels = _labels(onto)
    labels["11A02"] = [*labels["11A02"], "发大水", "FLOOD"]
    assert _shared(labels) == {"发大水": ["11A01", "11A02"], "flood": ["11A01", "11A02"]}


def test_no_synonym_is_a_consequence_word(onto: Ontology) -> None:
    bad = [
        (c.id, alt)
        for c in onto.of_kind("HazardType")
        for alt in (*c.alt_zh, *c.alt_en)
        if alt.strip().casefold() in CONSEQUENCE_WORDS
    ]
    assert bad == []


def test_chinese_synonyms_have_two_characters_at_least(onto: Ontology) -> None:
    # 火, 水 or 震 alone would match inside any sentence.
    short = [(c.id, alt) for c in onto.of_kind("HazardType") for alt in c.alt_zh if len(alt) < 2]
    assert short == []


def test_no_hazard_label_is_the_name_of_a_capability_or_team_type(onto: Ontology) -> None:
    # "water rescue" or "confined space rescue" name what forces do, not what happened.
    others = {
        w.strip().casefold(): c.id
        for c in onto.concepts.values()
        if c.kind != "HazardType"
        for w in (c.name_zh, c.name_en, *c.alt_zh, *c.alt_en)
    }
    clash = [
        (hazard, word, others[word.strip().casefold()])
        for hazard, words in _labels(onto).items()
        for word in words
        if word.strip().casefold() in others
    ]
    assert clash == []
