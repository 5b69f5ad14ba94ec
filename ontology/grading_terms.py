"""The terms grading.ttl is written in: the grading namespace and the closed emkg: terms it uses.

A leaf module (imports only the namespaces) so that reading the rules
(`ontology.grading`) and validating them (`ontology.grading_checks`) share it
without importing each other.

Example::

    GradingTerms.criterionOf     # URIRef('https://w3id.org/emkg/ontology#criterionOf')
    GradingTerms.criterionof     # AttributeError (closed)
    GRADING_NS + "earthquake-2012"
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

from ontology.namespaces import EMKG_NS

# Grading plans, criteria and fact kinds live here (not in id:, which holds concepts).
GRADING_NS = "https://w3id.org/emkg/grading/"


class GradingTerms(DefinedNamespace):
    """The emkg: terms grading.ttl uses (closed: a misspelt term raises; a unit test keeps
    this list equal to what grading.ttl declares plus the core terms it reuses)."""

    _NS = Namespace(EMKG_NS)
    _fail = True

    FactKind: URIRef
    GradingCriterion: URIRef
    GradingPlan: URIRef
    ResponseLevel: URIRef  # core.ttl: the level labels
    covers: URIRef  # core.ttl: plan -> hazard type
    criterionOf: URIRef
    fact: URIRef
    includesFact: URIRef
    maxExclusive: URIRef
    minInclusive: URIRef
    responseLevel: URIRef  # core.ttl
    unit: URIRef
