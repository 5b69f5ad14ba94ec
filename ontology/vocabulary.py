"""The closed vocabulary of node labels and relationship types, derived from core.ttl.

`kg/` splices labels and relationship types into Cypher only through
`node_label` / `rel_type`, so a misspelt term fails loudly instead of silently
matching nothing. `EMKG` is the same closed vocabulary as an rdflib
`DefinedNamespace` (``_fail = True``) for code that builds RDF.

Example::

    node_label("Team")        # 'Team'
    node_label("Teem")        # OntologyError: unknown node label 'Teem'; did you mean 'Team'?
    rel_type("HAS_CAPABILITY")
    EMKG.Team                 # URIRef('https://w3id.org/emkg/ontology#Team')
    EMKG.Teem                 # AttributeError (term not in the closed vocabulary)
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

from ontology.errors import OntologyError, did_you_mean
from ontology.namespaces import EMKG_NS

# Re-exported: the registry reads core.ttl once for every derived table.
from ontology.registry import CORE_TTL as CORE_TTL
from ontology.registry import NODE_LABELS as NODE_LABELS
from ontology.registry import REL_TYPES as REL_TYPES
from ontology.registry import core_graph as core_graph


class EMKG(DefinedNamespace):
    """Every term declared in core.ttl (a unit test keeps this list and the file equal)."""

    _NS = Namespace(EMKG_NS)
    _fail = True

    # Node labels (emkg:NodeType)
    AuditEntry: URIRef
    Capability: URIRef
    Depot: URIRef
    Equipment: URIRef
    EquipmentType: URIRef
    Expert: URIRef
    HazardType: URIRef
    Incident: URIRef
    Plan: URIRef
    ReadinessAlert: URIRef
    Recommendation: URIRef
    Region: URIRef
    Team: URIRef
    TeamType: URIRef
    # Relationship types (emkg:RelationshipType)
    APPLIES_TO: URIRef
    ASSIGNED_TO: URIRef
    BASED_IN: URIRef
    BROADER: URIRef
    COVERS: URIRef
    DEPLOYED_TO: URIRef
    EXPERT_IN: URIRef
    HAS_CAPABILITY: URIRef
    HAS_EQUIPMENT: URIRef
    IN_REGION: URIRef
    MAY_TRIGGER: URIRef
    OF_HAZARD: URIRef
    OF_TYPE: URIRef
    PART_OF: URIRef
    PRESCRIBES: URIRef
    PROVIDES: URIRef
    RECOMMENDED_FOR: URIRef
    REQUIRES: URIRef
    SERVES: URIRef
    SUPERSEDES: URIRef
    TYPICALLY_HAS: URIRef
    # Other classes
    Assignment: URIRef
    CapabilityLevel: URIRef
    Cascade: URIRef
    LegacyHazardCode: URIRef
    NodeType: URIRef
    Prescription: URIRef
    RelationshipType: URIRef
    Requirement: URIRef
    ResponseLevel: URIRef
    TaxonomyConcept: URIRef
    TypicalCapability: URIRef
    # Properties, schemes, record fields
    adminLevel: URIRef
    affiliation: URIRef
    aliasesZh: URIRef
    altEn: URIRef
    altZh: URIRef
    arrivedAt: URIRef
    assignments: URIRef
    available: URIRef
    boundary: URIRef
    capabilities: URIRef
    capability: URIRef
    capabilityLevel: URIRef
    capabilityScheme: URIRef
    cascade: URIRef
    covers: URIRef
    definitionEn: URIRef
    definitionZh: URIRef
    deployedTeams: URIRef
    deprecated: URIRef
    description: URIRef
    dispatchedAt: URIRef
    dutyPhone: URIRef
    effectiveDate: URIRef
    equipmentType: URIRef
    equipmentTypeScheme: URIRef
    expertise: URIRef
    hazardType: URIRef
    hazardTypeScheme: URIRef
    headcount: URIRef
    holder: URIRef
    id: URIRef
    issuer: URIRef
    kind: URIRef
    latitude: URIRef
    leader: URIRef
    level: URIRef
    likelihood: URIRef
    loadRunId: URIRef
    loadedAt: URIRef
    location: URIRef
    longitude: URIRef
    maxLatitude: URIRef
    maxLongitude: URIRef
    minLatitude: URIRef
    minLevel: URIRef
    minLongitude: URIRef
    mobility: URIRef
    nameEn: URIRef
    nameZh: URIRef
    occurredAt: URIRef
    openedAt: URIRef
    parent: URIRef
    prescribes: URIRef
    profileEn: URIRef
    profileZh: URIRef
    qualifies: URIRef
    quantity: URIRef
    radioChannel: URIRef
    rank: URIRef
    readinessMinutes: URIRef
    region: URIRef
    regions: URIRef
    releasedAt: URIRef
    requirement: URIRef
    responseLevel: URIRef
    responseLevelI: URIRef
    responseLevelII: URIRef
    responseLevelIII: URIRef
    responseLevelIV: URIRef
    responseLevelScheme: URIRef
    retired: URIRef
    retiredAt: URIRef
    rtlt: URIRef
    scheme: URIRef
    source: URIRef
    status: URIRef
    summaryEn: URIRef
    summaryZh: URIRef
    target: URIRef
    team: URIRef
    teamType: URIRef
    teamTypeScheme: URIRef
    timeStandardMinutes: URIRef
    typicalCapability: URIRef
    version: URIRef
    weight: URIRef


def node_label(name: str) -> str:
    """`name` if it is a node label of the ontology; otherwise OntologyError with a suggestion."""
    if name in NODE_LABELS:
        return name
    raise OntologyError(f"unknown node label '{name}'{did_you_mean(name, NODE_LABELS)}")


def rel_type(name: str) -> str:
    """`name` if it is a relationship type of the ontology; otherwise OntologyError."""
    if name in REL_TYPES:
        return name
    raise OntologyError(f"unknown relationship type '{name}'{did_you_mean(name, REL_TYPES)}")
