"""A dataset's load mark on a real Neo4j: it holds while the graph keeps what the load left
and nobody changed it through the API; a removed node, an audited change or another content
hash make it stale, and clearing it removes it."""

from __future__ import annotations

from neo4j import Driver

from kg.dataset_marks import clear_mark, current_mark, write_mark
from kg.settings import Settings

SOURCES = [("Team", "t/teams.yaml"), ("Expert", "t/experts.yaml")]
MAKE = """
UNWIND range(1, 3) AS i CREATE (:Team {id: 'T-' + i, source: 't/teams.yaml'})
WITH 1 AS one LIMIT 1
CREATE (:Expert {id: 'E-1', source: 't/experts.yaml'}),
       (:Team {id: 'T-old', source: 't/teams.yaml', retired: true}),
       (:Team {id: 'T-other', source: 'elsewhere'})
"""


def test_a_mark_holds_until_the_graph_or_the_content_changes(
    clean_graph: Driver, neo4j_settings: Settings
) -> None:
    db = neo4j_settings.neo4j_database
    clean_graph.execute_query(MAKE, database_=db)
    assert current_mark(clean_graph, db, "t", content_hash="h", sources=SOURCES) is None

    write_mark(clean_graph, db, "t", content_hash="h", sources=SOURCES, run_id="run-1")
    mark = current_mark(clean_graph, db, "t", content_hash="h", sources=SOURCES)
    assert mark is not None
    assert mark.counts == {"t/teams.yaml": 3, "t/experts.yaml": 1}  # live, own source only
    assert mark.nodes == 4 and mark.run_id == "run-1" and mark.audit_head is None
    assert mark.loaded_when.endswith(" UTC")
    assert current_mark(clean_graph, db, "t", content_hash="other", sources=SOURCES) is None

    clean_graph.execute_query(
        "CREATE (:AuditEntry {id: '2026-12-02T00:00:00Z-a', action: 'setTeamStatus'})",
        database_=db,
    )
    assert current_mark(clean_graph, db, "t", content_hash="h", sources=SOURCES) is None
    write_mark(clean_graph, db, "t", content_hash="h", sources=SOURCES, run_id="run-2")
    again = current_mark(clean_graph, db, "t", content_hash="h", sources=SOURCES)
    assert again is not None and again.audit_head == "2026-12-02T00:00:00Z-a"

    clean_graph.execute_query("MATCH (t:Team {id: 'T-2'}) SET t.retired = true", database_=db)
    assert current_mark(clean_graph, db, "t", content_hash="h", sources=SOURCES) is None

    write_mark(clean_graph, db, "t", content_hash="h", sources=SOURCES, run_id="run-3")
    clear_mark(clean_graph, db, "t")
    assert current_mark(clean_graph, db, "t", content_hash="h", sources=SOURCES) is None
