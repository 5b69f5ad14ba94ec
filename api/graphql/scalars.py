"""Stored date and time values (ISO 8601 text from ``queries``) as Python dates for the
built-in ``Date`` and ``DateTime`` scalars (ISO 8601 on the wire).

Example::

    to_date("2024-01-01")                          # datetime.date(2024, 1, 1)
    to_datetime("2026-12-01T06:48:46.123456789Z")  # aware datetime, microseconds
"""

from __future__ import annotations

import datetime


def to_date(value: object) -> datetime.date | None:
    """A date from ISO text (a datetime's date part); None when absent or unreadable."""
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def to_datetime(value: object) -> datetime.datetime | None:
    """An aware datetime from ISO text (UTC when the text has no offset); None if unreadable."""
    if value is None:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)
