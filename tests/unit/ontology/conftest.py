"""Fixtures for the ontology unit tests: the shipped ontology, lines of files, shared data.

(`copy_ontology`, an editable copy of the shipped ontology, is in tests/conftest.py.)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ontology import Ontology, load_ontology

ROOT = Path(__file__).resolve().parents[3]
SHARED_DATA = ROOT / ".." / "shared" / "data"


@pytest.fixture(scope="session")
def onto() -> Ontology:
    return load_ontology()


def _line_of(path: Path, text: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return i
    raise AssertionError(f"{text!r} not in {path}")


@pytest.fixture
def line_of() -> Callable[[Path, str], int]:
    """1-based line of the first line of a file containing a text."""
    return _line_of


def _shared_file(relative: str) -> Path:
    path = SHARED_DATA / relative
    if not path.is_file():
        pytest.skip(f"shared data not available: {path} (see ../shared/data/SOURCES.md)")
    return path


@pytest.fixture
def shared_file() -> Callable[[str], Path]:
    """A file of ../shared/data by relative path; skips the test when it is absent."""
    return _shared_file
