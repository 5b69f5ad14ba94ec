"""Equipment of the dense province's units: what the rule says they always hold, plus a
few items their capabilities need (``EquipmentType PROVIDES Capability``).

Each team draws from its own seeded stream and its items are numbered under its id
(``E-SC-510104-FIRE-01``), so a change to one unit moves no other unit's stock. A
deployed team's items are deployed with it.

Example::

    items = unit_equipment(20261201, rule, team, provides=by_cap, names=names)
    items[0]["id"], items[0]["equipmentType"]   # ('E-SC-510104-FIRE-01', 'eq.fire-engine')
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any

from loaders.demo.equipment_record import equipment_record
from loaders.demo.force_rules import UnitRule

# Items counted in ones and twos (vehicles, aircraft, boats, machines); the rest in dozens.
BULKY = (
    "truck", "vehicle", "helicopter", "aircraft", "vessel", "boat", "crane", "ladder",
    "platform", "excavator", "loader", "jet", "tender", "tanker", "rig", "hospital",
    "fireboat", "plow", "kitchen", "engine", "ambulance", "robot", "laboratory",
)  # fmt: skip
EXTRA_PICKS = (2, 5)  # how many capability-derived item types besides the rule's own


def unit_equipment(
    seed: int,
    rule: UnitRule,
    team: Mapping[str, Any],
    *,
    provides: Mapping[str, Sequence[str]],
    names: Mapping[str, tuple[str, str]],
) -> list[dict[str, Any]]:
    """The team's stock: the rule's items in its ranges, then capability-derived extras."""
    rng = random.Random(f"{seed}:equipment:{team['id']}")
    own = {eq: (lo, hi) for eq, lo, hi in rule.equipment}
    wanted = sorted(
        {e for c in team["capabilities"] for e in provides.get(c["capability"], ())} - set(own)
    )
    if team["mobility"] == "air" and "eq.rescue-helicopter" not in own:
        own["eq.rescue-helicopter"] = (1, 2)
    extras = rng.sample(wanted, min(len(wanted), rng.randint(*EXTRA_PICKS)))
    for eq in sorted(extras):
        own[eq] = (1, 3) if any(w in eq for w in BULKY) else (4, 30)
    deployed = team["status"] == "deployed"
    return [
        equipment_record(
            rng,
            f"E-{team['id'][2:]}-{i:02d}",
            team,
            eq,
            names[eq],
            quantity=rng.randint(lo, hi),
            deployed=deployed,
        )
        for i, (eq, (lo, hi)) in enumerate(sorted(own.items()), start=1)
    ]
