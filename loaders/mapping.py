"""Declarative mappings: a YAML file turns any source row into a canonical loader record.

A new agency's format needs a mapping, not code. See loaders/MAPPINGS.md for the
format; in short::

    kind: teams
    source: osm-zurich/fire-stations        # provenance name (snapshot scope)
    format: geojson                         # default: from the file extension
    where: {properties.amenity: fire_station}
    fields:
      id: {template: "osm-{properties.id|slug}"}
      nameZh: {from: [properties.name, properties.operator], default: Fire station}
      latitude: {from: "geometry.coordinates[1]"}
      status: {const: available}
      headcount: {from: staff, cast: int, default: 20}
      mobility: {from: kind, map: {heli: air, boat: water}, otherwise: ground}
      capabilities: {typical_of: teamType}

Dispatch records (one row per team sent, loaders/mappings/dispatch-log-zh.yaml): a time
column in the file's own format and zone, one list item built from several columns, and
the rows of one incident gathered into one record::

    collect: [assignments]                  # rows with the same id: one record
    fields:
      openedAt: {from: 发生时间, cast: datetime, formats: ["%Y/%m/%d %H:%M"], timezone: "+08:00"}
      assignments:
        object:
          team: 队伍编号
          dispatchedAt: {from: 出动时间, cast: datetime, formats: ["%Y/%m/%d %H:%M"]}

Example::

    m = Mapping.from_file(Path("loaders/mappings/osm-fire-stations.yaml"))
    record, issues = m.apply(row)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from collections.abc import Mapping as Map
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import UserInputError
from loaders.readers import load_yaml_document
from ontology.problems import Problem, TermKey
from ontology.record_rules import show
from ontology.shapes import FieldIssue

SPEC_KEYS = frozenset(
    {
        "from",
        "const",
        "template",
        "typical_of",
        "map",
        "otherwise",
        "default",
        "cast",
        "split",
        "keys",
        "key_sep",
        "casts",
        "formats",
        "timezone",
        "object",
    }
)
DEFAULT_ZONE = "+08:00"  # a time without offset is Beijing time unless the mapping says
_TEMPLATE = re.compile(r"\{([^{}|]+)(?:\|([a-z]+))?\}")
_INDEX = re.compile(r"^(.*)\[(-?\d+)\]$")


def _slug(value: object) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", str(value)).strip("-")


FILTERS: dict[str, Callable[[object], str]] = {
    "slug": _slug,
    "lower": lambda v: str(v).lower(),
    "upper": lambda v: str(v).upper(),
}


def _to_bool(v: object) -> bool:
    text = str(v).strip().lower()
    if text in {"1", "true", "yes", "y", "t", "是"}:
        return True
    if text in {"0", "false", "no", "n", "f", "否"}:
        return False
    raise ValueError(v)


CASTS: dict[str, Callable[[Any], Any]] = {
    "int": lambda v: int(float(v)) if isinstance(v, str) and "." in v else int(v),
    "float": float,
    "str": str,
    "bool": _to_bool,
    "date": lambda v: v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)[:10]),
    "datetime": lambda v: parse_time(v, (), DEFAULT_ZONE),
}


# cast -> the datatype it makes, named in the reader's language when a conversion fails
CAST_TYPES = {
    "int": "integer",
    "float": "double",
    "str": "string",
    "bool": "boolean",
    "date": "date",
    "datetime": "dateTime",
}


def parse_zone(text: str) -> dt.timezone:
    """``+08:00`` -> that offset; ValueError for anything else."""
    m = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", str(text).strip())
    if not m:
        raise ValueError(text)
    minutes = int(m.group(2)) * 60 + int(m.group(3))
    return dt.timezone(dt.timedelta(minutes=-minutes if m.group(1) == "-" else minutes))


def parse_time(v: Any, formats: tuple[str, ...] | list[str], zone: str) -> dt.datetime:
    """ISO 8601 or one of `formats`; a time without offset is in `zone` (ValueError if none
    fits)::

        parse_time("2022/09/05 12:52", ["%Y/%m/%d %H:%M"], "+08:00")
        # datetime(2022, 9, 5, 12, 52, tzinfo=+08:00)
    """
    if isinstance(v, dt.datetime):
        out = v
    else:
        text = str(v).strip()
        try:
            out = dt.datetime.fromisoformat(text)
        except ValueError:
            for fmt in formats:
                try:
                    out = dt.datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
            else:
                raise ValueError(v) from None
    return out if out.tzinfo is not None else out.replace(tzinfo=parse_zone(zone))


def get_path(row: Any, path: str) -> Any:
    """``properties.name``, ``geometry.coordinates[1]``; a key containing dots wins."""
    if isinstance(row, Map) and path in row:
        return row[path]
    node = row
    for part in path.split("."):
        m = _INDEX.match(part)
        key, index = (m.group(1), int(m.group(2))) if m else (part, None)
        if key:
            if not isinstance(node, Map) or key not in node:
                return None
            node = node[key]
        if index is not None:
            if not isinstance(node, list | tuple) or not -len(node) <= index < len(node):
                return None
            node = node[index]
    return node


def _empty(v: object) -> bool:
    return v is None or v == "" or v == []


@dataclass(frozen=True)
class FieldSpec:
    """How one record field is computed from a source row."""

    name: str
    spec: Map[str, Any]

    def compute(self, row: Any, record: Map[str, Any], ctx: MappingContext) -> Any:
        s = self.spec
        value: Any = None
        if "const" in s:
            value = s["const"]
        elif "template" in s:
            value = render(str(s["template"]), row, record)
        elif "typical_of" in s:
            team_type = record.get(str(s["typical_of"]))
            value = [dict(c) for c in ctx.typical.get(str(team_type), ())]
        elif "from" in s:
            sources = s["from"] if isinstance(s["from"], list) else [s["from"]]
            value = next((v for p in sources if not _empty(v := get_path(row, str(p)))), None)
        if isinstance(value, str) and "split" in s:
            value = [part.strip() for part in value.split(str(s["split"])) if part.strip()]
            if "keys" in s:
                value = [self._pairs(part) for part in value]
        if "map" in s and not _empty(value):
            value = [self._map(v) for v in value] if isinstance(value, list) else self._map(value)
        if "object" in s:
            item = {k: v for k, f in self.parts() if not _empty(v := f.compute(row, record, ctx))}
            value = [item] if item else None
        if "cast" in s and not _empty(value):
            cast = self._cast()
            value = [cast(v) for v in value] if isinstance(value, list) else cast(value)
        if _empty(value) and "default" in s:
            value = s["default"]
        return value

    def parts(self) -> list[tuple[str, FieldSpec]]:
        """An `object` field's parts: (key, how it is computed)."""
        table = self.spec.get("object") or {}
        return [(str(k), FieldSpec(str(k), _spec(v))) for k, v in table.items()]

    def _cast(self) -> Callable[[Any], Any]:
        cast, formats = str(self.spec["cast"]), self.spec.get("formats") or ()
        zone = str(self.spec.get("timezone") or DEFAULT_ZONE)
        if cast == "datetime":
            return lambda v: parse_time(v, formats, zone)
        if cast == "date" and formats:  # the date of a time in the file's own format
            return lambda v: v if isinstance(v, dt.date) else parse_time(v, formats, zone).date()
        return CASTS[cast]

    def conversion_issue(self, row: Any, ctx: MappingContext) -> FieldIssue:
        """What `compute` could not convert, at the field (an object's part: ``x[0].part``)."""
        for key, part in self.parts():
            try:
                part.compute(row, {}, ctx)
            except (ValueError, TypeError, OverflowError):
                return FieldIssue(f"{self.name}[0].{key}", part.conversion_problem(row))
        return FieldIssue(self.name, self.conversion_problem(row))

    def conversion_problem(self, row: Any) -> Problem:
        """What `compute` could not convert: the source value and the type it was cast to."""
        sources = self.spec.get("from")
        paths = sources if isinstance(sources, list) else [sources] if sources else []
        value = next((v for p in paths if not _empty(v := get_path(row, str(p)))), None)
        cast = str(self.spec.get("cast") or "str")
        datatype = TermKey(f"datatype.{CAST_TYPES.get(cast, 'string')}")
        return Problem.of("LOAD_CONVERT", value=show(value), datatype=datatype)

    def _map(self, v: Any) -> Any:
        table = self.spec["map"]
        key = v if v in table else str(v)
        if key in table:
            return table[key]
        return self.spec.get("otherwise", v)

    def _pairs(self, part: str) -> dict[str, Any]:
        keys = [str(k) for k in self.spec["keys"]]
        values = part.split(str(self.spec.get("key_sep", ":")), len(keys) - 1)
        out: dict[str, Any] = dict(zip(keys, (v.strip() for v in values), strict=False))
        for k, cast in (self.spec.get("casts") or {}).items():
            if k in out:
                out[k] = CASTS[str(cast)](out[k])
        return out


