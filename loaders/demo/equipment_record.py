"""One demo equipment record: an item type held by a team or a depot, where it is.

The older hand-placed demo and the dense province (dense_equipment.py) number and size
their stocks differently, but an item is the same record either way: it stands at its
holder's location and is deployed with a deployed holder, else ready (92 in 100) or in
maintenance. The status draw comes after the caller's quantity draw, so each stream's
sequence of draws is what it always was.

Example::

    rng = random.Random(1)
    item = equipment_record(rng, "E-SC-00001", team, "eq.fire-engine",
                            ("消防车", "Fire engine"), quantity=3, deployed=False)
    item["status"], item["holder"]   # ('ready', 'T-SC-0001')
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

STATUS_WEIGHTS = {"ready": 92, "maintenance": 8}  # an item not deployed with its holder


def equipment_record(
    rng: random.Random,
    item_id: str,
    holder: Mapping[str, Any],
    equipment_type: str,
    name: tuple[str, str],
    *,
    quantity: int,
    deployed: bool,
) -> dict[str, Any]:
    """The record of `quantity` items of `equipment_type` held by `holder` (a team or
    depot record); `name` is the type's (zh, en) name."""
    status = (
        "deployed"
        if deployed
        else rng.choices(tuple(STATUS_WEIGHTS), tuple(STATUS_WEIGHTS.values()))[0]
    )
    return {
        "id": item_id,
        "nameZh": name[0],
        "nameEn": name[1],
        "quantity": quantity,
        "status": status,
        "latitude": holder["latitude"],
        "longitude": holder["longitude"],
        "equipmentType": equipment_type,
        "holder": holder["id"],
    }
