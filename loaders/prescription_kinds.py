"""A prescription that states what its target is (``kind: expert``) is checked against it.

A plan's prescription names a capability, team type or equipment type (taxonomy ids,
checked against the ontology) or a team or an expert (record ids, whose syntax is alike:
the reference check looks them up). With ``kind`` the loader links the label it names;
a taxonomy id of another kind, or a taxonomy id given as a team or an expert, is refused
here with the kind it really is. Without ``kind`` a taxonomy id is read by its syntax and
any other id as a team (files written before experts could be named).

Example::

    lf = next(f for f in KINDS["plans"].links if f.field == "prescribes")
    stated_kind_problem(lf, {"target": "tt.usar", "kind": "capability"}, concepts)
    # (True, Problem('LOAD_PRESCRIPTION_KIND', id='tt.usar', found=kind.TeamType, ...))
    stated_kind_problem(lf, {"target": "X-SC-001", "kind": "expert"}, concepts)
    # (True, None): a record id, looked up by loaders.references
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from loaders.records import LinkField
from ontology.model import CONCEPT_KINDS
from ontology.problems import Problem, TermKey
from ontology.record_rules import unknown


def stated_kind_problem(
    lf: LinkField, value: Any, concepts: Mapping[str, str]
) -> tuple[bool, Problem | None]:
    """(whether `value` states a kind, what is wrong with its target for that kind).

    `concepts`: every taxonomy id -> its kind (label)."""
    if lf.kind_key is None or lf.target_key is None or not isinstance(value, Mapping):
        return False, None
    label = lf.kind_labels.get(value.get(lf.kind_key))  # type: ignore[arg-type]
    target = value.get(lf.target_key)
    if label is None or not isinstance(target, str):
        return False, None  # no kind (or one the shape refuses): checked as before
    found = concepts.get(target)
    if found == label:
        return True, None
    if found is not None:  # a taxonomy id of another kind than the one stated
        return True, Problem.of(
            "LOAD_PRESCRIPTION_KIND",
            id=target[:200],
            found=TermKey(f"kind.{found}"),
            field=lf.kind_key,
            given=str(value[lf.kind_key]),
            fix=found[:1].lower() + found[1:],
        )
    if label in CONCEPT_KINDS:  # no such taxonomy id at all
        known = [c for c, k in concepts.items() if k == label]
        kinds = (TermKey(f"kind.{label}"),)
        return True, unknown("LOAD_UNKNOWN_CONCEPT", target, known, kinds=kinds, id=target)
    return True, None  # a team or an expert: loaders.references looks it up