def _checked(where: str, name: str, raw: Any) -> Map[str, Any]:
    """A field's spec, or UserInputError saying what is wrong with it (an object's parts too)."""
    spec = _spec(raw)
    if not isinstance(spec, dict) or not spec.keys() & {
        "from",
        "const",
        "template",
        "typical_of",
        "object",
    }:
        raise UserInputError(
            f"{where}: field '{name}' needs one of from / const / template / typical_of / object"
            " (write {const: value} for a constant)"
        )
    unknown = set(spec) - SPEC_KEYS
    if unknown:
        raise UserInputError(
            f"{where}: field '{name}' has unknown option(s) "
            f"{', '.join(sorted(unknown))}; use {', '.join(sorted(SPEC_KEYS))}"
        )
    if "cast" in spec and spec["cast"] not in CASTS:
        raise UserInputError(f"{where}: field '{name}': cast must be one of {', '.join(CASTS)}")
    if "timezone" in spec:
        try:
            parse_zone(spec["timezone"])
        except ValueError:
            raise UserInputError(
                f"{where}: field '{name}': timezone {spec['timezone']!r} is not an offset; "
                "write it like +08:00"
            ) from None
    if "object" in spec:
        if not isinstance(spec["object"], dict) or not spec["object"]:
            raise UserInputError(
                f"{where}: field '{name}': object needs a table of its parts "
                "(e.g. object: {team: 队伍编号, dispatchedAt: {from: 出动时间, cast: datetime}})"
            )
        for key, part in spec["object"].items():
            _checked(where, f"{name}.{key}", part)
    return spec


