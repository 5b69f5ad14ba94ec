"""`emkg repair`: find, and with --apply remove, doubled relationships in the whole graph.

Loads since issue 14 MERGE every relationship and repair the nodes they touch; a graph
loaded before that may still hold doubles elsewhere (two identical HAS_CAPABILITY links
from a team, which counted that capability twice). By default the command only reports;
``--apply`` removes them and writes one audit entry (action ``repair``). Running it again
finds nothing: the repair is idempotent. Exit code 0 when the graph is clean or was
repaired, 1 when a dry run found doubles (so scripts can check a graph with it).

Example::

    emkg repair            # report only
    emkg repair --apply    # remove the doubles, audited
"""

from __future__ import annotations

import click

from api.cli.cmd_load import _actor
from api.operations import repair_graph
from kg.driver import open_driver
from kg.settings import Settings


@click.command()
@click.option("--apply", "apply_", is_flag=True, help="remove the doubles (default: report only)")
def repair(apply_: bool) -> int:
    """Find (and with --apply remove) doubled relationships in the whole graph."""
    settings = Settings.from_env()
    with open_driver(settings) as driver:
        report = repair_graph(driver, settings, apply=apply_, actor=_actor())
    click.echo(report.to_text())
    if report.total and report.dry_run:
        click.echo("run `emkg repair --apply` to remove them", err=True)
        return 1
    return 0
