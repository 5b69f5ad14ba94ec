"""Find every known term where it occurs in a text (Aho-Corasick; pure).

A `Gazetteer` holds terms (hazard labels and synonyms, region names, fact words)
each with a payload. `find` returns the matches that a reader would take: the
longest term wins where matches overlap ("山体滑坡" over "滑坡", "汶川县" over
"汶川"), Latin terms only match whole words ("fire" never in "firefighter";
English plurals and -ing/-ed forms of a term match too), and case and width are
ignored (full-width letters and digits read as half-width). Spans are offsets
into the text as given.

Example::

    g = Gazetteer([("山体滑坡", "11D01"), ("滑坡", "11D01"), ("flood", "11A01")])
    [(m.payload, m.span.text) for m in g.find("昨夜山体滑坡, floods downstream")]
    # [('11D01', '山体滑坡'), ('11A01', 'floods')]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick

from queries.models import TextSpan

P = TypeVar("P")
_LATIN = re.compile(r"[a-z0-9]")
# English inflections accepted after a Latin term: floods, fires, flooding, collapsed.
_SUFFIXES = ("s", "es", "ing", "ed", "d")


def normalize(text: str) -> str:
    """Lower case, full-width forms as half-width; the same length as `text`.

    >>> normalize("ＡＢＣ１２ Flood")
    'abc12 flood'
    """
    out = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch).lower()
        out.append(n if len(n) == 1 else ch.lower() if len(ch.lower()) == 1 else ch)
    return "".join(out)


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass(frozen=True)
class Match(Generic[P]):
    payload: P
    term: str  # the term as it was added
    span: TextSpan


class Gazetteer(Generic[P]):
    """Terms with payloads, matched at once over a whole text."""

    def __init__(self, terms: Iterable[tuple[str, P]]) -> None:
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[str, P]]] = {}
        for term, payload in terms:
            key = normalize(term.strip())
            if not key:
                continue
            variants = [key]
            if _LATIN.search(key[-1]):
                variants += [key + s for s in _SUFFIXES]
            if key.endswith("ation"):  # inundation: inundating, inundated
                variants += [key[:-3] + s for s in ("e", "es", "ed", "ing")]
            for v in variants:
                entries.setdefault(v, []).append((term, payload))
        for key, payloads in entries.items():
            self._automaton.add_word(key, (key, payloads))
        self.size = len(entries)
        if entries:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Match[P]]:
        """Matches in `text`, longest first where they overlap, in text order."""
        if not self.size:
            return []
        norm = normalize(text)
        raw: list[tuple[int, int, str, list[tuple[str, P]]]] = []
        for end, (key, payloads) in self._automaton.iter(norm):
            start = end - len(key) + 1
            # A Latin word's neighbours are Latin letters and digits only: "KTV" in 某KTV起火,
            # "SARS" in SARS疫情 are words (Chinese characters are alphanumeric to str).
            if _LATIN.match(key[0]) and start > 0 and _ascii_alnum(norm[start - 1]):
                continue
            if _LATIN.match(key[-1]) and end + 1 < len(norm) and _ascii_alnum(norm[end + 1]):
                continue
            raw.append((start, end + 1, key, payloads))
        raw.sort(key=lambda r: (-(r[1] - r[0]), r[0]))
        taken: list[tuple[int, int]] = []
        out: list[Match[P]] = []
        for start, end, _key, payloads in raw:
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            span = TextSpan(start, end, text[start:end])
            out.extend(Match(payload, term, span) for term, payload in payloads)
        return sorted(out, key=lambda m: (m.span.start, m.span.end))
