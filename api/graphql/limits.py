"""Depth and size limits on a GraphQL document, in time linear in the document.

A limiter that walks every fragment spread is exponential: 40 fragments that each
spread the next twice are ~450 tokens but 2^40 spreads, and such a check runs on
the event loop, so one request froze the server. Here each fragment's depth and
expanded size are computed once (memoised) and combined, so the cost is one pass
over the document whatever it expands to.

- depth: nesting of fields with selections (introspection fields count 0), as the
  usual depth limit; at most ``MAX_DEPTH``;
- size: the number of fields the operation selects once every fragment is expanded;
  at most ``MAX_SELECTIONS`` (the 40-level document expands to 2^40 and is refused).

Both refusals are `QueryTooComplexError` (``extensions.code = QUERY_TOO_COMPLEX``), as
are those of `AliasLimit` (aliases) and `TokenLimit` (tokens, tagged when the parser
stops at the limit): the code comes from where the refusal is made, not from its text.

Example::

    extensions = [lambda: ComplexityLimit(max_depth=12, max_selections=1000)]
    complexity_errors(parse("{ me { role } }"))   # []
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSyntaxError,
    InlineFragmentNode,
    Lexer,
    OperationDefinitionNode,
    SelectionSetNode,
    Source,
    TokenKind,
    ValidationContext,
    ValidationRule,
)
from strawberry.extensions import AddValidationRules, MaxTokensLimiter, SchemaExtension
from strawberry.extensions.max_aliases import count_fields_with_alias

MAX_DEPTH = 12
MAX_SELECTIONS = 1000


class QueryTooComplexError(GraphQLError):
    def __init__(self, message: str, nodes: Any = None) -> None:
        super().__init__(message, nodes, extensions={"code": "QUERY_TOO_COMPLEX"})


class _Measure:
    """(depth, size) of selection sets, each fragment measured once."""

    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self.done: dict[str, tuple[int, int]] = {}
        self.open: set[str] = set()  # fragments being measured (a cycle counts 0)

    def fragment(self, name: str) -> tuple[int, int]:
        if name in self.done:
            return self.done[name]
        node = self.fragments.get(name)
        if node is None or name in self.open:
            return 0, 0  # unknown or cyclic: other rules report it
        self.open.add(name)
        result = self.selections(node.selection_set)
        self.open.discard(name)
        self.done[name] = result
        return result

    def selections(self, selection_set: SelectionSetNode | None) -> tuple[int, int]:
        depth, size = 0, 0
        for sel in selection_set.selections if selection_set else ():
            if isinstance(sel, FieldNode):
                if sel.name.value.startswith("__"):
                    continue
                d, s = self.selections(sel.selection_set)
                depth = max(depth, d + 1 if sel.selection_set else 0)
                size += 1 + s
            elif isinstance(sel, FragmentSpreadNode):
                d, s = self.fragment(sel.name.value)
                depth, size = max(depth, d), size + s
            elif isinstance(sel, InlineFragmentNode):
                d, s = self.selections(sel.selection_set)
                depth, size = max(depth, d), size + s
            size = min(size, MAX_SELECTIONS + 1)  # the exact number past the limit is moot
        return depth, size


def complexity_errors(
    document: DocumentNode, max_depth: int = MAX_DEPTH, max_selections: int = MAX_SELECTIONS
) -> list[GraphQLError]:
    """The limits each operation of `document` breaks (empty: within limits)."""
    definitions = document.definitions
    fragments = {d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)}
    measure = _Measure(fragments)
    errors: list[GraphQLError] = []
    for op in definitions:
        if not isinstance(op, OperationDefinitionNode):
            continue
        name = op.name.value if op.name else "anonymous"
        depth, size = measure.selections(op.selection_set)
        if depth > max_depth:
            errors.append(
                QueryTooComplexError(
                    f"'{name}' exceeds maximum operation depth of {max_depth}; "
                    "ask for fewer nested levels",
                    [op],
                )
            )
        if size > max_selections:
            errors.append(
                QueryTooComplexError(
                    f"'{name}' selects more than {max_selections} fields once its "
                    "fragments are expanded; split it or spread fragments less often",
                    [op],
                )
            )
    return errors


class ComplexityLimit(SchemaExtension):
    """Refuses a too deep or too large document BEFORE graphql-core validates it.

    Some standard validation rules (overlapping fields) also walk every spread, so a
    refusal reported as one more rule would come too late: the errors are set as the
    validation result, which makes strawberry skip validation and answer at once.
    """

    def __init__(self, *, max_depth: int = MAX_DEPTH, max_selections: int = MAX_SELECTIONS):
        self.max_depth = max_depth
        self.max_selections = max_selections

    def on_validate(self) -> Iterator[None]:
        ec = self.execution_context
        if ec.graphql_document is not None and ec.pre_execution_errors is None:
            errors = complexity_errors(ec.graphql_document, self.max_depth, self.max_selections)
            if errors:
                ec.pre_execution_errors = errors
        yield


class AliasLimit(AddValidationRules):
    """Strawberry's alias count as a rule whose refusal is a `QueryTooComplexError`.

    Example::

        extensions = [lambda: AliasLimit(max_alias_count=30)]   # "31 aliases found. Allowed: 30"
    """

    def __init__(self, max_alias_count: int) -> None:
        limit = max_alias_count

        class _AliasCount(ValidationRule):
            def __init__(self, context: ValidationContext) -> None:
                super().__init__(context)
                document = context.document
                fragments = {
                    d.name.value: d
                    for d in document.definitions
                    if isinstance(d, FragmentDefinitionNode)
                }
                total = sum(
                    count_fields_with_alias(d, fragments)
                    for d in document.definitions
                    if isinstance(d, OperationDefinitionNode)
                )
                if total > limit:
                    self.report_error(
                        QueryTooComplexError(f"{total} aliases found. Allowed: {limit}")
                    )

        super().__init__([_AliasCount])


def stops_at_token_limit(query: str, max_tokens: int, error: GraphQLSyntaxError) -> bool:
    """Whether the parser refused `query` for its length rather than for its grammar.

    The parser counts every token, comments included, and stops at the first one past
    `max_tokens`; a grammar error would stop it earlier. Lexing stops there too, so
    the cost is bounded by the limit.
    """
    stopped_at = min(error.positions or (-1,))
    lexer = Lexer(Source(query))
    count = 0
    try:
        while True:
            token = lexer.advance()
            # the comments skipped on the way count too, as the parser counts them
            passed = lexer.last_token.next
            while passed is not None and passed is not token:
                count += 1
                if count > max_tokens:
                    return stopped_at >= passed.start
                passed = passed.next
            if token.kind is TokenKind.EOF:
                return False
            count += 1
            if count > max_tokens:
                return stopped_at >= token.start
    except GraphQLSyntaxError:
        return False  # a lexical error before the limit


class TokenLimit(MaxTokensLimiter):
    """Strawberry's token limit, its refusal tagged ``QUERY_TOO_COMPLEX`` at the source."""

    def __init__(self, max_token_count: int) -> None:
        super().__init__(max_token_count=max_token_count)

    def on_parse(self) -> Iterator[None]:
        yield
        ec = self.execution_context
        for error in ec.pre_execution_errors or ():
            if isinstance(error, GraphQLSyntaxError) and stops_at_token_limit(
                ec.query or "", self.max_token_count, error
            ):
                error.extensions = {**(error.extensions or {}), "code": "QUERY_TOO_COMPLEX"}
