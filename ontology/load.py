"""Load the ontology's Turtle files into one rdflib graph and the typed `Ontology` view.

Loading is lenient about content (that is `ontology.validate`'s job) but strict
about syntax: a Turtle error raises `TurtleSyntaxError` naming the file and line.

Example::

    onto = load_ontology()                                  # the shipped ontology/*.ttl
    onto = load_ontology([Path("my-copy/")])                # every *.ttl in a folder
    onto = load_ontology([Path("a.ttl")], strict=True)      # raise on validation errors
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from rdflib import Graph

# Re-exported for callers that import them from here; they live in the modules below
# so that validation, the vocabulary and the shapes can use them without importing this.
from ontology.build import MATCH_RELATIONS as MATCH_RELATIONS
from ontology.build import OWL_DEPRECATED as OWL_DEPRECATED
from ontology.build import build_ontology as build_ontology
from ontology.files import SHIPPED_DIR as SHIPPED_DIR
from ontology.files import TurtleSyntaxError as TurtleSyntaxError
from ontology.files import expand_paths as expand_paths
from ontology.files import parse_turtle as parse_turtle
from ontology.files import shipped_files as shipped_files
from ontology.model import Ontology, OntologyError
from ontology.terms import EMKG as EMKG
from ontology.terms import concept_id as concept_id
from ontology.terms import label_of as label_of
from ontology.terms import number as number
from ontology.terms import texts as texts


@cache
def shipped_ontology() -> Ontology:
    """The shipped ontology, parsed once per process (an `Ontology` is immutable); its
    graph from the kept parse when the files are the same (``kept_graph``)."""
    files = expand_paths([SHIPPED_DIR])  # looked up at call time, as in load_ontology
    graph = kept_graph(files)
    return build_ontology(graph, files) if graph is not None else load_ontology()


# ---------------------------------------------------------------------------------------------
# The kept parse: rdflib's Turtle parser takes ~1 s of CPU for the shipped files, in every
# process that reads the ontology (each API worker, `emkg run`, the CLI); unpickling the graph
# it made takes ~0.2 s. The graph is kept inside the virtual environment (as Python keeps its
# bytecode: written by the code that reads it, never from outside; not in git), under the
# hash of the files' names and bytes and rdflib's version: any edit to a file is a new parse.
# ---------------------------------------------------------------------------------------------


def kept_dir() -> Path:
    return Path(sys.prefix) / "share" / "emkg-ontology"


def _files_key(files: Sequence[Path]) -> str:
    from importlib.metadata import version

    h = hashlib.sha256(f"rdflib {version('rdflib')}\n".encode())
    for f in files:
        h.update(f"{f.name}\n".encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def kept_graph(files: Sequence[Path]) -> Graph | None:
    """The graph of `files` from the kept parse, parsing and keeping it on a miss; None when
    a file cannot be read or parsed (``load_ontology`` then says what is wrong)."""
    try:
        key = _files_key(files)
    except OSError:
        return None
    path = kept_dir() / f"{key}.pickle"
    try:
        graph = pickle.loads(path.read_bytes())
        if isinstance(graph, Graph):
            return graph
    except Exception:  # any damaged or foreign kept file: parse again
        pass
    try:
        graph = Graph()
        for f in files:
            graph += parse_turtle(f)
    except (OSError, TurtleSyntaxError):
        return None
    _keep(path, graph)
    return graph


def _keep(path: Path, graph: Graph) -> None:
    """Write the parse (atomically) and drop older ones; a read-only venv keeps none."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(graph, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)
        for old in path.parent.glob("*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass


def load_ontology(paths: Sequence[Path] | None = None, *, strict: bool = False) -> Ontology:
    """Load and merge Turtle files (default: the shipped ontology) into an `Ontology`.

    With ``strict=True`` the files are validated first and any error raises
    `OntologyError` listing them (what `emkg ontology apply` should use).
    """
    # `SHIPPED_DIR` is looked up here, at call time, so that tests can point it elsewhere.
    files = expand_paths([SHIPPED_DIR] if paths is None else paths)
    if strict:
        from ontology.validate import validate_files  # pyshacl and the checks: only when asked

        errors = [i for i in validate_files(files) if i.severity == "error"]
        if errors:
            listing = "\n".join(str(i) for i in errors[:20])
            more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
            raise OntologyError(f"the ontology has {len(errors)} error(s):\n{listing}{more}")
    graph = Graph()
    for f in files:
        graph += parse_turtle(f)
    return build_ontology(graph, files)
