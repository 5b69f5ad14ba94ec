"""`POST /loads` (the planner's upload): the same checks as `emkg load`, the app's driver, and
API keys handled as `/graphql` handles them (same headers, same 401, counted in /metrics)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver, GraphDatabase
from starlette.testclient import TestClient

from api.app import create_app
from api.auth import KeyAdmin
from api.auth.roles import Role
from kg.driver import open_driver
from kg.schema import apply_schema
from kg.settings import Settings
from tests.api.conftest import mark_graph_dirty
from tests.unit.loaders.samples import fictional_water_team

TEAM = fictional_water_team("T-UP-0001", "上传测试", "Upload test")
UNAUTHENTICATED = "emkg_http_unauthenticated_total"


def _upload(client: TestClient, *, commit: bool, headers: dict[str, str] | None = None) -> Any:
    body = json.dumps(TEAM, ensure_ascii=False) + "\n"
    return client.post(
        "/loads",
        files={"file": ("teams.jsonl", body.encode(), "application/x-ndjson")},
        data={"kind": "teams", "commit": "true" if commit else "false"},
        headers=headers,
    )


def _team_exists(driver: Driver, db: str) -> bool:
    records, _, _ = driver.execute_query(
        "MATCH (t:Team {id: $id}) RETURN t.id", id=TEAM["id"], database_=db
    )
    return bool(records)


def _metric(client: TestClient, name: str) -> float:
    for line in client.get("/metrics").text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return 0.0


@pytest.fixture
def client(
    ontology_graph: Driver, keyed_settings: tuple[Settings, dict[str, str]]
) -> Iterator[TestClient]:
    """The app (lifespan run) on a graph with the ontology; requests carry an admin key."""
    mark_graph_dirty()
    settings, headers = keyed_settings
    with TestClient(create_app(settings), headers=headers) as c:
        yield c


@pytest.fixture
def no_schema(ontology_graph: Driver, neo4j_settings: Settings) -> Iterator[Driver]:
    """A graph without the Team id constraint (as before `emkg ontology apply`); restored after."""
    db = neo4j_settings.neo4j_database
    ontology_graph.execute_query("DROP CONSTRAINT team_id IF EXISTS", database_=db)
    try:
        yield ontology_graph
    finally:
        apply_schema(ontology_graph, db)


def test_upload_to_a_graph_without_schema_says_to_apply_the_ontology(
    client: TestClient, no_schema: Driver, neo4j_settings: Settings
) -> None:
    for commit in (False, True):
        r = _upload(client, commit=commit)
        assert r.status_code == 400, r.text
        assert r.json()["code"] == "BAD_USER_INPUT"
        assert "run `emkg ontology apply` first" in r.json()["error"]
    assert not _team_exists(no_schema, neo4j_settings.neo4j_database)


def test_upload_without_a_valid_key_is_401_and_counted_like_graphql(client: TestClient) -> None:
    before = _metric(client, UNAUTHENTICATED)
    no_key = _upload(client, commit=True, headers={"Authorization": ""})
    wrong_key = _upload(client, commit=True, headers={"Authorization": "Bearer emkg_admin_nope"})
    graphql = client.post(
        "/graphql",
        json={"query": "{ me { role } }"},
        headers={"Authorization": "", "X-API-Key": "x"},
    )

    assert [r.status_code for r in (no_key, wrong_key, graphql)] == [401, 401, 401]
    assert no_key.headers["www-authenticate"].startswith("Bearer")
    assert no_key.json()["code"] == "UNAUTHENTICATED"
    assert "no API key was sent" in no_key.json()["error"]
    assert "the API key is unknown or revoked" in wrong_key.json()["error"]
    assert "emkg keys create" in wrong_key.json()["error"]
    assert _metric(client, UNAUTHENTICATED) == before + 3


def test_upload_commits_through_the_apps_driver(
    client: TestClient,
    ontology_graph: Driver,
    neo4j_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert client.app_state["emkg"].loader_driver is not None  # made by the lifespan
    opened: list[object] = []
    original = GraphDatabase.driver

    def counting(*args: Any, **kwargs: Any) -> Any:
        opened.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(GraphDatabase, "driver", counting)
    dry = _upload(client, commit=False)
    done = _upload(client, commit=True)

    assert dry.status_code == 200 and dry.json()["dryRun"], dry.text
    assert done.status_code == 200 and done.json()["committed"], done.text
    assert _team_exists(ontology_graph, neo4j_settings.neo4j_database)
    assert opened == [], "an upload opened a Neo4j driver of its own"


def _key(settings: Settings, role: Role) -> dict[str, str]:
    with open_driver(settings) as driver:
        key, _ = KeyAdmin(driver, settings.neo4j_database).create(role, name=f"upload-{role.value}")
    return {"Authorization": f"Bearer {key}"}


def _status(driver: Driver, db: str) -> str:
    records, _, _ = driver.execute_query(
        "MATCH (t:Team {id: $id}) RETURN t.status", id=TEAM["id"], database_=db
    )
    return str(records[0][0])


def _load_entries(driver: Driver, db: str) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(
        "MATCH (e:AuditEntry {action: 'load', target: 'teams.jsonl'}) RETURN e {.*} AS e "
        "ORDER BY e.id",
        database_=db,
    )
    return [r["e"] for r in records]


def test_a_planner_upload_may_not_change_a_team_status_and_every_load_is_audited(
    client: TestClient,
    ontology_graph: Driver,
    neo4j_settings: Settings,
    keyed_settings: tuple[Settings, dict[str, str]],
) -> None:
    """Issue 14 item 4: status is a commander's right, through uploads too; loads are audited."""
    db = neo4j_settings.neo4j_database
    ontology_graph.execute_query(
        "MATCH (e:AuditEntry {action: 'load'}) DETACH DELETE e", database_=db
    )
    settings, _ = keyed_settings
    planner, commander = _key(settings, Role.PLANNER), _key(settings, Role.ADMIN)
    assert _upload(client, commit=True, headers=planner).json()["created"] == 1  # a new team
    TEAM["status"] = "unavailable"
    try:
        for on_error in ("abort", "skip"):
            body = json.dumps(TEAM, ensure_ascii=False) + "\n"
            r = client.post(
                "/loads",
                files={"file": ("teams.jsonl", body.encode(), "application/x-ndjson")},
                data={"kind": "teams", "commit": "true", "onError": on_error},
                headers=planner,
            )
            assert r.status_code == 200, r.text
            assert r.json()["errorRows"] == 1, r.text
            assert r.json()["aborted"] == (on_error == "abort")
            assert "无权设置队伍状态" in r.json()["report"]  # in the UI's language (zh default)
            assert [e["code"] for e in r.json()["errors"]] == ["LOAD_STATUS_RIGHT"]
            assert _status(ontology_graph, db) == "available"
        done = _upload(client, commit=True, headers=commander)
        assert done.json()["committed"] and done.json()["errorRows"] == 0, done.text
        assert _status(ontology_graph, db) == "unavailable"
    finally:
        TEAM["status"] = "available"
    entries = _load_entries(ontology_graph, db)
    assert len(entries) == 4  # the three planner loads and the commander's; no dry runs
    assert [e["actor"].split(" ")[0] for e in entries] == ["upload-planner"] * 3 + ["upload-admin"]
    last = json.loads(entries[-1]["after"])
    assert (last["kind"], last["updated"], last["errorRows"]) == ("teams", 1, 0)
    assert last["runId"].startswith("load-")


