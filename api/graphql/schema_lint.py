"""Schema checks for CI: the community linter and a diff against the released baseline.

1. ``graphql-schema-linter`` (npm, pinned in package.json) with the rule set in
   ``.graphql-schema-linterrc``, over the generated SDL. A finding fails the check when
   the type or field it names is defined in one of the `STRICT_MODULES` (the modules
   moved to the integrator's shape, issue 22); findings elsewhere are printed as
   warnings, so work in progress in another module does not break the build. Add a
   module to the list once its schema is documented.
2. ``graphql-inspector diff`` of ``api/schema.baseline.graphql`` (the last released
   SDL) against the generated SDL: a breaking change fails unless it is declared in
   ``api/schema-changes.json`` (each with the reason), through the rule in
   ``tests/schema/declared_changes.cjs``. Removing a field that was deprecated in
   the baseline is allowed (``suppressRemovalOfDeprecatedField``): one release of
   ``@deprecated`` is the promise.

Example::

    python -m api.graphql.schema_lint          # exit 1 on a strict finding or breaking change
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from graphql import parse
from graphql.language import (
    EnumTypeDefinitionNode,
    InputObjectTypeDefinitionNode,
    InterfaceTypeDefinitionNode,
    ObjectTypeDefinitionNode,
    UnionTypeDefinitionNode,
)

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "api" / "schema.baseline.graphql"
DECLARED_RULE = ROOT / "tests" / "schema" / "declared_changes.cjs"
BIN = ROOT / "node_modules" / ".bin"
STRICT_MODULES = frozenset(
    {
        "api.graphql.admin",
        "api.graphql.allocation",
        "api.graphql.audit",
        "api.graphql.board",
        "api.graphql.catalog",
        "api.graphql.catalog_filters",
        "api.graphql.curation",
        "api.graphql.curation_payloads",
        "api.graphql.entities",
        "api.graphql.enums",
        "api.graphql.incident_types",
        "api.graphql.incidents",
        "api.graphql.key_payloads",
        "api.graphql.messages",
        "api.graphql.pagination",
        "api.graphql.parse",
        "api.graphql.reasons",
        "api.graphql.recommend",
        "api.graphql.search",
        "api.graphql.types",
        "api.graphql.user_errors",
    }
)
ROOT_TYPES = ("Query", "Mutation", "Subscription")


def owners() -> tuple[dict[str, str], dict[str, str]]:
    """(GraphQL type -> Python module, 'Root.field' -> module) from the built schema."""
    from api.graphql.schema import build_schema

    schema: Any = build_schema(production=False)
    types: dict[str, str] = {}
    roots: dict[str, str] = {}
    for name, concrete in schema.schema_converter.type_map.items():
        definition = concrete.definition
        origin = getattr(definition, "origin", None) or getattr(definition, "wrapped_cls", None)
        if name in ROOT_TYPES:
            for f in definition.fields:
                module = getattr(f.origin, "__module__", "")
                roots[f"{name}.{schema.config.name_converter.get_graphql_name(f)}"] = module
        elif origin is not None:
            types[name] = origin.__module__
    return types, roots


def locate(sdl: str) -> dict[int, tuple[str, str | None]]:
    """SDL line -> (type name, field name or None) for every definition and field line."""
    out: dict[int, tuple[str, str | None]] = {}
    kinds = (
        ObjectTypeDefinitionNode,
        InputObjectTypeDefinitionNode,
        InterfaceTypeDefinitionNode,
        EnumTypeDefinitionNode,
        UnionTypeDefinitionNode,
    )
    for d in parse(sdl).definitions:
        if not isinstance(d, kinds) or d.loc is None:
            continue
        name = d.name.value
        for line in range(d.loc.start_token.line, d.loc.end_token.line + 1):
            out[line] = (name, None)
        members = list(getattr(d, "fields", None) or getattr(d, "values", None) or [])
        for m in members:
            if m.loc is None:
                continue
            for line in range(m.loc.start_token.line, m.loc.end_token.line + 1):
                out[line] = (name, m.name.value)
    return out


def lint(sdl_file: Path) -> int:
    """Run the linter; print findings; the number that fail the check."""
    run = subprocess.run(
        [str(BIN / "graphql-schema-linter"), "--format", "json", str(sdl_file)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    findings = json.loads(run.stdout or '{"errors": []}')["errors"]
    types, roots = owners()
    where = locate(sdl_file.read_text(encoding="utf-8"))
    strict = 0
    for f in findings:
        type_name, field_name = where.get(f["location"]["line"], ("?", None))
        module = (
            roots.get(f"{type_name}.{field_name}", "")
            if type_name in ROOT_TYPES
            else types.get(type_name, "")
        )
        failing = module in STRICT_MODULES
        strict += failing
        tag = "error" if failing else "warning"
        print(f"{tag}: {f['message']} ({f['rule']}; {module or 'no module'})")
    print(f"schema lint: {strict} errors, {len(findings) - strict} warnings (other modules)")
    return strict


def breaking(sdl_file: Path) -> int:
    """graphql-inspector diff against the baseline; its exit code."""
    run = subprocess.run(
        [
            str(BIN / "graphql-inspector"),
            "diff",
            str(BASELINE),
            str(sdl_file),
            "--rule",
            "verboseChanges",  # the default simplification drops changes (Query.team vs .teams)
            "--rule",
            "suppressRemovalOfDeprecatedField",
            "--rule",
            str(DECLARED_RULE),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    out = run.stdout + run.stderr
    print("\n".join(line for line in out.splitlines() if "✖" in line or "error" in line))
    return run.returncode


def main() -> int:
    from api.graphql.sdl import current_sdl

    with tempfile.TemporaryDirectory() as tmp:
        sdl_file = Path(tmp) / "schema.graphql"
        sdl_file.write_text(current_sdl(), encoding="utf-8")
        failed = lint(sdl_file)
        diff = breaking(sdl_file)
    if failed or diff:
        print(
            "schema check failed: describe what the linter names, or declare an intended "
            "breaking change in api/schema-changes.json (with the reason)",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
