"""An Accept-style header's values and their q-weights, read once for Accept and
Accept-Language (api/quality_values.py)."""

from __future__ import annotations

from api.quality_values import weighted_values


def test_values_keep_their_order_and_weigh_one_unless_told() -> None:
    header = "application/json;charset=utf-8, application/graphql-response+json;q=0.5"
    assert weighted_values(header) == [
        ("application/json", 1.0),
        ("application/graphql-response+json", 0.5),
    ]


def test_an_unreadable_weight_is_zero_and_no_header_is_one_empty_value() -> None:
    assert weighted_values("zh;q=high, en ; q=0.2") == [("zh", 0.0), ("en", 0.2)]
    assert weighted_values(None) == [("", 1.0)]
