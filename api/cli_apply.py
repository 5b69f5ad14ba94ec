"""`emkg ontology apply`: print the diff against what the graph holds, then apply it."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.settings import Settings


def _add(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="*", type=Path, help="ontology files (default: shipped)")
    p.add_argument("--dry-run", action="store_true", help="show the changes, write nothing")
    p.set_defaults(handler=run)


def register_into(ontology_parser: argparse.ArgumentParser) -> None:
    for action in ontology_parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            _add(action.add_parser("apply", help="sync schema and taxonomy into Neo4j"))
            return
    raise RuntimeError("the ontology command has no sub-commands")  # pragma: no cover


def run(args: argparse.Namespace) -> int:
    from kg.driver import open_driver
    from kg.embeddings import load_embedder, refresh_embeddings
    from kg.ontology_sync import sync_ontology
    from ontology import load_ontology

    settings = Settings.from_env()
    onto = load_ontology(list(args.files) or None)
    with open_driver(settings) as driver:
        report = sync_ontology(driver, settings.neo4j_database, onto, dry_run=args.dry_run)
        print(report.to_text())
        if not args.dry_run:
            # Search vectors for every searchable node whose text changed (issue 7).
            embedder = load_embedder(settings.model_name)
            print(refresh_embeddings(driver, settings.neo4j_database, embedder).to_text())
    if args.dry_run and not report.is_empty:
        print("(dry run: nothing written)")
    return 0
