"""A workbench input as a loader record: validated by the loaders' record shapes, turned
into the rows the loaders write, problems as userErrors naming the input field.

The same `RecordChecker` that checks a loaded file checks an edit (the SHACL record
shapes of shapes.ttl, the ontology's concept ids), and the same record kinds
(`loaders.records.KINDS`, `loaders.linking.link_plan`) say which field becomes which
property or relationship, so an edit and a load cannot disagree. Field paths are the
record's (``capabilities[1].level``); the inputs use the same names.

Example::

    edit = record_edit("teams", {"id": "T-1", "nameZh": "队", ...}, create=True)
    # RecordEdit(label='Team', row={...}, links=(LinkRows(OF_TYPE ...), ...))
    # or RecordProblems([FieldIssue('headcount', ...)])
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from functools import cache
from typing import Any

from api.graphql.reasons import Reason
from api.graphql.user_errors import UserError, UserErrorCode
from api.messages import Lang
from loaders.linking import link_plan
from loaders.records import KINDS, RecordKind
from loaders.validation import RecordChecker
from ontology.shapes import FieldIssue
from queries.catalog.record_edits import LinkRows, RecordEdit


class RecordProblems(Exception):
    """The record breaks its shape: every problem, each naming its field."""

    def __init__(self, issues: list[FieldIssue]) -> None:
        super().__init__("; ".join(f"{i.field}: {issue_text(i, 'en')}" for i in issues))
        self.issues = issues


@cache
def _checker(kind: str) -> RecordChecker:
    return RecordChecker.for_kind(kind)


def issue_text(issue: FieldIssue, lang: Lang) -> str:
    """A shape problem in `lang` (a catalog problem, ontology/problems.py)."""
    return issue.problem.text(lang)


def issue_errors(issues: list[FieldIssue], lang: Lang, prefix: str = "") -> list[UserError]:
    """Shape problems as userErrors: `field` is the input path, the message in `lang`."""
    out = []
    for issue in issues:
        text = issue_text(issue, lang)
        out.append(
            UserError(
                field=prefix + issue.field,
                message=text,
                code=UserErrorCode.INVALID,
                detail=Reason(code=issue.problem.code, params=[], text=text),
            )
        )
    return out


def _paths(kind: RecordKind, record: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """Per link field: target id -> its input path (for 'unknown id' messages)."""
    out: dict[str, dict[str, str]] = {}
    for lf in kind.links:
        raw = record.get(lf.field)
        paths: dict[str, str] = {}
        if isinstance(raw, list):
            for i, v in enumerate(raw):
                target = v.get(lf.target_key) if lf.target_key and isinstance(v, Mapping) else v
                suffix = f".{lf.target_key}" if lf.target_key else ""
                paths.setdefault(str(target), f"{lf.field}[{i}]{suffix}")
        elif raw is not None:
            paths[str(raw)] = lf.field
        out[lf.field] = paths
    return out


def record_edit(
    kind_name: str,
    record: dict[str, Any],
    *,
    create: bool,
    keep: Collection[str] = (),
    target_labels: Mapping[str, str] | None = None,
) -> RecordEdit:
    """Check `record` as the loaders do and build its rows; RecordProblems if it is invalid.

    `keep`: optional fields the input left out, kept as they are on an update (a planner
    cannot read a team's contacts, so leaving them out must not erase them).
    `target_labels`: the label of each list-of-object target id (a plan's prescriptions
    name capabilities, team types, teams, equipment types and experts)."""
    clean = {k: v for k, v in record.items() if k not in keep}
    issues = _checker(kind_name).check(clean)
    if issues:
        raise RecordProblems(issues)
    kind = KINDS[kind_name]
    if target_labels is not None:
        labels = dict(target_labels)
        kind = dataclasses.replace(
            kind,
            links=tuple(
                dataclasses.replace(lf, choose=lambda t: labels.get(t, "")) if lf.target_key else lf
                for lf in kind.links
            ),
        )
    row = kind.node_row(clean)
    gone = {*keep, "location"} if "latitude" in keep else set(keep)
    row["props"] = {k: v for k, v in row["props"].items() if k not in gone}
    paths = _paths(kind, clean)
    links = tuple(
        LinkRows(spec, rows, replace, lf.field, paths.get(lf.field, {}))
        for spec, rows, replace, _expected, lf in link_plan(kind, [clean])
        if lf.field not in keep  # a list left out of an update keeps its links
    )
    return RecordEdit(kind.label, row, links, create)
