"""ontology.load's kept parse: the shipped files' graph is parsed once and kept under the
hash of the files; the kept graph is the parsed one (the same triples; blank nodes get new ids
in every parse), any edit means a new parse, and a damaged kept file is parsed again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Graph

import ontology.load as load
from ontology.files import shipped_files


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    monkeypatch.setattr(load, "kept_dir", lambda: tmp_path / "kept")
    copy = tmp_path / "ttl"
    copy.mkdir()
    for f in shipped_files():
        shutil.copy(f, copy / f.name)
    return sorted(copy.glob("*.ttl"))


def _kept(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "kept").glob("*.pickle"))


def _ground(graph: Graph) -> set[tuple[object, object, object]]:
    """The triples without a blank node (rdflib's isomorphism test takes ~100 s here)."""
    return {t for t in graph if not any(isinstance(x, BNode) for x in t)}


def test_the_kept_graph_is_the_parsed_one(files: list[Path], tmp_path: Path) -> None:
    first = load.kept_graph(files)
    assert first is not None and len(_kept(tmp_path)) == 1
    again = load.kept_graph(files)  # read from the kept file this time
    assert again is not None and again is not first
    kept, parsed = load.build_ontology(again, files), load.load_ontology(files)
    # build_ontology adds the entailed triples to both; blank nodes get new ids in every parse
    assert len(kept.graph) == len(parsed.graph)
    assert _ground(kept.graph) == _ground(parsed.graph)
    assert (kept.concepts, kept.requirements, kept.cascades, kept.mappings) == (
        parsed.concepts,
        parsed.requirements,
        parsed.cascades,
        parsed.mappings,
    )


def test_an_edit_is_a_new_parse(files: list[Path], tmp_path: Path) -> None:
    load.kept_graph(files)
    before = _kept(tmp_path)
    hazards = next(f for f in files if f.name.startswith("hazards"))
    hazards.write_text(
        hazards.read_text(encoding="utf-8") + "\nemkg:TestOnly a skos:Concept .\n",
        encoding="utf-8",
    )
    graph = load.kept_graph(files)
    assert graph is not None and any("TestOnly" in str(s) for s in graph.subjects())
    after = _kept(tmp_path)
    assert len(after) == 1 and after != before  # the old parse is dropped


def test_a_damaged_kept_file_is_parsed_again(files: list[Path], tmp_path: Path) -> None:
    load.kept_graph(files)
    (kept,) = _kept(tmp_path)
    kept.write_bytes(b"not a pickle")
    graph = load.kept_graph(files)
    assert graph is not None and len(load.build_ontology(graph, files).graph) == len(
        load.load_ontology(files).graph
    )


def test_a_file_with_a_syntax_error_is_left_to_load_ontology(files: list[Path]) -> None:
    files[0].write_text("this is not turtle .", encoding="utf-8")
    assert load.kept_graph(files) is None
    with pytest.raises(load.TurtleSyntaxError):
        load.load_ontology(files)
