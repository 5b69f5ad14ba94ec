"""Coverage of an external hazard vocabulary: every row mapped to our hazard types or
listed as out of scope with a reason (the curated file `alignment_scope.yaml`).

`ontology.align` proposes mappings by label similarity; this module holds what a
planner decided and checks it against the source and the ontology:

* a row of the source with an entry `{hazard: CODE}` is *mapped* (CODE must be a
  current hazard type);
* a row with `{out: REASON}` is *out of scope*, the reason rendered per locale;
* a row with neither is *unmapped*: `emkg ontology align` lists it and exits 1;
* an entry whose key is no row of the source, or whose code is unknown or
  deprecated, is a *problem* (also exit 1), so the file cannot silently rot.

Example::

    scope = load_scope()
    cov = coverage("sahana", source_graph("sahana", Path("../shared/data")), onto, scope)
    cov.counts()          # {'mapped': 97, 'out_of_scope': 29, 'unmapped': 0, 'total': 126}
    cov.complete          # True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast
from urllib.parse import unquote

import yaml
from rdflib import RDF, SKOS, Graph, URIRef

from ontology.files import SHIPPED_DIR
from ontology.model import Mapping, MatchRelation, Ontology, OntologyError, did_you_mean
from ontology.terms import label_of

SCOPE_FILE = SHIPPED_DIR / "alignment_scope.yaml"
LOCALES = ("zh", "en")
Locale = Literal["zh", "en"]
Status = Literal["mapped", "out_of_scope", "unmapped"]
# How the row relates to our hazard type, and the SKOS relation that says it from our side
# ("our type is broader than the row" = id:X skos:narrowMatch row).
MATCHES: dict[str, MatchRelation] = {
    "exact": "exactMatch",
    "close": "closeMatch",
    "broad": "narrowMatch",
    "narrow": "broadMatch",
}


@dataclass(frozen=True)
class ScopeEntry:
    """A planner's decision about one external row: a hazard code or an out-of-scope reason."""

    key: str
    hazard: str | None = None
    match: str = "exact"
    reason: str | None = None


@dataclass(frozen=True)
class AlignmentScope:
    """The curated file: reasons (key -> locale -> text) and entries per source."""

    reasons: MappingABC[str, MappingABC[str, str]]
    sources: MappingABC[str, MappingABC[str, ScopeEntry]]

    def reason_text(self, reason: str, locale: Locale = "zh") -> str:
        return self.reasons[reason][locale]


@dataclass(frozen=True)
class RowCoverage:
    """One row of the external source and what became of it."""

    key: str
    label: str
    iri: str
    status: Status
    hazard: str | None = None
    match: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Coverage:
    """Every row of a source with its status, and the problems of the scope entries."""

    source: str
    rows: tuple[RowCoverage, ...]
    problems: tuple[str, ...]

    def of(self, status: Status) -> list[RowCoverage]:
        return [r for r in self.rows if r.status == status]

    def counts(self) -> dict[str, int]:
        c = Counter(r.status for r in self.rows)
        return {
            "mapped": c["mapped"],
            "out_of_scope": c["out_of_scope"],
            "unmapped": c["unmapped"],
            "total": len(self.rows),
        }

    @property
    def complete(self) -> bool:
        """Every row mapped or out of scope, and no entry with a problem."""
        return not self.of("unmapped") and not self.problems

    def mappings(self) -> list[Mapping]:
        """The mapped rows as SKOS mappings from our hazard types (for `write_mappings`)."""
        return [
            Mapping(r.hazard, MATCHES[r.match or "exact"], r.iri, r.label)
            for r in self.rows
            if r.status == "mapped" and r.hazard
        ]


