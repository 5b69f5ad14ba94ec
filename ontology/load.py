"""Load the ontology's Turtle files into one rdflib graph and the typed `Ontology` view.

Loading is lenient about content (that is `ontology.validate`'s job) but strict
about syntax: a Turtle error raises `TurtleSyntaxError` naming the file and line.

Example::

    onto = load_ontology()                                  # the shipped ontology/*.ttl
    onto = load_ontology([Path("my-copy/")])                # every *.ttl in a folder
    onto = load_ontology([Path("a.ttl")], strict=True)      # raise on validation errors
"""

from __future__ import annotations

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
    """The shipped ontology, parsed once per process (an `Ontology` is immutable)."""
    return load_ontology()


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
