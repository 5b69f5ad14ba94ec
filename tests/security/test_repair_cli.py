"""`emkg repair` (issue 14, item 9): doubled relationships left by loads from before every
link was MERGEd are found in the whole graph and, with --apply, removed and audited; links
of one type between the same nodes with different properties are not doubles and stay;
a second run finds nothing. Runs the command line as a user would; needs Neo4j."""

from __future__ import annotations

import json

from neo4j import Driver

from kg.settings import Settings
from tests.integration.emkg_cli import run_cli

# Two teams, one capability: T-R-1 holds it three times with the same level (two doubles)
# and T-R-2 twice with different levels (two real statements, not doubles).
DOUBLED = """
MATCH (c:Capability) WITH c ORDER BY c.id LIMIT 1
CREATE (a:Team {id: 'T-R-1', nameZh: '甲队', nameEn: 'Team A', source: 'test'})
CREATE (b:Team {id: 'T-R-2', nameZh: '乙队', nameEn: 'Team B', source: 'test'})
CREATE (a)-[:HAS_CAPABILITY {level: 2}]->(c), (a)-[:HAS_CAPABILITY {level: 2}]->(c),
       (a)-[:HAS_CAPABILITY {level: 2}]->(c)
CREATE (b)-[:HAS_CAPABILITY {level: 1}]->(c), (b)-[:HAS_CAPABILITY {level: 3}]->(c)
"""
LINKS = "MATCH (t:Team)-[r:HAS_CAPABILITY]->() RETURN t.id AS team, count(r) AS n ORDER BY team"


def test_repair_reports_then_removes_only_true_doubles_and_is_audited(
    ontology_graph: Driver, neo4j_settings: Settings
) -> None:
    db = neo4j_settings.neo4j_database
    ontology_graph.execute_query(DOUBLED, database_=db)

    dry = run_cli(neo4j_settings, ["repair"])
    assert dry.returncode == 1, dry.stdout + dry.stderr
    assert "HAS_CAPABILITY: 2 doubled relationships" in dry.stdout
    assert "dry run: nothing removed" in dry.stdout
    assert "emkg repair --apply" in dry.stderr
    links, _, _ = ontology_graph.execute_query(LINKS, database_=db)
    assert [(r["team"], r["n"]) for r in links] == [("T-R-1", 3), ("T-R-2", 2)]

    done = run_cli(neo4j_settings, ["repair", "--apply"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 doubled relationships removed" in done.stdout
    links, _, _ = ontology_graph.execute_query(LINKS, database_=db)
    assert [(r["team"], r["n"]) for r in links] == [("T-R-1", 1), ("T-R-2", 2)]

    again = run_cli(neo4j_settings, ["repair", "--apply"])
    assert again.returncode == 0
    assert "nothing to repair" in again.stdout

    audit, _, _ = ontology_graph.execute_query(
        "MATCH (e:AuditEntry {action: 'repair'}) RETURN e.after AS after, e.actor AS actor",
        database_=db,
    )
    assert len(audit) == 1  # the run that removed something; the empty one writes nothing
    assert json.loads(audit[0]["after"]) == {"HAS_CAPABILITY": 2}
    assert audit[0]["actor"].startswith("cli")
