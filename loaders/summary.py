"""What a load did: counts per outcome, errors, timing; printed at the end of `emkg load`.

Example::

    print(summary.to_text())
    # teams.csv (teams, source 'agency-x'): 1000 rows, 997 valid, 3 skipped;
    #   nodes: 997 created, 0 updated, 0 unchanged; relationships: +2991 -0; 2.1s
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.readers import clip
from loaders.validation import RowError

MAX_ERRORS_KEPT = 200


@dataclass
class LoadSummary:
    file: str
    kind: str
    source: str
    run_id: str
    dry_run: bool = False
    rows: int = 0
    valid: int = 0
    skipped: int = 0
    filtered: int = 0  # rows the mapping's `where:` left out
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    rels_created: int = 0
    rels_removed: int = 0
    rels_repaired: int = 0  # doubled relationships (same ends, same properties) removed
    # id -> rows that had it (skip mode: merged, the last row won)
    duplicates: dict[str, int] = field(default_factory=dict)
    encoding: str | None = None  # the text encoding the file was read in, when not UTF-8
    dangling: dict[str, int] = field(default_factory=dict)
    # (old hazard id, current code) -> rows where the old id was read as the current code
    legacy_codes: dict[tuple[str, str], int] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    error_rows: int = 0
    aborted: bool = False
    errors_file: str | None = None
    seconds: float = 0.0

    @property
    def nodes_written(self) -> int:
        return self.created + self.updated + self.unchanged

    def add_error(self, err: RowError) -> None:
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(err)

    def to_text(self, *, max_errors: int = 20) -> str:
        head = f"{self.file} ({self.kind}, source '{self.source}', run {self.run_id}): "
        counts = f"{self.rows} rows, {self.valid} valid, {self.skipped} skipped"
        if self.filtered:
            counts += f", {self.filtered} not selected by the mapping"
        lines = [head + counts]
        if self.aborted:
            lines.append(
                f"  ABORTED: {self.error_rows} bad row(s); nothing was written "
                "(fix them, or use --on-error skip to load the good rows)"
            )
        elif self.dry_run:
            lines.append("  dry run: nothing was written")
        else:
            lines.append(
                f"  nodes: {self.created} created, {self.updated} updated, "
                f"{self.unchanged} unchanged, {self.skipped} skipped"
                + (f", {self.retired} retired" if self.retired else "")
                + f"; relationships: +{self.rels_created} -{self.rels_removed}; "
                f"{self.seconds:.1f}s"
            )
        if self.encoding:
            lines.append(f"  read as {self.encoding} (the file is not UTF-8)")
        if self.rels_repaired:
            lines.append(
                f"  repaired: {self.rels_repaired} doubled relationship(s) removed "
                "(same type, same nodes, same properties)"
            )
        if self.duplicates:
            ids = ", ".join(
                f"'{clip(i, 40)}' ({n} rows)" for i, n in list(self.duplicates.items())[:5]
            )
            more = f" and {len(self.duplicates) - 5} more" if len(self.duplicates) > 5 else ""
            lines.append(
                f"  merged: {len(self.duplicates)} id(s) occur in more than one row; the last "
                f"row of each was loaded: {ids}{more}"
            )
        for what, n in sorted(self.dangling.items()):
            lines.append(
                f"  warning: {n} {what} reference(s) point at ids not in the graph "
                "(load those records first)"
            )
        for (old, new), n in sorted(self.legacy_codes.items()):
            lines.append(
                f"  warning: old hazard code '{old}' read as '{new}' in {n} row(s); "
                "it is deprecated: use the GB/T 35561 event code (ontology/HAZARD_CODES.md)"
            )
        for err in self.errors[:max_errors]:
            lines.append(f"  error: {err}")
        if len(self.errors) > max_errors or self.error_rows > len(self.errors):
            lines.append(f"  ... {self.error_rows} bad row(s) in all")
        if self.errors_file:
            lines.append(f"  bad rows and reasons: {self.errors_file}")
        return "\n".join(lines)
