"""The ontology version's pure parts: the skip rule, the hashes, reading the node's row."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from neo4j.time import DateTime

from kg.ontology_version import (
    SYNC_CODE,
    OntologyState,
    code_hash,
    ontology_unchanged,
    parse_state,
    source_hash,
)
from ontology.files import shipped_files

APPLIED = OntologyState(version=7, source_hash="s", code_hash="c", applied_version=7)


def test_unchanged_only_when_files_code_and_version_are_the_applied_ones() -> None:
    assert ontology_unchanged(APPLIED, "s", "c")
    assert not ontology_unchanged(APPLIED, "s2", "c")  # the files changed
    assert not ontology_unchanged(APPLIED, "s", "c2")  # the sync code changed
    # a planner's edit since the apply: a sync would put the TTL values back, so it runs
    edited = OntologyState(version=8, source_hash="s", code_hash="c", applied_version=7)
    assert not ontology_unchanged(edited, "s", "c")
    # a graph synced from files nobody hashed, or never synced at all
    assert not ontology_unchanged(OntologyState(version=3), "s", "c")
    assert not ontology_unchanged(OntologyState(version=0), "s", "c")


def test_source_hash_reads_names_and_contents_not_the_folder(tmp_path: Path) -> None:
    files = shipped_files()
    copy = tmp_path / "copy"
    copy.mkdir()
    for f in files:
        shutil.copy(f, copy / f.name)
    copied = sorted(copy.glob("*.ttl"))
    assert source_hash(copied) == source_hash(files)
    assert source_hash(list(reversed(copied))) == source_hash(files)  # order given
    first = copied[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    edited = source_hash(copied)
    assert edited != source_hash(files)
    first.rename(copy / ("renamed-" + first.name))  # same contents under another name
    assert source_hash(sorted(copy.glob("*.ttl"))) != edited


def test_code_hash_covers_the_sync_and_the_ontology_package() -> None:
    assert all(p.is_file() for p in SYNC_CODE)
    assert code_hash() == code_hash()
    assert len(code_hash()) == 64 and code_hash() != source_hash(shipped_files())


def test_parse_state_of_a_missing_node_and_of_a_full_row() -> None:
    assert parse_state(None) == OntologyState(version=0)
    at = DateTime(2026, 12, 1, 23, 10, 4, tzinfo=dt.UTC)
    row = {
        "version": 12,
        "sourceHash": "s",
        "codeHash": "c",
        "appliedAt": at,
        "appliedVersion": 12,
        "changedAt": at,
        "changedBy": "ontology sync",
    }
    state = parse_state(row)
    assert (state.version, state.applied_version, state.changed_by) == (12, 12, "ontology sync")
    assert state.applied_when == "2026-12-01 23:10:04 UTC"
    assert OntologyState(version=0).applied_when == ""
