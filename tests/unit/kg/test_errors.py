import pytest
from neo4j import exceptions as neo4j_exc

from kg.errors import (
    StoreError,
    StoreUnavailableError,
    UnknownConceptError,
    map_neo4j_errors,
)


def test_unknown_concept_suggests_close_ids_with_names() -> None:
    err = UnknownConceptError("hazard code", "11A9", [("11A01", "洪水 flood"), ("22B01", "x")])
    assert "unknown hazard code '11A9'" in str(err)
    assert "did you mean '11A01' 洪水 flood?" in str(err)
    assert err.code == "BAD_USER_INPUT"
    assert not err.is_retryable()


def test_driver_unavailability_becomes_retryable_store_unavailable() -> None:
    with pytest.raises(StoreUnavailableError) as info, map_neo4j_errors():
        raise neo4j_exc.ServiceUnavailable("connection refused")
    assert info.value.is_retryable()
    assert info.value.code == "UNAVAILABLE"
    assert isinstance(info.value.__cause__, neo4j_exc.ServiceUnavailable)


def test_unexpected_cypher_error_is_a_store_error() -> None:
    with pytest.raises(StoreError), map_neo4j_errors():
        raise neo4j_exc.CypherSyntaxError("bad")
