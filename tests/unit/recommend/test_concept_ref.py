"""ConceptRef from a query's RETURN map: the one reader of {id, nameZh, nameEn}."""

from __future__ import annotations

from queries.models import ConceptRef


def test_a_missing_name_is_blank_or_the_id() -> None:
    row = {"id": "11A01", "nameZh": "洪水", "nameEn": None}
    assert ConceptRef.of(row) == ConceptRef("11A01", "洪水", "")
    assert ConceptRef.of(row, or_id=True) == ConceptRef("11A01", "洪水", "11A01")


def test_other_keys_name_the_three_columns() -> None:
    row = {"holderId": "D-1", "holderZh": "成都库", "holderEn": "Chengdu depot"}
    ref = ConceptRef.of(row, ("holderId", "holderZh", "holderEn"))
    assert ref == ConceptRef("D-1", "成都库", "Chengdu depot")
