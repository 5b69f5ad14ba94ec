"""What the dense demo province reads from the ontology, as lookup tables.

The rules (force_structure.yaml) name team and equipment types; a generated team takes
its type's typical capabilities (``TypicalCapability``), and its stock adds items that
provide those capabilities (``EquipmentType PROVIDES Capability``), named as the
ontology names them. build_demo and the dense demo's tests read the same tables.

Example::

    tables = ontology_tables(load_ontology())
    tables.typical["tt.fire-rescue"][0]   # ('cap.collapsed-structure-sar', 3)
    units = dense_teams(load_rules(), regions, old_teams=[], typical=tables.typical)
"""

from __future__ import annotations

from dataclasses import dataclass

from ontology.model import Ontology


@dataclass(frozen=True)
class OntologyTables:
    typical: dict[str, list[tuple[str, int]]]  # team type -> its (capability, level) pairs
    provides: dict[str, list[str]]  # capability -> the equipment types that provide it
    names: dict[str, tuple[str, str]]  # equipment type -> (zh, en) name


def ontology_tables(onto: Ontology) -> OntologyTables:
    """The dense demo's lookup tables from `onto` (see the module docstring)."""
    typical: dict[str, list[tuple[str, int]]] = {}
    for t in onto.typical_capabilities:
        typical.setdefault(t.team_type, []).append((t.capability, t.level))
    provides: dict[str, list[str]] = {}
    for p in onto.provisions:
        provides.setdefault(p.capability, []).append(p.equipment_type)
    names = {c.id: (c.name_zh, c.name_en) for c in onto.of_kind("EquipmentType")}
    return OntologyTables(typical, provides, names)
