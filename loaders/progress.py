"""A one-line progress display on stderr (rows, rows/s), only on a terminal.

Example::

    with Progress("teams.csv nodes", enabled=True) as p:
        for batch in batches:
            p.advance(len(batch))
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO


class Progress:
    def __init__(
        self, what: str, *, enabled: bool, stream: TextIO | None = None, every_s: float = 0.5
    ) -> None:
        self.what = what
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.every_s = every_s
        self.rows = 0
        self._t0 = time.monotonic()
        self._shown = 0.0

    def __enter__(self) -> Progress:
        return self

    def advance(self, n: int) -> None:
        self.rows += n
        now = time.monotonic()
        if self.enabled and now - self._shown >= self.every_s:
            self._shown = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        rate = self.rows / max(now - self._t0, 1e-6)
        self.stream.write(f"\r{self.what}: {self.rows:,} rows ({rate:,.0f} rows/s)   ")
        self.stream.flush()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.enabled:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()
