"""`search(text, kinds, limit)` through GraphQL: the app's lifespan loads the real model."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from neo4j import Driver
from starlette.testclient import TestClient

from api.app import create_app
from kg.embeddings import load_embedder, refresh_embeddings
from kg.search_schema import apply_fulltext_schema
from kg.settings import Settings

SEED: Any = """
CREATE (:HazardType {id: '11A01', nameZh: '洪水', nameEn: 'Flood', altZh: ['洪涝'],
                     altEn: ['inundation'], definitionEn: 'Rivers overflowing their banks'}),
       (:HazardType {id: '21B01', nameZh: '危险化学品泄漏', nameEn: 'Hazardous chemical leak',
                     altZh: ['毒气泄漏'], altEn: ['chemical spill']}),
       (:Plan {id: 'plan.flood', nameZh: '四川省防汛应急预案', nameEn: 'Sichuan flood plan',
               summaryEn: 'Response to floods and dam failures'})
"""
QUERY = """
query($text: String!, $kinds: [String!], $limit: Int!) {
  search(text: $text, kinds: $kinds, limit: $limit) { kind id name nameZh nameEn score via }
}
"""


@pytest.fixture
def client(
    clean_graph: Driver, keyed_settings: tuple[Settings, dict[str, str]]
) -> Iterator[TestClient]:
    settings, headers = keyed_settings
    db = settings.neo4j_database
    clean_graph.execute_query(SEED, database_=db)
    apply_fulltext_schema(clean_graph, db)
    refresh_embeddings(clean_graph, db, load_embedder(settings.model_name))
    with TestClient(create_app(settings), headers=headers) as c:
        yield c


def ask(client: TestClient, text: str, kinds: list[str] | None = None, limit: int = 5) -> Any:
    r = client.post(
        "/graphql",
        json={"query": QUERY, "variables": {"text": text, "kinds": kinds, "limit": limit}},
    )
    assert r.status_code == 200
    return r.json()


def test_chinese_report_finds_the_hazard(client: TestClient) -> None:
    hits = ask(client, "化工厂储罐泄漏起火", ["HazardType"])["data"]["search"]
    assert hits[0]["id"] == "21B01" and hits[0]["kind"] == "HazardType"
    assert hits[0]["name"] == "危险化学品泄漏" and 0 < hits[0]["score"] <= 1


def test_english_report_finds_hazard_and_plan(client: TestClient) -> None:
    hits = ask(client, "river burst its banks, people trapped on roofs")["data"]["search"]
    found = {(h["kind"], h["id"]) for h in hits}
    assert ("HazardType", "11A01") in found and ("Plan", "plan.flood") in found


@pytest.mark.parametrize(
    ("text", "kinds", "message"),
    [
        ("   ", None, "search text is empty"),
        ("x" * 501, None, "the limit is 500"),
        ("flood", ["Hazard"], "unknown search kind 'Hazard'; did you mean 'HazardType'"),
    ],
)
def test_bad_input_is_a_clear_user_error(
    client: TestClient, text: str, kinds: list[str] | None, message: str
) -> None:
    body = ask(client, text, kinds)
    assert body["data"] is None
    error = body["errors"][0]
    assert message in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
