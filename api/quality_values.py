"""The values of an HTTP header that weighs them with q-values (Accept, Accept-Language).

One reading for both: a value's weight is its ``q=`` parameter, 1.0 when it has none and
0.0 when that cannot be read (RFC 9110 section 12.4.2); the values stay in the header's
order, so a caller can break ties by position.

Example::

    weighted_values("en-US,en;q=0.9,zh;q=x")   # [('en-US', 1.0), ('en', 0.9), ('zh', 0.0)]
"""

from __future__ import annotations


def weighted_values(header: str | None) -> list[tuple[str, float]]:
    """Each comma-separated value of `header` (without its parameters) and its weight."""
    out: list[tuple[str, float]] = []
    for part in (header or "").split(","):
        value, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        out.append((value, q))
    return out
