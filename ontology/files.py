"""The ontology's Turtle files: where the shipped ones are, which to read, and parsing them.

Parsing is strict about syntax: a Turtle error raises `TurtleSyntaxError`
naming the file and line. A low module: everything that reads a .ttl file
(loading, validation, the vocabulary, the shapes) reads it through here.

Example::

    graph = parse_turtle(SHIPPED_DIR / "core.ttl")
    expand_paths([Path("my-copy/")])     # every *.ttl in the folder, sorted
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import cast

from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from ontology.errors import OntologyError

SHIPPED_DIR = Path(__file__).resolve().parent


class TurtleSyntaxError(OntologyError):
    """A file is not valid Turtle; `file` and `line` say where."""

    def __init__(self, file: Path, line: int | None, reason: str) -> None:
        where = f"{file}:{line}" if line else str(file)
        super().__init__(f"{where}: Turtle syntax error: {reason}")
        self.file = file
        self.line = line
        self.reason = reason


def shipped_files() -> list[Path]:
    """The ontology files that ship with the package, sorted by name."""
    return sorted(SHIPPED_DIR.glob("*.ttl"))


def expand_paths(paths: Iterable[Path] | None) -> list[Path]:
    """Files to load: folders expand to their *.ttl; None means the shipped files."""
    if paths is None:
        return shipped_files()
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(p.glob("*.ttl")))
        elif p.is_file():
            out.append(p)
        else:
            raise OntologyError(f"{p}: no such file or folder; give .ttl files or a folder of them")
    if not out:
        raise OntologyError("no ontology files given; pass .ttl files or a folder containing them")
    return out


def parse_turtle(path: Path) -> Graph:
    """Parse one Turtle file; syntax errors become `TurtleSyntaxError` with the line."""
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except BadSyntax as e:
        raise TurtleSyntaxError(path, e.lines + 1, _why(e)) from e
    except (ValueError, SyntaxError) as e:  # e.g. a malformed IRI or an undeclared prefix
        m = re.search(r"line (\d+)", str(e))
        raise TurtleSyntaxError(path, int(m.group(1)) if m else None, str(e)) from e
    return graph


def _why(e: BadSyntax) -> str:
    reason = str(getattr(e, "_why", "") or "bad syntax")
    text = cast(bytes, getattr(e, "_str", b""))
    pos = cast(int, getattr(e, "_i", 0))
    near = text[max(0, pos - 30) : pos + 10].decode("utf-8", "ignore").replace("\n", " ")
    return f"{reason} near '{near.strip()}'" if near.strip() else reason
