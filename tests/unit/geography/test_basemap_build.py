"""The offline basemap's build (pure parts): TopoJSON decoding, labels, rounding."""

from __future__ import annotations

from api.basemap.build import _round_shape, label_en, label_zh, province_of, world_layer
from api.basemap.topojson import decode_arcs, features, ring

# Two squares sharing the edge x = 1 (arc 1), quantized with scale 1 and translate 100, 20.
TOPO = {
    "type": "Topology",
    "transform": {"scale": [1, 1], "translate": [100, 20]},
    "arcs": [
        [[1, 0], [-1, 0], [0, 1], [1, 0]],  # (1,0) (0,0) (0,1) (1,1)
        [[1, 1], [0, -1]],  # (1,1) -> (1,0): the shared edge
        [[1, 1], [1, 0], [0, -1], [-1, 0]],  # (1,1) (2,1) (2,0) (1,0)
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "West"}},
                {"type": "Polygon", "arcs": [[2, -2]], "properties": {"name": "China"}},
            ],
        },
        "land": {
            "type": "GeometryCollection",
            "geometries": [{"type": "MultiPolygon", "arcs": [[[0, 1]], [[2, -2]]]}],
        },
    },
}


def test_arcs_are_delta_decoded_and_transformed() -> None:
    arcs = decode_arcs(TOPO)
    assert arcs[0] == [[101, 20], [100, 20], [100, 21], [101, 21]]
    assert arcs[1] == [[101, 21], [101, 20]]


def test_a_negative_index_walks_the_shared_arc_backwards_and_rings_close() -> None:
    arcs = decode_arcs(TOPO)
    west = ring(arcs, [0, 1])
    assert west == [[101, 20], [100, 20], [100, 21], [101, 21], [101, 20]]
    east = ring(arcs, [2, ~1])
    assert east == [[101, 21], [102, 21], [102, 20], [101, 20], [101, 21]]


def test_features_and_the_world_layer_leave_china_to_the_provinces() -> None:
    assert [name for name, _ in features(TOPO, "countries")] == ["West", "China"]
    layer = world_layer(TOPO)
    kinds = [(f["properties"]["kind"], f["properties"]["name"]) for f in layer["features"]]
    assert kinds == [("land", ""), ("country", "West")]
    assert len(layer["features"][0]["geometry"]["coordinates"]) == 2  # both land polygons


def test_rounding_drops_repeated_positions_and_collapsed_rings() -> None:
    shape = [
        [
            [(1.00001, 2.0), (1.00002, 2.0), (1.5, 2.0), (1.5, 2.5), (1.00001, 2.0)],
            [(1.1, 2.1), (1.10001, 2.1), (1.1, 2.1)],
        ]
    ]
    assert _round_shape(shape, 3) == [[[[1.0, 2.0], [1.5, 2.0], [1.5, 2.5], [1.0, 2.0]]]]


def test_labels_are_short_where_the_full_name_is_long() -> None:
    aba = {
        "nameZh": "阿坝藏族羌族自治州",
        "aliasesZh": ["阿坝州", "阿坝"],
        "nameEn": "Aba Tibetan and Qiang Autonomous Prefecture",
    }
    assert (label_zh(aba), label_en(aba)) == ("阿坝州", "Aba")
    county = {"nameZh": "汶川县", "aliasesZh": ["汶川"], "nameEn": "Wenchuan County"}
    assert (label_zh(county), label_en(county)) == ("汶川县", "Wenchuan")
    assert label_en({"nameEn": "Ya'an"}) == "Ya'an"
    assert province_of("513221") == "510000"


def test_an_autonomous_prefecture_is_labelled_at_its_own_point_not_a_namesake_town() -> None:
    from api.basemap.build import seat_of
    from kg.cities import City

    aba_town = City(1, "Aba", "阿坝", 32.90, 101.70, 20000, ("阿坝",))
    chengdu = City(2, "Chengdu", "成都", 30.66, 104.06, 7_000_000, ("成都",))
    square = [[[(100.0, 29.0), (106.0, 29.0), (106.0, 34.0), (100.0, 34.0), (100.0, 29.0)]]]
    by_name = {"阿坝": [aba_town], "成都": [chengdu]}
    assert seat_of({"nameZh": "阿坝藏族羌族自治州"}, square, by_name) is None
    assert seat_of({"nameZh": "成都市"}, square, by_name) == chengdu
    assert seat_of({"nameZh": "成都市"}, [[[(0, 0), (1, 0), (1, 1), (0, 0)]]], by_name) is None
