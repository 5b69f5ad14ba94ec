"""What a load did: counts per outcome, errors, timing; printed at the end of `emkg load`
and shown to the planner after an upload, each line a catalog message (English on the
command line, the UI's language in the planner's view).

Example::

    print(summary.to_text())                 # summary.to_text(lang="zh") for the planner
    # teams.csv (teams, source 'agency-x'): 1000 rows, 997 valid, 3 skipped;
    #   nodes: 997 created, 0 updated, 0 unchanged; relationships: +2991 -0; 2.1s
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.readers import clip
from loaders.validation import SKIP, RowError
from ontology.problems import ParamValue, Problem, ProblemLang

MAX_ERRORS_KEPT = 200
Params = dict[str, ParamValue]  # a report line's parameters


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

    def to_text(self, *, max_errors: int = 20, lang: ProblemLang = "en") -> str:
        """The report in `lang` (the command line: English; the planner's upload: the UI's)."""
        return "\n".join(p.text(lang) for p in self.report(max_errors=max_errors, lang=lang))

    def report(self, *, max_errors: int = 20, lang: ProblemLang = "en") -> list[Problem]:
        """The report's lines as catalog messages (api/static/i18n/reasons.json); the
        error lines quote each row's problem in `lang`."""
        counts: Params = {"rows": self.rows, "valid": self.valid, "skipped": self.skipped}
        head: Params = {
            "file": self.file,
            "kind": self.kind,
            "source": self.source,
            "run": self.run_id,
        }
        if self.filtered:
            lines = [
                Problem.of("LOAD_REPORT_HEAD_FILTERED", **head, **counts, filtered=self.filtered)
            ]
        else:
            lines = [Problem.of("LOAD_REPORT_HEAD", **head, **counts)]
        if self.aborted:
            lines.append(Problem.of("LOAD_REPORT_ABORTED", bad=self.error_rows, option=SKIP))
        elif self.dry_run:
            lines.append(Problem.of("LOAD_REPORT_DRY_RUN"))
        else:
            written: Params = {
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
                "skipped": self.skipped,
                "added": self.rels_created,
                "removed": self.rels_removed,
                "seconds": f"{self.seconds:.1f}",
            }
            if self.retired:
                lines.append(
                    Problem.of("LOAD_REPORT_WRITTEN_RETIRED", **written, retired=self.retired)
                )
            else:
                lines.append(Problem.of("LOAD_REPORT_WRITTEN", **written))
        if self.encoding:
            lines.append(
                Problem.of("LOAD_REPORT_ENCODING", encoding=self.encoding, expected="UTF-8")
            )
        if self.rels_repaired:
            lines.append(Problem.of("LOAD_REPORT_REPAIRED", count=self.rels_repaired))
        if self.duplicates:
            shown = list(self.duplicates.items())[:5]
            ids = ", ".join(f"'{clip(i, 40)}' ×{n}" for i, n in shown)
            more = len(self.duplicates) - len(shown)
            merged: Params = {"count": len(self.duplicates), "ids": ids}
            if more:
                lines.append(Problem.of("LOAD_REPORT_MERGED_MORE", **merged, more=more))
            else:
                lines.append(Problem.of("LOAD_REPORT_MERGED", **merged))
        for what, n in sorted(self.dangling.items()):
            lines.append(Problem.of("LOAD_REPORT_DANGLING", count=n, field=what))
        for (old, new), n in sorted(self.legacy_codes.items()):
            legacy: Params = {"old": old, "new": new, "rows": n, "standard": "GB/T 35561"}
            lines.append(Problem.of("LOAD_REPORT_LEGACY", **legacy, doc="ontology/HAZARD_CODES.md"))
        for err in self.errors[:max_errors]:
            where: Params = {
                "file": err.file,
                "row": err.row,
                "field": err.where(lang),
                "reason": err.text(lang),
            }
            if err.record_id:
                lines.append(Problem.of("LOAD_REPORT_ERROR_ID", **where, id=err.record_id))
            else:
                lines.append(Problem.of("LOAD_REPORT_ERROR", **where))
        if len(self.errors) > max_errors or self.error_rows > len(self.errors):
            lines.append(Problem.of("LOAD_REPORT_MORE", bad=self.error_rows))
        if self.errors_file:
            lines.append(Problem.of("LOAD_REPORT_ERRORS_FILE", path=self.errors_file))
        return lines