def load_scope(path: Path = SCOPE_FILE) -> AlignmentScope:
    """Read and check the scope file; a malformed entry raises naming the file and key."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise OntologyError(f"{path}: cannot read the alignment scope ({e})") from e
    except yaml.YAMLError as e:
        raise OntologyError(f"{path}: not valid YAML ({e})") from e
    if not isinstance(doc, dict) or not isinstance(doc.get("sources"), dict):
        raise OntologyError(f"{path}: expected a mapping with 'reasons' and 'sources'")
    reasons = _reasons(path, doc.get("reasons") or {})
    sources: dict[str, dict[str, ScopeEntry]] = {}
    for source, entries in doc["sources"].items():
        if not isinstance(entries, dict):
            raise OntologyError(f"{path}: sources.{source} must map row keys to entries")
        sources[str(source)] = {
            str(k): _entry(path, f"sources.{source}.{k}", str(k), v, reasons)
            for k, v in entries.items()
        }
    return AlignmentScope(reasons, sources)


def _reasons(path: Path, raw: object) -> dict[str, dict[str, str]]:
    if not isinstance(raw, dict):
        raise OntologyError(f"{path}: 'reasons' must map reason keys to {{zh: ..., en: ...}}")
    out: dict[str, dict[str, str]] = {}
    for key, texts in raw.items():
        if not isinstance(texts, dict) or any(
            not str(texts.get(loc, "")).strip() for loc in LOCALES
        ):
            raise OntologyError(f"{path}: reason '{key}' needs a zh and an en text")
        out[str(key)] = {loc: str(texts[loc]).strip() for loc in LOCALES}
    return out


def _entry(
    path: Path, where: str, key: str, raw: object, reasons: MappingABC[str, object]
) -> ScopeEntry:
    if not isinstance(raw, dict) or ("hazard" in raw) == ("out" in raw):
        raise OntologyError(
            f"{path}: {where}: give either {{hazard: CODE}} or {{out: REASON}}, not {raw!r}"
        )
    if "out" in raw:
        reason = str(raw["out"])
        if reason not in reasons:
            hint = did_you_mean(reason, list(reasons))
            raise OntologyError(f"{path}: {where}: unknown reason '{reason}'{hint}")
        return ScopeEntry(key, reason=reason)
    match = str(raw.get("match", "exact"))
    if match not in MATCHES:
        raise OntologyError(f"{path}: {where}: match '{match}' is not one of {', '.join(MATCHES)}")
    return ScopeEntry(key, hazard=str(raw["hazard"]), match=match)


def source_rows(graph: Graph) -> list[tuple[str, URIRef]]:
    """(key, IRI) of every concept of the source's scheme(s); the key is the IRI after the
    scheme's IRI ('fire.forestFire', 'land-slide')."""
    schemes = [s for s in graph.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)]
    rows: dict[str, URIRef] = {}
    for scheme in schemes:
        base = str(scheme)
        for node in graph.subjects(SKOS.inScheme, scheme):
            if isinstance(node, URIRef) and str(node).startswith(base) and node != scheme:
                rows[unquote(str(node)[len(base) :])] = node
    return sorted(rows.items())


def coverage(source: str, graph: Graph, onto: Ontology, scope: AlignmentScope) -> Coverage:
    """What became of every row of `graph` (the converted source) under `scope`."""
    if source not in scope.sources:
        known = list(scope.sources)
        raise OntologyError(
            f"no alignment scope for source '{source}'{did_you_mean(source, known)}; "
            f"scoped sources: {', '.join(known) or 'none'}"
        )
    entries = scope.sources[source]
    rows = source_rows(graph)
    problems: list[str] = []
    out: list[RowCoverage] = []
    for key, node in rows:
        label = label_of(graph, node)
        entry = entries.get(key)
        if entry is None:
            out.append(RowCoverage(key, label, str(node), "unmapped"))
        elif entry.reason is not None:
            out.append(RowCoverage(key, label, str(node), "out_of_scope", reason=entry.reason))
        else:
            hazard = cast(str, entry.hazard)
            problem = _hazard_problem(onto, hazard)
            if problem:
                problems.append(f"{source}.{key}: {problem}")
                out.append(RowCoverage(key, label, str(node), "unmapped"))
            else:
                out.append(
                    RowCoverage(key, label, str(node), "mapped", hazard=hazard, match=entry.match)
                )
    known_keys = {k for k, _ in rows}
    for key in sorted(set(entries) - known_keys):
        problems.append(
            f"{source}.{key}: no such row in the source{did_you_mean(key, known_keys)}; "
            "remove the entry or fix its key"
        )
    return Coverage(source, tuple(out), tuple(problems))


