"""The catalog filters' merge of deprecated string fields with typed lists (pure)."""

from __future__ import annotations

import pytest
import strawberry

from api.graphql.catalog_filters import ListOrder, TeamFilter, any_id, any_of
from api.graphql.enums import AdminLevel, TeamStatus
from kg.errors import UserInputError


def test_any_of_reads_the_legacy_value_and_the_typed_members() -> None:
    assert any_of("status", "AVAILABLE", TeamStatus, [TeamStatus.STANDBY]) == [
        "available",
        "standby",
    ]
    assert any_of("status", None, TeamStatus, TeamStatus.DEPLOYED) == ["deployed"]
    assert any_of("status", None, TeamStatus, []) == []
    assert any_of("status", None, TeamStatus, None) is None


def test_any_of_names_the_closest_value_of_an_unknown_legacy_one() -> None:
    with pytest.raises(UserInputError, match=r"adminLevel 'provincal' is unknown; did you mean"):
        any_of("adminLevel", "provincal", AdminLevel, None)


def test_any_id_joins_the_single_and_the_list_field() -> None:
    assert any_id(strawberry.ID("cap.a"), [strawberry.ID("cap.b")]) == ["cap.a", "cap.b"]
    assert any_id(None, None) is None


def test_team_filter_builds_one_node_filter() -> None:
    f = TeamFilter(
        status="standby", tiers=[AdminLevel.COUNTY], capabilities=[strawberry.ID("cap.x")]
    ).to_filter(ListOrder.NAME)
    assert f.props["status"] == ["standby"]
    assert f.props["adminLevel"] == ["county"]
    assert f.props["mobility"] is None
    assert f.links["capability"] == ["cap.x"]
    assert f.order == "NAME"
