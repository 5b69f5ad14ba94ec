"""Fixtures for the ontology unit tests: the shipped ontology and editable copies of it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ontology import Ontology, load_ontology
from ontology.load import SHIPPED_DIR

ROOT = Path(__file__).resolve().parents[3]
SHARED_DATA = ROOT / ".." / "shared" / "data"

CopyOntology = Callable[..., Path]


@pytest.fixture(scope="session")
def onto() -> Ontology:
    return load_ontology()


@pytest.fixture
def copy_ontology(tmp_path: Path) -> CopyOntology:
    """Copy the shipped *.ttl into a fresh folder, replacing `old` by `new` in `file`.

    The text to replace must occur exactly once, so a test notices when the
    shipped files change under it instead of silently testing nothing.
    """
    counter = iter(range(1000))

    def make(file: str | None = None, old: str = "", new: str = "") -> Path:
        target = tmp_path / f"copy{next(counter)}"
        target.mkdir()
        for f in sorted(SHIPPED_DIR.glob("*.ttl")):
            shutil.copy(f, target / f.name)
        if file is not None:
            path = target / file
            text = path.read_text(encoding="utf-8")
            assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {file}"
            path.write_text(text.replace(old, new), encoding="utf-8")
        return target

    return make


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
