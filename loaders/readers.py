"""Readers: a source file -> numbered rows (dicts), streamed where the format allows.

Formats: CSV, JSON (an array, or the array at ``records_path`` such as
``records``), JSON Lines, YAML (a list, or the list at ``records_path``),
GeoJSON (one row per feature: ``{"id", "properties", "geometry"}``) and RDF
(Turtle, JSON-LD: one row per subject, keyed by predicate local names). CSV
and JSON Lines stream line by line, so memory does not grow with the file;
the others are parsed whole (they are documents, not streams).

Row numbers are 1-based positions of the record in the source (a CSV's header
is not a row; CSV row n is on line n + 1).

Files are untrusted input (uploads): text may be UTF-8 (with or without a BOM),
UTF-16 (by its BOM) or GB18030/GBK (``loaders.encodings``); YAML anchors and
aliases are refused (a few hundred bytes of aliases expand to gigabytes); JSON-LD
may only use contexts written inline in the file (a remote or file ``@context``
would make the server fetch a URL). Every problem is a ``UserInputError`` that
says what is wrong and what to do, never a traceback.

Example::

    for row_no, row in read_rows(Path("teams.csv")):
        ...   # 1, {'id': 'T-1', 'nameZh': '...', ...}
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from kg.errors import UserInputError
from loaders.encodings import detect_encoding

Row = dict[str, Any]
# libyaml's C parser when available (about 10x faster), same safe semantics.
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FORMATS: dict[str, str] = {
    ".csv": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".geojson": "geojson",
    ".ttl": "turtle",
    ".jsonld": "json-ld",
}


def detect_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UserInputError(
            f"cannot tell the format of '{path.name}' from its extension; use one of "
            f"{', '.join(sorted(FORMATS))} or set `format:` in the mapping"
        )
    return fmt


def read_rows(
    path: Path, fmt: str | None = None, records_path: str | None = None
) -> Iterator[tuple[int, Row]]:
    """Numbered rows of `path`; `fmt` defaults to the extension's format."""
    if not path.is_file():
        raise UserInputError(f"no such file: {path}")
    fmt = fmt or detect_format(path)
    readers = {
        "csv": _csv,
        "jsonl": _jsonl,
        "json": _json,
        "yaml": _yaml,
        "geojson": _geojson,
        "turtle": _rdf,
        "json-ld": _rdf,
    }
    if fmt not in readers:
        raise UserInputError(f"unknown format '{fmt}'; use one of {', '.join(readers)}")
    rows = readers[fmt](path, records_path, fmt)
    yield from enumerate(rows, start=1)


def _csv(path: Path, records_path: str | None, fmt: str) -> Iterator[Row]:
    with path.open(encoding=detect_encoding(path), newline="") as f:
        reader = csv.DictReader(f)
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                raise UserInputError(_csv_problem(path, reader.line_num, e)) from e
            yield {k: (v if v != "" else None) for k, v in row.items() if k is not None}


def _csv_problem(path: Path, line: int, e: csv.Error) -> str:
    if "field larger than field limit" in str(e):
        return (
            f"{path.name}:{line}: a field is longer than {csv.field_size_limit():,} characters "
            '(the CSV limit); often a quote (") that is never closed: check that line'
        )
    return f"{path.name}:{line}: not valid CSV ({e})"


def _jsonl(path: Path, records_path: str | None, fmt: str) -> Iterator[Row]:
    with path.open(encoding=detect_encoding(path)) as f:
        for line_no, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as e:
                raise UserInputError(f"{path.name}:{line_no}: not valid JSON ({e.msg})") from e
            yield value if isinstance(value, dict) else {"value": value}


def _pick(doc: Any, records_path: str | None, path: Path) -> list[Any]:
    node = doc
    for part in (records_path or "").split(".") if records_path else []:
        if not isinstance(node, dict) or part not in node:
            raise UserInputError(
                f"{path.name}: no '{records_path}' list in the document; set `records:` in the "
                "mapping to the key that holds the records"
            )
        node = node[part]
    if isinstance(node, dict) and records_path is None:
        lists = [k for k, v in node.items() if isinstance(v, list)]
        if len(lists) == 1:
            node = node[lists[0]]
    if not isinstance(node, list):
        raise UserInputError(
            f"{path.name}: expected a list of records; set `records:` in the mapping to the key "
            "that holds them"
        )
    return node


