"""Readers: a source file -> numbered rows (dicts), streamed where the format allows.

Formats: CSV, JSON (an array, or the array at ``records_path`` such as
``records``), JSON Lines, YAML (a list, or the list at ``records_path``),
GeoJSON (one row per feature: ``{"id", "properties", "geometry"}``) and RDF
(Turtle, JSON-LD: one row per subject, keyed by predicate local names). CSV
and JSON Lines stream line by line, so memory does not grow with the file;
the others are parsed whole (they are documents, not streams).

Row numbers are 1-based positions of the record in the source (a CSV's header
is not a row; CSV row n is on line n + 1).

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
    with path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            yield {k: (v if v != "" else None) for k, v in row.items() if k is not None}


def _jsonl(path: Path, records_path: str | None, fmt: str) -> Iterator[Row]:
    with path.open(encoding="utf-8") as f:
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


def _json(path: Path, records_path: str | None, fmt: str) -> Iterator[Row]:
    with path.open(encoding="utf-8") as f:
        try:
            doc = json.load(f)
        except json.JSONDecodeError as e:
            raise UserInputError(f"{path.name}:{e.lineno}: not valid JSON ({e.msg})") from e
    for value in _pick(doc, records_path, path):
        yield value if isinstance(value, dict) else {"value": value}


def _yaml(path: Path, records_path: str | None, fmt: str) -> Iterator[Row]:
    with path.open(encoding="utf-8") as f:
        try:
            doc = yaml.load(f, Loader=_YAML_LOADER)  # a safe loader (C or Python)
        except yaml.YAMLError as e:
            raise UserInputError(f"{path.name}: not valid YAML ({e})") from e
    for value in _pick(doc, records_path, path):
        yield value if isinstance(value, dict) else {"value": value}


def _geojson(path: Path, records_path: str | None, fmt: str) -> Iterator[Row]:
    with path.open(encoding="utf-8") as f:
        doc = json.load(f)
    if doc.get("type") != "FeatureCollection":
        raise UserInputError(f"{path.name}: not a GeoJSON FeatureCollection")
    for feature in doc.get("features", []):
        yield {
            "id": feature.get("id"),
            "properties": feature.get("properties") or {},
            "geometry": feature.get("geometry") or {},
        }


def _rdf(path: Path, records_path: str | None, fmt: str) -> Iterator[Row]:
    from rdflib import Graph, Literal, URIRef

    graph = Graph()
    try:
        graph.parse(path, format=fmt)
    except Exception as e:  # rdflib raises many parser-specific types
        raise UserInputError(f"{path.name}: not valid {fmt} ({e})") from e

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
