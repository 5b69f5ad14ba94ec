"""Sichuan facts the demo builder uses: real GB/T 2260 codes, approximate city coordinates.

Coordinates are city (seat) centres rounded to 0.01 degree. Counties are a
selection whose codes are well known. Everything about teams, experts, stocks
and incidents built on top of this is fictional.
"""

from __future__ import annotations

PROVINCE = ("510000", "四川省", "Sichuan Province", 30.65, 104.07)

# code, nameZh, nameEn, lat, lon
CITIES: tuple[tuple[str, str, str, float, float], ...] = (
    ("510100", "成都市", "Chengdu", 30.66, 104.06),
    ("510300", "自贡市", "Zigong", 29.34, 104.78),
    ("510400", "攀枝花市", "Panzhihua", 26.58, 101.72),
    ("510500", "泸州市", "Luzhou", 28.87, 105.44),
    ("510600", "德阳市", "Deyang", 31.13, 104.40),
    ("510700", "绵阳市", "Mianyang", 31.47, 104.68),
    ("510800", "广元市", "Guangyuan", 32.44, 105.84),
    ("510900", "遂宁市", "Suining", 30.53, 105.59),
    ("511000", "内江市", "Neijiang", 29.58, 105.06),
    ("511100", "乐山市", "Leshan", 29.55, 103.77),
    ("511300", "南充市", "Nanchong", 30.84, 106.11),
    ("511400", "眉山市", "Meishan", 30.08, 103.85),
    ("511500", "宜宾市", "Yibin", 28.77, 104.63),
    ("511600", "广安市", "Guang'an", 30.46, 106.63),
    ("511700", "达州市", "Dazhou", 31.21, 107.47),
    ("511800", "雅安市", "Ya'an", 29.98, 103.01),
    ("511900", "巴中市", "Bazhong", 31.87, 106.75),
    ("512000", "资阳市", "Ziyang", 30.13, 104.63),
    ("513200", "阿坝藏族羌族自治州", "Aba Tibetan and Qiang Autonomous Prefecture", 31.90, 102.22),
    ("513300", "甘孜藏族自治州", "Garze Tibetan Autonomous Prefecture", 30.05, 101.96),
    ("513400", "凉山彝族自治州", "Liangshan Yi Autonomous Prefecture", 27.89, 102.26),
)

COUNTIES: tuple[tuple[str, str, str, float, float], ...] = (
    ("510104", "锦江区", "Jinjiang District", 30.66, 104.08),
    ("510107", "武侯区", "Wuhou District", 30.64, 104.04),
    ("510181", "都江堰市", "Dujiangyan", 31.00, 103.62),
    ("510182", "彭州市", "Pengzhou", 30.99, 103.96),
    ("510402", "东区", "Dong District", 26.55, 101.70),
    ("510411", "仁和区", "Renhe District", 26.50, 101.74),
    ("510682", "什邡市", "Shifang", 31.13, 104.17),
    ("510683", "绵竹市", "Mianzhu", 31.34, 104.22),
    ("510722", "三台县", "Santai County", 31.10, 105.09),
    ("510726", "北川羌族自治县", "Beichuan Qiang Autonomous County", 31.82, 104.46),
    ("510727", "平武县", "Pingwu County", 32.41, 104.53),
    ("510781", "江油市", "Jiangyou", 31.78, 104.75),
    ("511181", "峨眉山市", "Emeishan", 29.60, 103.48),
    ("511502", "翠屏区", "Cuiping District", 28.77, 104.62),
    ("511523", "江安县", "Jiang'an County", 28.73, 105.07),
    ("511524", "长宁县", "Changning County", 28.58, 104.92),
    ("511823", "汉源县", "Hanyuan County", 29.35, 102.65),
    ("511825", "天全县", "Tianquan County", 30.07, 102.76),
    ("511826", "芦山县", "Lushan County", 30.14, 102.93),
    ("513221", "汶川县", "Wenchuan County", 31.48, 103.59),
    ("513222", "理县", "Li County", 31.44, 103.17),
    ("513223", "茂县", "Mao County", 31.68, 103.85),
    ("513224", "松潘县", "Songpan County", 32.64, 103.60),
    ("513225", "九寨沟县", "Jiuzhaigou County", 33.25, 104.24),
    ("513301", "康定市", "Kangding", 30.05, 101.96),
    ("513322", "泸定县", "Luding County", 29.91, 102.23),
    ("513401", "西昌市", "Xichang", 27.89, 102.26),
    ("513422", "木里藏族自治县", "Muli Tibetan Autonomous County", 27.93, 101.28),
    ("513423", "盐源县", "Yanyuan County", 27.42, 101.51),
    ("513431", "昭觉县", "Zhaojue County", 28.01, 102.84),
)

# Where specialised forces sit (city codes), following the province's hazard profile.
WATER_CITIES = (
    "510100",
    "510700",
    "510600",
    "511100",
    "511500",
    "510500",
    "511300",
    "511600",
    "511700",
    "510900",
    "511800",
    "511000",
)
FLOOD_CITIES = ("510100", "511100", "511500", "511300", "511600", "511700", "510500")
USAR_CITIES = ("510100", "510700", "511800", "513200", "513300", "510600")
FOREST_SITES = ("513401", "513422", "513423", "513301", "510411", "513200")
MINE_CITIES = ("510400", "511700", "510800", "511500", "510500", "511100")
HAZMAT_CITIES = ("510300", "510500", "510600", "510182", "511300", "511400", "511700")
POWER_CITIES = ("510100", "510700", "511800", "513400", "511500", "511700")
COMMS_CITIES = ("510100", "510700", "513300", "513400")
GEOHAZARD_CITIES = ("510100", "513200", "511800", "513300", "513400")
ENGINEERING_CITIES = ("510100", "510700", "511800", "513200")
EPIDEMIC_CITIES = ("510100", "511300", "511500")
ENVIRONMENT_CITIES = ("510100", "510300", "510500")
MASS_CARE_CITIES = ("510100", "510700")
SOCIAL_CITIES = (
    "510100",
    "510100",
    "510700",
    "510600",
    "511100",
    "511500",
    "510500",
    "511300",
    "511800",
    "513400",
    "513300",
    "510400",
    "511700",
    "510900",
)
