"""Fictional duty contacts for the demo teams and experts (issue 15 item 4).

Numbers follow the Chengdu landline pattern 028-8xxx-xxxx but are made up from a hash
of the record id (no random state, so the rest of the demo data does not move); leaders
carry the (虚构) mark every demo person has. They are demo data: like every demo node
they carry the demo file as `source`.

Example::

    contact("T-SC-0001")   # {'dutyPhone': '028-8...', 'radioChannel': 'CH-..', 'leader': ..}
"""

from __future__ import annotations

import hashlib
from typing import Any

from loaders.demo.people import GIVEN, SURNAMES

RADIO_CHANNELS = 32


def _digits(record_id: str) -> int:
    return int(hashlib.sha256(record_id.encode()).hexdigest()[:12], 16)


def contact(record_id: str, *, leader: bool = True) -> dict[str, str]:
    n = _digits(record_id)
    out = {
        "dutyPhone": f"028-8{n % 1000:03d}-{(n // 1000) % 10000:04d}",
        "radioChannel": f"CH-{1 + (n // 10**7) % RADIO_CHANNELS:02d}",
    }
    if leader:
        s = SURNAMES[(n // 10**9) % len(SURNAMES)]
        g = GIVEN[(n // 10**11) % len(GIVEN)]
        out["leader"] = f"{s[0]}{g[0]}(虚构)"
    return out


def add_contacts(records: list[dict[str, Any]], *, leader: bool) -> None:
    """Set each record's contact fields in place."""
    for r in records:
        r.update(contact(str(r["id"]), leader=leader))
