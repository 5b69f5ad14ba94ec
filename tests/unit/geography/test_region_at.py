"""regionAt's pure parts: the chain split by rank, coordinates checked with a clear error."""

from __future__ import annotations

import pytest

from api.graphql.geography import by_rank, checked_point
from api.graphql.recommend import GeoPointInput
from kg.errors import UserInputError
from queries.geography import RegionRef


def test_the_chain_is_split_by_rank() -> None:
    chain = [
        RegionRef("513221", "汶川县", "Wenchuan County", "county"),
        RegionRef("513200", "阿坝藏族羌族自治州", "Aba", "city"),
        RegionRef("510000", "四川省", "Sichuan", "province"),
    ]
    assert by_rank(chain) == {"county": "513221", "prefecture": "513200", "province": "510000"}
    # 东莞市: a prefecture-level city without counties.
    assert by_rank([RegionRef("441900", "东莞市", "", "city"), chain[2]]) == {
        "prefecture": "441900",
        "province": "510000",
    }
    assert by_rank([]) == {}


@pytest.mark.parametrize(
    ("lat", "lon", "words"),
    [(91.0, 103.0, "latitude 91.0"), (30.0, 181.5, "longitude 181.5")],
)
def test_coordinates_out_of_range_say_which_and_the_range(
    lat: float, lon: float, words: str
) -> None:
    with pytest.raises(UserInputError, match=words):
        checked_point(GeoPointInput(latitude=lat, longitude=lon))
    assert checked_point(GeoPointInput(latitude=31.48, longitude=103.59)).latitude == 31.48
