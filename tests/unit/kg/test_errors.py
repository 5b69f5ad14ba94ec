import pytest
from neo4j import exceptions as neo4j_exc

from kg.errors import (
    QueryTimeoutError,
    StoreCredentialsError,
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


def test_wrong_credentials_are_not_an_outage_and_not_retried() -> None:
    with pytest.raises(StoreCredentialsError) as info, map_neo4j_errors():
        raise neo4j_exc.AuthError("The client is unauthorized due to authentication failure.")
    assert not info.value.is_retryable()
    assert info.value.code == "STORE_CREDENTIALS"
    assert "NEO4J_PASSWORD" in str(info.value)
    assert not isinstance(info.value, StoreUnavailableError)


def test_a_timeout_says_it_is_a_timeout() -> None:
    err = neo4j_exc.ClientError._hydrate_neo4j(
        code="Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
        message="The transaction has been terminated.",
    )
    with pytest.raises(QueryTimeoutError) as info, map_neo4j_errors():
        raise err
    assert info.value.code == "TIMEOUT" and info.value.is_retryable()
    assert "EMKG_QUERY_TIMEOUT_S" in str(info.value)