def _hazard_problem(onto: Ontology, code: str) -> str | None:
    concept = onto.concepts.get(code)
    if concept is None or concept.kind != "HazardType":
        try:
            onto.get(code, "HazardType")
        except OntologyError as e:
            return str(e)
    elif concept.deprecated:
        return f"hazard type '{code}' is deprecated; map the row to its replacement"
    return None


# The report's own words, per locale (the reasons are in the scope file).
REPORT_TEXT: dict[str, dict[str, str]] = {
    "coverage": {
        "zh": "{source}：共 {total} 行，已映射 {mapped}，不在范围 {out_of_scope}，"
        "未处理 {unmapped}（覆盖率 {percent}）",
        "en": "{source}: {total} rows, {mapped} mapped, {out_of_scope} out of scope, "
        "{unmapped} neither ({percent} covered)",
    },
    "mapped": {"zh": "已映射", "en": "mapped"},
    "out_of_scope": {"zh": "不在范围", "en": "out of scope"},
    "unmapped": {
        "zh": "未处理（在 {file} 中映射或说明理由）",
        "en": "neither mapped nor out of scope (add an entry to {file})",
    },
    "proposal": {"zh": "标签匹配建议", "en": "label match suggests"},
    "problems": {"zh": "范围文件的问题", "en": "problems in the scope file"},
}


def coverage_text(
    cov: Coverage,
    scope: AlignmentScope,
    onto: Ontology,
    *,
    locale: Locale = "zh",
    proposals: MappingABC[str, Mapping] | None = None,
    scope_file: Path = SCOPE_FILE,
    show_mapped: bool = True,
) -> str:
    """The coverage report: figures, mapped rows, out-of-scope rows with reasons, unmapped
    rows (with the label matcher's proposal, keyed by IRI, when given) and problems."""

    def say(key: str, **values: object) -> str:
        return REPORT_TEXT[key][locale].format(**values)

    def hazard_name(code: str) -> str:
        c = onto.concepts.get(code)
        return (c.name_zh if locale == "zh" else c.name_en) if c else ""

    counts = cov.counts()
    covered = counts["mapped"] + counts["out_of_scope"]
    percent = f"{covered / counts['total']:.0%}" if counts["total"] else "-"
    lines = [say("coverage", source=cov.source, percent=percent, **counts)]
    if show_mapped and cov.of("mapped"):
        lines.append(f"\n{say('mapped')}:")
        for r in cov.of("mapped"):
            code = r.hazard or ""
            lines.append(f"  {r.key:<40} {code:<6} {r.match:<6} {hazard_name(code)}  ({r.label})")
    if cov.of("out_of_scope"):
        lines.append(f"\n{say('out_of_scope')}:")
        for r in cov.of("out_of_scope"):
            reason = r.reason or ""
            lines.append(f"  {r.key:<40} [{reason}] {scope.reason_text(reason, locale)}")
    if cov.of("unmapped"):
        lines.append(f"\n{say('unmapped', file=scope_file.name)}:")
        for r in cov.of("unmapped"):
            hint = ""
            if proposals and r.iri in proposals:
                p = proposals[r.iri]
                hint = f"  {say('proposal')}: {p.concept} {hazard_name(p.concept)} ({p.relation})"
            lines.append(f"  {r.key:<40} {r.label}{hint}")
    if cov.problems:
        lines.append(f"\n{say('problems')}:")
        lines.extend(f"  {p}" for p in cov.problems)
    return "\n".join(lines)
