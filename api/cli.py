"""The `emkg` command line: one sub-command module per area.

Example::

    emkg neo4j start          # local Neo4j 5.26, prints its Bolt URI
    emkg ontology apply       # schema + taxonomy into the graph
    emkg load demo            # the Sichuan demo dataset
    emkg serve                # GraphQL + UI on http://127.0.0.1:8000
    emkg run                  # all of the above, in the foreground (what `make run` does)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from kg.errors import EmkgError
from kg.settings import SettingsError
from ontology.model import OntologyError


def build_parser() -> argparse.ArgumentParser:
    from api import cli_keys, cli_load, cli_neo4j, cli_serve

    parser = argparse.ArgumentParser(
        prog="emkg", description="Emergency-management knowledge graph: decision support."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    cli_neo4j.register(sub)
    _register_ontology(sub)
    cli_load.register(sub)
    cli_serve.register(sub)
    cli_keys.register(sub)
    return parser


def _register_ontology(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from api import cli_apply, cli_ontology

    cli_ontology.register(sub)
    cli_apply.register_into(sub.choices["ontology"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except (EmkgError, SettingsError, OntologyError) as e:
        print(f"emkg: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