def _spec(raw: Any) -> Map[str, Any]:
    """A field's spec as written: a bare name is ``{from: name}``."""
    return {"from": raw} if isinstance(raw, str) else raw


def render(template: str, row: Any, record: Map[str, Any] | None = None) -> str | None:
    """``"osm-{properties.id|slug}"`` -> ``"osm-node-298540366"``; None if a value is missing.

    ``{$.field}`` reads a field the mapping computed earlier (e.g. a ``_prefix`` helper).
    """
    missing = False

    def sub(m: re.Match[str]) -> str:
        nonlocal missing
        path = m.group(1).strip()
        v = get_path(record or {}, path[2:]) if path.startswith("$.") else get_path(row, path)
        if _empty(v):
            missing = True
            return ""
        return FILTERS[m.group(2)](v) if m.group(2) else str(v)

    out = _TEMPLATE.sub(sub, template)
    return None if missing else out


@dataclass(frozen=True)
class MappingContext:
    """What mappings may look up: the ontology's typical capabilities per team type."""

    typical: Map[str, tuple[Map[str, Any], ...]] = field(default_factory=dict)

    @classmethod
    def from_ontology(cls) -> MappingContext:
        from ontology import load_ontology

        typical: dict[str, list[dict[str, Any]]] = {}
        for t in load_ontology().typical_capabilities:
            typical.setdefault(t.team_type, []).append(
                {"capability": t.capability, "level": t.level}
            )
        return cls({k: tuple(v) for k, v in typical.items()})


