"""Turn other vocabularies into SKOS graphs so `ontology.align` can map them to ours.

Generic converters, configured per source, never per row:

* `fema_rtlt_to_skos` - the FEMA RTLT JSON compilation (resource typing
  definitions under their FEMA core capability);
* `csv_to_skos` - any CSV with a label column, optional key, synonym and note
  columns, and hierarchy from dotted keys; `ifrc_hazards_to_skos` and
  `sahana_incident_types_to_skos` are two configurations of it.

Example::

    g = fema_rtlt_to_skos(Path("../shared/data/fema-rtlt/FEMA_RTLT_NQS_Database.json"))
    g = source_graph("ifrc", Path("../shared/data"))
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from rdflib import DCTERMS, RDF, SKOS, Graph, Literal, URIRef
from rdflib.util import guess_format

from ontology.model import FEMA_CC_NS, OntologyError, did_you_mean

EXT_NS = "https://w3id.org/emkg/ext/"
FEMA_CC_SCHEME = URIRef(FEMA_CC_NS)
RTLT_SCHEME = URIRef("https://rtlt.preptoolkit.fema.gov/Public/Resource/View/")
RTLT_BASE = "https://rtlt.preptoolkit.fema.gov/Public/Record/"
IFRC_NS = EXT_NS + "ifrc-hazard/"
SAHANA_NS = EXT_NS + "sahana-incident-type/"

# Where each named source lives under the shared data folder.
SOURCES: dict[str, str] = {
    "fema-rtlt": "fema-rtlt/FEMA_RTLT_NQS_Database.json",
    "ifrc": "sahana/ifrc_hazard_synonyms.csv",
    "sahana": "sahana/incident_type.csv",
}


def slug(text: str) -> str:
    """'Mass Search and Rescue Operations' -> 'mass-search-and-rescue-operations'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def fema_rtlt_to_skos(
    path: Path, record_types: Iterable[str] = ("Resource Typing Definition",)
) -> Graph:
    """RTLT records as SKOS concepts, each skos:broader its FEMA core capability.

    A record's IRI is its RTLT page URL without the query string (so it matches
    the crosswalk in external.ttl); the core capabilities are minted under
    `FEMA_CC_NS` from their names. A name's bracketed part is dropped for an
    extra altLabel ("Air Search Team (Fixed-Wing)" -> "Air Search Team").
    """
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise OntologyError(f"{path}: cannot read the FEMA RTLT JSON ({e})") from e
    wanted = set(record_types)
    g = _graph()
    g.add((FEMA_CC_SCHEME, RDF.type, SKOS.ConceptScheme))
    g.add((FEMA_CC_SCHEME, SKOS.prefLabel, Literal("FEMA core capabilities", lang="en")))
    g.add((RTLT_SCHEME, RDF.type, SKOS.ConceptScheme))
    g.add((RTLT_SCHEME, SKOS.prefLabel, Literal("FEMA RTLT", lang="en")))
    records = [r for r in doc.get("records", []) if isinstance(r, dict)]
    # The core-capability scheme is built from every record; resources only from `wanted`.
    for cc in sorted(
        {str(r["primary_core_capability"]) for r in records if r.get("primary_core_capability")}
    ):
        cc_node = URIRef(FEMA_CC_NS + slug(cc))
        g.add((cc_node, RDF.type, SKOS.Concept))
        g.add((cc_node, SKOS.prefLabel, Literal(cc, lang="en")))
        g.add((cc_node, SKOS.inScheme, FEMA_CC_SCHEME))
    for rec in records:
        if rec.get("record_type") not in wanted or not rec.get("name"):
            continue
        node = _rtlt_iri(rec)
        name = " ".join(str(rec["name"]).split())
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, RTLT_SCHEME))
        g.add((node, SKOS.prefLabel, Literal(name, lang="en")))
        short = re.sub(r"\s*\([^)]*\)", "", name).strip()
        if short and short != name:
            g.add((node, SKOS.altLabel, Literal(short, lang="en")))
        if rec.get("fema_id"):
            g.add((node, SKOS.notation, Literal(str(rec["fema_id"]))))
        for key, prop in (("resource_kind", DCTERMS.type), ("resource_category", SKOS.note)):
            if rec.get(key):
                g.add((node, prop, Literal(str(rec[key]))))
        if primary := rec.get("primary_core_capability"):
            g.add((node, SKOS.broader, URIRef(FEMA_CC_NS + slug(str(primary)))))
    return g


