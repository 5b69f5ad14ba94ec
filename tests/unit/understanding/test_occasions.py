"""Hazards named for an occasion that is no incident (queries/understanding/occasions.py):
drill notices, anniversaries (and past events retold by their year), awareness texts and
advertisements set their hazards apart; real reports that merely hold such a word (a drilling
rig, an anniversary sale, a fall during a drill, the date of the report, a comparison with a
past year, an insurer's claims after a flood) do not."""

from __future__ import annotations

import pytest

from api.graphql.parse import ReportOccasion
from queries.understanding.lexicon import build_hazard_lexicon
from queries.understanding.mentions import hazard_mentions
from queries.understanding.occasions import (
    ADVERT,
    ANNIVERSARY,
    AWARENESS,
    DRILL,
    FALSE_ALARM,
    NOTICE,
    OCCASIONS,
    split_occasions,
)
from tests.unit.understanding.test_mentions import row

LEXICON = build_hazard_lexicon(
    [
        row("11C02", "地震", "Earthquake", ("地震",), ("earthquake",), ("11C00",)),
        row("11D01", "滑坡", "Landslide", ("山体滑坡", "滑坡"), ("landslide",), ("11D00",)),
        row("11G01", "森林火灾", "Forest fire", ("森林火灾",), ("wildfire",), ("11G00",)),
        row("12G00", "火灾", "Fire", ("火灾", "起火"), ("fire",), ("12000",)),
        row("12S00", "踩踏", "Crowd crush", ("踩踏",), ("stampede",), ("12000",)),
        row("12PX1", "燃气事故", "Gas accident", ("燃气泄漏",), ("gas leak",), ("12P00",)),
        row("11A01", "洪水", "Flood", ("洪水",), ("flood", "flooding"), ("11A00",)),
        row("11B01", "台风", "Typhoon", ("台风",), ("typhoon",), ("11B00",)),
        row("11B03", "暴雨", "Rainstorm", ("暴雨",), ("rainstorm",), ("11B00",)),
        row("11B02", "龙卷风", "Tornado", ("龙卷风",), ("tornado",), ("11B00",)),
        row("11B13", "雪崩", "Avalanche", ("雪崩",), ("avalanche",), ("11B00",)),
        row("11B04", "暴雪", "Snowstorm", ("暴雪",), ("winter storm",), ("11B00",)),
        row("11B17", "大雾", "Fog", ("团雾",), ("fog",), ("11B00",)),
        row("11A51", "山洪", "Flash flood", ("山洪",), ("flash flood",), ("11A00",)),
    ]
)


def split(text: str) -> tuple[list[str], list[str], str | None]:
    named, _ = hazard_mentions(LEXICON, text)
    real, apart, occasion = split_occasions(text, named)
    return [n.term.hazard.id for n in real], [n.term.hazard.id for n in apart], occasion


@pytest.mark.parametrize(
    ("text", "apart", "occasion"),
    [
        ("关于开展冬季森林火灾扑救应急演练的通知：定于12月8日在冕宁县开展。", ["11G01"], DRILL),
        ("县应急局明日组织疏散演练，届时模拟发生5.5级地震。", ["11C02"], DRILL),
        ("THIS IS A DRILL. A magnitude 6.8 earthquake has struck near Kangding.", ["11C02"], DRILL),
        ("Exercise exercise exercise. Wildfire reported above Xichang.", ["11G01"], DRILL),
        ("【演练】某县发生山体滑坡，请各队集结。", ["11D01"], DRILL),
        ("今天是汶川地震十八周年纪念日，全县降半旗默哀。", ["11C02"], ANNIVERSARY),
        ("Ten years since the Wenchuan earthquake, survivors gathered.", ["11C02"], ANNIVERSARY),
        ("5月12日是全国防灾减灾日，请大家学习地震、火灾逃生知识。", ["11C02", "12G00"], AWARENESS),
        ("Flood and wildfire awareness week starts Monday.", ["11A01", "11G01"], AWARENESS),
        ("回顾：1998年长江流域特大洪水，全国受灾人口达2.23亿人。", ["11A01"], ANNIVERSARY),
        ("据史料记载，1920年海原大地震造成约27万人死亡。", ["11C02"], ANNIVERSARY),
        (
            "The 1906 San Francisco earthquake and fire destroyed the city.",
            ["11C02", "12G00"],
            ANNIVERSARY,
        ),
        ("Tonight's documentary looks back at the great flood of 1927.", ["11A01"], ANNIVERSARY),
        ("关于举办森林火灾扑救培训班的通知", ["11G01"], DRILL),
        ("台风暴雨季，车辆涉水险限时8折，泡水车全额理赔", ["11B01", "11B03"], ADVERT),
        ("Avalanche transceivers on sale this weekend", ["11B13"], ADVERT),
        ("The Tornado 3000 vacuum is now 20% off", ["11B02"], ADVERT),
        ("Volunteers needed for the tornado relief fundraiser", ["11B02"], ANNIVERSARY),
        ("Winter storm preparedness: stock up on water and batteries", ["11B04"], AWARENESS),
        # Advice: a tips headline, a question about what one would do.
        ("地震了怎么办？教你几招避险知识", ["11C02"], AWARENESS),
        ("如果家里发生火灾，应该怎样逃生？", ["12G00"], AWARENESS),
        ("What should I do if an earthquake hits while I'm driving?", ["11C02"], AWARENESS),
        ("Would a big earthquake offshore cause a flood here?", ["11C02", "11A01"], AWARENESS),
        ("汶川地震过去十八年了，映秀镇的新街道很漂亮", ["11C02"], ANNIVERSARY),
        ("Tornado sirens are tested on the first Wednesday of every month", ["11B02"], DRILL),
        ("历史上的今天：1933年8月25日，叠溪发生7.5级地震。", ["11C02"], ANNIVERSARY),
        (
            "Eighteen years ago today, the earthquake changed us. We remember.",
            ["11C02"],
            ANNIVERSARY,
        ),
        ("地震了怎么办？求科普。", ["11C02"], AWARENESS),
        ("家财险限时特惠！暴雨、台风损失都能赔，扫码立即投保。", ["11B03", "11B01"], ADVERT),
        ("本周六进行消防设施年度检测，火灾报警器会鸣响，请勿惊慌。", ["12G00"], DRILL),
        # Notices of a meeting or a course: who attends, what is on the programme.
        ("关于召开全市防汛工作会议的通知：请各区分管领导参会，议题为洪水防御。", ["11A01"], NOTICE),
        ("下周举办燃气泄漏处置专题培训，请各单位报送参训名单。", ["12PX1"], NOTICE),
        (
            "Safety committee Monday 10:00. Agenda: wildfire tactics, flood plan review.",
            ["11G01", "11A01"],
            NOTICE,
        ),
        # A false alarm, a denied rumour.
        ("仓库火灾报警经现场核实系烟感误报，无火情，已销警。", ["12G00"], FALSE_ALARM),
        ("网传明天将发生8级地震系谣言，请不信谣、不传谣。", ["11C02"], FALSE_ALARM),
        ("Crews checked the warehouse: the fire alarm was a false alarm.", ["12G00"], FALSE_ALARM),
        ("Police say the tornado video circulating online is a hoax.", ["11B02"], FALSE_ALARM),
    ],
)
def test_occasions_set_their_hazards_apart(text: str, apart: list[str], occasion: str) -> None:
    assert split(text) == ([], apart, occasion)