def test_upload_file_names_are_base_names_and_error_rows_come_back_to_the_caller(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14 item 6: '..' names are no 500; error rows are in the answer, not a shared file."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)  # where the skip-mode errors file used to land
    bad = dict(TEAM, id="T-UP-BAD", headcount="many")
    body = "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in (TEAM, bad)).encode()
    for name in ("..", "a/..", "../teams.jsonl"):
        r = client.post(
            "/loads",
            files={"file": (name, body, "application/x-ndjson")},
            data={"kind": "teams", "commit": "false", "onError": "skip"},
        )
        assert r.status_code == 200, r.text  # was a 500 for '..' and 'a/..'
        assert r.json()["dryRun"]
    r = client.post(
        "/loads",
        files={"file": ("teams.jsonl", body, "application/x-ndjson")},
        data={"kind": "teams", "commit": "true", "onError": "skip"},
    )
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["errorRows"] == 1
    assert [(e["row"], e["id"], e["field"]) for e in answer["errors"]] == [
        (2, "T-UP-BAD", "headcount")
    ]
    assert list(cwd.iterdir()) == [], "an errors file was left in the working directory"
    assert "errors.jsonl" not in answer["report"]


def test_row_problems_come_back_in_the_callers_language_with_their_code(
    client: TestClient,
) -> None:
    """Issue 12: the planner's load table reads in the UI's language (Accept-Language)."""
    bad = dict(TEAM, id="T-UP-LANG", headcount="many", status="availabel", region="999999")
    body = (json.dumps(bad, ensure_ascii=False) + "\n").encode()
    answers = {}
    for lang, header in (("zh", "zh-CN,zh;q=0.9"), ("en", "en-GB,en;q=0.8"), ("default", None)):
        r = client.post(
            "/loads",
            files={"file": ("teams.jsonl", body, "application/x-ndjson")},
            data={"kind": "teams", "commit": "false"},
            headers={"Accept-Language": header} if header else {},
        )
        assert r.status_code == 200, r.text
        answers[lang] = {e["field"]: (e["code"], e["reason"]) for e in r.json()["errors"]}
    zh, en = answers["zh"], answers["en"]
    assert zh["headcount"] == ("LOAD_DATATYPE", "应为整数，实际为 'many'")
    assert en["headcount"] == ("LOAD_DATATYPE", "expected an integer, got 'many'")
    assert zh["status"][1].endswith("是否应为 'available'？")
    assert en["status"][1].endswith("did you mean 'available'?")
    assert answers["default"] == zh  # Chinese when the caller names no language
