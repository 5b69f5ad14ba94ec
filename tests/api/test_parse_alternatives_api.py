"""`parseScenario.alternatives` over GraphQL on the demo data: when hazards are read, the next
likeliest types are offered beside them (never among them, never negated or possible ones);
when nothing is read, none are (the choices are `suggestions`)."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.api.conftest import post_graphql
from tests.api.test_recommend_api import client  # noqa: F401  (the fixture)

PARSE = """
query($text: String!, $locale: Locale) {
  parseScenario(text: $text, locale: $locale) {
    recognized hazards { hazard { id } }
    alternatives { id name nameZh nameEn }
    suggestions { id }
    negatedHazards { hazard { id } } possibleHazards { hazard { id } }
  }
}
"""


def parse(c: TestClient, text: str, locale: str | None = None) -> dict[str, Any]:
    body = post_graphql(c, PARSE, {"text": text, "locale": locale})
    assert not body.get("errors"), body["errors"]
    draft: dict[str, Any] = body["data"]["parseScenario"]
    return draft


def test_beside_the_read_hazards_the_next_likeliest_are_offered(
    client: TestClient,  # noqa: F811
) -> None:
    d = parse(client, "镇区河水暴涨漫过堤岸，未发生火灾，注意防范山洪，3人被困")
    read = {h["hazard"]["id"] for h in d["hazards"]}
    apart = {n["hazard"]["id"] for n in d["negatedHazards"] + d["possibleHazards"]}
    offered = [c["id"] for c in d["alternatives"]]
    assert d["recognized"] and read and apart
    assert 1 <= len(offered) <= 3 and len(set(offered)) == len(offered)
    assert not set(offered) & (read | apart), (read, apart, offered)
    assert d["suggestions"] == []
    for c in d["alternatives"]:  # Chinese first, English complete, whatever the locale
        assert c["name"] == c["nameZh"] and c["nameZh"] and c["nameEn"]


def test_the_same_alternatives_in_either_locale(client: TestClient) -> None:  # noqa: F811
    text = "A magnitude 6.2 earthquake struck Wenchuan County at night; 12 people are trapped."
    zh, en = parse(client, text, "ZH"), parse(client, text, "EN")
    assert zh["alternatives"] == en["alternatives"] and zh["alternatives"]


def test_nothing_read_offers_no_alternatives_only_choices(client: TestClient) -> None:  # noqa: F811
    for text in ("asdf qwer zxcv", "今天中午食堂的红烧肉很好吃"):
        d = parse(client, text)
        assert not d["recognized"] and not d["hazards"] and d["alternatives"] == [], text
