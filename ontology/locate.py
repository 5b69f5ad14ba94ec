"""Find where a term is written in the Turtle sources, so messages can say file:line.

rdflib forgets source positions once a file is parsed, so this scans the text:
a term is found in its full ``<iri>`` form or as a prefixed name under any
``@prefix`` of that file. A *block* is a statement that starts in column 0 with
the subject and runs until the next statement; the ontology files are written
that way (see core.ttl).

Example::

    loc = Locator([Path("ontology/requirements.ttl")])
    loc.in_blocks(ID + "11A01", ID + "cap.water-rescue")   # (Path(...), 27)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
_NAME_CHAR = r"[\w\-:%]"

Where = tuple[Path | None, int | None]


class Locator:
    """Text positions of terms in a set of Turtle files."""

    def __init__(self, files: Sequence[Path]) -> None:
        self._lines: dict[Path, list[str]] = {}
        self._prefixes: dict[Path, dict[str, str]] = {}
        for f in files:
            try:
                lines = f.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                lines = []
            self._lines[f] = lines
            self._prefixes[f] = {
                m.group(1) or "": m.group(2) for line in lines if (m := _PREFIX.match(line))
            }

    def _pattern(self, f: Path, iri: str) -> re.Pattern[str]:
        forms = [re.escape(f"<{iri}>")]
        for prefix, ns in self._prefixes[f].items():
            if iri.startswith(ns):
                forms.append(re.escape(f"{prefix}:{iri[len(ns) :]}"))
        return _compile("|".join(forms))

    def find(self, f: Path, iri: str, start: int = 0, stop: int | None = None) -> int | None:
        """1-based line of the first use of `iri` in lines [start, stop) of `f` (0-based)."""
        pat = self._pattern(f, iri)
        lines = self._lines.get(f, [])
        for i in range(start, len(lines) if stop is None else min(stop, len(lines))):
            if pat.search(_strip_comment(lines[i])):
                return i + 1
        return None

    def blocks(self, iri: str, file: Path | None = None) -> list[tuple[Path, int, int]]:
        """(file, first, end) 0-based line ranges of statements whose subject is `iri`."""
        out: list[tuple[Path, int, int]] = []
        for f, lines in self._lines.items():
            if file is not None and f != file:
                continue
            pat = self._pattern(f, iri)
            for i, line in enumerate(lines):
                m = pat.match(line)
                if m and m.start() == 0:
                    out.append((f, i, _block_end(lines, i)))
        return out

    def subject(self, iri: str, file: Path | None = None) -> Where:
        """Where the statement about `iri` starts (in `file` if given, else the first file)."""
        found = self.blocks(iri, file) or self.blocks(iri)
        return (found[0][0], found[0][1] + 1) if found else self.anywhere(iri)

    def in_blocks(self, subject: str, term: str, file: Path | None = None) -> Where:
        """Where `term` is used inside a statement about `subject` (falls back to the subject)."""
        for f, first, end in self.blocks(subject, file) or self.blocks(subject):
            line = self.find(f, term, first, end)
            if line is not None:
                return f, line
        return self.subject(subject, file)

    def anywhere(self, iri: str) -> Where:
        """The first line in any file that uses `iri`."""
        for f in self._lines:
            line = self.find(f, iri)
            if line is not None:
                return f, line
        return None, None


@cache
def _compile(alternatives: str) -> re.Pattern[str]:
    # Not inside a longer name: `id:cap.water` must not match `id:cap.water-rescue`;
    # a trailing '.' ends a name.
    return re.compile(rf"(?<![\w\-:.])(?:{alternatives})(?!{_NAME_CHAR}|\.{_NAME_CHAR})")


def _strip_comment(line: str) -> str:
    # Good enough for our files: a '#' outside quotes and <...> starts a comment.
    quote, angle = False, False
    for i, ch in enumerate(line):
        if ch == '"':
            quote = not quote
        elif ch == "<" and not quote:
            angle = True
        elif ch == ">" and not quote:
            angle = False
        elif ch == "#" and not quote and not angle:
            return line[:i]
    return line


def _block_end(lines: list[str], first: int) -> int:
    for j in range(first + 1, len(lines)):
        text = lines[j]
        if text and not text[0].isspace() and not text.startswith("#"):
            return j
    return len(lines)