def _load_json(path: Path) -> Any:
    with path.open(encoding=detect_encoding(path)) as f:
        try:
            return json.load(f)
        except json.JSONDecodeError as e:
            raise UserInputError(f"{path.name}:{e.lineno}: not valid JSON ({e.msg})") from e
        except RecursionError as e:
            raise UserInputError(f"{path.name}: JSON nested too deeply") from e


def _json(path: Path, records_path: str | None, fmt: str) -> Iterator[Row]:
    doc = _load_json(path)
    for value in _pick(doc, records_path, path):
        yield value if isinstance(value, dict) else {"value": value}


def load_yaml_document(text: str, name: str) -> Any:
    """A YAML document without anchors or aliases (refused: they can expand exponentially).

    The events are checked first (they never expand an alias), then the document is built.
    """
    try:
        for event in yaml.parse(text, Loader=_YAML_LOADER):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = event.start_mark.line + 1 if event.start_mark else "?"
                raise UserInputError(
                    f"{name}:{line}: YAML anchors and aliases (&name, *name) are not allowed "
                    "in data files; write the values out in full"
                )
        return yaml.load(text, Loader=_YAML_LOADER)  # a safe loader (C or Python)
    except yaml.YAMLError as e:
        raise UserInputError(f"{name}: not valid YAML ({clip(str(e))})") from e


def _yaml(path: Path, records_path: str | None, fmt: str) -> Iterator[Row]:
    doc = load_yaml_document(path.read_text(encoding=detect_encoding(path)), path.name)
    for value in _pick(doc, records_path, path):
        yield value if isinstance(value, dict) else {"value": value}


def _geojson(path: Path, records_path: str | None, fmt: str) -> Iterator[Row]:
    doc = _load_json(path)
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise UserInputError(
            f"{path.name}: not a GeoJSON FeatureCollection (expected an object with "
            '"type": "FeatureCollection" and a "features" list)'
        )
    features = doc.get("features", [])
    if not isinstance(features, list):
        raise UserInputError(f'{path.name}: "features" must be a list of Feature objects')
    for i, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            raise UserInputError(f"{path.name}: feature {i} is not an object (a GeoJSON Feature)")
        for part in ("properties", "geometry"):
            if not isinstance(feature.get(part) or {}, dict):
                raise UserInputError(f'{path.name}: feature {i}: "{part}" must be an object')
        yield {
            "id": feature.get("id"),
            "properties": feature.get("properties") or {},
            "geometry": feature.get("geometry") or {},
        }


def _rdf(path: Path, records_path: str | None, fmt: str) -> Iterator[Row]:
    from rdflib import Graph, Literal, URIRef

    text = path.read_text(encoding=detect_encoding(path))
    if fmt == "json-ld":
        try:
            refuse_remote_contexts(json.loads(text), path.name)
        except json.JSONDecodeError as e:
            raise UserInputError(f"{path.name}:{e.lineno}: not valid JSON ({e.msg})") from e
    graph = Graph()
    try:
        graph.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except Exception as e:  # rdflib raises many parser-specific types
        raise UserInputError(f"{path.name}: not valid {fmt} ({clip(str(e))})") from e

    def local(term: Any) -> str:
        text = str(term)
        return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    for subject in sorted(set(graph.subjects()), key=str):
        if not isinstance(subject, URIRef):
            continue
        row: Row = {"@id": str(subject), "id": local(subject)}
        for pred, obj in sorted(graph.predicate_objects(subject), key=lambda po: str(po)):
            value = obj.toPython() if isinstance(obj, Literal) else local(obj)
            key = "type" if str(pred).endswith("#type") else local(pred)
            if key in row and key not in ("id", "@id"):
                prev = row[key]
                row[key] = [*prev, value] if isinstance(prev, list) else [prev, value]
            else:
                row[key] = value
        yield row


_CONTEXT_KEYS = ("@context", "@import")


def refuse_remote_contexts(doc: Any, name: str) -> None:
    """Only inline JSON-LD contexts: a context given by reference (a URL, or a file name
    resolved against the upload's folder) would make the server fetch it."""
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key in _CONTEXT_KEYS:
                    refs = value if isinstance(value, list) else [value]
                    for ref in refs:
                        if isinstance(ref, str):
                            raise UserInputError(
                                f"{name}: the JSON-LD {key} '{clip(ref)}' is a remote context; "
                                "EMKG does not fetch contexts: copy the context object into "
                                "the file in place of its URL"
                            )
                stack.append(value)


def clip(text: str, limit: int = 200) -> str:
    """`text` cut to `limit` characters with '…', for quoting input in error messages."""
    return text if len(text) <= limit else text[:limit] + "…"