def _rtlt_iri(rec: dict[str, object]) -> URIRef:
    url = str(rec.get("source_url") or "")
    if url.startswith("http"):
        parts = urlsplit(url)
        return URIRef(urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")))
    return URIRef(RTLT_BASE + quote(str(rec.get("fema_id") or slug(str(rec["name"]))), safe=""))


def csv_to_skos(
    path: Path,
    *,
    base_iri: str,
    scheme_label: str,
    label_column: str,
    key_column: str | None = None,
    synonyms_column: str | None = None,
    note_column: str | None = None,
    broader_separator: str | None = None,
) -> Graph:
    """A CSV vocabulary as a SKOS concept scheme.

    The IRI is `base_iri` + the key column (or the label's slug). Synonyms are
    split on ',' and ';' and a leading "word:" ("includes: flash floods") is
    dropped. With `broader_separator`, a key "fire.forestFire" is skos:broader
    "fire" when that key exists. A note that is a URL becomes rdfs:seeAlso.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as e:
        raise OntologyError(f"{path}: cannot read the CSV ({e})") from e
    columns = [c for c in (label_column, key_column, synonyms_column, note_column) if c]
    header = list(rows[0]) if rows else []
    for c in columns:
        if rows and c not in header:
            raise OntologyError(f"{path}: no column '{c}'{did_you_mean(c, header)}")
    scheme = URIRef(base_iri)
    g = _graph()
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, Literal(scheme_label, lang="en")))
    keys: dict[str, URIRef] = {}
    for row in rows:
        label = (row.get(label_column) or "").strip()
        if not label:
            continue
        key = (row.get(key_column) or "").strip() if key_column else ""
        key = key or slug(label)
        node = URIRef(base_iri + quote(key, safe="._-"))
        keys[key] = node
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, scheme))
        g.add((node, SKOS.prefLabel, Literal(label, lang="en")))
        if key_column:
            g.add((node, SKOS.notation, Literal(key)))
        for syn in split_synonyms(row.get(synonyms_column or "") or ""):
            if syn.lower() != label.lower():
                g.add((node, SKOS.altLabel, Literal(syn, lang="en")))
        note = (row.get(note_column or "") or "").strip()
        if note:
            is_url = note.startswith(("http://", "https://"))
            g.add(
                (
                    node,
                    SKOS.note if not is_url else _SEE_ALSO,
                    URIRef(note) if is_url else Literal(note),
                )
            )
    if broader_separator:
        for key, node in keys.items():
            parent = key.rsplit(broader_separator, 1)[0] if broader_separator in key else ""
            if parent in keys:
                g.add((node, SKOS.broader, keys[parent]))
    return g


_SEE_ALSO = URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso")


def split_synonyms(text: str) -> list[str]:
    """'inundation; includes: flash floods' -> ['inundation', 'flash floods']."""
    out = []
    for part in re.split(r"[,;]", text):
        part = re.sub(r"^\s*\w+:\s*", "", part).strip()
        if part:
            out.append(part)
    return out


def ifrc_hazards_to_skos(path: Path) -> Graph:
    """IFRC hazard names with their synonym lists (Sahana Eden's IFRC template)."""
    return csv_to_skos(
        path,
        base_iri=IFRC_NS,
        scheme_label="IFRC hazards",
        label_column="Name",
        synonyms_column="Comments",
    )


def sahana_incident_types_to_skos(path: Path) -> Graph:
    """Sahana Eden incident types, hierarchical by their EDXL/EMS-style dotted keys."""
    return csv_to_skos(
        path,
        base_iri=SAHANA_NS,
        scheme_label="Sahana Eden incident types",
        label_column="Type",
        key_column="KV:EMS",
        note_column="Comments",
        broader_separator=".",
    )


def source_graph(source: str, data_dir: Path) -> Graph:
    """The SKOS graph of a named source ('fema-rtlt', 'ifrc', 'sahana') or of an RDF file."""
    if source in SOURCES:
        path = data_dir / SOURCES[source]
        if not path.is_file():
            raise OntologyError(f"{path}: not found; point --data-dir at the shared data folder")
        converter = {
            "fema-rtlt": fema_rtlt_to_skos,
            "ifrc": ifrc_hazards_to_skos,
            "sahana": sahana_incident_types_to_skos,
        }[source]
        return converter(path)
    path = Path(source)
    if not path.is_file():
        raise OntologyError(
            f"unknown source '{source}'{did_you_mean(source, SOURCES)}; use "
            f"{', '.join(SOURCES)} or the path of a SKOS/OWL file"
        )
    g = Graph()
    try:
        g.parse(path, format=guess_format(str(path)) or "turtle")
    except Exception as e:
        raise OntologyError(f"{path}: cannot parse as RDF ({e})") from e
    return g


def _graph() -> Graph:
    g = Graph()
    g.bind("skos", str(SKOS))
    g.bind("dcterms", str(DCTERMS))
    return g
