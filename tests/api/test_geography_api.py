"""`regionAt(location)` over GraphQL on the demo's real boundaries: the county,
prefecture and province of a point with zh/en names, the neighbour across a border,
nothing at sea, and a clear error for a coordinate out of range."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.api.conftest import post_graphql
from tests.api.test_recommend_api import client  # noqa: F401  (the fixture)

REGION_AT = """
query($lat: Float!, $lon: Float!) {
  regionAt(location: {latitude: $lat, longitude: $lon}) {
    location { latitude longitude }
    county { id nameZh nameEn tier }
    prefecture { id nameZh nameEn tier }
    province { id nameZh nameEn tier }
    regions { id }
  }
}
"""


def region_at(c: TestClient, lat: float, lon: float) -> dict[str, Any]:
    return post_graphql(c, REGION_AT, {"lat": lat, "lon": lon})


def test_a_point_in_wenchuan_is_in_its_county_prefecture_and_province(
    client: TestClient,  # noqa: F811
) -> None:
    d = region_at(client, 31.48, 103.59)["data"]["regionAt"]
    assert d["county"] == {
        "id": "513221",
        "nameZh": "汶川县",
        "nameEn": "Wenchuan County",
        "tier": "COUNTY",
    }
    assert d["prefecture"]["id"] == "513200" and d["prefecture"]["tier"] == "MUNICIPAL"
    assert d["province"]["nameZh"] == "四川省" and d["province"]["nameEn"]
    assert [r["id"] for r in d["regions"]] == ["513221", "513200", "510000"]
    assert d["location"] == {"latitude": 31.48, "longitude": 103.59}


def test_english_names_exist_beyond_the_demo_province(client: TestClient) -> None:  # noqa: F811
    # Yuzhong District of Chongqing, east of the Sichuan border: the neighbour's regions.
    d = region_at(client, 29.556, 106.57)["data"]["regionAt"]
    assert d["province"]["id"] == "500000"
    assert d["county"]["nameZh"] == "渝中区" and d["county"]["nameEn"] == "Yuzhong District"


def test_at_sea_nothing_is_guessed(client: TestClient) -> None:  # noqa: F811
    d = region_at(client, 30.0, 125.0)["data"]["regionAt"]  # the East China Sea
    assert d["county"] is d["prefecture"] is d["province"] is None and d["regions"] == []


def test_a_latitude_out_of_range_is_refused_with_the_range(client: TestClient) -> None:  # noqa: F811
    body = region_at(client, 131.0, 103.0)
    assert body["data"] is None
    message = body["errors"][0]["message"]
    assert "latitude 131.0" in message and "-90..90" in message


PARSE_PLACE = """
query($text: String!) {
  parseScenario(text: $text) { place { region { id nameZh } rank location { latitude longitude } } }
}
"""


def test_a_report_naming_a_town_is_placed_in_its_county_at_the_town(
    client: TestClient,  # noqa: F811
) -> None:
    # 章凤 is a GeoNames town (Zhangfeng) of 陇川县, Yunnan: no region has its name.
    r = client.post(
        "/graphql", json={"query": PARSE_PLACE, "variables": {"text": "章凤镇发生地震，3人被困"}}
    )
    place = r.json()["data"]["parseScenario"]["place"]
    assert place["region"] == {"id": "533124", "nameZh": "陇川县"} and place["rank"] == "county"
    assert abs(place["location"]["latitude"] - 24.19) < 0.01
    assert abs(place["location"]["longitude"] - 97.80) < 0.01
