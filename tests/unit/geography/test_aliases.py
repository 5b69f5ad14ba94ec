"""Short forms of administrative names, and the rule that keeps them unambiguous."""

from __future__ import annotations

import pytest

from loaders.geography.aliases import ambiguity_free, short_forms


@pytest.mark.parametrize(
    ("name", "rank", "forms"),
    [
        ("汶川县", "county", ("汶川",)),
        ("阿坝藏族羌族自治州", "city", ("阿坝州", "阿坝")),
        ("成都市", "city", ("成都",)),
        ("四川省", "province", ("四川",)),
        ("广西壮族自治区", "province", ("广西",)),
        ("内蒙古自治区", "province", ("内蒙古",)),
        ("香港特别行政区", "province", ("香港",)),
        ("北川羌族自治县", "county", ("北川县", "北川")),
        ("博尔塔拉蒙古自治州", "city", ("博尔塔拉州", "博尔塔拉")),
        ("锡林郭勒盟", "city", ("锡林郭勒",)),
        ("神农架林区", "city", ("神农架",)),
        ("武侯区", "county", ("武侯",)),
        ("理县", "county", ()),  # one character left
        ("东区", "county", ()),
        ("鄂伦春自治旗", "county", ()),  # nothing before the people's name
    ],
)
def test_short_forms(name: str, rank: str, forms: tuple[str, ...]) -> None:
    assert short_forms(name, rank) == forms


def test_a_shared_short_form_goes_to_the_region_containing_the_others() -> None:
    regions = [
        ("510000", "四川省", "province"),
        ("513200", "阿坝藏族羌族自治州", "city"),
        ("513231", "阿坝县", "county"),
        ("220000", "吉林省", "province"),
        ("220200", "吉林市", "city"),
    ]
    parents = {"513200": "510000", "513231": "513200", "220200": "220000"}

    def ancestors(rid: str) -> list[str]:
        out = []
        while rid in parents:
            rid = parents[rid]
            out.append(rid)
        return out

    forms = ambiguity_free(regions, ancestors)
    assert forms["513200"] == ("阿坝州", "阿坝")
    assert forms["513231"] == ()  # 阿坝县 is still found by its full name
    assert forms["220000"] == ("吉林",) and forms["220200"] == ()


def test_a_short_form_shared_by_unrelated_regions_or_equal_to_a_full_name_is_dropped() -> None:
    regions = [
        ("110105", "朝阳区", "county"),
        ("220104", "朝阳区", "county"),
        ("211300", "朝阳市", "city"),
        ("510104", "锦江区", "county"),
        ("999999", "锦江", "county"),  # a region called exactly like a short form
    ]
    forms = ambiguity_free(regions, lambda rid: [])
    assert forms["110105"] == forms["220104"] == forms["211300"] == ()
    assert forms["510104"] == ()
