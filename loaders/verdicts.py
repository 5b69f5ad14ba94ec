"""The same record validation, remembered per (field, value): a national file repeats values.

A record shape checks each field on its own (``RecordValidator._check`` depends on
the rule and the value only), so the answer for a value seen before is the answer
it got then. A million equipment rows hold a few dozen names, types and statuses:
those are checked once. Fields whose values rarely repeat (ids, coordinates) stop
being remembered after a first sample, so memory stays bounded.

Example::

    checker = RecordChecker.for_kind("equipment")
    memoize_checker(checker)          # checker.check(...) answers exactly as before
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields
from typing import Any

from loaders.validation import RecordChecker
from ontology.record_rules import FieldRule
from ontology.shapes import FieldIssue, RecordValidator

SAMPLE = 20_000  # lookups of a field before its hit rate is judged
MIN_HIT_RATE = 0.5
MAX_ENTRIES = 200_000  # per field


def _key(raw: object) -> object | None:
    """A hashable key that tells 1, 1.0 and True apart; None when the value is not cached."""
    if raw is None or isinstance(raw, str | int | float | bool):
        return (type(raw), raw)
    if isinstance(raw, list | tuple) and all(
        x is None or isinstance(x, str | int | float | bool) for x in raw
    ):
        return (type(raw), tuple((type(x), x) for x in raw))
    return None  # objects (nested shapes) are checked by their own memoized validator


class _FieldMemo:
    __slots__ = ("answers", "hits", "lookups", "on")

    def __init__(self) -> None:
        self.answers: dict[object, list[FieldIssue]] = {}
        self.hits = 0
        self.lookups = 0
        self.on = True


class MemoValidator(RecordValidator):
    """A `RecordValidator` that remembers each field's verdict per value."""

    @classmethod
    def wrap(
        cls, v: RecordValidator, done: dict[int, MemoValidator] | None = None
    ) -> MemoValidator:
        """`v` and its nested validators (shapes may share or nest each other) memoized."""
        if isinstance(v, MemoValidator):
            return v
        done = {} if done is None else done
        if id(v) in done:
            return done[id(v)]
        values: dict[str, Any] = {f.name: getattr(v, f.name) for f in fields(v)}
        nested: dict[str, RecordValidator] = {}
        values["nested"] = nested
        memo = done[id(v)] = cls(**values)
        # Not dataclass fields: the validator stays equal to (and hashable as) its shape.
        object.__setattr__(memo, "_memo", {r.field: _FieldMemo() for r in v.rules})
        object.__setattr__(memo, "_whole", _FieldMemo())
        for k, n in v.nested.items():
            nested[k] = cls.wrap(n, done)
        return memo

    def validate(self, record: Mapping[str, object]) -> list[FieldIssue]:
        """Small objects inside a record (a team's `{capability, level}`) repeat as a whole:
        their verdict is remembered per content; whole records (unique ids) are not."""
        whole: _FieldMemo = self._whole  # type: ignore[attr-defined]
        key = _object_key(record) if whole.on else None
        if key is None:
            return super().validate(record)
        return _remember(whole, key, lambda: super(MemoValidator, self).validate(record))

    def _check(self, rule: FieldRule, raw: object) -> list[FieldIssue]:
        memo: _FieldMemo = self._memo[rule.field]  # type: ignore[attr-defined]
        key = _key(raw) if memo.on else None
        if key is None:
            return super()._check(rule, raw)
        return _remember(memo, key, lambda: super(MemoValidator, self)._check(rule, raw))


def _remember(
    memo: _FieldMemo, key: object, compute: Callable[[], list[FieldIssue]]
) -> list[FieldIssue]:
    memo.lookups += 1
    found = memo.answers.get(key)
    if found is not None:
        memo.hits += 1
        return list(found)
    answer = compute()
    if len(memo.answers) < MAX_ENTRIES:
        memo.answers[key] = answer
    if memo.lookups >= SAMPLE and memo.hits < MIN_HIT_RATE * memo.lookups:
        memo.on = False  # values that rarely repeat: stop remembering them
        memo.answers.clear()
    return list(answer)


def _object_key(record: Mapping[str, object]) -> object | None:
    items = []
    for k, v in record.items():
        vk = _key(v)
        if vk is None:
            return None
        items.append((k, vk))
    return tuple(items)


def memoize_checker(checker: RecordChecker) -> RecordChecker:
    """Give `checker` a remembering validator (in place); returns it."""
    if checker.validator is not None:
        checker.validator = MemoValidator.wrap(checker.validator)
    return checker
