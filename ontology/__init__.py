"""EMKG's conceptual model: Turtle files (OWL, SKOS, SHACL) and the Python that uses them.

The files in this package are the source of truth for node labels, relationship
types, the hazard taxonomy (GB/T 35561-2017), capabilities, team and equipment
types, hazard needs and cascades. See core.ttl for the conventions.

Example::

    from ontology import load_ontology
    onto = load_ontology()
    onto.concepts["11A01"].name_zh          # '洪水'
    onto.needs("11C02", "I")["cap.collapsed-structure-sar"]   # 1.0
"""

from ontology.load import load_ontology
from ontology.model import (
    Cascade,
    Concept,
    Mapping,
    Ontology,
    OntologyError,
    Provision,
    Requirement,
    TypicalCapability,
    ValidationIssue,
)

__all__ = [
    "Cascade",
    "Concept",
    "Mapping",
    "Ontology",
    "OntologyError",
    "Provision",
    "Requirement",
    "TypicalCapability",
    "ValidationIssue",
    "load_ontology",
]
