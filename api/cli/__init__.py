"""The `emkg` command line: one module per command group, built with click.

Example::

    emkg neo4j start          # local Neo4j 5.26, prints its Bolt URI
    emkg ontology apply       # validate, then schema + taxonomy into the graph
    emkg load demo            # the Sichuan demo dataset
    emkg serve                # GraphQL + UI on http://127.0.0.1:8000
    emkg run                  # all of the above, in the foreground (what `make run` does)
    emkg cap import alert.cap # a CAP alert or feed -> incident drafts
    emkg readiness report --province 510000 --level I   # plan readiness (HTML/PDF)
    emkg repair --apply       # remove doubled relationships left by old loads
    emkg drill run earthquake_luding --report out.html   # a drill in the sandbox

From Python (tests)::

    from api.cli import main
    main(["ontology", "validate"])     # the exit code, 0 when all is well
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

import click

from api.cli.cmd_load import generate, load
from api.cli.cmd_neo4j import neo4j
from api.cli.cmd_ontology import ontology
from api.cli.cmd_readiness import readiness
from api.cli.cmd_serve import run, serve
from kg.errors import EmkgError
from kg.settings import SettingsError
from ontology.model import OntologyError

__all__ = ["cli", "main"]

# Commands whose modules import seconds of libraries (the CAP parser, the drill engine's
# solver, the key store's async driver, the loader pipeline) are imported when run or
# listed, so that `emkg run` starts Neo4j sooner.
LAZY_COMMANDS = {
    "cap": "api.cli.cmd_cap",
    "drill": "api.cli.cmd_drill",
    "keys": "api.cli.cmd_keys",
    "repair": "api.cli.cmd_repair",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS:
            command: click.Command = getattr(importlib.import_module(LAZY_COMMANDS[name]), name)
            return command
        return super().get_command(ctx, name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Emergency-management knowledge graph: decision support."""


for command in (neo4j, ontology, load, generate, serve, run):
    cli.add_command(command)
cli.add_command(readiness)  # plan readiness reports (issue 18)


def main(argv: Sequence[str] | None = None) -> int:
    """Run `emkg` with `argv` (default: the process arguments); the exit code.

    Errors of our own (bad input, Neo4j unreachable, an invalid ontology) end
    with one line `emkg: error: ...` on stderr and exit code 1; usage errors
    with click's message and exit code 2; Ctrl-C with 130.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        code = cli.main(args=args, prog_name="emkg", standalone_mode=False)
    except (EmkgError, SettingsError, OntologyError) as e:
        click.echo(f"emkg: error: {e}", err=True)
        return 1
    except click.ClickException as e:
        e.show()
        return e.exit_code
    except (click.Abort, KeyboardInterrupt):
        return 130
    return int(code or 0)