@pytest.mark.parametrize(
    ("text", "real"),
    [
        ("某商场周年庆活动现场发生踩踏，5人受伤。", ["12S00"]),  # an anniversary sale
        ("A drilling rig caught fire off the coast; 3 workers missing.", ["12G00"]),
        ("Residents should exercise caution: a gas leak was reported on Main Street.", ["12PX1"]),
        ("演练过程中仓库突然起火，2人受伤。", ["12G00"]),  # during a drill: real
        ("A fire broke out during the exercise at the depot; two firefighters hurt.", ["12G00"]),
        ("训练场附近山林发生森林火灾。", ["11G01"]),  # 训练 is no drill marker
        ("2026年12月1日凌晨，茂县发生山体滑坡。", ["11D01"]),  # the report's date
        ("2026年第9号台风今晨登陆。", ["11B01"]),  # a typhoon's number for the year
        ("洪水为1998年以来最大。", ["11A01"]),  # a comparison
        ("Flooding is the worst since 1998.", ["11A01"]),
        ("Structure fire at 1420 Oak Avenue, heavy smoke.", ["12G00"]),  # a street number
        ("受洪水影响，保险公司已开通理赔绿色通道。", ["11A01"]),  # insurance is no advert
        ("因团雾影响，高速实行限时通行。", ["11B17"]),  # 限时 alone is no advert
        ("培训班学员在野外训练时遭遇山洪。", ["11A51"]),  # trainees caught by a real flood
        ("仓库起火了怎么办，快来人啊！", ["12G00"]),  # a caller's cry: no conditional
        ("地震已经过去三天了，仍有2人被埋。", ["11C02"]),  # days since: the response goes on
        ("市里召开专题会议。会议通报，昨晚一仓库发生火灾，2人受伤。", ["12G00"]),  # told of
        ("经核实并非误报，仓库确已起火，火势较大。", ["12G00"]),  # a false alarm denied
        ("It was not a false alarm: smoke and fire showing from the roof.", ["12G00"]),
    ],
)
def test_real_reports_that_hold_such_a_word_stay_real(text: str, real: list[str]) -> None:
    assert split(text) == (real, [], None)


def test_an_anniversary_covers_its_clause_only() -> None:
    assert split("汶川地震十周年之际，茂县发生山体滑坡，3人被埋。") == (
        ["11D01"],
        ["11C02"],
        ANNIVERSARY,
    )


def test_a_year_covers_the_mentions_shortly_after_it() -> None:
    assert split("2008年汶川地震后重建的学校今天发生火灾。") == (["12G00"], ["11C02"], ANNIVERSARY)


def test_a_drill_covers_its_sentence_only() -> None:
    assert split("上午开展了地震演练。下午2时城区一仓库起火。") == (["12G00"], ["11C02"], DRILL)


def test_the_graphql_enum_lists_every_occasion() -> None:
    assert [o.value for o in ReportOccasion] == list(OCCASIONS)


def test_a_correction_after_a_false_alarm_names_what_is_real() -> None:
    assert split("更正：前报洪水系误报，实为山洪，2人被困。") == (["11A51"], ["11A01"], FALSE_ALARM)
    assert split("The flood report was a false alarm, but a landslide hit the road.") == (
        ["11D01"],
        ["11A01"],
        FALSE_ALARM,
    )


def test_an_insurers_call_to_buy_sets_apart_every_hazard_it_lists() -> None:
    from queries.understanding.named import read_named
    from tests.unit.understanding.shipped import shipped_lexicon

    for text in (
        "Storm season is here. Cover your home for wind, hail and fire. Get a quote online.",
        "地震、洪水、火灾谁也说不准。家庭财产险每年88元，保额20万，扫码立即投保。",
    ):
        reading = read_named(shipped_lexicon(), text, True)
        assert reading.named == [] and reading.occasion == ADVERT, text
