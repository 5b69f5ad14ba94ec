"""ReadinessAlert is a node kind of the ontology: `emkg ontology apply` gives it a uniqueness
constraint on `id`, so two alerts with one id (one plan x level x region x prescription)
cannot exist, however many API processes run the readiness watch at once."""

from __future__ import annotations

import pytest
from neo4j import Driver
from neo4j.exceptions import ConstraintError

from kg.schema import schema_applied
from kg.settings import Settings
from ontology.vocabulary import NODE_LABELS, node_label
from tests.integration.emkg_cli import run_cli

CONSTRAINT = "readinessalert_id"
SHOW = (
    "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
    "WHERE name = $name RETURN type, labelsOrTypes, properties"
)
DROP = "DROP CONSTRAINT readinessalert_id IF EXISTS"
ALERT = "CREATE (:ReadinessAlert {id: $id, open: true})"
REMOVE = "MATCH (a:ReadinessAlert {id: $id}) DELETE a"
ALERT_ID = "P-SC-QUAKE|I|510000|team:T-SC-001"


def _constraint(driver: Driver, db: str) -> list[dict[str, object]]:
    records, _, _ = driver.execute_query(SHOW, name=CONSTRAINT, database_=db)
    return [r.data() for r in records]


def test_readiness_alert_is_a_declared_node_kind() -> None:
    assert "ReadinessAlert" in NODE_LABELS
    assert node_label("ReadinessAlert") == "ReadinessAlert"


def test_ontology_apply_creates_the_alert_id_constraint(
    ontology_graph: Driver, neo4j_settings: Settings
) -> None:
    db = neo4j_settings.neo4j_database
    ontology_graph.execute_query(DROP, database_=db)
    assert _constraint(ontology_graph, db) == []
    assert not schema_applied(ontology_graph, db)  # the missing constraint is noticed

    done = run_cli(neo4j_settings, ["ontology", "apply"])

    assert done.returncode == 0, done.stderr
    assert _constraint(ontology_graph, db) == [
        {"type": "UNIQUENESS", "labelsOrTypes": ["ReadinessAlert"], "properties": ["id"]}
    ]
    assert schema_applied(ontology_graph, db)
    ontology_graph.execute_query(ALERT, id=ALERT_ID, database_=db)
    try:
        with pytest.raises(ConstraintError, match="ReadinessAlert"):
            ontology_graph.execute_query(ALERT, id=ALERT_ID, database_=db)
    finally:  # a bare alert would be read by a later test's server
        ontology_graph.execute_query(REMOVE, id=ALERT_ID, database_=db)
