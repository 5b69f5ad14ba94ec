"""The import graph of our packages: no cycles, and layers that point one way.

DESIGN.md: ``ontology <- kg <- {loaders, queries} <- api``. Every ``import x`` /
``from x import y`` counts, at module level and inside functions (a deferred
import still ties the modules together); imports under ``if TYPE_CHECKING:``
do not (they never run). ``from pkg import name`` is an edge to ``pkg.name``
when that is a module, else to ``pkg`` (its ``__init__``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("ontology", "kg", "loaders", "queries", "api")
# What each package may import from (besides itself).
ALLOWED: dict[str, frozenset[str]] = {
    "ontology": frozenset(),
    "kg": frozenset({"ontology"}),
    "loaders": frozenset({"ontology", "kg"}),
    "queries": frozenset({"ontology", "kg"}),
    "api": frozenset({"ontology", "kg", "loaders", "queries"}),
}
# Known cycles, as sets of modules, each with the issue that removes it.
KNOWN_CYCLES: tuple[frozenset[str], ...] = ()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of our packages: dotted name -> file."""
    out: dict[str, Path] = {}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            if "static" not in path.parts:
                out[_module_name(path)] = path
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Import statements anywhere in the tree, except in `if TYPE_CHECKING:` bodies."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                yield from _imports(ast.Module(body=[child], type_ignores=[]))
        else:
            yield from _imports(node)


def _resolve(importer: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    is_pkg = modules()[importer].name == "__init__.py"
    base = importer.split(".")
    base = base if is_pkg else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _targets(importer: str, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    known = modules()
    if isinstance(node, ast.Import):
        for alias in node.names:
            name = alias.name
            while name and name not in known:  # `import a.b.c` of a non-module attribute
                name = name.rpartition(".")[0]
            if name:
                yield name
        return
    base = _resolve(importer, node)
    for alias in node.names:
        sub = f"{base}.{alias.name}"
        if sub in known:
            yield sub
        elif base in known:
            yield base


@cache
def import_graph() -> dict[str, frozenset[str]]:
    """Module -> the modules of our packages it imports."""
    graph: dict[str, frozenset[str]] = {}
    for name, path in modules().items():
        tree = ast.parse(path.read_text("utf-8"), str(path))
        graph[name] = frozenset(
            t for node in _imports(tree) for t in _targets(name, node) if t != name
        )
    return graph


def strongly_connected(graph: dict[str, frozenset[str]]) -> list[frozenset[str]]:
    """Tarjan's strongly connected components with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp: set[str] = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(frozenset(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _path_within(graph: dict[str, frozenset[str]], comp: frozenset[str]) -> str:
    """One loop through `comp`, for the failure message."""
    start = min(comp)
    path, cur = [start], start
    while True:
        cur = min(w for w in graph[cur] if w in comp)
        if cur in path:
            return " -> ".join([*path[path.index(cur) :], cur])
        path.append(cur)


def test_the_graph_sees_deferred_imports_and_skips_type_checking_blocks() -> None:
    source = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from kg.settings import Settings\n"
        "def f():\n    from ontology import load_ontology\n"
    )
    names = {n.module for n in _imports(source) if isinstance(n, ast.ImportFrom)}
    assert names == {"typing", "ontology"}


def test_no_import_cycles() -> None:
    graph = import_graph()
    cycles = [c for c in strongly_connected(graph) if c not in KNOWN_CYCLES]
    assert not cycles, "import cycles:\n" + "\n".join(_path_within(graph, c) for c in cycles)


def test_layers_point_one_way() -> None:
    wrong = sorted(
        f"{src} imports {dst}"
        for src, targets in import_graph().items()
        for dst in targets
        if (a := src.split(".")[0]) != (b := dst.split(".")[0]) and b not in ALLOWED[a]
    )
    assert not wrong, "ontology <- kg <- {loaders, queries} <- api is broken:\n" + "\n".join(wrong)
