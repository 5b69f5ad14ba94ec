"""`emkg ontology validate | diff | export | align | apply`: the planner's ontology tools.

Example::

    emkg ontology validate                       # the shipped ontology; exit 1 on errors
    emkg ontology validate my-copy/              # a folder (or files) being edited
    emkg ontology diff ontology/ my-copy/ --json
    emkg ontology export --format jsonld --out emkg.jsonld
    emkg ontology align --source sahana          # coverage; exit 1 if a row is neither
    emkg ontology align --source ifrc --out ifrc-mappings.ttl   # the reviewed mappings
    emkg ontology apply my-copy/ --dry-run       # the diff against the graph, nothing written
    emkg ontology apply --force                  # validate and sync even if unchanged
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import click

from kg.settings import Settings

if TYPE_CHECKING:
    from ontology.model import Mapping, Ontology

KINDS_BY_SOURCE: dict[str, tuple[str, ...]] = {
    "fema-rtlt": ("Capability", "TeamType", "EquipmentType"),
    "ifrc": ("HazardType",),
    "sahana": ("HazardType",),
}
PATH = click.Path(path_type=Path)


def _files(paths: tuple[Path, ...]) -> list[Path] | None:
    return list(paths) or None


@click.group()
def ontology() -> None:
    """Validate, diff, export, align and apply the ontology."""


@ontology.command()
@click.argument("files", nargs=-1, type=PATH)
def validate(files: tuple[Path, ...]) -> int:
    """Check syntax, references, labels, cycles, ranges of FILES (.ttl files or folders;
    default: the shipped ontology)."""
    from ontology.validate import summary, validate_files

    issues = validate_files(_files(files))
    for issue in issues:
        click.echo(str(issue))
    click.echo(summary(issues))
    return 1 if any(i.severity == "error" for i in issues) else 0


@ontology.command()
@click.argument("old", type=PATH)
@click.argument("new", type=PATH)
@click.option("--json", "as_json", is_flag=True, help="print JSON instead of text")
def diff(old: Path, new: Path, as_json: bool) -> int:
    """Concepts, labels and relations that changed from OLD to NEW (a .ttl file or a folder)."""
    from ontology import load_ontology
    from ontology.diff import diff_ontologies

    changes = diff_ontologies(load_ontology([old]), load_ontology([new]))
    if as_json:
        click.echo(json.dumps(changes.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(changes.to_text())
    return 0


@ontology.command()
@click.option("--format", "fmt", type=click.Choice(["ttl", "jsonld"]), default="ttl")
@click.option("--out", type=PATH, help="write to this file instead of stdout")
@click.argument("files", nargs=-1, type=PATH)
def export(fmt: Literal["ttl", "jsonld"], out: Path | None, files: tuple[Path, ...]) -> int:
    """The merged ontology (FILES, default: shipped) as Turtle or JSON-LD."""
    from ontology import load_ontology
    from ontology.export import export as export_text

    text = export_text(load_ontology(_files(files)), fmt)
    if out:
        out.write_text(text, encoding="utf-8")
        click.echo(f"wrote {out} ({fmt})")
    else:
        sys.stdout.write(text)
    return 0


@ontology.command()
@click.option(
    "--source", required=True, help="fema-rtlt, ifrc, sahana, or the path of a SKOS/OWL file"
)
@click.option(
    "--data-dir",
    type=PATH,
    default=Path("..") / "shared" / "data",
    show_default=True,
    help="folder of the shared data sets",
)
@click.option(
    "--kinds",
    multiple=True,
    metavar="KIND",
    help="our concept kinds to match, e.g. --kinds HazardType Capability (default: by source)",
)
@click.option("--min-score", type=float, help="lowest similarity for a closeMatch (0..1)")
@click.option("--out", type=PATH, help="write the mappings as Turtle to this file")
@click.option(
    "--scope",
    "scope_file",
    type=PATH,
    help="the alignment scope file (default: ontology/alignment_scope.yaml)",
)
@click.option("--locale", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option(
    "--proposals", is_flag=True, help="also list the label matcher's proposals for every row"
)
@click.argument("more_kinds", nargs=-1, metavar="")
def align(
    source: str,
    data_dir: Path,
    kinds: tuple[str, ...],
    min_score: float | None,
    out: Path | None,
    scope_file: Path | None,
    locale: Literal["zh", "en"],
    proposals: bool,
    more_kinds: tuple[str, ...],
) -> int:
    """Coverage of a scoped source (every row mapped or out of scope, exit 1 if not) and
    SKOS mappings (exactMatch, closeMatch) proposed by label similarity."""
    from ontology import load_ontology
    from ontology.align import DEFAULT_MIN_SCORE, write_mappings
    from ontology.align import align as propose
    from ontology.alignment_scope import SCOPE_FILE, coverage, coverage_text, load_scope
    from ontology.converters import source_graph
    from ontology.model import CONCEPT_KINDS

    if more_kinds and not kinds:
        raise click.UsageError(f"unexpected argument '{more_kinds[0]}'; kinds follow --kinds")
    onto = load_ontology()
    external = source_graph(source, data_dir)
    chosen = (*kinds, *more_kinds) or KINDS_BY_SOURCE.get(source, CONCEPT_KINDS)
    score = DEFAULT_MIN_SCORE if min_score is None else min_score
    mappings = propose(external, onto, min_score=score, kinds=tuple(chosen))
    scope = load_scope(scope_file or SCOPE_FILE)
    if source not in scope.sources:
        return _print_proposals(source, mappings, onto, out)
    cov = coverage(source, external, onto, scope)
    click.echo(
        coverage_text(
            cov,
            scope,
            onto,
            locale=locale,
            proposals={m.target: m for m in mappings},
            scope_file=scope_file or SCOPE_FILE,
        )
    )
    if proposals:
        click.echo("")
        _print_proposals(source, mappings, onto, None)
    if out:
        write_mappings(cov.mappings()).serialize(out, format="turtle")
        click.echo(f"wrote {out} ({len(cov.mappings())} reviewed mappings)")
    return 0 if cov.complete else 1


def _print_proposals(source: str, mappings: list[Mapping], onto: Ontology, out: Path | None) -> int:
    from ontology.align import mappings_text, write_mappings

    if mappings:
        click.echo(mappings_text(mappings, onto))
    exact = sum(1 for m in mappings if m.relation == "exactMatch")
    click.echo(
        f"{len(mappings)} mappings ({exact} exactMatch, {len(mappings) - exact} closeMatch) "
        f"to {source}; review them before adding them to the ontology"
    )
    if out:
        write_mappings(mappings).serialize(out, format="turtle")
        click.echo(f"wrote {out}")
    return 0


@ontology.command()
@click.argument("files", nargs=-1, type=PATH)
@click.option("--dry-run", is_flag=True, help="show the changes, write nothing")
@click.option(
    "--force",
    is_flag=True,
    help="validate and sync even when the graph says these files were applied unchanged",
)
def apply(files: tuple[Path, ...], dry_run: bool, force: bool) -> int:
    """Validate FILES (default: shipped) strictly, print the diff against the graph and sync
    schema and taxonomy into Neo4j; an invalid ontology is refused with its errors. Files
    applied before, unchanged and with no taxonomy edit since, are skipped (--force)."""
    from api.operations import apply_ontology
    from kg.driver import open_driver

    settings = Settings.from_env()
    with open_driver(settings) as driver:
        applied = apply_ontology(driver, settings, _files(files), dry_run=dry_run, force=force)
    click.echo(applied.to_text())
    return 0
