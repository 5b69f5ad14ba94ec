"""Each `extensions.code` from where the error is made, through a real schema run."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from graphql import GraphQLError

from api.graphql.errors import ErrorCodes, code_for
from api.graphql.limits import AliasLimit, ComplexityLimit, TokenLimit
from kg.errors import NotFoundError


@strawberry.type
class _Query:
    @strawberry.field
    def me(self, n: int = 1) -> str:
        return "admin" * n

    @strawberry.field
    def missing(self) -> str:
        raise NotFoundError("no Team with id 'X'")

    @strawberry.field
    def boom(self) -> str:
        raise RuntimeError("secret internal detail")


SCHEMA = strawberry.Schema(
    query=_Query,
    extensions=[
        ErrorCodes,
        lambda: ComplexityLimit(max_depth=3, max_selections=50),
        lambda: AliasLimit(max_alias_count=3),
        lambda: TokenLimit(max_token_count=40),
    ],
)


def codes(query: str, variables: dict[str, Any] | None = None) -> list[str]:
    result = SCHEMA.execute_sync(query, variable_values=variables)
    assert result.errors, result
    return [e.formatted["extensions"]["code"] for e in result.errors]


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        ("{ missing }", None, "NOT_FOUND"),
        ("{ boom }", None, "INTERNAL"),
        ("{ me ", None, "GRAPHQL_PARSE_FAILED"),
        ("{ mee }", None, "GRAPHQL_VALIDATION_FAILED"),
        ('{ me(n: "two") }', None, "GRAPHQL_VALIDATION_FAILED"),
        # coercion of a variable's value (after validation)
        ("query Q($n: Int!) { me(n: $n) }", {"n": "two"}, "BAD_USER_INPUT"),
        ("query Q($n: Int!) { me(n: $n) }", {}, "BAD_USER_INPUT"),
        # graphql-core's rules about variables
        ("query Q($n: Int) { me }", None, "BAD_USER_INPUT"),
        ("query Q { me(n: $n) }", None, "BAD_USER_INPUT"),
        ("query Q($n: String) { me(n: $n) }", None, "BAD_USER_INPUT"),
        # our limits: aliases, tokens
        ("{ a: me b: me c: me d: me }", None, "QUERY_TOO_COMPLEX"),
        ("{ " + "me " * 50 + "}", None, "QUERY_TOO_COMPLEX"),
        ("{ " + "# note\n" * 50 + "me }", None, "QUERY_TOO_COMPLEX"),
    ],
)
def test_each_code_through_a_schema(
    query: str, variables: dict[str, Any] | None, code: str
) -> None:
    assert codes(query, variables)[0] == code


def test_a_grammar_error_in_a_long_document_is_a_parse_error() -> None:
    """Over the token limit, but the parser stopped earlier, at the grammar error."""
    assert codes("{ me } } " + "me " * 50) == ["GRAPHQL_PARSE_FAILED"]


def test_a_lexical_error_before_the_limit_is_a_parse_error() -> None:
    assert codes('{ me(n: "unterminated) ' + "me " * 50) == ["GRAPHQL_PARSE_FAILED"]


def test_the_depth_and_size_limits() -> None:
    from graphql import parse

    from api.graphql.limits import complexity_errors

    doc = parse("{ a { b { c { d { e } } } } }")
    errors = complexity_errors(doc, max_depth=3)
    assert errors and code_for(errors[0]) == "QUERY_TOO_COMPLEX"


def test_code_for_without_a_tag_reads_type_and_origin() -> None:
    assert code_for(GraphQLError("Syntax Error: looks like one")) == "GRAPHQL_VALIDATION_FAILED"
    assert code_for(GraphQLError("Variable '$x' in the text only")) == "GRAPHQL_VALIDATION_FAILED"
    assert code_for(GraphQLError("x", extensions={"code": "TIMEOUT"})) == "TIMEOUT"
    assert code_for(GraphQLError("x", original_error=RuntimeError("boom"))) == "INTERNAL"


@pytest.mark.parametrize("mask", [True, False])
def test_production_masks_unexpected_errors_but_keeps_ours(mask: bool) -> None:
    schema = strawberry.Schema(query=_Query, extensions=[lambda: ErrorCodes(mask=mask)])
    result = schema.execute_sync("{ boom }")
    assert result.errors
    err = result.errors[0].formatted
    assert err["extensions"]["code"] == "INTERNAL"
    assert ("secret internal detail" in err["message"]) is not mask
    result = schema.execute_sync("{ missing }")
    assert result.errors
    assert result.errors[0].formatted["extensions"]["code"] == "NOT_FOUND"
    assert "no Team with id 'X'" in result.errors[0].message