@dataclass(frozen=True)
class Mapping:
    """A parsed mapping file; ``Mapping.identity(kind)`` for files already in canonical form."""

    kind: str
    fields: tuple[FieldSpec, ...] = ()
    source: str | None = None
    format: str | None = None
    records: str | None = None
    where: Map[str, Any] = field(default_factory=dict)
    path: Path | None = None
    # Fields whose values the rows with the same id gather into one record (loaders.grouping)
    collect: tuple[str, ...] = ()

    @classmethod
    def identity(cls, kind: str) -> Mapping:
        return cls(kind=kind)

    @classmethod
    def from_file(cls, path: Path, kind: str | None = None) -> Mapping:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            raise UserInputError(f"cannot read mapping {path}: {e} (save it as UTF-8)") from e
        doc = load_yaml_document(text, f"mapping {path.name}")  # no aliases: untrusted input
        return cls.from_dict(doc, kind=kind, path=path)

    @classmethod
    def from_dict(cls, doc: Any, *, kind: str | None = None, path: Path | None = None) -> Mapping:
        where = f"mapping {path.name if path else '<dict>'}"
        if not isinstance(doc, dict) or not isinstance(doc.get("fields"), dict):
            raise UserInputError(f"{where}: needs a `fields:` table (see loaders/MAPPINGS.md)")
        mkind = doc.get("kind", kind)
        if kind is not None and mkind != kind:
            raise UserInputError(f"{where} is for kind '{mkind}', not '{kind}'")
        if mkind is None:
            raise UserInputError(f"{where}: set `kind:` or pass --kind")
        specs = [
            FieldSpec(str(name), _checked(where, str(name), raw))
            for name, raw in doc["fields"].items()
        ]
        collect = doc.get("collect") or []
        if not isinstance(collect, list) or any(c not in doc["fields"] for c in collect):
            raise UserInputError(
                f"{where}: `collect:` lists fields of `fields:` whose values the rows of one id "
                f"gather (e.g. collect: [assignments]); got {collect!r}"
            )
        if "template" in str(doc["fields"]):
            for s in specs:
                for m in _TEMPLATE.finditer(str(s.spec.get("template", ""))):
                    if m.group(2) and m.group(2) not in FILTERS:
                        raise UserInputError(
                            f"{where}: unknown template filter '{m.group(2)}'; "
                            f"use {', '.join(FILTERS)}"
                        )
        return cls(
            kind=str(mkind),
            fields=tuple(specs),
            source=doc.get("source"),
            format=doc.get("format"),
            records=doc.get("records"),
            where=doc.get("where") or {},
            path=path,
            collect=tuple(str(c) for c in collect),
        )

    def column_of(self, path: str) -> str | None:
        """The source column a record field is read from (``assignments[0].dispatchedAt`` ->
        ``出动时间``), None when it is not one column (a constant, a template, several)."""
        name = re.split(r"[.\[]", path, maxsplit=1)[0]
        spec = next((f.spec for f in self.fields if f.name == name), None)
        part = path.split("].", 1)[1] if "]." in path else None
        if spec is not None and part and isinstance(spec.get("object"), dict):
            raw = spec["object"].get(part)
            spec = _spec(raw) if raw is not None else None
        source = spec.get("from") if isinstance(spec, dict) else None
        return source if isinstance(source, str) and source != path else None

    def selects(self, row: Any) -> bool:
        """False for rows the mapping's `where:` filter excludes (not errors, just not ours)."""
        for path, want in self.where.items():
            have = get_path(row, path)
            if (have not in want) if isinstance(want, list) else (have != want):
                return False
        return True

    def apply(
        self, row: Any, ctx: MappingContext | None = None
    ) -> tuple[dict[str, Any], list[FieldIssue]]:
        """The canonical record for `row` and the fields that could not be computed."""
        if not self.fields:
            return dict(row), []
        record: dict[str, Any] = {}
        issues: list[FieldIssue] = []
        for f in self.fields:
            try:
                record[f.name] = f.compute(row, record, ctx or MappingContext())
            except (ValueError, TypeError, OverflowError):
                issues.append(f.conversion_issue(row, ctx or MappingContext()))
                record[f.name] = None
        # Fields named _x are helpers for later fields, not part of the record.
        return {k: v for k, v in record.items() if not k.startswith("_")}, issues
