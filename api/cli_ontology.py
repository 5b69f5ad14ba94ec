"""`emkg ontology validate | diff | export | align`: the planner's ontology tools.

(`emkg ontology apply`, which writes to Neo4j, is added by `api.cli_apply`.)

Example::

    emkg ontology validate                       # the shipped ontology; exit 1 on errors
    emkg ontology validate my-copy/              # a folder (or files) being edited
    emkg ontology diff ontology/ my-copy/ --json
    emkg ontology export --format jsonld --out emkg.jsonld
    emkg ontology align --source ifrc --out ifrc-mappings.ttl
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ontology import OntologyError

KINDS_BY_SOURCE: dict[str, tuple[str, ...]] = {
    "fema-rtlt": ("Capability", "TeamType", "EquipmentType"),
    "ifrc": ("HazardType",),
    "sahana": ("HazardType",),
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `ontology` command and its sub-commands to the `emkg` parser."""
    parser = subparsers.add_parser("ontology", help="validate, diff, export and align the ontology")
    inner = parser.add_subparsers(dest="ontology_command", required=True, metavar="SUBCOMMAND")

    p = inner.add_parser("validate", help="check syntax, references, labels, cycles, ranges")
    p.add_argument(
        "files",
        nargs="*",
        type=Path,
        help="ontology .ttl files or folders (default: the shipped ontology)",
    )
    p.set_defaults(handler=_guarded(run_validate))

    p = inner.add_parser("diff", help="concepts, labels and relations that changed")
    p.add_argument("old", type=Path, help="old version: a .ttl file or a folder of them")
    p.add_argument("new", type=Path, help="new version: a .ttl file or a folder of them")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(handler=_guarded(run_diff))

    p = inner.add_parser("export", help="the merged ontology as Turtle or JSON-LD")
    p.add_argument("--format", choices=("ttl", "jsonld"), default="ttl")
    p.add_argument("--out", type=Path, help="write to this file instead of stdout")
    p.add_argument("files", nargs="*", type=Path, help="ontology files (default: shipped)")
    p.set_defaults(handler=_guarded(run_export))

    p = inner.add_parser("align", help="propose SKOS mappings to an external vocabulary")
    p.add_argument(
        "--source", required=True, help="fema-rtlt, ifrc, sahana, or the path of a SKOS/OWL file"
    )
    p.add_argument(
        "--data-dir",
        type=Path,
        default=Path("..") / "shared" / "data",
        help="folder of the shared data sets (default: ../shared/data)",
    )
    p.add_argument(
        "--kinds", nargs="+", metavar="KIND", help="our concept kinds to match (default: by source)"
    )
    p.add_argument(
        "--min-score", type=float, default=None, help="lowest similarity for a closeMatch (0..1)"
    )
    p.add_argument("--out", type=Path, help="write the mappings as Turtle to this file")
    p.set_defaults(handler=_guarded(run_align))


def _guarded(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except OntologyError as e:
            print(f"emkg: error: {e}", file=sys.stderr)
            return 1

    return run


def _files(paths: Sequence[Path]) -> list[Path] | None:
    return list(paths) or None


def run_validate(args: argparse.Namespace) -> int:
    from ontology.validate import summary, validate_files

    issues = validate_files(_files(args.files))
    for issue in issues:
        print(issue)
    print(summary(issues))
    return 1 if any(i.severity == "error" for i in issues) else 0


def run_diff(args: argparse.Namespace) -> int:
    from ontology import load_ontology
    from ontology.diff import diff_ontologies

    diff = diff_ontologies(load_ontology([args.old]), load_ontology([args.new]))
    if args.json:
        print(json.dumps(diff.to_json(), ensure_ascii=False, indent=2))
    else:
        print(diff.to_text())
    return 0


def run_export(args: argparse.Namespace) -> int:
    from ontology import load_ontology
    from ontology.export import export

    text = export(load_ontology(_files(args.files)), args.format)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out} ({args.format})")
    else:
        sys.stdout.write(text)
    return 0


def run_align(args: argparse.Namespace) -> int:
    from ontology import load_ontology
    from ontology.align import DEFAULT_MIN_SCORE, align, mappings_text, write_mappings
    from ontology.converters import source_graph
    from ontology.model import CONCEPT_KINDS

    onto = load_ontology()
    external = source_graph(args.source, args.data_dir)
    kinds = tuple(args.kinds or KINDS_BY_SOURCE.get(args.source, CONCEPT_KINDS))
    min_score = DEFAULT_MIN_SCORE if args.min_score is None else args.min_score
    mappings = align(external, onto, min_score=min_score, kinds=kinds)
    if mappings:
        print(mappings_text(mappings, onto))
    exact = sum(1 for m in mappings if m.relation == "exactMatch")
    print(
        f"{len(mappings)} mappings ({exact} exactMatch, {len(mappings) - exact} closeMatch) "
        f"to {args.source}; review them before adding them to the ontology"
    )
    if args.out:
        write_mappings(mappings).serialize(args.out, format="turtle")
        print(f"wrote {args.out}")
    return 0
