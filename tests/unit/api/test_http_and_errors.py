"""Pure logic of the HTTP layer: media types, cursors, error codes, metrics
(masking: test_error_codes.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from graphql import GraphQLError, GraphQLSyntaxError, parse

from api.graphql.errors import code_for
from api.graphql.pagination import decode_cursor, encode_cursor
from api.graphql.view import wants_graphql_response
from api.metrics import Metrics
from kg.errors import NotFoundError, UserInputError


def test_accept_negotiation() -> None:
    assert wants_graphql_response("application/graphql-response+json")
    assert wants_graphql_response("application/graphql-response+json, application/json;q=0.9")
    assert not wants_graphql_response("application/json")
    assert not wants_graphql_response("*/*")
    assert not wants_graphql_response("application/graphql-response+json;q=0.5, application/json")


def test_cursors_round_trip_and_reject_garbage() -> None:
    assert decode_cursor(encode_cursor("T-SC-0001")) == "T-SC-0001"
    assert decode_cursor(None) is None
    with pytest.raises(UserInputError, match="endCursor"):
        decode_cursor("garbage!")


def test_codes() -> None:
    assert code_for(GraphQLError("x", original_error=NotFoundError("gone"))) == "NOT_FOUND"
    with pytest.raises(GraphQLSyntaxError) as syntax:
        parse("{ me ")
    assert code_for(syntax.value) == "GRAPHQL_PARSE_FAILED"
    # the rest (variables, limits) through a schema: tests/unit/api/test_error_codes.py
    assert code_for(GraphQLError("x", original_error=RuntimeError("boom"))) == "INTERNAL"


def test_metrics_text_format() -> None:
    m = Metrics()
    m.observe("Teams", 0.02, codes=[], queries=3)
    m.observe("Teams", 0.3, codes=["NOT_FOUND"], queries=1)
    text = m.render()
    assert 'emkg_graphql_requests_total{operation="Teams"} 2.0' in text
    assert 'emkg_graphql_errors_total{code="NOT_FOUND",operation="Teams"} 1.0' in text
    assert 'emkg_cypher_queries_total{operation="Teams"} 4.0' in text
    assert 'emkg_graphql_duration_seconds_bucket{le="0.025",operation="Teams"} 1.0' in text
    assert 'emkg_graphql_duration_seconds_bucket{le="+Inf",operation="Teams"} 2.0' in text
    assert text.endswith("\n")


def test_metrics_add_up_across_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Multiprocess mode: what one worker counted is in every worker's /metrics."""
    import subprocess
    import sys

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    worker = (
        "from api.metrics import Metrics; m = Metrics(); "
        "m.observe('Teams', 0.01, codes=[], queries=2); m.unauthenticated()"
    )
    for _ in range(2):  # two other processes
        subprocess.run([sys.executable, "-c", worker], check=True, env=os.environ.copy())
    text = Metrics().render()
    assert 'emkg_graphql_requests_total{operation="Teams"} 2.0' in text
    assert 'emkg_cypher_queries_total{operation="Teams"} 4.0' in text
    assert "emkg_http_unauthenticated_total 2.0" in text


def test_metrics_bound_operation_names() -> None:
    m = Metrics()
    for i in range(150):
        m.observe(f"op{i}", 0.01, codes=[], queries=0)
    assert len(m.requests) == 101 and m.requests["other"] == 50
